function bank() {
  let balance = 0;
  const log: string[] = [];
  return {
    deposit(amount: number) {
      balance += amount;
      log.push('+' + amount);
      console.log('@state ' + JSON.stringify({ amount, balance, log }));
    },
    withdraw(amount: number) {
      balance -= amount;
      log.push('-' + amount);
      console.log('@state ' + JSON.stringify({ amount, balance, log }));
    },
  };
}
const account = bank();
account.deposit(10);
account.withdraw(3);
account.deposit(1);
