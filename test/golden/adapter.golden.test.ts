/**
 * Golden DAP scenarios: the real adapter process over real recordings of the fixture programs.
 * Each scenario asserts the facts a user would check, and its whole transcript is compared with
 * test/golden/transcripts/<name>.txt (UPDATE_GOLDEN=1 rewrites them).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { LastWriteResult } from '../../src/protocol/dap-custom';
import { valueText } from '../../src/adapter/recorded-state';
import { GoldenSession, ROOT, fixture } from './harness';

/** Runs a scenario with a fresh adapter; the transcript is compared at the end. */
function scenario(name: string, body: (s: GoldenSession) => Promise<void>): void {
  it(name, async () => {
    const s = new GoldenSession(name);
    try {
      await body(s);
      await s.finish();
    } finally {
      await s.dispose();
    }
  });
}

function record(s: GoldenSession, program: string, extra: object = {}): object {
  return { program: fixture(program), recordingPath: path.join(s.tmp, `${path.basename(program)}.scope`), ...extra };
}

/** Sends a request that moves the session (continue, steps, reverse continue) and waits for the stop it causes. */
function move(s: GoldenSession, command: string, threadId: number = 1, options: { variables?: boolean; quiet?: boolean } = {}): ReturnType<GoldenSession['stopped']> {
  return s.ok(command, { threadId }).then(() => s.stopped(options));
}

async function evaluate(s: GoldenSession, expression: string, frameId: number, context = 'watch'): Promise<DebugProtocol.EvaluateResponse> {
  return s.request<DebugProtocol.EvaluateResponse>('evaluate', { expression, frameId, context });
}

/** A test runner's first stop: its line and what Watch shows there; then `command`, and the same after it. */
async function stopThenMove(s: GoldenSession, at: { line: number; watch: [string, string] }, command: string, then: { line: number; watch: [string, string] }): Promise<void> {
  const stop = await s.stopped();
  assert.equal(stop.line, at.line);
  assert.equal((await evaluate(s, at.watch[0], stop.frameId)).body.result, at.watch[1]);
  const next = await move(s, command, stop.threadId);
  assert.equal(next.line, then.line);
  assert.equal((await evaluate(s, then.watch[0], next.frameId)).body.result, then.watch[1]);
}

