/**
 * `scope info <file> [--json]`: what a recording holds, without opening a debugger.
 */
import { parseArgs } from 'node:util';
import { KIND_NAMES, SCHEMA_VERSION } from '../protocol/wire';
import { scanRecording, type ScannedRecording } from '../store/recording-file';
import { readingProgress } from './progress';

export interface RecordingInfo {
  file: string;
  schemaVersion: number;
  events: number;
  byKind: Record<string, number>;
  threads: number;
  processes: number;
  durationMs: number;
  bytes: number;
  bytesPerEvent: number;
  dropped: number;
  /** How the recorded files were instrumented: `calls` records no variable or property writes. */
  mode: 'full' | 'calls' | 'mixed' | 'none';
  /** Library files whose writes to recorded objects were recorded (the files themselves were not). */
  libraryFiles: number;
  complete: boolean;
  problems: string[];
}

function recordedMode(store: ScannedRecording['store']): RecordingInfo['mode'] {
  const modules = store.sites.filter((s) => s.kind === 'module' && !s.library);
  const calls = modules.filter((s) => s.callsMode).length;
  if (modules.length === 0) return 'none';
  return calls === 0 ? 'full' : calls === modules.length ? 'calls' : 'mixed';
}

/** The file's schema version is SCHEMA_VERSION: `scanRecording` refuses any other. */
export function describeRecording(file: string, scanned: ScannedRecording): RecordingInfo {
  const { store } = scanned;
  const counts = new Map<number, number>();
  const kinds = store.kinds;
  for (let i = 0; i < store.count; i++) counts.set(kinds[i], (counts.get(kinds[i]) ?? 0) + 1);
  const byKind: Record<string, number> = {};
  for (const [kind, n] of [...counts].sort((a, b) => b[1] - a[1])) byKind[KIND_NAMES[kind] ?? `kind${kind}`] = n;
  // Events carry no clock: the duration is from the first recorded thread connecting to the last
  // one ending (the footer's times, which include the adapter's start and finish, if none).
  const opened = scanned.connections.map((c) => c.open.at);
  const ended = scanned.connections.map((c) => c.close?.at ?? scanned.footer?.finishedAt ?? c.open.at);
  const start = opened.length ? Math.min(...opened) : scanned.footer?.startedAt ?? 0;
  const end = ended.length ? Math.max(...ended) : scanned.footer?.finishedAt ?? 0;
  return {
    file,
    schemaVersion: SCHEMA_VERSION,
    events: store.count,
    byKind,
    threads: store.threads.length,
    processes: new Set(store.threads.map((t) => t.pid)).size,
    durationMs: Number.isFinite(end - start) ? Math.max(0, end - start) : 0,
    bytes: scanned.fileBytes,
    bytesPerEvent: store.count === 0 ? 0 : Math.round((scanned.fileBytes / store.count) * 100) / 100,
    dropped: store.dropped,
    mode: recordedMode(store),
    libraryFiles: store.sites.filter((s) => s.kind === 'module' && s.library).length,
    complete: scanned.complete,
    problems: scanned.problems,
  };
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('scope: usage: scope info <file.scope> [--json]\n');
    return 2;
  }
  const reading = readingProgress(file);
  const scanned = await scanRecording(file, { onProgress: reading.onProgress }).finally(reading.done);
  const info = describeRecording(file, scanned);
  if (values.json) {
    process.stdout.write(JSON.stringify(info, null, 2) + '\n');
    return 0;
  }
  const lines = [
    `recording     ${info.file}${info.complete ? '' : '  (INCOMPLETE)'}`,
    `schema        ${info.schemaVersion}`,
    `events        ${info.events}`,
    `threads       ${info.threads} in ${info.processes} process${info.processes === 1 ? '' : 'es'}`,
    `duration      ${info.durationMs} ms`,
    `size          ${info.bytes} bytes (${info.bytesPerEvent} per event)`,
    `dropped       ${info.dropped}`,
    `mode          ${info.mode}${info.mode === 'calls' || info.mode === 'mixed' ? ' (calls mode records no variable or property writes: objects show what was seen when they were passed)' : ''}`,
    `libraries     ${info.libraryFiles} file${info.libraryFiles === 1 ? '' : 's'} not recorded, their writes to recorded objects recorded`,
    'by kind',
    ...Object.entries(info.byKind).map(([k, n]) => `  ${k.padEnd(14)}${n}`),
    ...info.problems.map((p) => `problem: ${p}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
