/**
 * Writes a synthetic `.scope` recording of a given size for the adapter benchmark: a module loop
 * calling `step(x)` every iteration, with `rare()` called in the first iteration only (so a
 * breakpoint in it is the worst case for Reverse Continue from the end: the previous hit is at the
 * very start). Ten events per iteration. The file is written chunk by chunk, as the recorder does,
 * and read back by the adapter like any recording.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { RecordingBuilder, num, undef } from '../src/query/synthetic-recording';
import { ChunkType, chunkHeader, fileHeader, paddedLength, trailer } from '../src/store/recording-file';

/** The source file the recording claims to come from, and its lines. */
export const SOURCE = '/bench/loop.ts';
export const LINES = { loopBody: 5, afterCall: 6, stepBody: 11, rareBody: 21 } as const;

function writeChunk(fd: number, position: { at: number }, type: number, payload: Uint8Array): void {
  const padded = new Uint8Array(paddedLength(payload.length));
  padded.set(payload);
  const head = chunkHeader(type, 0, payload.length, padded);
  writeSync(fd, head);
  writeSync(fd, padded);
  position.at += head.length + padded.length;
}

function jsonBytes(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** Writes about `events` events to `file`; returns the exact count. */
export function writeSyntheticRecording(file: string, events: number): number {
  const b = new RecordingBuilder(SOURCE);
  const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 30, endColumn: 1 });
  const moduleScope: [number, number, number, number] = [1, 1, 30, 1];
  const iSite = b.site({ kind: 'binding', name: 'i', decl: 'let', line: 4, column: 10, fn: mod, scope: moduleScope });
  const totalSite = b.site({ kind: 'binding', name: 'total', decl: 'let', line: 3, column: 5, fn: mod, scope: moduleScope });
  const loopStmt = b.site({ kind: 'statement', line: LINES.loopBody, column: 3, fn: mod });
  const afterStmt = b.site({ kind: 'statement', line: LINES.afterCall, column: 3, fn: mod });
  const step = b.site({ kind: 'function', name: 'step', line: 10, column: 1, endLine: 14, endColumn: 2, fn: mod, params: ['x'] });
  const stepScope: [number, number, number, number] = [10, 1, 14, 2];
  b.site({ kind: 'binding', name: 'x', decl: 'param', line: 10, column: 15, fn: step, scope: stepScope });
  const acc = b.site({ kind: 'binding', name: 'acc', decl: 'const', line: 11, column: 9, fn: step, scope: stepScope });
  const stepStmts = [LINES.stepBody, 12, 13].map((line) => b.site({ kind: 'statement', line, column: 3, fn: step }));
  const rare = b.site({ kind: 'function', name: 'rare', line: 20, column: 1, endLine: 22, endColumn: 2, fn: mod });
  const rareStmt = b.site({ kind: 'statement', line: LINES.rareBody, column: 3, fn: rare });

  const fd = openSync(file, 'w');
  const position = { at: 0 };
  writeSync(fd, fileHeader());
  position.at += 16;
  writeChunk(fd, position, ChunkType.Open, jsonBytes({ pid: 1, threadId: 0, name: 'main', at: 0 }));
  const flush = () => {
    const words = b.enc.take();
    if (words.length) writeChunk(fd, position, ChunkType.Words, new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
  };

  let count = 0;
  const m = b.call(mod);
  count++;
  for (let iteration = 0; count < events - 1; iteration++) {
    b.stmt(loopStmt);
    b.write(iSite, m, num(iteration));
    const frame = b.call(step, m, undef, [num(iteration)]);
    b.stmt(stepStmts[0]);
    b.write(acc, frame, num(iteration * 2));
    b.stmt(stepStmts[1]);
    count += 6;
    if (iteration === 0) {
      const r = b.call(rare, m);
      b.stmt(rareStmt);
      b.ret(rare, r);
      count += 3;
    }
    b.stmt(stepStmts[2]);
    b.ret(step, frame, num(iteration * 2));
    b.stmt(afterStmt);
    b.write(totalSite, m, num(iteration * 3));
    count += 4;
    // Chunks of about 1 M words, like large socket frames.
    if (b.enc.length > 1 << 20) flush();
  }
  b.ret(mod, m);
  count++;
  flush();
  writeChunk(fd, position, ChunkType.Close, jsonBytes({ at: Date.now(), clean: true }));
  const footerAt = position.at;
  writeChunk(fd, position, ChunkType.Footer, jsonBytes({ events: count, dropped: 0, connections: 1, chunks: 0, startedAt: 0, finishedAt: 0 }));
  writeSync(fd, trailer(footerAt));
  closeSync(fd);
  return count;
}
