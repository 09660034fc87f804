/**
 * The spill file of an EventStore: sealed value-arena segments written out when the store is past
 * its memory budget, read back one segment at a time.
 *
 * The file is created on the first spill (a store that stays under its budget never touches the
 * disk) and, on POSIX, unlinked as soon as it is open: it lives exactly as long as the descriptor,
 * so a crashed or killed adapter cannot leave gigabytes behind. Where an open file cannot be
 * unlinked (Windows), it is removed by `close()` or, failing that, when the process exits.
 *
 * Segments are immutable once sealed, so each is written once, appended, and only ever read after.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Spill files still on disk under their name (the Windows case), removed at process exit. */
const namedFiles = new Set<SpillFile>();
let exitHookInstalled = false;

export class SpillFile {
  private fd = -1;
  private bytes = 0;
  /** Set while the file is still reachable under this name (it could not be unlinked while open). */
  private namedPath: string | undefined;
  /** Where the file was created ('' until the first write). */
  path = '';

  /** `preferredPath`: where to create it (beside the recording); the OS temp dir if unset or not writable. */
  constructor(private readonly preferredPath: string | undefined) {}

  /** Bytes written so far. */
  get size(): number { return this.bytes; }

  /** Appends `words` words of `data`; returns the byte offset to `read` them back from. */
  write(data: Int32Array, words: number): number {
    if (this.fd < 0) this.open();
    const at = this.bytes;
    const view = new Uint8Array(data.buffer, data.byteOffset, words * 4);
    let done = 0;
    while (done < view.length) done += fs.writeSync(this.fd, view, done, view.length - done, at + done);
    this.bytes += view.length;
    return at;
  }

  /** Reads back `words` words written at byte offset `at`. */
  read(at: number, words: number): Int32Array {
    if (this.fd < 0) throw new Error('the spill file is closed (the event store was closed); reopen the recording to read it');
    const out = new Int32Array(words);
    const view = new Uint8Array(out.buffer);
    let done = 0;
    while (done < view.length) {
      const n = fs.readSync(this.fd, view, done, view.length - done, at + done);
      if (n === 0) throw new Error(`the spill file ${this.path} ends at byte ${at + done}, before the segment it holds (was it truncated?)`);
      done += n;
    }
    return out;
  }

  /** Closes the descriptor (which frees the disk space) and removes the file if it still has a name. */
  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    if (this.namedPath !== undefined) fs.rmSync(this.namedPath, { force: true });
    this.namedPath = undefined;
    namedFiles.delete(this);
  }

  private open(): void {
    const unique = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const tmp = path.join(os.tmpdir(), `scope-arena-${unique}.spill`);
    const candidates = this.preferredPath ? [`${this.preferredPath}-${unique}`, tmp] : [tmp];
    let lastError: unknown;
    for (const candidate of candidates) {
      try {
        this.fd = fs.openSync(candidate, 'wx+', 0o600);
        this.path = candidate;
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (this.fd < 0) throw new Error(`cannot create a spill file (tried ${candidates.join(', ')}): ${(lastError as NodeJS.ErrnoException).code ?? String(lastError)}`);
    try {
      fs.unlinkSync(this.path);
    } catch {
      this.namedPath = this.path;
      namedFiles.add(this);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once('exit', () => { for (const file of namedFiles) file.close(); });
      }
    }
  }
}
