export const where = import.meta.url.split('/').pop();
export default function hello(n) { return 'hello ' + n; }
export let counter = 0;
export function bump() { counter++; }
