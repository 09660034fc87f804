/**
 * The state oracle's check, shared by the corpus (state-oracle.test.ts) and the generated
 * programs (random-*.test.ts). A program prints, at marked lines,
 *     console.log('@state ' + JSON.stringify({ a, b }));
 * Run plain, that is the truth; recorded, `vars --at` every hit of every marked line must give
 * the same values (the hit's instant is just before the marked statement runs).
 *
 * Maps and Sets are printed by the programs as `[...m]`; the engine's `{"$type":"Map","entries"}`
 * and `{"$type":"Set","values"}` are compared with those arrays. A name JSON.stringify leaves out
 * (undefined, a function) must come back as such a tagged value.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { openRecording } from '../../src/store/recording-file';
import { createQueryEngine } from '../../src/query/engine';
import { answerQuery } from '../../src/cli/query';

const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
const MARK = "console.log('@state ' + JSON.stringify({";
const STACK_MARK = '@stack ';

interface MarkedLine { line: number; names: string[] }

function markedLines(source: string): MarkedLine[] {
  const out: MarkedLine[] = [];
  source.split('\n').forEach((text, k) => {
    const at = text.indexOf(MARK);
    if (at < 0) return;
    const literal = text.slice(at + MARK.length, text.indexOf('})', at));
    // `{ a, b }` or `{ scores: [...scores] }`: the key is the variable compared.
    const names = literal.split(',').map((part) => part.split(':')[0].trim()).filter(Boolean);
    out.push({ line: k + 1, names });
  });
  return out;
}

function states(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((l) => l.startsWith('@state ')).map((l) => JSON.parse(l.slice('@state '.length)) as Record<string, unknown>);
}

/** The engine's value, in the form the program printed it. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const tagged = value as { $type?: string; entries?: unknown[]; values?: unknown[] };
    if (tagged.$type === 'Map') return normalize(tagged.entries);
    if (tagged.$type === 'Set') return normalize(tagged.values);
    if (tagged.$type === 'undefined' || tagged.$type === 'function' || tagged.$type === 'class' || tagged.$type === 'symbol') return undefined;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

function runPlain(file: string): string {
  const args = file.endsWith('.ts') ? ['--import', 'tsx', file] : [file];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `plain run of ${file} failed: ${r.stderr}`);
  return r.stdout;
}


/**
 * Records `file` with the real `scope record` into `dir`; returns the recording and what the
 * program printed. `include`: globs instrumented besides the program's folder (a package's code).
 */
function record(file: string, dir: string, include: string[] = []): { out: string; stdout: string } {
  const out = path.join(dir, `${path.basename(file)}.scope`);
  const globs = include.length ? ['**', ...include].flatMap((glob) => ['--include', glob]) : [];
  const rec = spawnSync(process.execPath, [CLI, 'record', ...globs, '--out', out, '--', 'node', file], { cwd: path.dirname(file), encoding: 'utf8', timeout: 60_000 });
  assert.equal(rec.status, 0, `scope record failed: ${rec.stderr}`);
  return { out, stdout: rec.stdout };
}

/**
 * Runs `file` plain and recorded (into `dir`) and checks every hit of every marked line.
 * `include`: globs of code instrumented besides the program's (see `record`).
 */
export async function checkProgram(file: string, dir: string, include: string[] = []): Promise<void> {
  const truth = states(runPlain(file));
  assert.ok(truth.length > 0, `${file} printed no @state line`);

  const { out, stdout } = record(file, dir, include);
  assert.deepEqual(states(stdout), truth, 'the recorded run printed something else than the plain run');

  const { store } = await openRecording(out);
  const engine = createQueryEngine(store);
  const program = path.basename(file);
  const marks = markedLines(readFileSync(file, 'utf8'));
  const hits = marks
    .flatMap((m) => engine.hitsIn({ file, line: m.line }, 0, engine.eventCount()).map((instant) => ({ instant, mark: m })))
    .sort((a, b) => a.instant - b.instant);
  assert.equal(hits.length, truth.length, `hits of the marked lines: ${hits.map((h) => `${h.mark.line}@${h.instant}`).join(' ')}`);

  hits.forEach(({ instant, mark }, k) => {
    const vars = answerQuery(engine, 'vars', [], { at: String(instant) }).data as Record<string, unknown>;
    for (const name of mark.names) {
      assert.ok(name in vars, `${program}:${mark.line} hit ${k} (instant ${instant}): '${name}' is not visible; got ${Object.keys(vars).join(', ')}`);
      assert.deepEqual(normalize(vars[name]), truth[k][name], `${program}:${mark.line} hit ${k} (instant ${instant}): ${name}`);
    }
  });

  // The real CLI gives the same answer as the in-process query (first hit).
  const first = hits[0].instant;
  const cli = spawnSync(process.execPath, [CLI, 'query', out, 'vars', '--at', String(first), '--json'], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(JSON.parse(cli.stdout), answerQuery(engine, 'vars', [], { at: String(first) }).data);
}

/**
 * The call stack's oracle. A program prints, at marked lines,
 *     console.log('@stack ' + JSON.stringify(where()));
 * where `where()` lists the lines of the program's own frames from `new Error().stack`, innermost
 * first, without its own frame. Recorded, the stack at every hit of a marked line must be the same
 * lines (the frames of other files — Node's internals, built-ins calling back — left out).
 */
export async function checkStacks(file: string, dir: string): Promise<void> {
  const stacksOf = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith(STACK_MARK)).map((l) => JSON.parse(l.slice(STACK_MARK.length)) as number[]);
  const truth = stacksOf(runPlain(file));
  assert.ok(truth.length > 0, `${file} printed no ${STACK_MARK.trim()} line`);
  const { out, stdout } = record(file, dir);
  assert.deepEqual(stacksOf(stdout), truth, 'the recorded run printed other stacks than the plain run');

  const { store } = await openRecording(out);
  const engine = createQueryEngine(store);
  const marked = readFileSync(file, 'utf8').split('\n').flatMap((text, k) => (text.includes(`console.log('${STACK_MARK}'`) ? [k + 1] : []));
  const hits = marked.flatMap((line) => engine.hitsIn({ file, line }, 0, engine.eventCount())).sort((a, b) => a - b);
  assert.equal(hits.length, truth.length, 'one hit per printed stack');
  hits.forEach((instant, k) => {
    const r = engine.stackAt(instant);
    assert.ok(r.ok, `stack at ${instant}: ${r.ok ? '' : r.reason}`);
    const lines = r.frames.filter((f) => f.position.file === file).map((f) => f.position.line);
    assert.deepEqual(lines, truth[k], `${path.basename(file)} stack ${k} (instant ${instant}): lines of its frames, innermost first`);
  });
}

/**
 * Property test over generated programs: each one is written to a file and checked through the
 * real recorder by `check`. Each run records a real process, so a handful of runs
 * (SCOPE_RANDOM_PROGRAMS, default `runs`), reproducible by seed (SCOPE_RANDOM_SEED explores others).
 */
export async function checkGeneratedPrograms<T>(generated: fc.Arbitrary<T>, source: (value: T) => string, check: (file: string, dir: string) => Promise<void>, runs = 6): Promise<void> {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
  const dir = mkdtempSync(path.join(tmpdir(), 'scope-generated-'));
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(generated, async (value) => {
        const file = path.join(dir, `program${run++}.js`);
        writeFileSync(file, source(value));
        await check(file, dir);
      }),
      { numRuns: Number(process.env.SCOPE_RANDOM_PROGRAMS ?? runs), seed: Number(process.env.SCOPE_RANDOM_SEED ?? 20261124), endOnFailure: true },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
