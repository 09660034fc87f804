// using and await using (TypeScript lowers them): disposal order, on throw, per loop iteration.
(Symbol as any).dispose ??= Symbol('Symbol.dispose');
(Symbol as any).asyncDispose ??= Symbol('Symbol.asyncDispose');
const log: string[] = [];
function res(name: string) { return { [Symbol.dispose]() { log.push('dispose ' + name); } }; }
function scope1() {
  using a = res('a');
  using b = res('b');
  log.push('body');
  return 'ret';
}
log.push(scope1());
function scope2() {
  try { using c = res('c'); throw new Error('boom'); } catch (e) { log.push('caught ' + (e as Error).message); }
}
scope2();
for (const i of [1, 2]) { using r = res('loop' + i); log.push('iter ' + i); }
async function scope3() {
  await using d = { async [Symbol.asyncDispose]() { await null; log.push('async dispose d'); } };
  log.push('scope3 body');
}
scope3().then(() => console.log(log.join('\n')));
