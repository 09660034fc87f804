/**
 * `scope record` through its real path: the built CLI spawning real commands (node, npm, npx
 * mocha) in a small project, with stdin, stdout and exit status passing through, and the
 * recording holding the project's calls.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kind } from '../../src/protocol/wire';
import type { EventStore } from '../../src/store/event-store';
import { openRecording } from '../../src/store/recording-file';
import { createQueryEngine } from '../../src/query/engine';
import { CLI } from '../fidelity/harness';

const PROJECT = path.join(__dirname, 'fixtures', 'project');

function scope(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return new Promise<{ stdout: string; stderr: string; status: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? PROJECT, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ stdout, stderr, status, signal }));
    child.stdin.end(options.input ?? '');
  });
}

function recordingPath(stderr: string): string {
  const match = /^scope: recording written to (.+?) \(\d+ events/m.exec(stderr);
  assert.ok(match, `no recording path in:\n${stderr}`);
  return match[1];
}

function callsOf(store: EventStore, name: string): number {
  let n = 0;
  for (let i = 0; i < store.count; i++) if (store.kinds[i] === Kind.CallEnter && store.sites[store.siteOf[i]]?.name === name) n++;
  return n;
}

/**
 * The runner fixtures' `total` (a cart of 3 × 2 + 1 × 4): called, defined at `defined`, and the
 * program's `sum` rebuilt as 10 at the first hit of `sumAt` — positions of the files as written.
 */
function assertCartTotal(store: EventStore, defined: [string, number], sumAt: [string, number]): void {
  const engine = createQueryEngine(store);
  const [call] = engine.callsOf('total');
  assert.ok(call, 'total is recorded');
  assert.deepEqual([call.position.file, call.position.line], defined);
  const hit = engine.hitsIn({ file: sumAt[0], line: sumAt[1] }, 0, engine.eventCount())[0];
  assert.ok(hit !== undefined, `${sumAt.join(':')} is hit`);
  const bindings = engine.bindingsAt(hit, 0);
  assert.ok(bindings.ok);
  assert.deepEqual(bindings.bindings.find((b) => b.name === 'sum')?.raw, { t: 'number', v: 10 });
}

