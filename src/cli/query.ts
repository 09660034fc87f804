/**
 * `scope query <file.scope> <what> … [--json]` — questions about a recording, answered from the
 * recording alone. A stable contract (tests and other tools parse it):
 *
 *   hits <path>:<line>                 ascending instants at which a statement on that line began
 *   stack --at N                       [{ name, file, line, column }], innermost first
 *   vars --at N [--frame K]            { name: value } of every name visible in that frame
 *   history <path>:<line>:<name> [--limit L]
 *                                      [{ instant, value }] for the binding visible at that line
 *                                      (more than L writes: the first and the last L/2)
 *   last-write --at N <name|a.b.c> [--frame K] [--chain]
 *                                      { instant, file, line, value [, reads] }
 *   calls <name|path:line>             [{ instant, name, file, line }]
 *   search <text> [--limit L]          [{ instant, kind, name, file, line, value }]
 *
 * Values use the `--json` value form of src/query/json-value.ts. Paths are absolute, relative to
 * the working directory, or a suffix of the recorded path. Without --json the same data is printed
 * for people (one item a line).
 */
import { parseArgs } from 'node:util';
import { openRecording } from '../store/recording-file';
import { readingProgress } from './progress';
import { createQueryEngine, type ResolvedBinding, type ScopeQueryEngine } from '../query/engine';
import type { LastWriteLink, ShownValue } from '../protocol/dap-custom';
import type { WriteTarget } from '../query/types';

const USAGE = `usage: scope query <file.scope> <what> [--json]
  hits <path>:<line>
  stack --at N
  vars --at N [--frame K]
  history <path>:<line>:<name> [--limit L]
  last-write --at N <name|a.b.c> [--frame K] [--chain]
  calls <function name|path:line>
  search <text> [--limit L]
`;

