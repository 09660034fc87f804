// Stack traces read by the program: positions must be the original ones.
function where(): string {
  const stack = new Error('here').stack!.split('\n');
  return stack.slice(1, 4).map((l) => (l.match(/stack-printed\.ts:(\d+):(\d+)/) ?? ['', 'other'])[1]).join(',');
}
class Thing { method() { return where(); } }
const arrow = () => new Thing().method();
console.log(arrow());
try { null!.toString(); } catch (e) { console.log((e as Error).stack!.split('\n')[1].match(/:(\d+):(\d+)\)?$/)?.[1]); }
Error.stackTraceLimit = 1;
console.log(new Error('short').stack!.split('\n').length);
