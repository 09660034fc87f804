// Proxies: every trap call is counted; passing proxies around must not add trap calls.
const counts: Record<string, number> = {};
const bump = (name: string) => { counts[name] = (counts[name] ?? 0) + 1; };
const target: Record<string, unknown> = { a: 1, b: 2 };
const handler: ProxyHandler<Record<string, unknown>> = {
  get(t, k, r) { bump('get'); return Reflect.get(t, k, r); },
  set(t, k, v, r) { bump('set'); return Reflect.set(t, k, v, r); },
  has(t, k) { bump('has'); return Reflect.has(t, k); },
  ownKeys(t) { bump('ownKeys'); return Reflect.ownKeys(t); },
  getOwnPropertyDescriptor(t, k) { bump('gopd'); return Reflect.getOwnPropertyDescriptor(t, k); },
  deleteProperty(t, k) { bump('delete'); return Reflect.deleteProperty(t, k); },
  getPrototypeOf(t) { bump('getPrototypeOf'); return Reflect.getPrototypeOf(t); },
};
const p = new Proxy(target, handler);
function pass(x: unknown) { return x; }
const again = pass(p);
again.c = 3;
p.a = (p.a as number) + 1;
delete p.b;
console.log('a' in p, Object.keys(p), JSON.stringify(p));
const arr = [p, p];
let total = 0;
for (const item of arr) total += (item.a as number);
console.log(total, JSON.stringify(counts));
const fnProxy = new Proxy(function add(x: number, y: number) { return x + y; }, { apply(t, self, args) { bump('apply'); return Reflect.apply(t, self, args); } });
console.log(fnProxy(2, 3), counts.apply);
