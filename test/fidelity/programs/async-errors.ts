async function failing(n: number): Promise<number> {
  await null;
  if (n > 1) throw new Error('fail ' + n);
  return n;
}
async function main() {
  try { await failing(2); } catch (e) { console.log('caught', (e as Error).message); }
  const settled = await Promise.allSettled([failing(1), failing(3)]);
  console.log(settled.map((s) => s.status));
  try { await Promise.any([failing(4), failing(5)]); } catch (e) { console.log((e as AggregateError).errors.length); }
  const raced = await Promise.race([failing(1), new Promise((r) => setTimeout(r, 50, 'slow'))]);
  console.log('race', raced);
  let attempts = 0;
  async function retry(): Promise<string> {
    try { attempts++; await failing(attempts < 3 ? 5 : 1); return 'ok after ' + attempts; } catch { return retry(); }
  }
  console.log(await retry());
  try { await (async () => { try { return await failing(9); } finally { console.log('finally in async'); } })(); } catch (e) { console.log('outer', (e as Error).message); }
}
main().then(() => console.log('done'));
