import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { recordingEnv, settingsFromEnv } from './env';

describe('recording environment', () => {
  const bootstrap = '/opt/scope/dist/runtime/bootstrap.js';

  it('adds the bootstrap to NODE_OPTIONS (once) and carries the settings', () => {
    const env = recordingEnv({
      recorderEnv: { SCOPE_ENDPOINT: 'unix:/tmp/s', SCOPE_SECRET: 'k' }, mode: 'calls', include: ['src/**'], exclude: ['*.spec.ts'],
      root: '/work/app', baseEnv: { NODE_OPTIONS: '--max-old-space-size=100', PATH: '/bin' }, bootstrap,
    });
    assert.equal(env.NODE_OPTIONS, '--max-old-space-size=100 --import=file:///opt/scope/dist/runtime/bootstrap.js');
    assert.equal(env.PATH, '/bin');
    assert.equal(env.SCOPE_ENDPOINT, 'unix:/tmp/s');
    const again = recordingEnv({ recorderEnv: {}, root: '/work/app', baseEnv: env, bootstrap });
    assert.equal(again.NODE_OPTIONS, env.NODE_OPTIONS, 'a nested scope record does not load the bootstrap twice');
    assert.deepEqual(settingsFromEnv(env), { mode: 'calls', root: '/work/app', include: ['src/**'], exclude: ['*.spec.ts'], libraries: 'writes', cacheDir: path.join('/work/app', '.scope', 'cache') });
    assert.equal(settingsFromEnv(recordingEnv({ recorderEnv: {}, root: '/work/app', libraries: 'none', bootstrap })).libraries, 'none');
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
