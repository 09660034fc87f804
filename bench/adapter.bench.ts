/**
 * Debug adapter round trips over DAP, against the real adapter process (dist/adapter.js) with a
 * synthetic recording opened with `"recording": …`:
 *   stepBack, next            request → `stopped` event → stackTrace (what VS Code does on a stop)
 *   reverseContinue           from the end to a breakpoint whose previous hit is at the very start
 *   reverseContinue (condition)  the same, with a condition evaluated at every hit on the way
 *   seek+stackTrace+scopes    scope/seek to a random instant → stopped → stackTrace → scopes
 *   evaluate (hover)          the value of a name in the top frame at that instant
 *   continue (data breakpoint)  to the next write of a variable written every iteration
 * p50/p95 on the big recording (1 M events; SCOPE_BENCH_EVENTS=10000000 for the 10 M target),
 * and the same requests on a 10 K-event recording as the in-run baseline, with their ratio.
 * Targets (DESIGN.md): step back ≤ 30 ms, reverse continue ≤ 150 ms, hover ≤ 10 ms at 10 M events.
 *
 *   npm run build && npx tsx bench/adapter.bench.ts
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { LINES, SOURCE, writeSyntheticRecording } from './adapter-recording';

const BIG = Number(process.env.SCOPE_BENCH_EVENTS ?? 1_000_000);
const SMALL = 10_000;
const ROUNDS = Number(process.env.SCOPE_BENCH_ROUNDS ?? 30);
const WARMUP = 5;
/** Conditional reverse continue scans every hit: fewer rounds. */
const CONDITION_ROUNDS = 3;
const ADAPTER = path.resolve(__dirname, '..', 'dist', 'adapter.js');

interface Figures { [op: string]: { p50: number; p95: number } }

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** A deterministic pseudo-random instant in [0, n). */
function randomInstants(n: number, count: number): number[] {
  let state = 12345;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  });
}

async function measure(file: string, events: number): Promise<Figures> {
  const dc = new DebugClient('node', ADAPTER, 'scope', {}, true);
  await dc.start();
  try {
    await dc.initializeRequest({ adapterID: 'scope', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const opened = performance.now();
    // `initialized` follows the launch response at once: listen before sending.
    const initialized = dc.waitForEvent('initialized', 600_000);
    await dc.launchRequest({ recording: file } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    const firstStop = dc.waitForEvent('stopped', 600_000);
    await dc.configurationDoneRequest();
    let stopped = await firstStop;
    process.stdout.write(`  opened ${events.toLocaleString('en-US')} events in ${(performance.now() - opened).toFixed(0)} ms\n`);

    /** Sends a request that moves, waits for `stopped`, then asks for the stack as VS Code does. */
    const roundTrip = async (send: () => Promise<unknown>, withScopes = false, expect?: { reason: string; line?: number }): Promise<number> => {
      const t0 = performance.now();
      const stop = dc.waitForEvent('stopped', 60_000);
      await send();
      stopped = await stop;
      const stack = await dc.stackTraceRequest({ threadId: (stopped as DebugProtocol.StoppedEvent).body.threadId ?? 1 });
      if (withScopes && stack.body.stackFrames[0]) await dc.scopesRequest({ frameId: stack.body.stackFrames[0].id });
      const elapsed = performance.now() - t0;
      // A benchmark of the wrong stop measures nothing: check where each move landed.
      const reason = (stopped as DebugProtocol.StoppedEvent).body.reason;
      const line = stack.body.stackFrames[0]?.line;
      if (expect && (reason !== expect.reason || (expect.line !== undefined && line !== expect.line))) {
        throw new Error(`expected a stop (${expect.reason}${expect.line ? ` at line ${expect.line}` : ''}), got ${reason} at line ${line}`);
      }
      return elapsed;
    };
    const seek = (instant: number) => dc.customRequest('scope/seek', { instant });

    const samples: Record<string, number[]> = { stepBack: [], next: [], reverseContinue: [], 'seek+stackTrace+scopes': [], 'evaluate (hover)': [] };
    // The first rounds warm the JIT up in both processes: run, then forget them.
    const starts = randomInstants(events, WARMUP + ROUNDS);
    for (const [round, instant] of starts.entries()) {
      if (round === WARMUP) for (const list of Object.values(samples)) list.length = 0;
      await roundTrip(() => seek(instant));
      samples.stepBack.push(await roundTrip(() => dc.stepBackRequest({ threadId: 1 }), false, { reason: 'step' }));
      samples.next.push(await roundTrip(() => dc.nextRequest({ threadId: 1 }), false, { reason: 'step' }));
      samples['seek+stackTrace+scopes'].push(await roundTrip(() => seek((instant * 7) % events), true));
      // Hover: the value of a name at the current instant (after the stop above, as VS Code does).
      const frameId = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0]?.id;
      if (frameId !== undefined) {
        const t0 = performance.now();
        const hover = await dc.evaluateRequest({ expression: 'total', frameId, context: 'hover' });
        samples['evaluate (hover)'].push(performance.now() - t0);
        if (!/^\d+$|uninitialized/.test(hover.body.result)) throw new Error(`hover of total gave ${hover.body.result}`);
      }
    }
    // Reverse Continue from the end to the only hit of rare(), at the start of the recording.
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [{ line: LINES.rareBody }] });
    for (let k = 0; k < WARMUP + ROUNDS; k++) {
      await roundTrip(() => seek(events - 2));
      const elapsed = await roundTrip(() => dc.reverseContinueRequest({ threadId: 1 }), false, { reason: 'breakpoint', line: LINES.rareBody });
      if (k >= WARMUP) samples.reverseContinue.push(elapsed);
    }
    // Continue and Reverse Continue to the next/previous write of `total` (written every iteration).
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [] });
    samples['continue (data breakpoint)'] = [];
    const frame = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0];
    const info = await dc.dataBreakpointInfoRequest({ name: 'total', frameId: frame.id });
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    for (const [round, instant] of randomInstants(events, WARMUP + ROUNDS).entries()) {
      await roundTrip(() => seek(Math.min(instant, events - 200)));
      const elapsed = await roundTrip(() => dc.continueRequest({ threadId: 1 }), false, { reason: 'data breakpoint' });
      if (round >= WARMUP) samples['continue (data breakpoint)'].push(elapsed);
    }
    await dc.setDataBreakpointsRequest({ breakpoints: [] });
    // The same with a condition that holds only at that first hit: evaluated on recorded values at
    // every hit of the loop body on the way back (the worst case of a conditional breakpoint).
    samples['reverseContinue (condition)'] = [];
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [{ line: LINES.stepBody, condition: 'x === 0' }] });
    for (let k = 0; k < CONDITION_ROUNDS; k++) {
      await roundTrip(() => seek(events - 2));
      samples['reverseContinue (condition)'].push(await roundTrip(() => dc.reverseContinueRequest({ threadId: 1 }), false, { reason: 'breakpoint', line: LINES.stepBody }));
    }
    const figures: Figures = {};
    for (const [op, list] of Object.entries(samples)) {
      const sorted = list.slice().sort((a, b) => a - b);
      figures[op] = { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
    }
    return figures;
  } finally {
    await dc.stop();
  }
}

