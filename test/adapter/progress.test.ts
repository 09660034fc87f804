/**
 * DAP progress while the adapter opens a big recording (and indexes a live one after its run),
 * through the real adapter process (dist/adapter.js) over stdio: what VS Code sees, in order.
 * The recording is written chunk by chunk as the recorder writes one (bench/adapter-recording.ts),
 * big enough (3 M events, about a dozen chunks) that reading and indexing it take several steps.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { writeSyntheticRecording } from '../../bench/adapter-recording';

const ROOT = path.resolve(__dirname, '..', '..');
const ADAPTER = path.join(ROOT, 'dist', 'adapter.js');
const EVENTS = 3_000_000;

type Progress = { event: 'progressStart' | 'progressUpdate' | 'progressEnd'; body: { progressId: string; title?: string; message?: string; percentage?: number; cancellable?: boolean } };

/** A client on the real adapter, with every progress event (and the launch response) logged in arrival order. */
async function client(supportsProgressReporting: boolean) {
  const dc = new DebugClient('node', ADAPTER, 'scope', {}, true);
  await dc.start();
  const log: (Progress | { event: 'launchResponse'; success: boolean; message?: string })[] = [];
  for (const event of ['progressStart', 'progressUpdate', 'progressEnd'] as const) {
    dc.on(event, (e: DebugProtocol.Event) => log.push({ event, body: e.body as Progress['body'] }));
  }
  await dc.initializeRequest({ adapterID: 'scope', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsProgressReporting });
  const launch = (args: Record<string, unknown>) => dc.send('launch', args).then(
    (r: DebugProtocol.Response) => { log.push({ event: 'launchResponse', success: r.success }); return r; },
    (e: Error) => { log.push({ event: 'launchResponse', success: false, message: e.message }); return undefined; },
  );
  return { dc, log, launch };
}

