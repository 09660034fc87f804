class AppError extends Error {
  constructor(message: string, public code: number) { super(message); this.name = 'AppError'; }
}
class NotFound extends AppError { constructor(what: string) { super(`${what} not found`, 404); } }
function find(x: string): never { throw new NotFound(x); }
try { find('user'); } catch (e) {
  const err = e as NotFound;
  console.log(err instanceof NotFound, err instanceof AppError, err instanceof Error, err.name, err.message, err.code, Object.keys(err));
  console.log(String(err), err.stack!.split('\n')[0]);
}
const withCause = new Error('outer', { cause: new Error('inner') });
console.log((withCause.cause as Error).message, Object.prototype.toString.call(withCause));
const agg = new AggregateError([new Error('a'), new Error('b')], 'many');
console.log(agg.errors.length, agg.message);
try { (undefined as any).property; } catch (e) { console.log((e as Error).constructor.name); }