/** A mistake the user can fix: printed as one line with the usage, exit code 2. */
class UsageError extends Error {}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        at: { type: 'string' },
        frame: { type: 'string' },
        chain: { type: 'boolean' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`scope: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [file, what, ...rest] = positionals;
  if (!file || !what) {
    process.stderr.write(`scope: query needs a recording and a question\n${USAGE}`);
    return 2;
  }
  const reading = readingProgress(file);
  const opened = await openRecording(file, { onProgress: reading.onProgress }).finally(reading.done);
  for (const problem of opened.problems) process.stderr.write(`scope: warning: ${file}: ${problem}\n`);
  const engine = createQueryEngine(opened.store);
  try {
    const answer = answerQuery(engine, what, rest, values);
    process.stdout.write(values.json ? `${JSON.stringify(answer.data)}\n` : answer.text());
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`scope: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

interface Answer {
  data: unknown;
  text(): string;
}

export interface QueryOptions {
  at?: string;
  frame?: string;
  chain?: boolean;
  limit?: string;
}

function integer(text: string | undefined, what: string): number {
  if (text === undefined) throw new UsageError(`${what} is required`);
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${what} must be a non-negative integer, got '${text}'`);
  return n;
}

function recordedFile(engine: ScopeQueryEngine, path: string): string {
  const file = engine.matchFile(path);
  if (!file) throw new UsageError(`no recorded file matches '${path}' (give an absolute path, a path relative to here, or the end of the recorded path)`);
  return file;
}

function splitLocation(spec: string, parts: 2 | 3): string[] {
  const m = parts === 2 ? /^(.+):(\d+)$/.exec(spec) : /^(.+):(\d+):([A-Za-z_$][\w$]*)$/.exec(spec);
  if (!m) throw new UsageError(parts === 2 ? `expected <path>:<line>, got '${spec}'` : `expected <path>:<line>:<name>, got '${spec}'`);
  return m.slice(1);
}

const lines = (items: string[]) => (items.length ? `${items.join('\n')}\n` : '(none)\n');

/** The `--json` value of a binding; hoisted declarations the recording never wrote name what they are. */
function bindingJson(engine: ScopeQueryEngine, b: ResolvedBinding, instant: number): unknown {
  if (b.raw.t === 'notRecorded' && (b.decl === 'function' || b.decl === 'class')) return { $type: b.decl, name: b.name };
  // A namespace import: its module's exports as the debugger shows them.
  const namespace = b.raw.t === 'notRecorded' && b.decl === 'import' ? engine.namespaceOf(b, instant) : undefined;
  if (namespace) return { $type: 'module', text: shownText(namespace.shown), exports: Object.fromEntries(namespace.members.map((m) => [m.key, shownText(m.value)])) };
  return engine.jsonAt(b.raw, instant);
}

function shownText(v: ShownValue): string {
  return v.kind === 'object' ? v.preview : v.text;
}

export function answerQuery(engine: ScopeQueryEngine, what: string, args: string[], options: QueryOptions): Answer {
  switch (what) {
    case 'hits': {
      const [path, line] = splitLocation(args[0] ?? '', 2);
      const file = recordedFile(engine, path);
      const hits = engine.hitsIn({ file, line: Number(line) }, 0, engine.eventCount());
      return { data: hits, text: () => lines(hits.map(String)) };
    }
    case 'stack': {
      const at = integer(options.at, '--at');
      const r = engine.stackAt(at);
      if (!r.ok) throw new UsageError(r.reason);
      const data = r.frames.map((f) => ({ name: f.name, file: f.position.file, line: f.position.line, column: f.position.column }));
      return { data, text: () => lines(data.map((f) => `${f.name}  ${f.file}:${f.line}:${f.column}`)) };
    }
    case 'vars': {
      const at = integer(options.at, '--at');
      const frame = options.frame === undefined ? 0 : integer(options.frame, '--frame');
      const r = engine.bindingsAt(at, frame);
      if (!r.ok) throw new UsageError(r.reason);
      const data: Record<string, unknown> = {};
      for (const b of r.bindings) data[b.name] = bindingJson(engine, b, at);
      return { data, text: () => lines(Object.entries(data).map(([k, v]) => `${k} = ${JSON.stringify(v)}`)) };
    }
    case 'history': {
      const [path, line, name] = splitLocation(args[0] ?? '', 3);
      const file = recordedFile(engine, path);
      const target = bindingAtLine(engine, file, Number(line), name);
      const limit = Math.max(2, options.limit === undefined ? 1000 : integer(options.limit, '--limit'));
      // Rendering a value rebuilds the state of its instant: a hot variable's million writes are not all rendered.
      const { writes, total } = engine.writesOf(target, limit);
      const data = writes.map((w) => ({ instant: w.instant, value: engine.jsonAt(w.raw, w.instant + 1) }));
      const note = writes.length < total ? `(${total} writes: the first and the last ${limit >> 1} shown; use --limit)\n` : '';
      return { data, text: () => lines(data.map((w) => `${w.instant}  ${JSON.stringify(w.value)}`)) + note };
    }
    case 'last-write': {
      const at = integer(options.at, '--at');
      const frame = options.frame === undefined ? 0 : integer(options.frame, '--frame');
      const expression = args[0];
      if (!expression) throw new UsageError('last-write needs a name or a property path');
      const target = engine.resolveTarget(expression, at, frame);
      if (!target.ok) throw new UsageError(target.reason);
      const last = engine.lastWriteRaw(target.target, at);
      if (!last.ok) throw new UsageError(`'${expression}': ${last.reason}`);
      const data: Record<string, unknown> = {
        instant: last.write.instant,
        file: last.write.position?.file,
        line: last.write.position?.line,
        value: engine.jsonAt(last.raw, last.write.instant + 1),
      };
      if (last.write.seenOnly) data.seenOnly = true;
      const seenNote = last.write.seenOnly ? '  — seen then, not written: calls mode records no writes, later ones are not known' : '';
      if (options.chain) {
        const chain = engine.lastWriteChain(target.target, at);
        if (chain.ok) data.reads = chain.link.reads.map(chainJson);
      }
      return { data, text: () => `${expression} = ${JSON.stringify(data.value)}  (instant ${data.instant}, ${data.file}:${data.line})${seenNote}\n${options.chain ? chainText((data.reads ?? []) as ChainJson[], '  ') : ''}` };
    }
    case 'calls': {
      const spec = args[0];
      if (!spec) throw new UsageError('calls needs a function name or <path>:<line>');
      const data = engine.callsOf(spec).map((c) => ({ instant: c.instant, name: c.name, file: c.position.file, line: c.position.line }));
      return { data, text: () => lines(data.map((c) => `${c.instant}  ${c.name}  ${c.file}:${c.line}`)) };
    }
    case 'search': {
      const text = args.join(' ');
      if (!text) throw new UsageError('search needs a text');
      const limit = options.limit === undefined ? 100 : integer(options.limit, '--limit');
      const r = engine.search(text, limit);
      const data = r.matches.map((m) => ({ instant: m.instant, kind: m.kind, name: m.name, file: m.position?.file, line: m.position?.line, value: m.value ? shownText(m.value) : undefined }));
      return { data, text: () => lines(data.map((m) => `${m.instant}  ${m.kind}  ${m.name ?? ''}  ${m.value ?? ''}  ${m.file ? `${m.file}:${m.line}` : ''}`)) + (r.truncated ? `(more than ${limit}; use --limit)\n` : '') };
    }
    default:
      throw new UsageError(`unknown question '${what}'`);
  }
}

interface ChainJson { name: string; instant: number; file?: string; line?: number; value: string; reads: ChainJson[] }

function chainJson(link: LastWriteLink): ChainJson {
  return { name: link.name, instant: link.instant, file: link.position?.file, line: link.position?.line, value: shownText(link.value), reads: link.reads.map(chainJson) };
}

function chainText(reads: ChainJson[], indent: string): string {
  return reads.map((r) => `${indent}← ${r.name} = ${r.value}  (instant ${r.instant}, ${r.file}:${r.line})\n${chainText(r.reads, indent + '  ')}`).join('');
}

/** The binding named `name` visible on a line: the innermost scope containing the line. */
function bindingAtLine(engine: ScopeQueryEngine, file: string, line: number, name: string): WriteTarget {
  const site = engine.bindingSiteAt(file, line, name);
  if (site === undefined) throw new UsageError(`no binding '${name}' is visible at ${file}:${line}`);
  return { kind: 'binding', bindingSite: site, thread: -1, ownerFrame: 0 };
}
