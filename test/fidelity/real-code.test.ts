/**
 * Real code no one here wrote, and bad input.
 *
 * - acorn (a parser), lodash (a utility library), prettier (a formatter), semver (directives
 *   without semicolons), marked (an ES module package loaded with require()) and immer (Proxy
 *   drafts, revoked once done; functions named by V8 from their assignment), installed from
 *   npm, run a workload each with their node_modules code INCLUDED in instrumentation: the output
 *   must be identical to the plain run, and the recording must hold calls made inside the package.
 *   Recorded with the default selection too (the package is a library: only its writes to
 *   recorded objects are probed), the output is the same and no call inside it is recorded.
 * - A file with a syntax error fails exactly as without Scope, plus one `scope:` line.
 * - A construct the instrumenter cannot handle (a top-level `with`) leaves the file
 *   uninstrumented, is said once, and the program runs unchanged.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kind } from '../../src/protocol/wire';
import { openRecording } from '../../src/store/recording-file';
import { REPO, pool, programStderr, removeQuietly, runPlain, runRecorded, scopeLines, type RecordedRun, type RunResult } from './harness';

const NPM = path.join(__dirname, 'npm');
const BAD = path.join(__dirname, 'bad');

describe('fidelity: real npm packages recorded with their node_modules code', function () {
  this.timeout(20 * 60_000);
  const workloads = [
    { file: 'acorn-workload.js', pkg: 'acorn', fn: 'parse' },
    { file: 'lodash-workload.js', pkg: 'lodash', fn: 'baseClone' },
    { file: 'prettier-workload.mjs', pkg: 'prettier', fn: 'formatWithCursor' },
    { file: 'semver-workload.js', pkg: 'semver', fn: 'compare' },
    { file: 'marked-workload.cjs', pkg: 'marked', fn: 'l.parseInline' },
    { file: 'immer-workload.js', pkg: 'immer', fn: 'produce' },
  ];
  const results = new Map<string, { plain: RunResult; recorded: RecordedRun[]; asLibrary: RecordedRun }>();

  before(async () => {
    await pool(workloads, 2, async ({ file, pkg }) => {
      const include = ['--include', '**', '--include', path.join(REPO, 'node_modules', pkg, '**')];
      const plain = await runPlain(file, NPM);
      const recorded = [await runRecorded(file, NPM, 'calls', include), await runRecorded(file, NPM, 'full', include)];
      results.set(file, { plain, recorded, asLibrary: await runRecorded(file, NPM, 'full') });
    });
  });

  after(() => {
    for (const { recorded, asLibrary } of results.values()) for (const r of [...recorded, asLibrary]) removeQuietly(r.recording);
  });

  /** The CallEnters of sites inside the package, and whether one of them is `fn`. */
  async function callsInside(r: RecordedRun, pkg: string, fn: string): Promise<{ calls: number; named: boolean }> {
    const { store } = await openRecording(r.recording);
    const inPackage = `${path.sep}node_modules${path.sep}${pkg}${path.sep}`;
    let calls = 0;
    let named = false;
    for (let i = 0; i < store.count; i++) {
      if (store.kinds[i] !== Kind.CallEnter) continue;
      const site = store.sites[store.siteOf[i]];
      if (!site?.file.includes(inPackage)) continue;
      calls++;
      if (site.name === fn) named = true;
    }
    return { calls, named };
  }

  function assertSameRun(r: RecordedRun, plain: RunResult): void {
    assert.equal(r.stdout, plain.stdout, `stdout differs\n${r.stderr}`);
    assert.equal(r.status, plain.status, r.stderr);
    assert.deepEqual(scopeLines(r.stderr).filter((l) => !l.startsWith('scope: recording written')), [], r.stderr);
  }

  for (const { file, pkg, fn } of workloads) {
    it(`${pkg}: identical output in both modes, and calls inside the package recorded`, async () => {
      const { plain, recorded } = results.get(file)!;
      assert.equal(plain.status, 0, plain.stderr);
      for (const r of recorded) {
        assertSameRun(r, plain);
        const { calls, named } = await callsInside(r, pkg, fn);
        assert.ok(calls > 100, `${calls} calls recorded inside ${pkg}`);
        assert.ok(named, `a call of ${pkg}'s ${fn} is recorded`);
      }
    });

    it(`${pkg} as a library (not recorded, its writes probed): identical output, no call inside it recorded`, async () => {
      const { plain, asLibrary } = results.get(file)!;
      assertSameRun(asLibrary, plain);
      assert.deepEqual(await callsInside(asLibrary, pkg, fn), { calls: 0, named: false });
    });
  }
});

