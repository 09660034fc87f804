/**
 * The read side of the instrumentation cache (see cache.ts), light enough for the debuggee's
 * loaders: it needs neither TypeScript nor the instrumenter, so a process whose files are all
 * cached never loads the 9 MB instrumenter bundle.
 *
 * Key: SHA-256 of the instrumenter version, every option that changes the output (mode, module
 * kind, TypeScript settings, file name — the output embeds it) and the source text.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { InstrumentOptions, InstrumentResult } from './index';
import { INSTRUMENTER_VERSION } from './version';

export function cacheKey(source: string, options: InstrumentOptions): string {
  return createHash('sha256')
    .update(`${INSTRUMENTER_VERSION}\0${options.mode}\0${options.moduleKind ?? ''}\0${JSON.stringify(options.typescript ?? {})}\0${options.filename}\0`)
    .update(source)
    .digest('hex');
}

export function cachePath(cacheDir: string, key: string): string {
  return path.join(cacheDir, key.slice(0, 2), `${key}.json`);
}

/** The cached output for this exact input, or undefined (never cached, or unreadable: a miss). */
export function readCached(source: string, options: InstrumentOptions, cacheDir: string): InstrumentResult | undefined {
  try {
    return JSON.parse(readFileSync(cachePath(cacheDir, cacheKey(source, options)), 'utf8')) as InstrumentResult;
  } catch {
    return undefined;
  }
}
