import { basename } from 'node:path';
export const registry = {};
export function register(name, value) {
  registry[name] = value;
  const size = Object.keys(registry).length;
  console.log('@state ' + JSON.stringify({ name, value, size, registry }));
}
register('one', 1);
register(basename('/p/two'), [2]);