describe("fidelity: a library's stack frames (its code recorded for its writes only)", function () {
  this.timeout(5 * 60_000);

  // A package's lines with writes and mutator calls get probes; its output has no source map, so
  // the frames on those lines were printed at the output's columns (index.js:2:130 for 2:41).
  const LIBRARY = [
    "'use strict'; exports.first = (fn) => { exports.seen = fn(); return exports.seen; }; function Registry() { this.items = []; }",
    "Registry.prototype.add = function (item, check) { this.items.push(check(item)); return this; };",
    "exports.Registry = Registry; exports.last = null;",
    "exports.run = function (fn) { exports.last = fn(); delete exports.none; return exports.last; };",
    "exports.each = (list, fn) => { const out = {}; for (const x of list) out[x] = fn(x); return out; };",
    // An arrow with an expression body writing nothing: braced for the writes' temporaries, no probe in it.
    "exports.pure = (...xs) => xs.length === 1 ? ('' + xs[0]) : xs.join(' ');",
  ].join('\n');
  // A package that ships a source map of its own (dist/x.js.map to src/x.ts, as ajv, rxjs,
  // luxon and handlebars do): a run without source maps prints its .js positions, but Scope turns
  // Node's source maps on, and its frames came out as `at validateSchema (core.ts:524:18)`.
  const MAPPED = [
    "exports.fail = function (fn) { return fn(); };",
    "exports.again = function (fn) { exports.last = fn; return fn(); };",
    '//# sourceMappingURL=index.js.map',
  ].join('\n');
  // Line 2 maps from two columns: the call `fn()` (column 58) before the second, a probe's columns after.
  const MAP = JSON.stringify({ version: 3, file: 'index.js', sources: ['../src/index.ts'], names: [], mappings: 'AASA;AACA,4DAAO' });
  const PROGRAM = [
    "const { Registry, run, each, first } = require('shapes');",
    "const frames = (e) => e.stack.split('\\n').slice(1, 4).map((l) => l.replace(/\\(.*[\\\\/]/, '(')).join(' | ');",
    "try { new Registry().add(1, (x) => { throw new Error('bad ' + x); }); } catch (e) { console.log(frames(e)); }",
    "try { run(() => { throw new Error('run'); }); } catch (e) { console.log(frames(e)); }",
    "try { each([1, 2], (x) => x.y.z); } catch (e) { console.log(frames(e)); }",
    "try { first(() => { throw new Error('on the line of the module prologue'); }); } catch (e) { console.log(frames(e)); }",
    "console.log(String(require('shapes').pure));",
    "const mapped = require('mapped');",
    "try { mapped.fail(() => { throw new Error('mapped'); }); } catch (e) { console.log(frames(e)); }",
    "try { mapped.again(() => { throw new Error('mapped, a write on the line'); }); } catch (e) { console.log(frames(e)); }",
    "Error.prepareStackTrace = (e, sites) => sites.slice(0, 3).map((s) => `${s.getFunctionName()}:${s.getLineNumber()}:${s.getColumnNumber()}`).join(' ');",
    "try { run(() => { throw new Error('own formatter'); }); } catch (e) { console.log(e.stack); }",
  ].join('\n');
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-library-frames-'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'shapes'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'shapes', 'index.js'), LIBRARY);
    fs.mkdirSync(path.join(dir, 'node_modules', 'mapped'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'mapped', 'index.js'), MAPPED);
    fs.writeFileSync(path.join(dir, 'node_modules', 'mapped', 'index.js.map'), MAP);
    fs.writeFileSync(path.join(dir, 'main.js'), PROGRAM);
    // As tsx does when it starts: Node's source maps on, from the program's own code.
    const setting = "console.log(process.sourceMapsEnabled, process.setSourceMapsEnabled.name, process.setSourceMapsEnabled.length);";
    fs.writeFileSync(path.join(dir, 'maps-on.js'), `${setting}\nprocess.setSourceMapsEnabled(true);\n${setting}\n${PROGRAM}`);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints a library's frames at the columns of its code as written (not through a map of its own), to Node's formatter and the program's; its functions' source text as written", async () => {
    const plain = await runPlain('main.js', dir);
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stdout, /at Registry.add \(index\.js:2:67\).*\n.*at exports.run \(index\.js:4:46\)[^]*at exports.first \(index\.js:1:56\)[^]*\(\.\.\.xs\) => xs\.length === 1[^]*at exports.fail \(index\.js:1:39\)/);
    for (const mode of ['calls', 'full'] as const) {
      const recorded = await runRecorded('main.js', dir, mode);
      removeQuietly(recorded.recording);
      assert.equal(recorded.stdout, plain.stdout, `${mode} mode\n${recorded.stderr}`);
    }
  });

  it('reads and sets the source maps setting of its own, and prints frames by it (a package\'s own map once it turns them on)', async () => {
    const plain = await runPlain('maps-on.js', dir);
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stdout, /^false setSourceMapsEnabled 1\ntrue setSourceMapsEnabled 1\n[^]*exports\.fail \(index\.ts:10:1\)[^]*exports\.again \(index\.ts:11:1\)/);
    for (const mode of ['calls', 'full'] as const) {
      const recorded = await runRecorded('maps-on.js', dir, mode);
      removeQuietly(recorded.recording);
      assert.equal(recorded.stdout, plain.stdout, `${mode} mode\n${recorded.stderr}`);
    }
  });
});

