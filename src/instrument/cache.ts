/**
 * On-disk cache of instrumented files, shared by every process of a recording (and across runs).
 *
 * Key: SHA-256 of the instrumenter version, every option that changes the output (mode, module
 * kind, TypeScript settings, file name — the output embeds it) and the source text. Entries are
 * written to a temporary file and renamed into place, so concurrent processes never read a partial
 * entry; an unreadable entry is treated as a miss and rewritten.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { INSTRUMENTER_VERSION, type InstrumentOptions, type InstrumentResult, instrument } from './index';

export function cacheKey(source: string, options: InstrumentOptions): string {
  return createHash('sha256')
    .update(`${INSTRUMENTER_VERSION}\0${options.mode}\0${options.moduleKind ?? ''}\0${JSON.stringify(options.typescript ?? {})}\0${options.filename}\0`)
    .update(source)
    .digest('hex');
}

export function cachePath(cacheDir: string, key: string): string {
  return path.join(cacheDir, key.slice(0, 2), `${key}.json`);
}

function readEntry(file: string): InstrumentResult | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstrumentResult;
  } catch {
    return undefined;
  }
}

/** `instrument()`, served from `cacheDir` when this exact input was instrumented before. */
export function instrumentCached(source: string, options: InstrumentOptions, cacheDir: string): InstrumentResult {
  const file = cachePath(cacheDir, cacheKey(source, options));
  const cached = readEntry(file);
  if (cached) return cached;
  const result = instrument(source, options);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, JSON.stringify(result));
    renameSync(temporary, file);
  } catch {
    // A cache that cannot be written (read-only disk, full disk) only costs speed.
  }
  return result;
}