async function main(): Promise<void> {
  if (!existsSync(ADAPTER)) throw new Error(`${ADAPTER} is missing: run npm run build first`);
  const dir = mkdtempSync(path.join(tmpdir(), 'scope-adapter-bench-'));
  try {
    const smallFile = path.join(dir, 'small.scope');
    const bigFile = path.join(dir, 'big.scope');
    const smallEvents = writeSyntheticRecording(smallFile, SMALL);
    const t0 = performance.now();
    const bigEvents = writeSyntheticRecording(bigFile, BIG);
    process.stdout.write(`generated ${bigEvents.toLocaleString('en-US')} events in ${(performance.now() - t0).toFixed(0)} ms\n`);
    process.stdout.write(`baseline: ${smallEvents.toLocaleString('en-US')} events\n`);
    const small = await measure(smallFile, smallEvents);
    process.stdout.write(`big: ${bigEvents.toLocaleString('en-US')} events\n`);
    const big = await measure(bigFile, bigEvents);
    const targets: Record<string, number> = { stepBack: 30, reverseContinue: 150, 'evaluate (hover)': 10 };
    process.stdout.write(`\nadapter round trips over DAP (${ROUNDS} rounds; ms)\n`);
    process.stdout.write(`${'request'.padEnd(30)}${'10K p50'.padStart(9)}${'10K p95'.padStart(9)}${'big p50'.padStart(9)}${'big p95'.padStart(9)}${'p95 ratio'.padStart(11)}  target\n`);
    for (const op of Object.keys(big)) {
      const target = targets[op] ? `p95 ≤ ${targets[op]} ms: ${big[op].p95 <= targets[op] ? 'met' : 'MISSED'}` : '';
      process.stdout.write(`${op.padEnd(30)}${small[op].p50.toFixed(1).padStart(9)}${small[op].p95.toFixed(1).padStart(9)}${big[op].p50.toFixed(1).padStart(9)}${big[op].p95.toFixed(1).padStart(9)}${`${(big[op].p95 / small[op].p95).toFixed(2)}×`.padStart(11)}  ${target}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
