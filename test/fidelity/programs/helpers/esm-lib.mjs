export let value = 1;
export default function hello() { value++; return 'hello ' + value; }
export const constant = 'c';
