/**
 * Part of the cache key: bump it whenever the instrumented output changes for the same input.
 * A module of its own so that the runtime's cache lookup (cache-lookup.ts) can read it without
 * loading the instrumenter, which carries TypeScript.
 */
export const INSTRUMENTER_VERSION = '1.27.0';
