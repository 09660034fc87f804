/**
 * The program behaves exactly as without Scope: every program of test/fidelity/programs runs
 * plain (tsx for TypeScript, node for JavaScript) and under the built `scope record` in both
 * modes (TypeScript then runs on plain node through Scope's loader hooks). stdout and the exit
 * status must be identical, and so must the line numbers of the named frames in stack traces
 * (frames of anonymous module wrappers differ between tsx and node themselves) and the header Node
 * prints above an uncaught error.
 *
 * Needs the build (`npm run build`): it runs dist/cli.js as a user would.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kind } from '../../src/protocol/wire';
import type { EventStore } from '../../src/store/event-store';
import { openRecording } from '../../src/store/recording-file';
import { CLI, pool, programStderr, removeQuietly, runPlain, runRecorded, scopeLines, type RecordedRun, type RunResult } from './harness';

const PROGRAMS = path.join(__dirname, 'programs');
const MODES = ['calls', 'full'] as const;

/** Functions the instrumenter cannot handle (`with`, direct eval): left uninstrumented, said once each. */
const EXPECTED_WARNINGS: Record<string, number> = { 'with-statement.js': 2, 'direct-eval.js': 2 };
/** Recordings kept for the content checks below (the others are deleted as soon as compared). */
const KEPT = new Set(['recursion.js', 'console-streams.ts', 'exit-code.js', 'child-process.js', 'worker-thread.js',
  'getters-setters.ts', 'array-mutators.ts', 'async-errors.ts', 'stack-uncaught.ts', 'generators.ts', 'require-esm.cjs',
  'directive-without-semicolon.js', 'signal-handlers.js']);

const programs = fs.readdirSync(PROGRAMS).filter((f) => /\.[cm]?[jt]sx?$/.test(f)).sort();
const sourceFiles = new Set([...programs, ...fs.readdirSync(path.join(PROGRAMS, 'helpers'))]);

