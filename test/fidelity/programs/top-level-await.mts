const wait = (ms: number) => new Promise<number>((r) => setTimeout(() => r(ms), ms));
const values: number[] = [];
values.push(await wait(3));
values.push(...(await Promise.all([wait(1), wait(2)])));
console.log(values, import.meta.url.endsWith('.mts'));
export {};
