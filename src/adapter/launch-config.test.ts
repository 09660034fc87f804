import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AdapterError, ErrorCode } from './errors';
import { parseEnvFile, validateLaunchConfig, type RecordPlan } from './launch-config';

describe('launch configuration', () => {
  let dir: string;
  let program: string;
  const now = new Date(2026, 0, 2, 3, 4, 5);

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'scope-launch-'));
    program = path.join(dir, 'app.ts');
    writeFileSync(program, 'console.log(1);\n');
    writeFileSync(path.join(dir, '.env'), '# comment\nexport A=1\nB="two words"\nC=three # trailing comment\nnot a line\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function error(config: unknown): AdapterError {
    try {
      validateLaunchConfig(config, now);
    } catch (e) {
      if (e instanceof AdapterError) return e;
      throw e;
    }
    throw new Error(`expected ${JSON.stringify(config)} to be refused`);
  }

  it('fills defaults for a program: node, full mode, cwd of the program, a timestamped recording under .scope/', () => {
    const plan = validateLaunchConfig({ program }, now) as RecordPlan;
    assert.equal(plan.kind, 'record');
    assert.equal(plan.runtimeExecutable, 'node');
    assert.equal(plan.mode, 'full');
    assert.equal(plan.libraries, 'writes');
    assert.equal(plan.cwd, dir);
    assert.equal(plan.console, 'internalConsole');
    assert.equal(plan.recordingPath, path.join(dir, '.scope', 'app-20260102-030405.scope'));
    assert.equal(plan.cacheDir, path.join(dir, '.scope', 'cache'));
  });

  it('resolves a relative program against cwd and keeps args, mode, globs', () => {
    const plan = validateLaunchConfig({ program: 'app.ts', cwd: dir, args: ['--x'], mode: 'calls', include: ['src/**'], exclude: ['**/*.spec.ts'], libraries: 'none', recordingPath: 'out/run.scope' }, now) as RecordPlan;
    assert.equal(plan.libraries, 'none');
    assert.equal(plan.program, program);
    assert.deepEqual(plan.args, ['--x']);
    assert.equal(plan.mode, 'calls');
    assert.deepEqual(plan.include, ['src/**']);
    assert.deepEqual(plan.exclude, ['**/*.spec.ts']);
    assert.equal(plan.recordingPath, path.join(dir, 'out', 'run.scope'));
  });

  it('accepts a test runner without a program (npx mocha)', () => {
    const plan = validateLaunchConfig({ runtimeExecutable: 'npx', runtimeArgs: ['mocha'], cwd: dir }, now) as RecordPlan;
    assert.equal(plan.program, undefined);
    assert.deepEqual(plan.runtimeArgs, ['mocha']);
    assert.match(plan.recordingPath, /mocha-20260102-030405\.scope$/);
  });

  it('merges envFile then env (env wins; null removes)', () => {
    const plan = validateLaunchConfig({ program, envFile: '.env', env: { B: 'override', D: null } }, now) as RecordPlan;
    assert.deepEqual(plan.env, { A: '1', B: 'override', C: 'three', D: null });
  });

  it('parses env files: export prefix, quotes, comments', () => {
    assert.deepEqual(parseEnvFile('export A=1\nB="x\\ny"\nC=\'raw\'\n# c\nD=v # note\n'), { A: '1', B: 'x\ny', C: 'raw', D: 'v' });
  });

  it('opens an existing recording instead of running anything', () => {
    const file = path.join(dir, 'run.scope');
    writeFileSync(file, 'SCOPEREC');
    const plan = validateLaunchConfig({ recording: 'run.scope', cwd: dir, stopOnEntry: true, skipFiles: ['**/lib/**'] }, now);
    assert.deepEqual(plan, { kind: 'open', recording: file, stopOnEntry: true, skipFiles: ['**/lib/**'] });
  });

  it('names the attribute and what to do in every error, with one code per cause', () => {
    const cases: [unknown, number, RegExp][] = [
      [{}, ErrorCode.MissingProgram, /"program" is missing.*"runtimeExecutable".*"recording"/],
      [{ program: path.join(dir, 'nope.ts') }, ErrorCode.ProgramNotFound, /"program" names .*nope\.ts, which does not exist/],
      [{ program: dir }, ErrorCode.ProgramNotFound, /which is a folder/],
      [{ program, mode: 'all' }, ErrorCode.UnknownMode, /"mode" is "all", which is not one of "calls", "full"/],
      [{ program, libraries: 'some' }, ErrorCode.BadAttribute, /"libraries" is "some", which is not one of "writes", "none"/],
      [{ program, console: 'externalTerminal' }, ErrorCode.BadAttribute, /"console" is "externalTerminal"/],
      [{ program, args: 'x' }, ErrorCode.BadAttribute, /"args" must be an array of strings/],
      [{ program, stopOnEntry: 'yes' }, ErrorCode.BadAttribute, /"stopOnEntry" must be true or false/],
      [{ program, env: { A: 1 } }, ErrorCode.BadAttribute, /"env" has A = 1, which is not a string/],
      [{ program, envFile: 'missing.env' }, ErrorCode.EnvFileUnreadable, /"envFile" names .*missing\.env, which cannot be read \(ENOENT\)/],
      [{ program, cwd: path.join(dir, 'nope') }, ErrorCode.CwdNotFound, /"cwd" is .*, which is not an existing folder/],
      [{ program, runtimeExecutable: 'scope-no-such-runtime' }, ErrorCode.SpawnFailed, /"runtimeExecutable" is "scope-no-such-runtime", which was not found on PATH/],
      [{ program, recording: 'x.scope' }, ErrorCode.ProgramAndRecording, /both set/],
      [{ recording: path.join(dir, 'absent.scope') }, ErrorCode.RecordingNotFound, /"recording" names .*absent\.scope, which does not exist/],
      [{ recording: dir }, ErrorCode.NotARecording, /which is a folder/],
      [{ program: '' }, ErrorCode.BadAttribute, /"program" must be a non-empty string/],
      ['launch', ErrorCode.BadAttribute, /must be an object/],
    ];
    for (const [config, code, message] of cases) {
      const e = error(config);
      assert.equal(e.code, code, `${JSON.stringify(config)}: ${e.message}`);
      assert.match(e.message, message);
      assert.match(e.message, /^Launch configuration: /);
    }
  });
});