describe('golden DAP transcripts (dist/adapter.js over real recordings)', function () {
  this.timeout(120_000);

  scenario('stop-at-breakpoint', async (s) => {
    await s.launch(record(s, 'basic.ts'), async () => { await s.setBreakpoints('basic.ts', [{ line: 2 }]); });
    const stop = await s.stopped();
    assert.equal(stop.reason, 'breakpoint');
    assert.equal(stop.line, 2);
    // The breakpoint was set before the file was loaded: it is verified once the file is recorded.
    const changed = s.takeEvents('breakpoint') as DebugProtocol.BreakpointEvent[];
    assert.ok(changed.some((e) => e.body.breakpoint.verified && e.body.breakpoint.line === 2));
    s.note(`breakpoint events: ${changed.map((e) => `${e.body.reason} verified=${e.body.breakpoint.verified} line=${e.body.breakpoint.line}`).join('; ')}`);
    await s.ok('threads');
    await s.outputMatching(/Recording saved/);
    s.flushOutput(['console']);
  });

  scenario('step-back-out-of-call', async (s) => {
    await s.launch(record(s, 'basic.ts'), async () => { await s.setBreakpoints('basic.ts', [{ line: 3 }]); });
    let stop = await s.stopped();
    assert.equal(stop.line, 3);
    stop = await move(s, 'stepBack');
    assert.equal(stop.line, 2, 'back to the previous statement of add');
    stop = await move(s, 'stepBack');
    assert.equal(stop.line, 9, 'out of add, to the statement that called it');
    stop = await move(s, 'stepBack');
    assert.equal(stop.line, 8, 'the statement before the call');
    stop = await move(s, 'next');
    assert.equal(stop.line, 9);
    stop = await move(s, 'stepIn');
    assert.equal(stop.line, 2, 'into add again');
    stop = await move(s, 'stepOut');
    assert.equal(stop.line, 10, 'out of add: the next statement of the loop body');
  });

  scenario('reverse-continue-to-previous-hit', async (s) => {
    await s.launch(record(s, 'basic.ts'), async () => { await s.setBreakpoints('basic.ts', [{ line: 2 }]); });
    await s.stopped();
    await move(s, 'continue');
    const third = await move(s, 'continue');
    assert.equal((await evaluate(s, 'b', third.frameId)).body.result, '3');
    const second = await move(s, 'reverseContinue');
    assert.equal((await evaluate(s, 'b', second.frameId)).body.result, '2');
    await move(s, 'reverseContinue');
    const start = await move(s, 'reverseContinue');
    assert.equal(start.reason, 'entry', 'no earlier hit: the start of the recording');
  });

  scenario('logpoint-after-the-run', async (s) => {
    await s.launch(record(s, 'basic.ts'));
    const end = await s.stopped();
    assert.equal(end.reason, 'end');
    s.flushOutput();
    // Set after the run: every hit across the recording prints at once, in order, nothing re-runs.
    await s.setBreakpoints('basic.ts', [{ line: 2, logMessage: 'add({a}, {b}) at total={total}' }]);
    await s.outputMatching(/add\(3, 3\)/);
    const printed = s.flushOutput(['console']);
    assert.deepEqual(printed.trim().split('\n'), ['add(0, 1) at total=0', 'add(1, 2) at total=1', 'add(3, 3) at total=3']);
    // Sent again with another breakpoint (as VS Code does): the logpoint does not print twice.
    await s.setBreakpoints('basic.ts', [{ line: 2, logMessage: 'add({a}, {b}) at total={total}' }, { line: 12 }]);
    await move(s, 'reverseContinue');
    assert.equal(s.flushOutput(['console']), '');
  });

  scenario('conditional-and-hit-count-breakpoints', async (s) => {
    await s.launch(record(s, 'basic.ts'), async () => {
      await s.setBreakpoints('basic.ts', [{ line: 2, condition: 'b === 2 || a + b > 5' }]);
    });
    let stop = await s.stopped();
    assert.equal((await evaluate(s, 'b', stop.frameId)).body.result, '2');
    stop = await move(s, 'continue');
    assert.equal((await evaluate(s, 'a + b', stop.frameId)).body.result, '6');
    // A hit condition counts hits from the start of the recording.
    await s.setBreakpoints('basic.ts', [{ line: 2, hitCondition: '>= 2' }]);
    stop = await move(s, 'reverseContinue');
    assert.equal((await evaluate(s, 'b', stop.frameId)).body.result, '2');
    // A condition on a value that was not recorded never stops, and says why once.
    await s.setBreakpoints('basic.ts', [{ line: 2, condition: 'nothing.here' }]);
    stop = await move(s, 'continue');
    assert.equal(stop.reason, 'end');
    s.flushOutput(['important']);
  });

  scenario('data-breakpoint-forward-and-backward', async (s) => {
    await s.launch(record(s, 'alias.ts'), async () => { await s.setBreakpoints('alias.ts', [{ line: 17 }]); });
    const stop = await s.stopped();
    assert.equal(stop.line, 17);
    const atDeposit = await move(s, 'next', 1, { variables: false });
    const info = await s.ok<DebugProtocol.DataBreakpointInfoResponse>('dataBreakpointInfo', { name: 'account.balance', frameId: atDeposit.frameId });
    assert.ok(info.body.dataId);
    await s.ok('setDataBreakpoints', { breakpoints: [{ dataId: info.body.dataId, accessType: 'write' }] });
    let hit = await move(s, 'continue');
    assert.equal(hit.reason, 'data breakpoint');
    assert.equal((await evaluate(s, 'target.balance', hit.frameId)).body.result, '10');
    hit = await move(s, 'continue');
    assert.equal((await evaluate(s, 'account.balance', hit.frameId)).body.result, '99', 'written through the alias');
    hit = await move(s, 'continue');
    assert.equal((await evaluate(s, 'target.balance', hit.frameId)).body.result, '104');
    hit = await move(s, 'reverseContinue');
    assert.equal((await evaluate(s, 'account.balance', hit.frameId)).body.result, '99');
    hit = await move(s, 'reverseContinue');
    assert.equal((await evaluate(s, 'target.balance', hit.frameId)).body.result, '10');
  });

  scenario('exception-caught-and-uncaught', async (s) => {
    await s.launch(record(s, 'exceptions.ts'), async () => {
      await s.ok('setExceptionBreakpoints', { filters: ['caught', 'uncaught'] });
    });
    let stop = await s.stopped();
    assert.equal(stop.reason, 'exception');
    assert.equal(stop.line, 3);
    assert.equal((await evaluate(s, 'text', stop.frameId)).body.result, '"x"');
    await s.ok('exceptionInfo', { threadId: 1 });
    stop = await move(s, 'continue');
    assert.equal(stop.reason, 'exception');
    assert.equal((await evaluate(s, 'text', stop.frameId)).body.result, '"boom"');
    await s.ok('exceptionInfo', { threadId: 1 });
    // Only uncaught: Reverse Continue skips the caught one and reaches the start.
    await s.ok('setExceptionBreakpoints', { filters: ['uncaught'] });
    stop = await move(s, 'reverseContinue', 1, { variables: false });
    assert.equal(stop.reason, 'entry');
    // Node's own report of the uncaught error reaches the Debug Console (its text depends on the Node version).
    assert.match(s.takeOutput(['stderr']), /Error: not a number: boom/);
    s.flushOutput(['important']);
  });

  scenario('async-resumed-after-await', async (s) => {
    // The breakpoint is set once the run has ended: which frame awaited fetchValue is known from
    // main's resume, recorded later than the hit (a stop during the run may not know it yet).
    await s.launch(record(s, 'async.ts'));
    assert.equal((await s.stopped({ variables: false })).reason, 'end');
    await s.outputMatching(/Recording saved/);
    await s.setBreakpoints('async.ts', [{ line: 7 }]);
    const stop = await move(s, 'reverseContinue');
    assert.equal(stop.line, 7);
    const stack = await s.ok<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: stop.threadId }, { quiet: true });
    const names = stack.body.stackFrames.map((f) => (f.presentationHint === 'label' ? `[${f.name}]` : f.name));
    assert.equal(names[0], 'fetchValue');
    assert.ok(names.includes('[async]') && names.includes('main'), `the async parent shows: ${names.join(' > ')}`);
    const back = await move(s, 'stepOut');
    assert.equal(back.line, 13, 'main resumes after its await');
  });

  scenario('worker-thread', async (s) => {
    await s.launch(record(s, 'worker-main.js'), async () => { await s.setBreakpoints('worker-task.js', [{ line: 6 }]); });
    const stop = await s.stopped();
    assert.equal(stop.threadId, 2, 'the worker is the second DAP thread');
    const threads = await s.ok<DebugProtocol.ThreadsResponse>('threads');
    assert.equal(threads.body.threads.length, 2);
    // The main thread, as of the same instant.
    // The main thread can be inspected at the same instant (what it shows depends on how the two
    // threads' events interleaved, so only its success is part of the transcript).
    await s.ok<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: 1 }, { quiet: true });
    const again = await move(s, 'continue', 2);
    assert.equal((await evaluate(s, 'k', again.frameId)).body.result, '2');
  });

  scenario('object-mutated-through-alias', async (s) => {
    await s.launch(record(s, 'alias.ts'), async () => { await s.setBreakpoints('alias.ts', [{ line: 19 }, { line: 21 }]); });
    const first = await s.stopped();
    assert.equal(first.line, 19);
    const account = await evaluate(s, 'account', first.frameId);
    s.note('account before the write through the alias:');
    const before = await s.dumpVariables(account.body.variablesReference, '      ');
    assert.equal(before.find((v) => v.name === 'balance')?.value, '10');
    const second = await move(s, 'continue');
    assert.equal(second.line, 21);
    const after = await evaluate(s, 'account', second.frameId);
    s.note('account after:');
    const afterVars = await s.dumpVariables(after.body.variablesReference, '      ');
    assert.equal(afterVars.find((v) => v.name === 'balance')?.value, '104');
    const history = afterVars.find((v) => v.name === 'history')!;
    await s.dumpVariables(history.variablesReference, '        ');
    // Going back to the first stop shows the object as it was then, not as it is at the end.
    const again = await move(s, 'reverseContinue', 1, { variables: false });
    const was = await evaluate(s, 'alias.balance', again.frameId);
    assert.equal(was.body.result, '10');
  });

  scenario('evaluate-member-paths', async (s) => {
    await s.launch(record(s, 'alias.ts'), async () => { await s.setBreakpoints('alias.ts', [{ line: 21 }]); });
    const stop = await s.stopped({ variables: false });
    const expectations: [string, string | RegExp][] = [
      ['account.balance', '104'],
      ['alias === account', 'true'],
      ['account.history[1]', '5'],
      ['account.history.length', '2'],
      ['account.owner.length * 2', '6'],
      ['account["owner"] + "!"', '"ada!"'],
      ['account.history[0] > 5 ? "big" : "small"', '"big"'],
      ['account.missing', 'undefined'],
      ['account.missing ?? -1', '-1'],
      ['account.toString()', /calls are not evaluated/],
      ['account.balance = 0', /assignments are not evaluated/],
      ['undeclared', /not a recorded variable/],
    ];
    for (const [expression, expected] of expectations) {
      const r = await evaluate(s, expression, stop.frameId, 'repl');
      if (typeof expected === 'string') assert.equal(r.body?.result, expected, expression);
      else assert.match(r.message ?? '', expected, expression);
    }
    // Hover uses the same evaluator.
    await evaluate(s, 'account', stop.frameId, 'hover');
  });

  scenario('namespace-import-expands', async (s) => {
    await s.launch(record(s, 'namespace/main.mjs'), async () => { await s.setBreakpoints('namespace/main.mjs', [{ line: 4 }]); });
    const stop = await s.stopped();
    assert.equal(stop.line, 4);
    // Variables: `shapes` opens onto the module's exports as they are at this instant (after grow(2)),
    // `export *` ones included and its default left out.
    const scopes = await s.ok<DebugProtocol.ScopesResponse>('scopes', { frameId: stop.frameId }, { quiet: true });
    const module = scopes.body.scopes.find((x) => x.name === 'Module');
    assert.ok(module, 'a Module scope');
    const shapes = (await s.dumpVariables(module.variablesReference)).find((v) => v.name === 'shapes');
    assert.ok(shapes && shapes.variablesReference > 0, 'the namespace import can be expanded');
    const exports = await s.dumpVariables(shapes.variablesReference, '      ');
    assert.deepEqual(exports.map((v) => `${v.name} = ${v.value}`), ['grow = ƒ grow()', 'name = "square"', 'sides = 4', 'size = 2']);
    assert.equal(exports.find((v) => v.name === 'size')?.evaluateName, 'shapes.size', 'Add to Watch on a member');
    // Watch and hover of the name open the same way.
    const watched = await evaluate(s, 'shapes', stop.frameId);
    assert.ok(watched.body.variablesReference > 0, `Watch can expand it: ${JSON.stringify(watched)}`);
    assert.deepEqual((await s.dumpVariables(watched.body.variablesReference, '      ')).map((v) => v.name), ['grow', 'name', 'sides', 'size']);
    // Before grow(2) ran, the same expansion reads the value then.
    const back = await move(s, 'stepBack', stop.threadId, { variables: false });
    assert.equal(back.line, 3);
    const earlier = await evaluate(s, 'shapes', back.frameId);
    assert.ok((await s.dumpVariables(earlier.body.variablesReference, '      ')).some((v) => v.name === 'size' && v.value === '1'));
  });

  scenario('open-existing-recording', async (s) => {
    const file = path.join(s.tmp, 'alias-saved.scope');
    {
      const first = new GoldenSession('open-existing-recording-producer');
      try {
        await first.launch({ program: fixture('alias.ts'), recordingPath: file });
        await first.stopped({ variables: false });
        await first.request('disconnect', {}, { quiet: true });
      } finally {
        await first.dispose();
      }
    }
    await s.launch({ recording: file }, async () => { await s.setBreakpoints('alias.ts', [{ line: 13 }]); });
    const stop = await s.stopped();
    assert.equal(stop.line, 13);
    await move(s, 'continue');
    await s.ok('scope/info');
    const output = s.flushOutput();
    assert.doesNotMatch(output, /ada|104/, 'nothing was run again: no program output');
  });

  scenario('bad-launch-configuration', async (s) => {
    const notARecording = path.join(s.tmp, 'notes.scope');
    writeFileSync(notARecording, 'just some text\n');
    await s.start();
    await s.request('initialize', { adapterID: 'scope', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' }, { quiet: true });
    const cases: object[] = [
      {},
      { program: fixture('missing.ts') },
      { program: fixture('basic.ts'), mode: 'everything' },
      { program: fixture('basic.ts'), args: 'not-an-array' },
      { program: fixture('basic.ts'), cwd: path.join(s.tmp, 'nope') },
      { program: fixture('basic.ts'), runtimeExecutable: 'no-such-runtime-xyz', runtimeArgs: ['x'] },
      { program: fixture('basic.ts'), recording: notARecording },
      { recording: path.join(s.tmp, 'absent.scope') },
      { recording: notARecording },
    ];
    for (const c of cases) {
      const r = await s.request('launch', c);
      assert.equal(r.success, false, JSON.stringify(c));
      assert.match(r.message ?? '', /"\w+"/, `the message names the attribute: ${r.message}`);
    }
  });

  scenario('program-that-crashes', async (s) => {
    await s.launch(record(s, 'crash.ts'));
    // Uncaught is on by default: the session stops where the TypeError started.
    const stop = await s.stopped();
    assert.equal(stop.reason, 'exception');
    assert.equal(stop.line, 10);
    assert.equal((await evaluate(s, 'user', stop.frameId)).body.result, 'undefined');
    assert.equal((await evaluate(s, 'id', stop.frameId)).body.result, '3');
    await move(s, 'continue', 1, { variables: false });
    const exited = await s.event('exited') as DebugProtocol.ExitedEvent;
    s.note(`exited: code ${exited.body.exitCode}`);
    assert.equal(exited.body.exitCode, 1);
    // Everything recorded up to the crash can still be stepped through.
    await move(s, 'stepBack');
    const out = s.flushOutput(['stdout', 'console', 'important']);
    assert.match(out, /GRACE/);
    assert.match(out, /Program exited with code 1/);
  });

  scenario('process-exit-3', async (s) => {
    await s.launch(record(s, 'exit3.ts'), async () => { await s.setBreakpoints('exit3.ts', [{ line: 3 }]); });
    const stop = await s.stopped();
    assert.equal(stop.line, 3);
    assert.equal((await evaluate(s, 'code', stop.frameId)).body.result, '3');
    const exited = await s.event('exited') as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 3);
    s.note(`exited: code ${exited.body.exitCode}`);
    await s.outputMatching(/Recording saved/);
    const grew = s.takeEvents('scope/recordingGrew').map((e) => e.body as { events: number; running: boolean });
    assert.equal(grew.at(-1)?.running, false, 'a last scope/recordingGrew says the run ended');
    assert.ok(grew.at(-1)!.events > 0);
    const end = await move(s, 'continue');
    assert.equal(end.reason, 'end');
    await move(s, 'stepBack');
    const out = s.flushOutput(['stdout', 'console', 'important']);
    assert.match(out, /Program exited with code 3/);
    assert.doesNotMatch(out, /not reached/);
  });

  scenario('program-killed-while-running', async (s) => {
    await s.launch(record(s, 'forever.ts'));
    await s.outputMatching(/ticking in \d+/);
    const pid = Number(/ticking in (\d+)/.exec(s.takeOutput(['stdout']))![1]);
    // Where a pause or the kill lands varies from run to run: checked here, not recorded.
    const at = async (frameId: number) => {
      const info = await s.ok('scope/info', undefined, { quiet: true });
      const ticks = await s.ok<DebugProtocol.EvaluateResponse>('evaluate', { expression: 'ticks', frameId, context: 'watch' }, { quiet: true });
      return { instant: (info.body as { current: number }).current, ticks: Number(ticks.body.result) };
    };
    // Pause while the program runs: the latest recorded instant; the program keeps running.
    const paused = await move(s, 'pause', 1, { quiet: true });
    assert.equal(paused.reason, 'pause');
    assert.equal(paused.name, 'tick');
    const atPause = await at(paused.frameId);
    process.kill(pid, 'SIGKILL');
    const exited = (await s.event('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 128 + 9);
    s.note(`exited: code ${exited.body.exitCode}`);
    await s.outputMatching(/Recording saved/);
    // Everything recorded up to the kill can still be debugged (what was still in the program's
    // buffers when SIGKILL hit is lost: no process can flush on SIGKILL).
    const end = await move(s, 'continue', 1, { quiet: true });
    assert.equal(end.reason, 'end');
    const atEnd = await at(end.frameId);
    assert.ok(atEnd.instant >= atPause.instant && atEnd.ticks >= atPause.ticks, `end ${JSON.stringify(atEnd)}, pause ${JSON.stringify(atPause)}`);
    assert.equal((await move(s, 'stepBack', 1, { quiet: true })).reason, 'step');
    assert.match(s.flushOutput(['important']), /Program was ended by SIGKILL/);
  });

  scenario('pause-suspends-program', async (s) => {
    await s.launch(record(s, 'forever.ts', { pauseProgram: true }));
    await s.outputMatching(/ticking in \d+/);
    const pid = Number(/ticking in (\d+)/.exec(s.takeOutput(['stdout']))![1]);
    // Linux's view of the process: state T = stopped by a job-control signal.
    const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    const recorded = async () => ((await s.ok('scope/info', undefined, { quiet: true })).body as { events: number }).events;
    const paused = await move(s, 'pause', 1, { quiet: true });
    assert.equal(paused.reason, 'pause');
    // SIGSTOP takes effect when the program is next scheduled: on a loaded machine, a moment later.
    const stopDeadline = Date.now() + 5_000;
    while (state() !== 'T' && Date.now() < stopDeadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(state(), 'T', 'pause with "pauseProgram" suspends the program');
    assert.match(s.flushOutput(['console']), /the program is suspended/);
    const before = await recorded();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await recorded(), before, 'a suspended program records nothing');
    // Continue past the end of the recording: the program must run again to record more.
    await s.ok('continue', { threadId: 1 }, { quiet: true });
    const deadline = Date.now() + 10_000;
    while (state() === 'T' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.notEqual(state(), 'T', 'continue resumes the program');
    process.kill(pid, 'SIGKILL');
    await s.event('exited');
    assert.equal((await s.stopped({ quiet: true })).reason, 'end');
    // How many events were recorded varies from run to run: checked, not recorded.
    assert.match(s.takeOutput(['console']), /Recording saved: .*\(\d+ events\)/);
    assert.match(s.flushOutput(['important']), /Program was ended by SIGKILL/);
  });

  scenario('integrated-terminal', async (s) => {
    await s.launch(record(s, 'terminal.ts', { console: 'integratedTerminal' }), async () => {
      await s.setBreakpoints('terminal.ts', [{ line: 2 }]);
    });
    const stop = await s.stopped();
    assert.equal((await evaluate(s, 'greeting', stop.frameId)).body.result, '"hello from the terminal"');
    await s.outputMatching(/Recording saved/);
    assert.equal(s.terminalOutput, 'hello from the terminal\n', 'the program printed in the terminal');
    s.flushOutput(['console']);
  });

  scenario('test-runner-npx-mocha', async (s) => {
    const cwd = fixture('runner');
    await s.launch({ runtimeExecutable: 'npx', runtimeArgs: ['mocha', 'math.spec.js'], cwd, recordingPath: path.join(s.tmp, 'mocha.scope') }, async () => {
      await s.setBreakpoints('runner/math.spec.js', [{ line: 4 }]);
    });
    await stopThenMove(s, { line: 4, watch: ['n', '21'] }, 'stepOut', { line: 10, watch: ['result', '42'] });
    await s.outputMatching(/1 passing/);
  });

  scenario('test-runner-jest', async (s) => {
    // Jest compiles each module itself (babel-jest, then vm.compileFunction in a context of its own).
    const cwd = path.join(ROOT, 'test', 'runtime', 'fixtures', 'jest-project');
    const cart = path.join(cwd, 'cart.js');
    const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
    await s.launch({ runtimeExecutable: 'node', runtimeArgs: [jest, '--ci'], cwd, recordingPath: path.join(s.tmp, 'jest.scope') }, async () => {
      await s.ok('setBreakpoints', { source: { path: cart }, breakpoints: [{ line: 5 }] });
    });
    // Backwards through the loop: before its last iteration, the sum of the first item only.
    await stopThenMove(s, { line: 5, watch: ['sum', '10'] }, 'stepBack', { line: 4, watch: ['sum', '6'] });
    await s.outputMatching(/Tests:\s+2 passed/);
  });

  scenario('stop-on-entry-and-skip-files', async (s) => {
    await s.launch(record(s, 'skip/main.js', { stopOnEntry: true, skipFiles: ['**/vendor/**'] }));
    const entry = await s.stopped();
    assert.equal(entry.reason, 'entry');
    assert.equal(entry.line, 1);
    await move(s, 'next', 1, { variables: false });
    const inDescribe = await move(s, 'stepIn');
    assert.equal(inDescribe.line, 4);
    // format() was recorded (its lines ran)…
    const vendor = await s.ok('scope/lineHits', { file: fixture('skip/vendor/format.js') });
    assert.equal((vendor.body as { lines: Record<number, number> }).lines[6], 1);
    // …but it is in a skipped file: Step Into does not stop inside it.
    const after = await move(s, 'stepIn');
    assert.equal(after.line, 5);
    assert.match(after.file, /skip\/main\.js$/);
    assert.equal((await evaluate(s, 'label', after.frameId)).body.result, '"#0007: 12.50"');
    // Backwards as well.
    const back = await move(s, 'stepBack', 1, { variables: false });
    assert.equal(back.line, 4);
  });

  scenario('goto-restart-frame-and-function-breakpoint', async (s) => {
    await s.launch(record(s, 'basic.ts'), async () => {
      await s.ok('setFunctionBreakpoints', { breakpoints: [{ name: 'add' }] });
    });
    let stop = await s.stopped();
    assert.equal(stop.reason, 'function breakpoint');
    assert.equal(stop.line, 2);
    stop = await move(s, 'next');
    assert.equal(stop.line, 3);
    await s.ok('restartFrame', { frameId: stop.frameId });
    stop = await s.stopped({ variables: false });
    assert.equal(stop.reason, 'restart');
    assert.equal(stop.line, 2);
    const targets = await s.ok<DebugProtocol.GotoTargetsResponse>('gotoTargets', { source: { path: fixture('basic.ts') }, line: 12 });
    await s.ok('goto', { threadId: 1, targetId: targets.body.targets[0].id });
    stop = await s.stopped();
    assert.equal(stop.line, 12);
  });

  scenario('calls-mode-says-what-it-did-not-record', async (s) => {
    // Calls mode records no variable or property writes: the second call must not show the cart
    // as it was at the first call without saying so, nor a local as uninitialized.
    await s.launch(record(s, 'calls-mode.js', { mode: 'calls' }), async () => {
      await s.ok('setFunctionBreakpoints', { breakpoints: [{ name: 'total' }] });
    });
    const first = await s.stopped();
    assert.equal(first.reason, 'function breakpoint');
    const second = await move(s, 'continue');
    const owner = await evaluate(s, 'cart.owner', second.frameId);
    assert.match(owner.body.result, /^"ada" \(as seen @\d+\)$/);
    const items = await evaluate(s, 'cart.items.length', second.frameId);
    assert.match(items.body.result, /^1 \(as seen @\d+\)$/);
    const cart = await evaluate(s, 'cart', second.frameId, 'hover');
    assert.match(cart.body.result, /^\{owner: "ada", items: Array\(1\)\} \(as seen @\d+\)$/);
  });

  scenario('library-writes', async (s) => {
    // lodash is not recorded (node_modules), but its writes to `config` are: after _.merge and
    // _.remove, Watch shows what they did, Step Back shows the state between the two, and "where
    // did this come from" names lodash's own line.
    await s.launch(record(s, 'library-writes.js'), async () => { await s.setBreakpoints('library-writes.js', [{ line: 6 }]); });
    const stop = await s.stopped();
    assert.equal(stop.line, 6);
    assert.equal((await evaluate(s, 'config.server.port', stop.frameId)).body.result, '8080');
    assert.equal((await evaluate(s, 'config.server.host', stop.frameId)).body.result, '"localhost"');
    assert.equal((await evaluate(s, 'config.tags', stop.frameId)).body.result, 'Array(1) ["b"]');
    const last = await s.ok('scope/lastWrite', { expression: 'config.server.port', frameId: stop.frameId }, { quiet: true });
    const position = (last.body as LastWriteResult).write!.position!;
    s.note(`scope/lastWrite config.server.port → ${path.relative(ROOT, position.file)}:${position.line}`);
    assert.match(position.file, /node_modules\/lodash\/lodash\.js$/);
    const back = await move(s, 'stepBack', stop.threadId);
    assert.equal(back.line, 5);
    assert.equal((await evaluate(s, 'config.tags', back.frameId)).body.result, 'Array(2) ["a", "b"]');
    assert.equal((await evaluate(s, 'config.server.port', back.frameId)).body.result, '8080');
  });

  scenario('custom-requests-and-seek', async (s) => {
    await s.launch(record(s, 'basic.ts'), async () => { await s.setBreakpoints('basic.ts', [{ line: 10 }]); });
    const stop = await s.stopped({ variables: false });
    // Queried once the run has ended, so the counts are those of the whole recording.
    await s.outputMatching(/Recording saved/);
    s.flushOutput(['stdout']);
    const info = await s.ok('scope/info');
    const events = (info.body as { events: number }).events;
    assert.ok(events > 10);
    await s.ok('scope/history', { expression: 'total', frameId: stop.frameId });
    // With a limit: the first and the last write, and the count of all four.
    await s.ok('scope/history', { expression: 'total', frameId: stop.frameId, limit: 2 });
    // The last write and what its right-hand side read (first level: deeper links approximate).
    const last = await s.ok('scope/lastWrite', { expression: 'total', frameId: stop.frameId }, { quiet: true });
    const link = (last.body as LastWriteResult).write!;
    s.note(`scope/lastWrite total → instant ${link.instant}: ${link.name} = ${valueText(link.value)} at line ${link.position?.line}; reads ${link.reads.map((r) => `${r.name}@${r.instant} = ${valueText(r.value)}`).join(', ')}`);
    assert.deepEqual(link.reads.map((r) => r.name).sort(), ['i', 'total']);
    await s.ok('scope/search', { text: 'step 2' });
    await s.ok('scope/lineHits', { file: fixture('basic.ts') });
    await s.ok('scope/events', { from: 0, to: 12, kinds: ['CallEnter', 'Return'] });
    await s.ok('scope/summary', { from: 0, to: events, buckets: 4 });
    const history = await s.ok('scope/history', { expression: 'total', frameId: stop.frameId }, { quiet: true });
    const lastWrite = (history.body as { entries: { instant: number }[] }).entries.at(-1)!.instant;
    await s.ok('scope/seek', { instant: lastWrite });
    await s.stopped();
    await s.request('scope/seek', { instant: events + 5 });
    await s.request('scope/history', { expression: 'nope' });
  });
});
