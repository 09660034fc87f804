// Objects changed by Object's and Reflect's own functions (csv-parse builds its records with
// Object.defineProperty): the recorded objects must change too.
const settings: Record<string, unknown> = { theme: 'dark' };
Object.assign(settings, { size: 12 }, { theme: 'light' });
console.log('@state ' + JSON.stringify({ settings }));

const record: Record<string, unknown> = {};
Object.defineProperty(record, 'id', { value: 7, enumerable: true, writable: true, configurable: true });
Object.defineProperties(record, { name: { value: 'ada', enumerable: true }, role: { value: 'admin', enumerable: true } });
console.log('@state ' + JSON.stringify({ record }));

Reflect.set(settings, 'size', 14);
Reflect.deleteProperty(settings, 'theme');
Reflect.defineProperty(settings, 'mode', { value: 'auto', enumerable: true });
console.log('@state ' + JSON.stringify({ settings }));

// A namespace of the program's own with the same names changes nothing behind Scope's back.
const store = { assign(target: { n: number }) { target.n++; return target; } };
const counter = { n: 0 };
store.assign(counter);
console.log('@state ' + JSON.stringify({ counter }));
