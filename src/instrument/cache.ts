/**
 * On-disk cache of instrumented files, shared by every process of a recording (and across runs).
 * The key and the lookup live in cache-lookup.ts (the debuggee's loaders read the cache without
 * loading the instrumenter); this side instruments on a miss and writes the entry. Entries are
 * written to a temporary file and renamed into place, so concurrent processes never read a partial
 * entry; an unreadable entry is treated as a miss and rewritten.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheKey, cachePath, readCached } from './cache-lookup';
import { type InstrumentOptions, type InstrumentResult, instrument } from './index';

/** `instrument()`, served from `cacheDir` when this exact input was instrumented before. */
export function instrumentCached(source: string, options: InstrumentOptions, cacheDir: string): InstrumentResult {
  const cached = readCached(source, options, cacheDir);
  if (cached) return cached;
  const result = instrument(source, options);
  const file = cachePath(cacheDir, cacheKey(source, options));
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