describe('fidelity: bad input', function () {
  this.timeout(5 * 60_000);

  it('a JavaScript syntax error fails exactly as without Scope, plus one scope line', async () => {
    const plain = await runPlain('syntax-error.js', BAD);
    const recorded = await runRecorded('syntax-error.js', BAD, 'full');
    removeQuietly(recorded.recording);
    assert.equal(plain.status, 1);
    assert.equal(recorded.status, plain.status);
    assert.equal(recorded.stdout, plain.stdout);
    // Node's report: `file:line`, the source line, the caret, a blank line, `SyntaxError: …`.
    const head = (stderr: string) => stderr.split('\n').slice(0, 5);
    assert.deepEqual(head(programStderr(recorded.stderr)), head(plain.stderr));
    assert.match(plain.stderr, /syntax-error\.js:3\n/);
    const lines = scopeLines(recorded.stderr).filter((l) => !l.startsWith('scope: recording written'));
    assert.equal(lines.length, 1, recorded.stderr);
    assert.match(lines[0], /^scope: could not instrument .*syntax-error\.js: .*syntax-error\.js:3:\d+: /);
  });

  it('a TypeScript syntax error fails, with one scope line giving the original position', async () => {
    const plain = await runPlain('syntax-error.ts', BAD);
    const recorded = await runRecorded('syntax-error.ts', BAD, 'full');
    removeQuietly(recorded.recording);
    assert.equal(plain.status, 1);
    assert.equal(recorded.status, 1);
    assert.equal(recorded.stdout, plain.stdout);
    const lines = scopeLines(recorded.stderr).filter((l) => !l.startsWith('scope: recording written'));
    assert.equal(lines.length, 1, recorded.stderr);
    assert.match(lines[0], /^scope: could not instrument .*syntax-error\.ts: .*syntax-error\.ts:3:10: ':' expected/);
    assert.match(programStderr(recorded.stderr), /SyntaxError: .*syntax-error\.ts:3:10/);
  });

  it('a construct the instrumenter cannot handle leaves the file as written, said once', async () => {
    const plain = await runPlain('top-level-with.js', BAD);
    for (const mode of ['calls', 'full'] as const) {
      const recorded = await runRecorded('top-level-with.js', BAD, mode);
      removeQuietly(recorded.recording);
      assert.equal(recorded.stdout, plain.stdout);
      assert.equal(recorded.status, 0);
      const lines = scopeLines(recorded.stderr).filter((l) => !l.startsWith('scope: recording written'));
      assert.deepEqual(lines.length, 1, recorded.stderr);
      assert.match(lines[0], /top-level-with\.js: left uninstrumented: its top level contains a `with` statement/);
    }
  });
});
