/** What the recorder (main thread) and the ingest worker agree on. Imports nothing with side effects. */

export interface IngestWorkerData {
  ring: SharedArrayBuffer;
  /** The recording file, opened by the main thread, header already written. */
  fd: number;
  /** Compress Words chunks while the worker keeps up (see ingest-worker.ts). */
  compress: boolean;
}

/** Ring record (adapter side): header(chunk type, words) | connection | payload bytes | payload (padded). */
export const RING_CHUNK_HEADER_WORDS = 3;

export type IngestMessage = { type: 'space' } | { type: 'done'; bytes: number } | { type: 'error'; message: string };
