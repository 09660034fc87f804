// process.exit inside try/finally: finally blocks do not run, the status is kept.
function work() {
  try {
    console.log('working');
    process.exit(2);
  } finally {
    console.log('finally must not run');
  }
}
process.on('exit', (c) => console.log('exiting with', c));
work();
