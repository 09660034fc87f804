// Signal handlers as libraries write them. A handler that keeps the process running (SIGTERM
// here) must not end it; signal-exit's pattern (under execa, nyc and many CLIs) re-raises the
// signal when its own listener is the only one it sees: the process then dies of SIGINT, as it
// does plain. Scope's own listener must not be seen by the program's handlers.
let terms = 0;
function onTerm() {
  terms++;
  console.log('SIGTERM handled', terms, 'listeners seen:', process.listenerCount('SIGTERM'));
}
process.on('SIGTERM', onTerm);

function signalExitLike(signal) {
  const seen = process.listeners(signal).length;
  console.log(signal, 'listeners seen by the handler:', seen);
  if (seen === 1) {
    process.removeListener(signal, signalExitLike);
    console.log('re-raising', signal);
    process.kill(process.pid, signal);
  }
}
process.on('SIGINT', signalExitLike);

function step(n) {
  if (n === 0) process.kill(process.pid, 'SIGTERM');
  if (n === 1) process.kill(process.pid, 'SIGTERM');
  if (n === 2) process.removeListener('SIGTERM', onTerm) && console.log('SIGTERM handler removed');
  if (n === 3) process.kill(process.pid, 'SIGINT');
  if (n < 3) setTimeout(step, 20, n + 1);
}
setTimeout(step, 10, 0);
setTimeout(() => console.log('not reached: SIGINT ended the process'), 2000);
