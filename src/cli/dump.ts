/**
 * `scope dump <file> [--from N] [--count K] [--json]`: the recorded events, one per line, with
 * their source positions (original file, line, column).
 */
import { parseArgs } from 'node:util';
import { KIND_NAMES, Kind, type WireValue } from '../protocol/wire';
import type { EventStore } from '../store/event-store';
import { openRecording } from '../store/recording-file';
import { readingProgress } from './progress';

export interface DumpedEvent {
  instant: number;
  kind: string;
  thread: number;
  site?: { file: string; line: number; column: number; kind: string; name?: string };
  frame?: number;
  object?: number;
  values?: WireValue[];
  text?: string;
}

export function dumpEvent(store: EventStore, i: number): DumpedEvent {
  const kind = store.kinds[i];
  const out: DumpedEvent = { instant: i, kind: KIND_NAMES[kind] ?? `kind${kind}`, thread: store.threadOf[i] };
  const siteId = store.siteOf[i];
  const site = siteId >= 0 ? store.sites[siteId] : undefined;
  if (site) out.site = { file: site.file, line: site.line, column: site.column, kind: site.kind, ...(site.name !== undefined ? { name: site.name } : {}) };
  if (store.frameOf[i] !== 0) out.frame = store.frameOf[i];
  if (kind === Kind.PropWrite || kind === Kind.PropDelete || kind === Kind.MutatingCall) out.object = store.objectOf[i];
  const values = store.values(i);
  if (values.length > 0) out.values = values;
  if (kind === Kind.Console || kind === Kind.Marker) out.text = store.text(i);
  return out;
}

export function formatValue(v: WireValue): string {
  switch (v.t) {
    case 'number': return Object.is(v.v, -0) ? '-0' : String(v.v);
    case 'boolean': return String(v.v);
    case 'string': return JSON.stringify(v.v) + (v.cut ? '…' : '');
    case 'bigint': return `${v.v}n`;
    case 'symbol': return `Symbol(${v.v})`;
    case 'object': return `#${v.id}`;
    default: return v.t;
  }
}

export function formatEvent(e: DumpedEvent): string {
  const where = e.site ? `${e.site.file}:${e.site.line}:${e.site.column}${e.site.name ? ` ${e.site.name}` : ''}` : '-';
  const parts = [`${String(e.instant).padStart(8)}  t${e.thread}  ${e.kind.padEnd(12)}  ${where}`];
  if (e.frame !== undefined) parts.push(`frame=${e.frame}`);
  if (e.object !== undefined) parts.push(`object=#${e.object}`);
  if (e.values) parts.push(e.values.map(formatValue).join(' '));
  if (e.text !== undefined) parts.push(JSON.stringify(e.text));
  return parts.join('  ');
}

function count(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} wants a whole number ≥ 0, got '${text}'`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { from: { type: 'string' }, count: { type: 'string' }, json: { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('scope: usage: scope dump <file.scope> [--from N] [--count K] [--json]\n');
    return 2;
  }
  const reading = readingProgress(file);
  const { store, complete, problems } = await openRecording(file, { onProgress: reading.onProgress }).finally(reading.done);
  const from = count(values.from, 'from', 0);
  const end = Math.min(store.count, from + count(values.count, 'count', 100));
  const events: DumpedEvent[] = [];
  for (let i = from; i < end; i++) events.push(dumpEvent(store, i));
  if (values.json) {
    process.stdout.write(JSON.stringify({ events: store.count, complete, problems, from, dumped: events }, null, 1) + '\n');
  } else {
    process.stdout.write(events.map(formatEvent).join('\n') + (events.length ? '\n' : ''));
    for (const p of problems) process.stderr.write(`scope: ${file}: ${p}\n`);
  }
  return 0;
}
