// A program formatting stacks itself (as Jest's source-map-support, `callsites` or depd do): the
// call sites its Error.prepareStackTrace gets must name the positions of the code as written, and
// the function it set must be the one it reads back.
const nodeFormat = Error.prepareStackTrace;
function callerSites() {
  const saved = Error.prepareStackTrace;
  const structured = (_error, sites) => sites;
  Error.prepareStackTrace = structured;
  const readBack = Error.prepareStackTrace === structured;
  const sites = new Error('here').stack;
  Error.prepareStackTrace = saved;
  console.log('read back:', readBack, 'restored:', Error.prepareStackTrace === saved);
  return sites.slice(0, 3);
}
class Shape { constructor(sides) { this.sides = sides; } describe() { return callerSites(); } }
const doubled = [1, 2].map((x) => x * 2); const config = {}; config.mode = 'strict'; const sites = new Shape(doubled.length).describe();
for (const site of sites) {
  console.log(site.getFunctionName(), site.getLineNumber(), site.getColumnNumber(), String(site).replace(/\(.*[\\/]/, '('));
}
// A formatter returning text, as source-map-support's does.
Error.prepareStackTrace = (error, trace) => `${error.message}\n${trace.slice(0, 2).map((site) => `  ${site.getFunctionName()}:${site.getLineNumber()}:${site.getColumnNumber()}`).join('\n')}`;
const items = [3, 4].map((n) => n + 1); function fail() { throw new Error('failed'); }
try { fail(); } catch (error) { console.log(error.stack); }
// A formatter handing the call sites on to Node's own, as error reporters do.
Error.prepareStackTrace = (error, trace) => nodeFormat(error, trace).split('\n').slice(0, 2).join(' /').replace(/\(.*[\\/]/, '(');
const lengths = ['a', 'bb'].map((word) => word.length); function failAgain() { throw new RangeError('again'); }
try { failAgain(); } catch (error) { console.log(lengths, error.stack); }
