const wait = (ms: number) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms));
async function work(label: string) {
  let steps = 0;
  const got = await wait(5);
  steps++;
  console.log('@state ' + JSON.stringify({ label, got, steps }));
  // A resolved promise, not a second timer: two timers 1 ms apart race under a loaded machine
  // (recorded or not), and the order of the printed states would vary from run to run.
  const again = await Promise.resolve(1);
  steps++;
  console.log('@state ' + JSON.stringify({ label, got, again, steps }));
  return steps;
}
async function main() {
  const results = await Promise.all([work('a'), work('b')]);
  console.log('@state ' + JSON.stringify({ results }));
}
main();
