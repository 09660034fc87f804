const wait = (ms: number) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms));
async function work(label: string) {
  let steps = 0;
  const got = await wait(5);
  steps++;
  console.log('@state ' + JSON.stringify({ label, got, steps }));
  const again = await wait(1);
  steps++;
  console.log('@state ' + JSON.stringify({ label, got, again, steps }));
  return steps;
}
async function main() {
  const results = await Promise.all([work('a'), work('b')]);
  console.log('@state ' + JSON.stringify({ results }));
}
main();
