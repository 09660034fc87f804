function f(): string {
  try { throw new Error('inner'); }
  catch (e) { return 'catch ' + (e as Error).message; }
  finally { console.log('finally runs'); }
}
function override(): string {
  try { return 'try'; } finally { return 'finally wins'; } // eslint-disable-line no-unsafe-finally
}
function swallow(): string {
  for (let i = 0; i < 3; i++) {
    try { if (i === 1) throw new Error('x'); } finally { if (i === 1) continue; } // eslint-disable-line no-unsafe-finally
  }
  return 'loop finished';
}
function nested(): string[] {
  const order: string[] = [];
  try {
    try { throw new Error('deep'); } finally { order.push('inner finally'); }
  } catch (e) { order.push('outer catch ' + (e as Error).message); } finally { order.push('outer finally'); }
  return order;
}
function rethrow() {
  try { JSON.parse('{'); } catch (e) { throw new TypeError('wrapped', { cause: e }); } finally { console.log('before rethrow'); }
}
console.log(f(), override(), swallow(), nested());
try { rethrow(); } catch (e) { console.log((e as Error).name, ((e as Error).cause as Error).name); }
