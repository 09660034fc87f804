/**
 * The instrumenter's output as a whole: source maps back to the original, site table positions,
 * syntax errors, constructs left uninstrumented, module syntax, running without the runtime, cache.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { INSTRUMENTER_VERSION, InstrumentSyntaxError, instrument } from '../../src/instrument/index';
import { originalText } from '../../src/instrument/templates';
import { instrumentCached } from '../../src/instrument/cache';
import { cacheKey } from '../../src/instrument/cache-lookup';
import { RecordingRuntime, runCode, runInstrumented } from './harness';

/** Every `mark('Nx')` call in the output must map back to the line and column it had in the original. */
function assertMarksMapBack(original: string, filename: string, mode: 'calls' | 'full'): void {
  const result = instrument(original, { filename, mode });
  const map = new TraceMap(result.map as never);
  const marks = [...original.matchAll(/mark\('(\w+)'\)/g)];
  assert.ok(marks.length > 3);
  const outputLines = result.code.split('\n');
  for (const mark of marks) {
    const before = original.slice(0, mark.index);
    const expectedLine = before.split('\n').length;
    const expectedColumn = mark.index! - (before.lastIndexOf('\n') + 1);
    const generatedLine = outputLines.findIndex((l) => l.includes(mark[0]));
    assert.ok(generatedLine >= 0, `${mark[0]} is in the output`);
    const position = originalPositionFor(map, { line: generatedLine + 1, column: outputLines[generatedLine].indexOf(mark[0]) });
    assert.equal(position.source, filename);
    assert.equal(position.line, expectedLine, `${mark[0]} line (${mode})`);
    assert.equal(position.column, expectedColumn, `${mark[0]} column (${mode})`);
  }
}

const MAPPED_SOURCE = `'use strict';
function outer(a, b = 2) {
  const x = mark('A1');
  if (a) return mark('A2');
  for (const item of [1]) mark('A3');
  return async () => { await mark('A4'); throw mark('A5') };
}
const arrow = (v) => mark('A6');
class K { field = mark('A7'); method() { this.p = mark('A8') } }
`;

describe('instrument: source maps', () => {
  for (const mode of ['calls', 'full'] as const) {
    it(`JavaScript keeps every line where it was and maps columns back (${mode})`, () => {
      const result = instrument(MAPPED_SOURCE, { filename: '/src/app.js', mode });
      assert.equal(result.code.split('\n').length, MAPPED_SOURCE.split('\n').length + 1, 'one line added at the end only');
      assertMarksMapBack(MAPPED_SOURCE, '/src/app.js', mode);
    });

    it(`TypeScript maps through the transpile back to the original (${mode})`, () => {
      const ts = MAPPED_SOURCE.replace('function outer(a, b = 2)', 'function outer(a: number, b: number = 2): unknown')
        .replace('interface', 'interface') + 'interface Unused { x: number }\nenum E { A }\nconsole.log(mark(\'A9\'));\n';
      assertMarksMapBack(ts, '/src/app.ts', mode);
    });
  }

  it('the map carries the original source and its path', () => {
    const result = instrument('let a = 1;\n', { filename: '/src/x.ts', mode: 'full' });
    assert.deepEqual(result.map!.sources, ['/src/x.ts']);
    assert.deepEqual(result.map!.sourcesContent, ['let a = 1;\n']);
  });
});

