async function fetchValue(n: number): Promise<number> {
  await null;
  return n * n;
}
async function run() {
  const results: number[] = [];
  for (let n = 1; n <= 3; n++) {
    const value = await fetchValue(n);
    results.push(value);
    console.log('@state ' + JSON.stringify({ n, value, results }));
  }
  let failed = 'no';
  try {
    await Promise.reject(new Error('nope'));
  } catch {
    failed = 'yes';
  }
  console.log('@state ' + JSON.stringify({ failed, results }));
}
run();
