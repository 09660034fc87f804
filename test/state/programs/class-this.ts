class Cart {
  items: { name: string; qty: number }[] = [];
  total = 0;
  add(name: string, qty: number) {
    const existing = this.items.find((it) => it.name === name);
    if (existing) {
      existing.qty += qty;
    } else {
      this.items.push({ name, qty });
    }
    this.total += qty;
    const self = this;
    console.log('@state ' + JSON.stringify({ name, qty, self }));
  }
}
const cart = new Cart();
cart.add('apple', 1);
cart.add('pear', 2);
cart.add('apple', 3);
console.log('@state ' + JSON.stringify({ cart }));
