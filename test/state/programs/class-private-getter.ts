let getterRuns = 0;
class Account {
  #secret = 42;
  owner: string;
  balance = 0;
  constructor(owner: string) {
    this.owner = owner;
  }
  get summary() {
    getterRuns++;
    return `${this.owner}: ${this.balance}`;
  }
  deposit(amount: number) {
    this.balance += amount;
    this.#secret++;
    console.log('@state ' + JSON.stringify({ amount, getterRuns }));
  }
}
const acct = new Account('ann');
acct.deposit(5);
acct.deposit(7);
console.log('@state ' + JSON.stringify({ acct, getterRuns }));
