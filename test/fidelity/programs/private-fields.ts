class Counter {
  #count = 0;
  static #instances = 0;
  #secret() { return 'secret ' + this.#count; }
  static #make() { return new Counter(); }
  get #double() { return this.#count * 2; }
  constructor() { Counter.#instances++; }
  inc() { this.#count++; this.#count += 1; return this; }
  read() { return [this.#count, this.#double, this.#secret()]; }
  static create() { return Counter.#make(); }
  static has(o: object) { return #count in o; }
  static instances() { return Counter.#instances; }
}
const c = Counter.create().inc();
console.log(c.read(), Counter.has(c), Counter.has({}), Counter.instances());
try {
  (Counter.prototype.read as () => unknown).call({});
} catch (e) { console.log((e as Error).constructor.name); }
console.log(Object.keys(c), JSON.stringify(c));