/** `file:line` of stack frames `at name (file:line:col)` with a name, for the program's files. */
function namedFrames(stderr: string): string[] {
  const out: string[] = [];
  for (const match of stderr.matchAll(/^\s+at (?:async )?([^\s(]+) \((?:file:\/\/)?[^():]*?([\w.-]+):(\d+):\d+\)$/gm)) {
    const [, name, file, line] = match;
    if (name !== '<anonymous>' && name !== 'Object.<anonymous>' && sourceFiles.has(file)) out.push(`${name} ${file}:${line}`);
  }
  return out;
}

/**
 * The header Node prints above an uncaught error (`file:line`, then the source line and a caret),
 * as `basename:line`; undefined when stderr does not start with one.
 */
function uncaughtHeader(stderr: string): string | undefined {
  const first = stderr.split('\n').find((line) => line.trim() !== '');
  const match = first?.match(/([^/\s]+):(\d+)$/);
  return match ? `${match[1]}:${match[2]}` : undefined;
}

interface Outcome {
  plain: RunResult;
  recorded: Record<(typeof MODES)[number], RecordedRun>;
}

describe('fidelity: programs behave the same recorded', function () {
  this.timeout(30 * 60_000);
  const outcomes = new Map<string, Outcome>();
  const stores = new Map<string, EventStore>();

  before(async () => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build first`);
    assert.ok(programs.length >= 60, `the corpus has ${programs.length} programs`);
    await pool(programs, 2, async (program) => {
      const plain = await runPlain(program, PROGRAMS);
      const calls = await runRecorded(program, PROGRAMS, 'calls');
      const full = await runRecorded(program, PROGRAMS, 'full');
      outcomes.set(program, { plain, recorded: { calls, full } });
      if (KEPT.has(program)) stores.set(program, (await openRecording(full.recording)).store);
      for (const r of [calls, full]) if (!KEPT.has(program) || r === calls) removeQuietly(r.recording);
    });
  });

  after(() => {
    for (const program of KEPT) {
      const outcome = outcomes.get(program);
      if (outcome) removeQuietly(outcome.recorded.full.recording);
    }
  });

  for (const program of programs) {
    it(program, () => {
      const { plain, recorded } = outcomes.get(program)!;
      for (const mode of MODES) {
        const r = recorded[mode];
        const where = `${program} (${mode} mode)`;
        assert.equal(r.stdout, plain.stdout, `${where}: stdout differs\n--- stderr:\n${r.stderr}`);
        assert.equal(r.status, plain.status, `${where}: exit status ${r.status}, plain ${plain.status}\n--- stderr:\n${r.stderr}`);
        assert.deepEqual(namedFrames(programStderr(r.stderr)), namedFrames(plain.stderr), `${where}: stack frames differ\n--- recorded:\n${r.stderr}\n--- plain:\n${plain.stderr}`);
        assert.equal(uncaughtHeader(programStderr(r.stderr)), uncaughtHeader(plain.stderr), `${where}: the uncaught error's header differs\n--- recorded:\n${r.stderr}\n--- plain:\n${plain.stderr}`);
        const lines = scopeLines(r.stderr);
        assert.equal(lines.filter((l) => l.startsWith('scope: recording written to ')).length, 1, `${where}: ${lines.join('\n')}`);
        const warnings = lines.filter((l) => !l.startsWith('scope: recording written to '));
        assert.equal(warnings.length, EXPECTED_WARNINGS[program] ?? 0, `${where}: unexpected scope lines:\n${warnings.join('\n')}`);
        for (const w of warnings) assert.match(w, /left uninstrumented: it contains a (`with` statement|direct `eval`)/);
      }
    });
  }

  describe('recording content', () => {
    const events = (store: EventStore, kind: number, pred: (i: number) => boolean = () => true) => {
      const out: number[] = [];
      for (let i = 0; i < store.count; i++) if (store.kinds[i] === kind && pred(i)) out.push(i);
      return out;
    };
    const named = (store: EventStore, name: string) => (i: number) => store.sites[store.siteOf[i]]?.name === name;

    it('every call and return of a recursive function (fib(20) makes 21891 calls)', () => {
      const store = stores.get('recursion.js')!;
      assert.equal(events(store, Kind.CallEnter, named(store, 'fib')).length, 21891);
      assert.equal(events(store, Kind.Return, named(store, 'fib')).length, 21891);
      const firstCall = events(store, Kind.CallEnter, named(store, 'fib'))[0];
      assert.deepEqual(store.values(firstCall).slice(-1), [{ t: 'number', v: 20 }]);
      assert.ok(events(store, Kind.Statement).length > 21891, 'full mode records statements');
    });

    it('console output as Console events, identical to what was printed', () => {
      const store = stores.get('console-streams.ts')!;
      const text = events(store, Kind.Console, (i) => store.words(i)[0] === 1).map((i) => store.text(i)).join('');
      assert.equal(text, outcomes.get('console-streams.ts')!.plain.stdout);
      assert.ok(events(store, Kind.Console, (i) => store.words(i)[0] === 2).some((i) => store.text(i) === 'to stderr\n'));
    });

    it('the exit status as ProcessExit, and the uncaught exception', () => {
      const exit = stores.get('exit-code.js')!;
      assert.deepEqual(events(exit, Kind.ProcessExit).map((i) => exit.words(i)[0]), [3]);
      const uncaught = stores.get('stack-uncaught.ts')!;
      assert.equal(events(uncaught, Kind.Uncaught).length, 1);
      assert.deepEqual(events(uncaught, Kind.ProcessExit).map((i) => uncaught.words(i)[0]), [1]);
      assert.equal(events(uncaught, Kind.Throw).length, 1);
      assert.equal(events(uncaught, Kind.Unwind).length, 3, 'level3, level2 and level1 unwind');
    });

    it('child processes and worker threads record on their own connections', () => {
      const children = stores.get('child-process.js')!;
      assert.equal(events(children, Kind.ProcessStart).length, 3, 'the program and its two children');
      assert.equal(events(children, Kind.CallEnter, named(children, 'factorial')).length, 6);
      const workers = stores.get('worker-thread.js')!;
      const workerThread = workers.threads.findIndex((t) => t.threadId !== 0);
      assert.ok(workerThread > 0, `threads: ${JSON.stringify(workers.threads)}`);
      assert.ok(events(workers, Kind.CallEnter, (i) => named(workers, 'fib')(i) && workers.threadOf[i] === workerThread).length > 1000);
    });

    it('property writes, built-in mutations, awaits, catches and yields', () => {
      const getters = stores.get('getters-setters.ts')!;
      assert.ok(events(getters, Kind.PropWrite, (i) => getters.values(i)[0]?.t === 'string' && (getters.values(i)[0] as { v: string }).v === '_v').length >= 3);
      const arrays = stores.get('array-mutators.ts')!;
      assert.ok(events(arrays, Kind.MutatingCall).length >= 5);
      const asyncs = stores.get('async-errors.ts')!;
      assert.ok(events(asyncs, Kind.AwaitSuspend).length > 5);
      assert.ok(events(asyncs, Kind.AwaitResume, (i) => (asyncs.values(i).length > 0)).length > 5);
      assert.ok(events(asyncs, Kind.Catch).length >= 3);
      const gens = stores.get('generators.ts')!;
      assert.ok(events(gens, Kind.Yield).length >= 5 && events(gens, Kind.YieldResume).length >= 4);
    });

    it('an ES module loaded by require() and functions whose directive has no semicolon are recorded', () => {
      const required = stores.get('require-esm.cjs')!;
      assert.equal(events(required, Kind.CallEnter, named(required, 'twice')).length, 1);
      assert.equal(events(required, Kind.CallEnter, named(required, 'Counter.next')).length, 2);
      const directives = stores.get('directive-without-semicolon.js')!;
      for (const name of ['strictBody', 'expression', 'twoDirectives', 'WithMethod.m']) {
        assert.equal(events(directives, Kind.CallEnter, named(directives, name)).length, 1, name);
      }
    });

    it('a program that kills itself with a signal from its own handler: that handler is recorded', () => {
      const signals = stores.get('signal-handlers.js')!;
      assert.equal(events(signals, Kind.CallEnter, named(signals, 'signalExitLike')).length, 1);
      assert.equal(events(signals, Kind.CallEnter, named(signals, 'onTerm')).length, 2);
    });

    it('calls mode records calls but no statements or variable writes', async () => {
      const again = await runRecorded('recursion.js', PROGRAMS, 'calls');
      try {
        const { store } = await openRecording(again.recording);
        assert.equal(events(store, Kind.CallEnter, named(store, 'fib')).length, 21891);
        assert.equal(events(store, Kind.Statement).length + events(store, Kind.VarWrite).length, 0);
      } finally {
        removeQuietly(again.recording);
      }
    });
  });
});
