/** Running the writer child (fixtures/writer-child.ts) against a recorder, and checking what it wrote. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kind } from '../../src/protocol/wire';
import type { EventStore } from '../../src/store/event-store';
import type { Recorder } from '../../src/store/recorder';
import { SITES } from './fixtures/writer-sites';
import { bundleForWorker } from './helpers';

const builtDrainer = path.join(__dirname, '..', '..', 'dist', 'runtime', 'drainer.js');
let writerChild: string | undefined;

/** The writer child bundled into a temp dir beside a copy of dist/runtime/drainer.js. */
function builtWriterChild(): string {
  if (!writerChild) {
    if (!fs.existsSync(builtDrainer)) throw new Error(`${builtDrainer} is missing: run npm run build first`);
    writerChild = bundleForWorker(path.join(__dirname, 'fixtures', 'writer-child.ts'));
    fs.copyFileSync(builtDrainer, path.join(path.dirname(writerChild), 'drainer.js'));
  }
  return writerChild;
}

export interface ChildResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/**
 * Runs the writer child recorded by `recorder`. Modes 'sigterm'/'sigint' send that signal once
 * the child says it is ready.
 */
export function recordChild(recorder: Recorder, mode: string, count: number, env: Record<string, string> = {}): Promise<ChildResult> {
  const child = spawn(process.execPath, [builtWriterChild(), mode === 'sigint' ? 'sigterm' : mode, String(count)], {
    env: { ...process.env, ...recorder.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    if (stdout.includes('ready') && ['sigterm', 'sigint', 'own-handler'].includes(mode)) child.kill(mode === 'sigint' ? 'SIGINT' : 'SIGTERM');
  });
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The events of `thread` in order, as the writer child's event numbers (-1 for anything else). */
export function childEventNumbers(store: EventStore, thread = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < store.count; i++) {
    if (store.threadOf[i] !== thread) continue;
    if (store.kinds[i] === Kind.VarWrite) {
      out.push(store.frameOf[i]);
    } else if (store.kinds[i] === Kind.Statement) {
      // Event k is a Statement at site k % SITES; recover k from the previous event's number.
      const previous = out.length ? out[out.length - 1] : -1;
      const k = previous + 1;
      const site = store.sites[store.siteOf[i]];
      out.push(site && site.line - 1 === k % SITES ? k : -1);
    } else {
      out.push(-1);
    }
  }
  return out;
}

/** Asserts that `thread` holds exactly events 0..count-1 of the writer child, in order. */
export function assertAllChildEvents(store: EventStore, count: number, thread = 0): void {
  const numbers = childEventNumbers(store, thread);
  assert.equal(numbers.length, count, `thread ${thread} holds ${numbers.length} events, the child wrote ${count}`);
  const wrong = numbers.findIndex((k, i) => k !== i);
  assert.equal(wrong, -1, `thread ${thread}: event ${wrong} is not the one written ${wrong}th`);
}

/** VarWrite events of `thread` (raw transport tests number their events in the frame column). */
export function frameNumbers(store: EventStore, thread?: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < store.count; i++) if (thread === undefined || store.threadOf[i] === thread) out.push(store.frameOf[i]);
  return out;
}
