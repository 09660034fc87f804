// An unhandled rejection ends the process with status 1 and the error on stderr.
console.log('start');
async function reject() { await null; throw new Error('nobody handles this'); }
reject();
setTimeout(() => console.log('not reached'), 100);
