// A worker thread's process.execArgv is its parent's (or the execArgv it was given), with nothing
// of Scope's in it; the 'worker' event is heard for the program's own worker only.
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
if (isMainThread) {
  let workerEvents = 0;
  process.on('worker', () => workerEvents++);
  console.log('main execArgv', process.execArgv);
  const inherit = new Worker(__filename);
  inherit.on('message', (m) => console.log('inheriting worker', m));
  inherit.on('exit', () => {
    const given = new Worker(__filename, { execArgv: ['--no-warnings'], env: { ...process.env, FROM_PARENT: 'yes' } });
    given.on('message', (m) => console.log('worker with execArgv and env', m));
    given.on('exit', () => console.log('worker events', workerEvents));
  });
} else {
  parentPort.postMessage({ execArgv: process.execArgv, env: process.env.FROM_PARENT ?? null });
}
