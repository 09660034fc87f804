import { AsyncLocalStorage } from 'node:async_hooks';
const als = new AsyncLocalStorage<string>();
async function step(name: string) {
  await new Promise((r) => setTimeout(r, name.length));
  return `${name}:${als.getStore()}`;
}
async function main() {
  const results = await Promise.all([
    als.run('request-1', () => step('alpha')),
    als.run('request-2', () => step('be')),
    als.run('request-3', async () => { await null; return step('c'); }),
  ]);
  console.log(results.join(' '), als.getStore());
}
main();