describe('scope record (built CLI, real processes)', function () {
  this.timeout(180_000);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-record-test-'));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const out = (name: string) => path.join(scratch, `${name}.scope`);

  it('passes stdin through and returns the exit status untouched', async () => {
    const r = await scope(['record', '--out', out('echo'), '--', 'node', 'echo.js', '7'], { input: 'hello\nscope\n' });
    assert.equal(r.stdout, 'HELLO\nSCOPE\n');
    assert.equal(r.status, 7);
    assert.equal(recordingPath(r.stderr), out('echo'));
    const { store } = await openRecording(out('echo'));
    const exits: number[] = [];
    for (let i = 0; i < store.count; i++) if (store.kinds[i] === Kind.ProcessExit) exits.push(store.words(i)[0]);
    assert.deepEqual(exits, [7]);
  });

  it('loads the instrumenter only when a file is not in the cache (it carries TypeScript: slow to load)', async () => {
    const env = { SCOPE_CACHE_DIR: path.join(scratch, 'cache') };
    const first = await scope(['record', '--out', out('cold'), '--', 'node', 'instrumenter-loaded.js'], { env });
    assert.equal(first.stdout, 'true\n', first.stderr);
    const second = await scope(['record', '--out', out('warm'), '--', 'node', 'instrumenter-loaded.js'], { env });
    assert.equal(second.stdout, 'false\n', second.stderr);
  });

  it('dies of the signal that killed the program, after writing the recording', async () => {
    const child = spawn(process.execPath, [CLI, 'record', '--out', out('signal'), '--', 'node', 'echo.js', 'wait'], { cwd: PROJECT });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    child.stdout.on('data', (b: Buffer) => {
      const pid = /pid (\d+)/.exec(b.toString())?.[1];
      if (pid) process.kill(Number(pid), 'SIGTERM');
    });
    const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    assert.deepEqual([status, signal], [null, 'SIGTERM'], stderr);
    assert.equal(recordingPath(stderr), out('signal'));
    const { store } = await openRecording(out('signal'));
    assert.ok(store.sites.some((s) => s.file.endsWith('echo.js')), 'the program was recorded up to the signal');
  });

  it('records `npm test`: npm and the node it starts each record; the status passes through', async () => {
    const r = await scope(['record', '--out', out('npm'), '--', 'npm', 'test', '--silent'], { env: { SCOPE_FIXTURE_FAIL: '1' } });
    assert.match(r.stdout, /slug: hello-world/);
    assert.equal(r.status, 3);
    const { store } = await openRecording(out('npm'));
    assert.equal(callsOf(store, 'slugify'), 1);
    let processes = 0;
    for (let i = 0; i < store.count; i++) if (store.kinds[i] === Kind.ProcessStart) processes++;
    assert.ok(processes >= 2, `${processes} processes recorded (npm, then node run-tests.js)`);
  });

  it('records `npx mocha`: the spec and the code it tests, in calls mode', async () => {
    const r = await scope(['record', '--mode', 'calls', '--out', out('mocha'), '--', 'npx', 'mocha', '--no-config', 'lib.spec.js']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 passing/);
    const { store } = await openRecording(out('mocha'));
    assert.equal(callsOf(store, 'slugify'), 1);
    for (let i = 0; i < store.count; i++) assert.notEqual(store.kinds[i], Kind.Statement, 'calls mode records no statements');
  });

  it('writes to .scope/recordings/ by default and honours --exclude', async () => {
    const r = await scope(['record', '--exclude', 'lib.js', '--', 'node', 'run-tests.js']);
    assert.equal(r.status, 0);
    const written = recordingPath(r.stderr);
    try {
      assert.equal(path.dirname(written), path.join(PROJECT, '.scope', 'recordings'));
      const { store } = await openRecording(written);
      assert.equal(callsOf(store, 'slugify'), 0, 'lib.js is excluded');
      assert.ok(store.sites.some((s) => s.file.endsWith('run-tests.js')));
    } finally {
      fs.rmSync(written, { force: true });
    }
  });

  it('records a file whose site table is longer than a ring record (a big bundle), with its positions', async () => {
    // typescript.js's table is 13 MB in calls mode, past what one record of the default 16 MiB ring
    // holds; here a 64 KiB ring and a 600-function file show the same at a small scale.
    const big = path.join(scratch, 'bundle.js');
    const functions = Array.from({ length: 600 }, (_, k) => `function f${k}(x) { return x + ${k}; }`);
    fs.writeFileSync(big, `${functions.join('\n')}\nconsole.log(f599(1) + f0(1));\n`);
    const r = await scope(['record', '--include', big, '--out', out('bundle'), '--', 'node', big], { env: { SCOPE_RING_BYTES: String(1 << 16) } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '601\n');
    assert.doesNotMatch(r.stderr, /does not fit/);
    const { store } = await openRecording(out('bundle'));
    assert.equal(callsOf(store, 'f599'), 1);
    const call = [...Array(store.count).keys()].find((i) => store.kinds[i] === Kind.CallEnter && store.sites[store.siteOf[i]]?.name === 'f599')!;
    assert.equal(store.sites[store.siteOf[call]].line, 600);
  });

  // Jest loads CommonJS modules with vm.compileFunction after babel-jest reformats them (cart.js's
  // `total` is on line 2 of the file, line 1 of what Jest compiles); in its ES module mode
  // (`--experimental-vm-modules`) as vm.SourceTextModule.
  const jestRuns = [
    { name: 'jest-project', nodeArgs: [], what: 'the modules Jest compiles in a context of its own' },
    { name: 'jest-esm-project', nodeArgs: ['--experimental-vm-modules'], what: 'in its ES module mode, the modules Jest compiles as vm.SourceTextModule' },
  ];
  for (const { name, nodeArgs, what } of jestRuns) {
    it(`records a Jest run: ${what}, at their original lines`, async () => {
      const project = path.join(__dirname, 'fixtures', name);
      const jest = path.join(__dirname, '..', '..', 'node_modules', 'jest', 'bin', 'jest.js');
      const r = await scope(['record', '--out', out(name), '--', 'node', ...nodeArgs, jest, '--ci'], { cwd: project });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /Tests:\s+2 passed, 2 total/);
      const { store } = await openRecording(out(name));
      assert.equal(callsOf(store, 'total'), 1);
      assert.equal(callsOf(store, 'addItem'), 1);
      const cart = path.join(project, 'cart.js');
      assertCartTotal(store, [cart, 2], [cart, 5]);
    });
  }

  /**
   * A test runner's report of failing tests, run plain and recorded: the same text but for
   * durations and timestamps. Runners format stacks themselves from V8's call sites (Jest through
   * source-map-support and babel's map, Vitest through Vite's), so positions, frame names and code
   * frames are all in it. `expected` is a line of the plain report.
   */
  async function assertReportUnchanged(name: string, runner: string[], expected: RegExp): Promise<void> {
    const project = path.join(__dirname, 'fixtures', name);
    const plain = spawnSync(process.execPath, runner, { cwd: project, encoding: 'utf8' });
    const r = await scope(['record', '--out', out(name), '--', 'node', ...runner], { cwd: project });
    assert.equal(r.status, plain.status);
    const report = (output: string) => output
      .replace(/\x1b\[[0-9;]*m/g, '')
      .replace(/ \(?\d+(\.\d+)? ?ms\)?/g, '')
      .replace(/^\s*(Time|Start at|Duration|ℹ duration_ms):?.*$/gm, '')
      .split('\n').filter((line) => !line.startsWith('scope: ')).join('\n');
    assert.match(report(plain.stdout + plain.stderr), expected);
    assert.equal(report(r.stdout + r.stderr), report(plain.stdout + plain.stderr));
  }

  it('leaves Jest\'s report of failing tests as it is without Scope: positions, frame names, code frames', async () => {
    const jest = path.join(__dirname, '..', '..', 'node_modules', 'jest', 'bin', 'jest.js');
    await assertReportUnchanged('jest-failure-project', [jest, '--ci'], /at Object\.toBe \(fail\.test\.js:4:102\)/);
  });

  it('leaves Vitest\'s report of a failing test as it is without Scope', async () => {
    const vitest = path.join(__dirname, '..', '..', 'node_modules', 'vitest', 'vitest.mjs');
    await assertReportUnchanged('vitest-failure-project', [vitest, 'run'], /❯ fail\.test\.js:5:102/);
  });

  it('leaves node --test\'s report of a failing test as it is without Scope: where the test is', async () => {
    await assertReportUnchanged('node-test-failure-project', ['--test', '--test-reporter=spec', 'fail.test.js'], /test at fail\.test\.js:7:3/);
  });

  it('records a Vitest run: the test file and the module it tests, run by Vitest\'s module runner, at their original lines', async () => {
    // Vitest transforms each module with Vite and runs it as `async (…)=>{{<module>}}` through
    // vm.runInThisContext.
    const project = path.join(__dirname, 'fixtures', 'vitest-project');
    const vitest = path.join(__dirname, '..', '..', 'node_modules', 'vitest', 'vitest.mjs');
    const r = await scope(['record', '--out', out('vitest'), '--', 'node', vitest, 'run'], { cwd: project });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.replace(/\x1b\[[0-9;]*m/g, ''), /Tests\s+2 passed/);
    // `sum` of the test body, at its `expect` line.
    assertCartTotal((await openRecording(out('vitest'))).store, [path.join(project, 'cart.js'), 2], [path.join(project, 'cart.test.js'), 7]);
  });

  it('records a TypeScript project built with tsc --sourceMap, at the lines of its .ts sources', async () => {
    const project = path.join(scratch, 'tsc-project');
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.writeFileSync(path.join(project, 'src', 'util.ts'), 'export interface Item { price: number; quantity: number }\n\nexport function total(items: Item[]): number {\n  let sum = 0;\n  for (const item of items) sum += item.price * item.quantity;\n  return sum;\n}\n');
    fs.writeFileSync(path.join(project, 'src', 'main.ts'), "import { total } from './util';\n\nconsole.log(total([{ price: 3, quantity: 2 }, { price: 1, quantity: 4 }]));\n");
    const tsc = path.join(__dirname, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
    const built = await new Promise<number | null>((resolve) => spawn(process.execPath, [tsc, '--outDir', 'dist', '--sourceMap', '--module', 'commonjs', '--target', 'es2022', 'src/main.ts', 'src/util.ts'], { cwd: project }).on('close', resolve));
    assert.equal(built, 0);
    const r = await scope(['record', '--out', out('tsc'), '--', 'node', 'dist/main.js'], { cwd: project });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '10\n');
    const util = path.join(project, 'src', 'util.ts');
    assertCartTotal((await openRecording(out('tsc'))).store, [util, 3], [util, 6]);
  });

  it('records a TypeScript program run through tsx: the calls the user wrote, none of esbuild\'s glue', async () => {
    // tsx compiles with esbuild: `__name(…)` after each function, `__export` getters read at every
    // use of an import, `__copyProps` loops. Its map gives the glue no position, or the file's first.
    const project = path.join(scratch, 'tsx-project');
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.writeFileSync(path.join(project, 'src', 'util.ts'), 'export interface Item { price: number; quantity: number }\n\nexport function total(items: Item[]): number {\n  let sum = 0;\n  for (const item of items) sum += item.price * item.quantity;\n  return sum;\n}\nexport const currency = (n: number) => `${n} eur`;\n');
    fs.writeFileSync(path.join(project, 'src', 'main.ts'), "import { currency, total } from './util';\n\nconsole.log(currency(total([{ price: 3, quantity: 2 }, { price: 1, quantity: 4 }])));\n");
    const tsx = pathToFileURL(require.resolve('tsx', { paths: [path.join(__dirname, '..', '..')] })).href;
    const r = await scope(['record', '--out', out('tsx'), '--', 'node', '--import', tsx, 'src/main.ts'], { cwd: project });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '10 eur\n');
    const { store } = await openRecording(out('tsx'));
    const called: string[] = [];
    for (let i = 0; i < store.count; i++) {
      const site = store.sites[store.siteOf[i]];
      if (store.kinds[i] === Kind.CallEnter && site.kind === 'function') called.push(`${path.basename(site.file)}:${site.line} ${site.name}`);
    }
    // tsx runs each module's code in a function of its own, which holds the user's top level.
    const named = called.filter((c) => !c.endsWith('<anonymous>'));
    assert.deepEqual(named, ['util.ts:3 total', 'util.ts:8 currency']);
    const engine = createQueryEngine(store);
    assert.ok(engine.hitsIn({ file: path.join(project, 'src', 'main.ts'), line: 3 }, 0, engine.eventCount()).length > 0, "main.ts's statement is a step");
    const util = path.join(project, 'src', 'util.ts');
    assertCartTotal(store, [util, 3], [util, 6]);
  });

  it('says what to do on bad usage', async () => {
    const noCommand = await scope(['record', '--mode', 'full']);
    assert.equal(noCommand.status, 1);
    assert.match(noCommand.stderr, /^scope: record needs a command to run, e.g. scope record -- node app.ts/m);
    const badMode = await scope(['record', '--mode', 'everything', '--', 'node', 'x.js']);
    assert.match(badMode.stderr, /--mode is 'calls' or 'full', not 'everything'/);
    const badLibraries = await scope(['record', '--libraries', 'all', '--', 'node', 'x.js']);
    assert.equal(badLibraries.status, 1);
    assert.match(badLibraries.stderr, /--libraries is 'writes' or 'none', not 'all'/);
    const missing = await scope(['record', '--out', out('missing'), '--', 'no-such-command-xyz']);
    assert.equal(missing.status, 127);
    assert.match(missing.stderr, /cannot run 'no-such-command-xyz': command not found/);
  });
});
