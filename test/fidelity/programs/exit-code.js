// process.exitCode is the status when the loop empties; 'exit' listeners still run.
process.on('exit', (code) => console.log('exit listener sees', code));
process.exitCode = 3;
console.log('set exit code');
