// Shared by the overhead workloads: size from SCOPE_BENCH_SCALE, timing of the work itself
// (module loading and instrumentation excluded), one JSON line on stdout.
const scale = Number(process.env.SCOPE_BENCH_SCALE || 1);
function report(name, work) {
  const start = performance.now();
  const checksum = work(scale);
  const finish = (value) => console.log(JSON.stringify({ name, ms: performance.now() - start, checksum: value }));
  if (checksum && typeof checksum.then === 'function') checksum.then(finish);
  else finish(checksum);
}
module.exports = { report };