/** `dist/adapter.js --server=0`: its port, and everything it wrote on stderr so far. */
async function adapterServer(): Promise<{ port: number; process: ChildProcess; stderr: () => string }> {
  const server = spawn(process.execPath, [ADAPTER, '--server=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const port = await new Promise<number>((resolve, reject) => {
    server.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const m = /waiting for DAP on \S+:(\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    server.once('exit', (code) => reject(new Error(`the adapter exited (${code}): ${text}`)));
  });
  return { port, process: server, stderr: () => text };
}

/** CPU time a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function progressOf(log: { event: string }[], id: string): Progress[] {
  return log.filter((e): e is Progress => e.event.startsWith('progress') && (e as Progress).body.progressId === id);
}

describe('adapter: progress while opening a big recording', function () {
  this.timeout(180_000);
  let tmp: string;
  let file: string;
  let events: number;

  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'scope-progress-'));
    file = path.join(tmp, 'big.scope');
    events = writeSyntheticRecording(file, EVENTS);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('sends progressStart, updates whose percentages only go up to 100, then progressEnd, all before the launch answer', async () => {
    const { dc, log, launch } = await client(true);
    try {
      const stopped = dc.waitForEvent('stopped', 120_000);
      const initialized = dc.waitForEvent('initialized', 120_000);
      await launch({ recording: file });
      await initialized;
      await dc.configurationDoneRequest();
      await stopped;

      const opening = progressOf(log, 'scope-opening');
      assert.equal(opening[0].event, 'progressStart');
      assert.equal(opening[0].body.percentage, 0);
      assert.equal(opening[0].body.cancellable, true);
      assert.match(opening[0].body.title!, /^Scope: opening big\.scope$/);
      const updates = opening.slice(1, -1);
      assert.ok(updates.every((u) => u.event === 'progressUpdate'), JSON.stringify(opening));
      assert.ok(updates.length >= 10, `${updates.length} updates: ${JSON.stringify(updates)}`);
      const percentages = updates.map((u) => u.body.percentage!);
      assert.ok(percentages.every((p, k) => Number.isInteger(p) && p > (k === 0 ? 0 : percentages[k - 1])), `percentages go up: ${percentages.join(' ')}`);
      assert.equal(percentages[percentages.length - 1], 100);
      // Reading first (the first 60%), then indexing.
      const phases = updates.map((u) => (/^reading/.test(u.body.message!) ? 'reading' : /^indexing 3,000,0\d\d events$/.test(u.body.message!) ? 'indexing' : u.body.message));
      const firstIndexing = phases.indexOf('indexing');
      assert.ok(firstIndexing > 1 && phases.slice(0, firstIndexing).every((p) => p === 'reading') && phases.slice(firstIndexing).every((p) => p === 'indexing'), phases.join(' '));
      assert.ok(percentages[firstIndexing - 1] <= 60 && percentages[firstIndexing] > 60, percentages.join(' '));
      assert.deepEqual(opening[opening.length - 1], { event: 'progressEnd', body: { progressId: 'scope-opening', message: `${events.toLocaleString('en-US')} events` } });
      const ended = log.indexOf(opening[opening.length - 1]);
      assert.deepEqual(log.slice(ended + 1).map((e) => e.event), ['launchResponse'], 'the launch is answered once the recording is open');

      const info = await dc.customRequest('scope/info');
      assert.equal(info.body.events, events);
    } finally {
      await dc.disconnectRequest({}).catch(() => undefined);
      await dc.stop();
    }
  });

  it('sends no progress to a client that did not ask for it', async () => {
    const { dc, log, launch } = await client(false);
    try {
      const stopped = dc.waitForEvent('stopped', 120_000);
      await launch({ recording: file });
      await dc.configurationDoneRequest();
      await stopped;
      assert.deepEqual(log.map((e) => e.event), ['launchResponse']);
    } finally {
      await dc.disconnectRequest({}).catch(() => undefined);
      await dc.stop();
    }
  });

  it('a cancel request naming the progress stops the opening: the launch answers cancelled, the session ends', async () => {
    const { dc, log, launch } = await client(true);
    try {
      // Cancelled as soon as the opening starts: the adapter hears it at its next pause between chunks.
      dc.once('progressStart', (e: DebugProtocol.ProgressStartEvent) => { void dc.send('cancel', { progressId: e.body.progressId }); });
      const terminated = dc.waitForEvent('terminated', 60_000);
      await launch({ recording: file });
      await terminated;
      const opening = progressOf(log, 'scope-opening');
      assert.equal(opening[0].event, 'progressStart');
      assert.deepEqual(opening[opening.length - 1], { event: 'progressEnd', body: { progressId: 'scope-opening', message: 'cancelled' } });
      assert.ok(opening.every((e) => (e.body.percentage ?? 0) < 60), `stopped while reading: ${JSON.stringify(opening)}`);
      assert.deepEqual(log[log.length - 1], { event: 'launchResponse', success: false, message: 'cancelled' });
    } finally {
      await dc.stop();
    }
  });
});

describe('adapter: a client leaving while a recording opens', function () {
  this.timeout(180_000);
  let tmp: string;
  let file: string;
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'scope-progress-leave-'));
    file = path.join(tmp, 'big.scope');
    writeSyntheticRecording(file, EVENTS);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('a disconnect stops the opening; the server answers nothing more to it and serves the next session', async () => {
    const { port, process: server, stderr } = await adapterServer();
    try {
      const first = new DebugClient('node', 'unused', 'scope');
      await first.start(port);
      await first.initializeRequest({ adapterID: 'scope', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsProgressReporting: true });
      const started = first.waitForEvent('progressStart', 60_000);
      const launched = first.send('launch', { recording: file }).then(() => 'answered', () => 'refused');
      await started;
      await first.disconnectRequest({});
      await first.stop();
      // The opening stops at its next pause: the server then idles, where reading on would take
      // it most of a second of CPU (the second session below takes that much to open the file).
      const cpuBefore = cpuSeconds(server.pid!);
      assert.equal(await Promise.race([launched, new Promise((resolve) => setTimeout(() => resolve('no answer'), 2_000))]), 'no answer');
      const idleCpu = cpuSeconds(server.pid!) - cpuBefore;

      const second = new DebugClient('node', 'unused', 'scope');
      await second.start(port);
      try {
        await second.initializeRequest({ adapterID: 'scope', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
        const stopped = second.waitForEvent('stopped', 120_000);
        const openCpu = cpuSeconds(server.pid!);
        await second.send('launch', { recording: file });
        const opening = cpuSeconds(server.pid!) - openCpu;
        await second.configurationDoneRequest();
        await stopped;
        assert.ok(idleCpu < opening / 3, `after the disconnect the server used ${idleCpu} s of CPU; opening the file takes ${opening} s`);
      } finally {
        await second.disconnectRequest({}).catch(() => undefined);
        await second.stop();
      }
      assert.equal(server.exitCode, null, `the server is alive: ${stderr()}`);
      assert.doesNotMatch(stderr(), /Error/, stderr());
    } finally {
      server.kill();
    }
  });
});

describe('adapter: progress of a live recording', function () {
  this.timeout(180_000);
  let tmp: string;
  before(() => { tmp = mkdtempSync(path.join(tmpdir(), 'scope-progress-live-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('says how many events while the program runs, then indexes what was recorded during a stop with percentages', async () => {
    // ~3.6 M events recorded while the session stands at its first stop (the program is not paused):
    // none of them indexed until the run ends.
    const program = path.join(tmp, 'loop.js');
    writeFileSync(program, 'let total = 0;\nfor (let i = 0; i < 1200000; i++) { total += i % 7; }\nconsole.log(total);\n');
    const { dc, log, launch } = await client(true);
    try {
      const stopped = dc.waitForEvent('stopped', 60_000);
      await launch({ program, stopOnEntry: true, recordingPath: path.join(tmp, 'loop.scope') });
      await dc.configurationDoneRequest();
      await stopped;
      await dc.waitForEvent('exited', 120_000);
      const recording = progressOf(log, 'scope-recording');
      await new Promise<void>((resolve) => {
        const check = () => (progressOf(log, 'scope-recording').some((e) => e.event === 'progressEnd') ? resolve() : setTimeout(check, 50));
        check();
      });
      recording.splice(0, recording.length, ...progressOf(log, 'scope-recording'));
      assert.equal(recording[0].event, 'progressStart');
      assert.equal(recording[0].body.percentage, undefined, 'a run has no known end');
      const counting = recording.filter((e) => e.event === 'progressUpdate' && e.body.percentage === undefined);
      assert.ok(counting.every((e) => /^[\d,]+ events$/.test(e.body.message!)), JSON.stringify(counting));
      const indexing = recording.filter((e) => e.event === 'progressUpdate' && e.body.percentage !== undefined);
      assert.ok(indexing.length >= 3, JSON.stringify(recording));
      const percentages = indexing.map((e) => e.body.percentage!);
      assert.ok(percentages.every((p, k) => k === 0 || p > percentages[k - 1]), percentages.join(' '));
      assert.equal(percentages[percentages.length - 1], 100);
      assert.ok(indexing.every((e) => /^indexing [\d,]+ events$/.test(e.body.message!)));
      assert.ok(recording.indexOf(indexing[0]) > recording.indexOf(counting[counting.length - 1] ?? recording[0]), 'indexing comes after the run');
      const end = recording[recording.length - 1];
      assert.equal(end.event, 'progressEnd');
      const info = await dc.customRequest('scope/info');
      assert.equal(end.body.message, `${info.body.events.toLocaleString('en-US')} events`);
      assert.ok(info.body.events > 3_000_000, `${info.body.events} events`);
    } finally {
      await dc.disconnectRequest({ terminateDebuggee: true }).catch(() => undefined);
      await dc.stop();
    }
  });

  it('a disconnect while the ended run is being indexed ends that work: the server serves the next session', async () => {
    // Throws caught in the loop: the exception scan reads their values from the store, which the
    // disconnect closes while the indexing after the run is under way.
    const program = path.join(tmp, 'throws.js');
    writeFileSync(program, 'let n = 0;\nfor (let i = 0; i < 400000; i++) { try { if (i % 3 === 0) throw new Error("x" + i); n++; } catch (e) { n--; } }\nconsole.log(n);\n');
    const { port, process: server, stderr } = await adapterServer();
    try {
      const session = async (disconnectWhileIndexing: boolean) => {
        const dc = new DebugClient('node', 'unused', 'scope');
        await dc.start(port);
        try {
          await dc.initializeRequest({ adapterID: 'scope', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsProgressReporting: true });
          const stopped = dc.waitForEvent('stopped', 60_000);
          await dc.send('launch', { program, stopOnEntry: true, recordingPath: path.join(tmp, `throws-${disconnectWhileIndexing}.scope`) });
          await dc.configurationDoneRequest();
          await stopped;
          if (disconnectWhileIndexing) {
            // No request in between: any query would index the rest at once.
            await new Promise<void>((resolve) => dc.on('progressUpdate', (e: DebugProtocol.ProgressUpdateEvent) => { if (e.body.percentage !== undefined) resolve(); }));
            return 0;
          }
          await dc.waitForEvent('progressEnd', 120_000);
          const info = await dc.customRequest('scope/info');
          return info.body.events as number;
        } finally {
          await dc.disconnectRequest({ terminateDebuggee: true }).catch(() => undefined);
          await dc.stop();
        }
      };
      await session(true);
      assert.ok(await session(false) > 1_000_000, 'a second session runs on the same server');
      assert.equal(server.exitCode, null, `the server is alive: ${stderr()}`);
      assert.doesNotMatch(stderr(), /Error|closed/, 'no error from the first session\'s work after its store was closed');
    } finally {
      server.kill();
    }
  });
});