describe('instrument: stack traces', () => {
  it('have the same frames and line numbers as the plain program (no frame added by probes)', async () => {
    const code = [
      'function thrower() {',
      "  throw new Error('deep');",
      '}',
      'class Holder {',
      '  value = compute();',
      '  static made = 0;',
      '}',
      'function compute() { return [1].map((x) => thrower())[0] }',
      'const make = () => new Holder();',
      'try { make() } catch (e) { console.log(e.stack.split("\\n").slice(1).filter((l) => l.includes("virtual")).map((l) => l.replace(/:\\d+\\)?$/, "").trim()).join("|")) }',
    ].join('\n');
    const filename = '/virtual/stack.js';
    const plain = await runCode(code, filename);
    const instrumented = await runCode(instrument(code, { filename, mode: 'full' }).code, filename, new RecordingRuntime());
    assert.match(plain.output[0], /^at thrower \(\/virtual\/stack\.js:2\|at \/virtual\/stack\.js:8\|at compute .*at new Holder .*at make /);
    assert.equal(instrumented.output[0], plain.output[0]);
  });
});

describe('instrument: the original text of functions', () => {
  it('is what toString() of an instrumented function gives once the marked probe text is undone', () => {
    const code = [
      'function add(a, b) {',
      '  // a comment, kept',
      '  let t = a; t += b; const o = { n: 1, list: [] }; o.n += 2; o.n++; --o.n; delete o.n; o.list.push(t);',
      '  return t;',
      '}',
      'const arrow = (x) => x * 2;',
      'class Widget { field = compute(); static s = 1; constructor(name) { this.name = name } get v() { return 1 } }',
      'function compute() { try { throw 1 } catch { return 2 } }',
      'async function* gen(...rest) { for await (const v of rest) yield v; }',
      'const sources = [add, arrow, Widget, compute, gen, Object.getOwnPropertyDescriptor(Widget.prototype, "v").get].map(String);',
    ].join('\n');
    const plain = vm.runInNewContext(`${code}\nsources`) as string[];
    for (const mode of ['calls', 'full'] as const) {
      const { code: instrumented } = instrument(code, { filename: '/src/sources.js', mode });
      const context = vm.createContext({ originalText });
      // What the runtime does: serve the original text of instrumented functions.
      vm.runInContext('const native = Function.prototype.toString; Function.prototype.toString = function () { return originalText(native.call(this)) }', context);
      const served = vm.runInContext(`${instrumented}\nsources`, context) as string[];
      assert.ok(vm.runInContext('native.call(add)', context).includes('$$s.'), 'the functions are instrumented');
      assert.deepEqual([...served], [...plain], mode);
    }
  });
});

describe('instrument: site table', () => {
  const source = [
    'import { readFileSync as rf } from "node:fs";', // 1
    'export function sum(xs: number[], [first] = [0]) {', // 2
    '  let total = 0;', // 3
    '  for (const x of xs) total += x;', // 4
    '  return total + first;', // 5
    '}', // 6
    'try { sum([]) } catch (err) { throw err }', // 7
    'const obj = { k: 1 }; obj.k = 2;', // 8
  ].join('\n');
  const { sites } = instrument(source, { filename: '/src/s.ts', mode: 'full' }).sites;
  const find = (kind: string, name?: string) => sites.filter((s) => s.kind === kind && (name === undefined || s.name === name));

  it('module first, with its name, whole-file range and exports (binding sites by name)', () => {
    const sum = sites.findIndex((s) => s.kind === 'binding' && s.name === 'sum');
    assert.deepEqual(sites[0], { kind: 'module', line: 1, column: 1, endLine: 8, endColumn: 33, fn: -1, name: 's.ts', exports: { sum: { site: sum } } });
  });

  it('functions with original positions, params ("" for destructured) and the enclosing function', () => {
    const [sum] = find('function', 'sum');
    assert.deepEqual([sum.line, sum.column, sum.endLine, sum.endColumn, sum.fn], [2, 1, 6, 2, 0]);
    assert.deepEqual(sum.params, ['xs', '']);
  });

  it('every declared name is a binding with its declaration kind and scope range', () => {
    const byName = (name: string) => find('binding', name)[0];
    assert.deepEqual(byName('rf'), {
      kind: 'binding', line: 1, column: 26, endLine: 1, endColumn: 28, fn: 0, name: 'rf', decl: 'import', scope: [1, 1, 8, 33], from: 'node:fs', imported: 'readFileSync',
    });
    assert.equal(byName('sum').decl, 'function');
    assert.deepEqual([byName('xs').decl, byName('first').decl], ['param', 'param']);
    const sumIndex = sites.indexOf(find('function', 'sum')[0]);
    assert.equal(byName('total').fn, sumIndex);
    assert.deepEqual(byName('total').scope, [2, 50, 6, 2], 'let at function level: the function body');
    assert.deepEqual(byName('xs').scope, [2, 1, 6, 2], 'a parameter: the whole function');
    assert.deepEqual(byName('x').scope, [4, 3, 4, 34], 'a for-of const: the loop');
    assert.deepEqual([byName('err').decl, byName('err').scope], ['catch', [7, 17, 7, 42]]);
  });

  it('statements, writes, throw and catch sites point at their original text', () => {
    const statementLines = find('statement').map((s) => `${s.line}:${s.column}`);
    assert.ok(['3:3', '4:3', '4:23', '5:3', '7:1', '7:7', '7:31', '8:1', '8:23'].every((p) => statementLines.includes(p)), statementLines.join(' '));
    assert.deepEqual(find('write', 'k').map((s) => [s.line, s.column, s.endColumn]), [[8, 23, 28]]);
    assert.deepEqual(find('throw').map((s) => [s.line, s.column]), [[7, 31]]);
    assert.deepEqual(find('catch').map((s) => [s.line, s.column]), [[7, 17]]);
  });
});

describe('instrument: what a module imports and exports (for reading imported names)', () => {
  const source = [
    "import def, { a as local, b } from './dep.js';", // 1
    "import * as ns from './ns';", // 2
    "import type { T } from './types';", // 3
    'export const [x, { y }] = [1, { y: 2 }];', // 4
    'export default class Shape {}', // 5
    'function helper() {}', // 6
    'export { helper as help, local as again, b };', // 7
    "export { z as zed } from './z';", // 8
    "export * from './all';", // 9
    "export * as everything from './every';", // 10
    'export type { T };', // 11
  ].join('\n');
  const { sites } = instrument(source, { filename: '/src/m.ts', mode: 'full' }).sites;
  const binding = (name: string) => sites.findIndex((s) => s.kind === 'binding' && s.name === name);

  it('an import binding names its specifier and the name it imports', () => {
    const facts = (name: string) => { const s = sites[binding(name)]; return [s.decl, s.from, s.imported]; };
    assert.deepEqual(facts('def'), ['import', './dep.js', 'default']);
    assert.deepEqual(facts('local'), ['import', './dep.js', 'a']);
    assert.deepEqual(facts('b'), ['import', './dep.js', 'b']);
    assert.deepEqual(facts('ns'), ['import', './ns', '*']);
    assert.equal(binding('T'), -1, 'a type-only import binds nothing');
  });

  it("the module's site maps each exported name to its binding or another module's export, and lists export *", () => {
    assert.deepEqual(sites[0].exports, {
      x: { site: binding('x') }, y: { site: binding('y') }, default: { site: binding('Shape') },
      help: { site: binding('helper') }, again: { site: binding('local') }, b: { site: binding('b') },
      zed: { from: './z', imported: 'z' }, everything: { from: './every', imported: '*' },
    });
    assert.deepEqual(sites[0].exportAll, ['./all']);
  });
});

describe('instrument: errors and constructs left alone', () => {
  it('a syntax error throws InstrumentSyntaxError at its original position', () => {
    const bad = 'const ok = 1;\nfunction f() {\n  return (1 + ;\n}\n';
    assert.throws(() => instrument(bad, { filename: '/src/bad.ts', mode: 'full' }), (e: unknown) => {
      assert.ok(e instanceof InstrumentSyntaxError);
      assert.equal(e.file, '/src/bad.ts');
      assert.equal(e.line, 3);
      assert.equal(e.column, 15);
      assert.match(e.message, /^\/src\/bad\.ts:3:15: Expression expected/);
      return true;
    });
  });

  it('a function using sloppy `with` or direct `eval` is left uninstrumented, once, and still runs', async () => {
    const code = [
      'function withScope(o) { with (o) { return a + b } }',
      'function evaluates(s) { var local = 2; return eval(s) }',
      'function fine() { return 1 }',
      "console.log(withScope({ a: 1, b: 2 }), evaluates('local * 21'), fine());",
    ].join('\n');
    const run = await runInstrumented(code, { filename: '/src/sloppy.js', mode: 'full' });
    assert.deepEqual(run.output, ['3 42 1']);
    assert.equal(run.warnings.length, 2);
    assert.match(run.warnings[0], /sloppy\.js:1:1: withScope left uninstrumented: it contains a `with` statement/);
    assert.match(run.warnings[1], /sloppy\.js:2:1: evaluates left uninstrumented: it contains a direct `eval`/);
    assert.ok(!run.events.some((e) => e.includes('withScope') || e.includes('evaluates')));
    assert.ok(run.events.includes('enter#2 fine() this=globalThis'));
  });

  it('a function whose body declares one name as a function and a var is left uninstrumented (a block would reject it)', async () => {
    const code = 'function legacy() { var helper = 1; function helper() { return 2 } return typeof helper }\nconsole.log(legacy());';
    const run = await runInstrumented(code, { filename: '/src/legacy.js', mode: 'calls' });
    assert.deepEqual(run.output, ['number']);
    assert.equal(run.warnings.length, 1);
    assert.match(run.warnings[0], /legacy left uninstrumented: it contains a function declaration sharing its name `helper`/);
  });

  it('instrumenting instrumented output leaves it as it is (and it still runs)', async () => {
    for (const filename of ['/src/twice.js', '/src/twice.ts']) {
      const source = filename.endsWith('.ts') ? 'enum E { A }\nfunction f(x: number) { return x + E.A }\nconsole.log(f(1));' : 'function f(x) { return x + 1 }\nconsole.log(f(1));';
      const once = instrument(source, { filename, mode: 'full' });
      const twice = instrument(once.code, { filename, mode: 'full' });
      assert.equal(twice.code, once.code);
      assert.deepEqual(twice.warnings, [`${filename}: already instrumented, left as it is`]);
      const run = await runCode(twice.code, filename, new RecordingRuntime());
      assert.equal(run.output.length, 1);
      assert.ok(run.events.includes('enter#2 f(1) this=globalThis'), run.events.join());
    }
  });

  it('module syntax is kept as written; the prologue goes after the shebang and directives', () => {
    const source = "#!/usr/bin/env node\n'use strict';\nimport { a } from './a.js';\nexport const b = a + 1;\nexport default function f() { return b }\n";
    const { code } = instrument(source, { filename: '/src/m.mjs', mode: 'full' });
    const lines = code.split('\n');
    assert.equal(lines[0], '#!/usr/bin/env node');
    assert.ok(lines[1].startsWith("'use strict';var $$s,$$b,$$f0="));
    assert.match(lines[2], /^import \{ a \} from '\.\/a\.js';/);
    assert.match(lines[4], /^export default function f\(\) \{\/\*\$\[\*\/let \$\$d1=0;const \$\$f1=\(\$\$s\|\|\$\$i\(\)\)\.c0/);
  });

  it('TypeScript module syntax is kept for ESM and converted for CommonJS', () => {
    const source = "import { a } from './a';\nexport const b: number = a;\n";
    assert.match(instrument(source, { filename: '/src/m.ts', mode: 'calls' }).code, /import \{ a \} from '\.\/a';/);
    assert.match(instrument(source, { filename: '/src/m.ts', mode: 'calls', moduleKind: 'cjs' }).code, /require\("\.\/a"\)/);
  });

  it('TypeScript exporting only functions or classes is converted for CommonJS too', () => {
    for (const source of ['export function f(n: number) { return n + 1 }\n', 'export class C {}\n', 'export async function* g() {}\n']) {
      const { code } = instrument(source, { filename: '/src/m.ts', mode: 'calls', moduleKind: 'cjs' });
      assert.doesNotMatch(code, /^export /m, source);
      assert.match(code, /exports\.\w+ = /, source);
    }
  });

  it('JavaScript with module syntax compiled as CommonJS runs as written (Node reports its SyntaxError)', () => {
    for (const source of ['export function f() {}\n', 'export class C {}\n', "import a from './a.js';\nf(a);\n", 'export { x };\nvar x = 1;\n', 'f(import.meta.url);\n']) {
      const result = instrument(source, { filename: '/src/m.js', mode: 'full', moduleKind: 'cjs' });
      assert.equal(result.code, source);
      assert.equal(result.map, null);
      assert.deepEqual(result.sites.sites, []);
      // Unset (a package without "type": Node detects an ES module): instrumented, syntax kept.
      const kept = instrument(source, { filename: '/src/m.js', mode: 'full' }).code;
      assert.match(kept, /\$\$s\.register\(/);
      assert.doesNotMatch(kept, /exports\./);
    }
    assert.match(instrument('exports.f = function f() {};\n', { filename: '/src/c.cjs', mode: 'full', moduleKind: 'cjs' }).code, /\$\$s\.register\(/);
  });

  it('JSX is compiled like tsx would (React.createElement), with probes inside', () => {
    const { code } = instrument('const App = (p) => <div id="x">{p.name}</div>;\n', { filename: '/src/App.jsx', mode: 'calls' });
    assert.match(code, /React\.createElement\("div", \{ id: "x" \}, p\.name\)/);
    assert.match(code, /\$\$s\.c1\(/);
  });

  it('without the runtime installed the program runs unchanged (no-op probes)', () => {
    const { code } = instrument('function f(a) { let o = { a }; o.a++; [].push(1); return o.a }\nresult = f(41);', { filename: '/src/n.js', mode: 'full' });
    const context = vm.createContext({});
    vm.runInContext(code, context);
    assert.equal(context.result, 42);
  });

  it('a function called through an import cycle before its module body ran registers the file itself', () => {
    const { code } = instrument('export function early() { return typeof registered }\nvar registered = 1;', { filename: '/src/c.js', mode: 'calls' });
    const calls: string[] = [];
    const runtime = { register: (file: string) => (calls.push(`register ${file}`), 7), c0: (site: number, parent: unknown) => (calls.push(`c0 ${site} ${parent}`), 1), r: (_s: number, _f: number, v: unknown) => v };
    const context = vm.createContext({});
    vm.runInContext('globalThis', context)[Symbol.for('scope.runtime.v1')] = runtime;
    // Simulates the cycle: the hoisted function runs before the module's first statement.
    const asScript = code.replace('export function', 'function');
    const early = vm.runInContext(`(function(){ return early(); ${asScript} })`, context);
    assert.equal(early(), 'undefined');
    // Site 2 of the file is `early`; the base id is 7.
    assert.deepEqual(calls.slice(0, 2), ['register /src/c.js', 'c0 9 undefined']);
  });
});

describe('instrument: cache', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'scope-instrument-cache-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the same result from disk the second time', () => {
    const options = { filename: '/src/c.ts', mode: 'full' as const };
    const first = instrumentCached('let a: number = 1;', options, dir);
    const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json'));
    assert.equal(files.length, 1);
    const second = instrumentCached('let a: number = 1;', options, dir);
    assert.deepEqual(second, first);
    assert.equal(second.code, instrument('let a: number = 1;', options).code);
  });

  it('keys by content, mode, module kind, file name and instrumenter version', () => {
    const base = { filename: '/src/c.ts', mode: 'full' as const };
    const keys = new Set([
      cacheKey('a()', base), cacheKey('b()', base), cacheKey('a()', { ...base, mode: 'calls' }),
      cacheKey('a()', { ...base, moduleKind: 'cjs' }), cacheKey('a()', { ...base, filename: '/src/d.ts' }),
    ]);
    assert.equal(keys.size, 5);
    assert.match(INSTRUMENTER_VERSION, /^\d+\.\d+\.\d+$/);
    const calls = instrumentCached('a()', { ...base, mode: 'calls' }, dir);
    const full = instrumentCached('a()', base, dir);
    assert.ok(full.code.includes('$$s.s(') && !calls.code.includes('$$s.s('), 'modes are not mixed up');
  });
});
