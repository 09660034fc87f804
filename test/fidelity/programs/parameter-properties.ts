class Account {
  private history: number[] = [];
  constructor(public readonly owner: string, protected balance = 0, private readonly limit?: number) {
    this.history.push(balance);
  }
  deposit(n: number) { this.balance += n; this.history.push(this.balance); return this; }
  summary() { return `${this.owner}: ${this.balance} (${this.history.join('→')}) limit=${this.limit ?? 'none'}`; }
}
class Savings extends Account {
  constructor(owner: string, public rate: number) { super(owner, 100); }
}
console.log(new Account('ann').deposit(5).deposit(7).summary(), new Savings('bo', 0.5).deposit(1).summary());
console.log(Object.keys(new Savings('cy', 1)));
