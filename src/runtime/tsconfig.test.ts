import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPathAliases, loadTypeScriptSettings, stripJsonComments, typescriptSettings } from './tsconfig';

describe('tsconfig settings (as tsx applies them)', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-tsconfig-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };

  it('reads JSON with comments and trailing commas, leaving strings alone', () => {
    const text = '{ // line\n "a": "// not a comment", /* block */ "b": [1, 2,], "c": "/* kept */", }';
    assert.deepEqual(JSON.parse(stripJsonComments(text)), { a: '// not a comment', b: [1, 2], c: '/* kept */' });
  });

  it('keeps the options that change what the code does; target decides the field semantics', () => {
    assert.deepEqual(typescriptSettings({ target: 'ES2017', experimentalDecorators: true, emitDecoratorMetadata: true, strict: true }),
      { useDefineForClassFields: false, experimentalDecorators: true });
    assert.deepEqual(typescriptSettings({ target: 'ESNext' }), {});
    assert.deepEqual(typescriptSettings({ target: 'es2022', useDefineForClassFields: false }), { useDefineForClassFields: false });
    assert.deepEqual(typescriptSettings({ jsx: 'react-jsx', jsxImportSource: 'preact' }), { jsx: 'react-jsx', jsxImportSource: 'preact' });
  });

  it('finds the tsconfig from the working directory up, follows extends, and applies it to the files it includes', () => {
    write('base.json', '{ "compilerOptions": { "experimentalDecorators": true, "target": "es2019" } }');
    write('tsconfig.json', '{ "extends": "./base", "compilerOptions": { "target": "esnext" }, "include": ["src"] }');
    write('src/a.ts', '');
    const settingsOf = loadTypeScriptSettings(path.join(dir, 'src'), {});
    assert.deepEqual(settingsOf(path.join(dir, 'src', 'a.ts')), { experimentalDecorators: true });
    assert.deepEqual(settingsOf(path.join(dir, 'src', 'deep', 'b.tsx')), { experimentalDecorators: true });
    assert.equal(settingsOf(path.join(dir, 'other.ts')), undefined, 'outside include');
    assert.equal(settingsOf(path.join(dir, 'src', 'a.js')), undefined, 'JavaScript without allowJs');
  });

  it('honours files, exclude (node_modules by default) and TSX_TSCONFIG_PATH', () => {
    write('tsconfig.json', '{ "compilerOptions": { "experimentalDecorators": true }, "files": ["only.ts"] }');
    const settingsOf = loadTypeScriptSettings(dir, {});
    assert.deepEqual(settingsOf(path.join(dir, 'only.ts')), { experimentalDecorators: true });
    assert.equal(settingsOf(path.join(dir, 'other.ts')), undefined);
    write('custom.json', '{ "compilerOptions": { "target": "es2015" } }');
    const custom = loadTypeScriptSettings(dir, { TSX_TSCONFIG_PATH: 'custom.json' });
    assert.deepEqual(custom(path.join(dir, 'x.ts')), { useDefineForClassFields: false });
    assert.equal(custom(path.join(dir, 'node_modules', 'pkg', 'x.ts')), undefined);
  });

  it('treats a missing or unreadable tsconfig as none', () => {
    assert.equal(loadTypeScriptSettings(dir, { TSX_TSCONFIG_PATH: 'missing.json' })(path.join(dir, 'a.ts')), undefined);
    write('tsconfig.json', '{ not json');
    assert.equal(loadTypeScriptSettings(dir, {})(path.join(dir, 'a.ts')), undefined);
  });

  it('maps bare specifiers through paths (an exact key first, else the longest prefix) and then baseUrl', () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: './src', paths: {
      '@app/*': ['app/*', 'fallback/*'], '@app/core/*': ['core/*.ts'], '@config': ['config/index.ts'], '*': ['types/*'],
    } } }));
    const aliases = loadPathAliases(dir, {})!;
    const src = (...parts: string[]) => path.join(dir, 'src', ...parts);
    assert.deepEqual(aliases('@app/util'), [src('app', 'util'), src('fallback', 'util'), src('@app', 'util')]);
    assert.deepEqual(aliases('@app/core/io'), [src('core', 'io.ts'), src('@app', 'core', 'io')], 'the longest prefix wins');
    assert.deepEqual(aliases('@config'), [src('config', 'index.ts'), src('@config')], 'an exact key');
    assert.deepEqual(aliases('lodash'), [src('types', 'lodash'), src('lodash')], '"*" matches any specifier');
  });

  it('resolves paths targets from the config that declares them when there is no baseUrl; none without paths or baseUrl', () => {
    write('configs/base.json', JSON.stringify({ compilerOptions: { paths: { '~/*': ['../lib/*'] } } }));
    write('tsconfig.json', JSON.stringify({ extends: './configs/base.json', compilerOptions: { strict: true } }));
    assert.deepEqual(loadPathAliases(dir, {})!('~/math'), [path.join(dir, 'lib', 'math')]);
    assert.deepEqual(loadPathAliases(dir, {})!('other'), []);
    write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true } }));
    assert.equal(loadPathAliases(dir, {}), undefined);
  });
});
