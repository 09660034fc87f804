// An ES module's call sites, as a program's own Error.prepareStackTrace gets them (file: URLs).
Error.prepareStackTrace = (_error, trace) => trace.slice(0, 2).map((site) => `${site.getFunctionName()} ${site.getLineNumber()}:${site.getColumnNumber()}`).join(' < ');
const squares = [1, 2, 3].map((n) => n * n); const where = {}; Error.captureStackTrace(where); console.log(squares.length, where.stack);
const label = async (name) => { await null; const holder = {}; holder.name = name; Error.captureStackTrace(holder); return holder.stack; };
console.log(await label('after an await'));
