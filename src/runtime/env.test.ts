import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { preloadOption, recordingEnv, settingsFromEnv } from './env';

describe('recording environment', () => {
  const bootstrap = '/opt/scope/dist/runtime/bootstrap.js';

  it('puts the bootstrap first in NODE_OPTIONS, as a --require (once), and carries the settings', () => {
    const env = recordingEnv({
      recorderEnv: { SCOPE_ENDPOINT: 'unix:/tmp/s', SCOPE_SECRET: 'k' }, mode: 'calls', include: ['src/**'], exclude: ['*.spec.ts'],
      root: '/work/app', baseEnv: { NODE_OPTIONS: '--max-old-space-size=100', PATH: '/bin' }, bootstrap,
    });
    assert.equal(env.NODE_OPTIONS, '--require=/opt/scope/dist/runtime/bootstrap.js --max-old-space-size=100');
    assert.equal(env.PATH, '/bin');
    assert.equal(env.SCOPE_ENDPOINT, 'unix:/tmp/s');
    const again = recordingEnv({ recorderEnv: {}, root: '/work/app', baseEnv: env, bootstrap });
    assert.equal(again.NODE_OPTIONS, env.NODE_OPTIONS, 'a nested scope record does not load the bootstrap twice');
    assert.deepEqual(settingsFromEnv(env), { mode: 'calls', root: '/work/app', include: ['src/**'], exclude: ['*.spec.ts'], libraries: 'writes', cacheDir: path.join('/work/app', '.scope', 'cache') });
    assert.equal(settingsFromEnv(recordingEnv({ recorderEnv: {}, root: '/work/app', libraries: 'none', bootstrap })).libraries, 'none');
  });

  it('quotes a bootstrap path with spaces or quotes the way Node reads NODE_OPTIONS', () => {
    assert.equal(preloadOption('/opt/scope/bootstrap.js'), '--require=/opt/scope/bootstrap.js');
    assert.equal(preloadOption('/opt/my scope/"x"/boot.js'), '--require="/opt/my scope/\\"x\\"/boot.js"');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scope env "quoted" '));
    try {
      const preload = path.join(dir, 'pre load.js');
      fs.writeFileSync(preload, "process.stdout.write('preloaded ');\n");
      const env = recordingEnv({ recorderEnv: {}, root: dir, baseEnv: { ...process.env, NODE_OPTIONS: '--no-warnings' }, bootstrap: preload });
      const r = spawnSync(process.execPath, ['-e', "console.log('main')"], { env, encoding: 'utf8' });
      assert.equal(r.stdout, 'preloaded main\n', r.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps an instrumentation cache folder the user set', () => {
    const env = recordingEnv({ recorderEnv: {}, root: '/work/app', baseEnv: { SCOPE_CACHE_DIR: '/tmp/my-cache' }, bootstrap });
    assert.equal(settingsFromEnv(env).cacheDir, '/tmp/my-cache');
  });

  it('reads missing or malformed settings as the defaults', () => {
    const s = settingsFromEnv({ SCOPE_ROOT: '/r', SCOPE_INCLUDE: 'not json', SCOPE_MODE: 'bogus', SCOPE_LIBRARIES: 'bogus' });
    assert.deepEqual(s, { mode: 'full', root: '/r', include: [], exclude: [], libraries: 'writes', cacheDir: path.join('/r', '.scope', 'cache') });
  });
});
