/** Shared by the pipeline tests and the pipeline benchmarks. */
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { SCHEMA_VERSION } from '../../src/protocol/wire';
import type { FileRecorder } from '../../src/store/recorder';
import { encodeFrame, encodeHandshake, parseEndpoint } from '../../src/transport/frame';

const bundled = new Map<string, string>();

/**
 * Bundles a TypeScript worker entry to one CommonJS file in a temp dir. Worker threads do not
 * inherit tsx's loader, so a worker runs the bundle (the same code, compiled by esbuild as the
 * product is).
 */
export function bundleForWorker(entry: string): string {
  let out = bundled.get(entry);
  if (!out) {
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scope-test-')), path.basename(entry).replace(/\.ts$/, '.js'));
    esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, logLevel: 'warning' });
    bundled.set(entry, out);
  }
  return out;
}

/**
 * Benchmarks measure the code as it ships: bundled by esbuild (run unbundled under tsx, every
 * imported binding is a getter call, several times slower on per-event paths). Bundles `entry`
 * to dist/bench/ (so the recorder finds dist/ingest-worker.js beside it), runs it with node and
 * returns true; inside that run it returns false and the benchmark goes on.
 */
export function runBundled(entry: string): boolean {
  if (process.env.SCOPE_BENCH_BUNDLED === '1') return false;
  const root = path.join(__dirname, '..', '..');
  if (!fs.existsSync(path.join(root, 'dist', 'ingest-worker.js'))) throw new Error('dist/ingest-worker.js is missing: run npm run build first');
  const out = path.join(root, 'dist', 'bench', path.basename(entry).replace(/\.ts$/, '.js'));
  esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, logLevel: 'warning', external: ['esbuild'] });
  const run = spawnSync(process.execPath, [out], { stdio: 'inherit', env: { ...process.env, SCOPE_BENCH_BUNDLED: '1' } });
  process.exitCode = run.status ?? 1;
  return true;
}

export interface RawConnection {
  socket: net.Socket;
  /** Sends `words` as one frame; false when the socket asks to wait for 'drain'. */
  send(words: Int32Array): boolean;
  /** Ends the connection and waits until it is closed. */
  end(): Promise<void>;
}

/** A hand-made producer: connects to the recorder's Unix socket and sends a valid handshake. */
export async function rawConnection(recorder: Pick<FileRecorder, 'env'>, handshake: { pid?: number; threadId?: number; name?: string } = {}): Promise<RawConnection> {
  const endpoint = parseEndpoint(recorder.env.SCOPE_ENDPOINT);
  if (endpoint.kind !== 'unix') throw new Error('rawConnection speaks to a Unix socket recorder');
  const socket = net.createConnection(endpoint.path);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(encodeHandshake({ schemaVersion: SCHEMA_VERSION, pid: 1, threadId: 0, secret: recorder.env.SCOPE_SECRET, ...handshake }));
  return {
    socket,
    send: (words) => socket.write(encodeFrame(new Uint8Array(words.buffer, words.byteOffset, words.byteLength))),
    end: () => {
      socket.end();
      return closed;
    },
  };
}
