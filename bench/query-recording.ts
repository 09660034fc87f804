/**
 * A generated recording shaped like a real program's, for the query benchmarks: a module frame
 * looping over iterations; each iteration calls a random function that writes its locals, calls
 * deeper (recursion up to MAX_DEPTH), writes a property of a shared object and returns. About 12
 * events per call. Deterministic (seeded), ingested in batches like the recorder does.
 */
import { ObjectType } from '../src/protocol/wire';
import type { EventStore } from '../src/store/event-store';
import { RecordingBuilder, num, obj, str, undef } from '../src/query/synthetic-recording';

export const MAX_DEPTH = 8;
const FUNCTIONS = 4;

export interface GeneratedRecording {
  store: EventStore;
  /** A statement site hit once per iteration (a breakpoint on the loop body). */
  loopStatement: number;
  /** A statement site hit only in the first iteration (the worst case for a backwards search). */
  rareStatement: number;
  /** Binding names visible in function frames, for hover lookups. */
  localNames: string[];
}

export function generateRecording(events: number, seed = 7): GeneratedRecording {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const b = new RecordingBuilder('/bench/app.ts');
  const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 200, endColumn: 1 });
  const MODULE_SCOPE: [number, number, number, number] = [1, 1, 200, 1];
  const iSite = b.site({ kind: 'binding', name: 'i', decl: 'let', line: 2, column: 5, fn: mod, scope: MODULE_SCOPE });
  const totalSite = b.site({ kind: 'binding', name: 'total', decl: 'let', line: 3, column: 5, fn: mod, scope: MODULE_SCOPE });
  const stateSite = b.site({ kind: 'binding', name: 'state', decl: 'const', line: 4, column: 7, fn: mod, scope: MODULE_SCOPE });
  const firstStmt = b.site({ kind: 'statement', line: 4, column: 1, fn: mod });
  const loopStmt = b.site({ kind: 'statement', line: 6, column: 3, fn: mod });
  const totalStmt = b.site({ kind: 'statement', line: 7, column: 3, fn: mod });
  const countWrite = b.site({ kind: 'write', name: 'count', line: 30, column: 5, fn: mod });
  const functions = Array.from({ length: FUNCTIONS }, (_, k) => {
    const line = 20 + k * 20;
    const fn = b.site({ kind: 'function', name: `work${k}`, line, column: 1, endLine: line + 10, endColumn: 2, fn: mod, params: ['x', 'depth'] });
    const scope: [number, number, number, number] = [line, 1, line + 10, 2];
    b.site({ kind: 'binding', name: 'x', decl: 'param', line, column: 15, fn, scope });
    b.site({ kind: 'binding', name: 'depth', decl: 'param', line, column: 18, fn, scope });
    const a = b.site({ kind: 'binding', name: 'acc', decl: 'let', line: line + 1, column: 7, fn, scope });
    const c = b.site({ kind: 'binding', name: 'label', decl: 'const', line: line + 2, column: 9, fn, scope });
    const statements = [1, 2, 3, 4].map((d) => b.site({ kind: 'statement', line: line + d, column: 3, fn }));
    return { fn, a, c, statements };
  });

  const m = b.call(mod);
  b.stmt(firstStmt);
  b.snapshot(1, ObjectType.Object, [[str('count'), num(0)]]);
  b.write(stateSite, m, obj(1));
  let emitted = 4;
  const call = (depth: number, iteration: number): void => {
    const f = functions[Math.floor(random() * FUNCTIONS)];
    const frame = b.call(f.fn, m, undef, [num(iteration), num(depth)]);
    b.stmt(f.statements[0]);
    b.write(f.a, frame, num(iteration * depth));
    b.stmt(f.statements[1]);
    b.write(f.c, frame, str(depth % 2 ? 'odd' : 'even'));
    emitted += 5;
    if (depth < MAX_DEPTH && random() < 0.55) call(depth + 1, iteration);
    if (depth < MAX_DEPTH && random() < 0.25) call(depth + 1, iteration);
    b.stmt(f.statements[2]);
    b.propWrite(countWrite, 1, str('count'), num(iteration));
    b.stmt(f.statements[3]);
    b.write(f.a, frame, num(iteration + depth));
    b.ret(f.fn, frame, num(depth));
    emitted += 5;
  };
  for (let iteration = 0; emitted < events - 4; iteration++) {
    b.stmt(loopStmt);
    b.write(iSite, m, num(iteration));
    call(1, iteration);
    b.stmt(totalStmt);
    b.write(totalSite, m, num(iteration * 3));
    emitted += 4;
    if (b.enc.length > 1 << 20) b.flush();
  }
  b.ret(mod, m);
  return { store: b.flush(), loopStatement: loopStmt, rareStatement: firstStmt, localNames: ['acc', 'label', 'x', 'total'] };
}
