/**
 * `node dist/adapter.js --server=PORT`: DAP over loopback TCP, one session per connection.
 * Port 0 lets the system pick; the adapter prints the address it listens on.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const ROOT = path.resolve(__dirname, '..', '..');
const PROGRAM = path.join(ROOT, 'test', 'golden', 'fixtures', 'basic.ts');

describe('adapter in server mode (--server=PORT, loopback TCP)', function () {
  this.timeout(60_000);
  let server: ChildProcess;
  let port: number;
  let tmp: string;

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'scope-server-'));
    server = spawn(process.execPath, [path.join(ROOT, 'dist', 'adapter.js'), '--server=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const address = await new Promise<string>((resolve, reject) => {
      let text = '';
      server.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
        const m = /waiting for DAP on (\S+):(\d+)/.exec(text);
        if (m) resolve(`${m[1]}:${m[2]}`);
      });
      server.once('exit', (code) => reject(new Error(`the adapter exited (${code}) before listening: ${text}`)));
    });
    assert.match(address, /^127\.0\.0\.1:\d+$/, 'listens on loopback only');
    port = Number(address.split(':')[1]);
  });

  after(() => {
    server.kill();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function session(recordingPath: string): Promise<number> {
    const dc = new DebugClient('node', 'unused', 'scope');
    await dc.start(port);
    try {
      const initialized = dc.waitForEvent('initialized');
      await dc.initializeRequest({ adapterID: 'scope', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
      await dc.launchRequest({ program: PROGRAM, recordingPath } as DebugProtocol.LaunchRequestArguments);
      await initialized;
      await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: 2, condition: 'b === 3' }] });
      const stopped = dc.waitForEvent('stopped');
      await dc.configurationDoneRequest();
      const stop = (await stopped) as DebugProtocol.StoppedEvent;
      assert.equal(stop.body.reason, 'breakpoint');
      const stack = await dc.stackTraceRequest({ threadId: stop.body.threadId! });
      const value = await dc.evaluateRequest({ expression: 'a', frameId: stack.body.stackFrames[0].id, context: 'watch' });
      return Number(value.body.result);
    } finally {
      await dc.disconnectRequest({ terminateDebuggee: true }).catch(() => undefined);
      await dc.stop();
    }
  }

  it('serves a whole session over TCP, and another one after it on the same server', async () => {
    assert.equal(await session(path.join(tmp, 'one.scope')), 3);
    assert.equal(await session(path.join(tmp, 'two.scope')), 3);
  });
});
