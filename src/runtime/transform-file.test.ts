import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { commonJsKind } from './transform-file';

describe('commonJsKind: what Node makes of a file its CommonJS loader compiles', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'scope-kind-'));
    const dirs: Record<string, string | undefined> = { typeless: '{ "name": "t" }', commonjs: '{ "type": "commonjs" }', module: '{ "type": "module" }', broken: '{ nope' };
    for (const [dir, json] of Object.entries(dirs)) {
      mkdirSync(path.join(root, dir, 'deep', 'node_modules', 'pkg'), { recursive: true });
      if (json !== undefined) writeFileSync(path.join(root, dir, 'package.json'), json);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('CommonJS for .cjs, a "type": "commonjs" package, TypeScript and JSX', () => {
    assert.equal(commonJsKind(path.join(root, 'typeless', 'a.cjs')), 'cjs');
    assert.equal(commonJsKind(path.join(root, 'commonjs', 'a.js')), 'cjs');
    assert.equal(commonJsKind(path.join(root, 'commonjs', 'deep', 'a.js')), 'cjs', 'the nearest package.json, upwards');
    assert.equal(commonJsKind(path.join(root, 'typeless', 'a.ts')), 'cjs');
    assert.equal(commonJsKind(path.join(root, 'typeless', 'a.jsx')), 'cjs');
  });

  it('ambiguous (module syntax decides) for a .js file of a package without "type" and for extensionless files', () => {
    assert.equal(commonJsKind(path.join(root, 'typeless', 'deep', 'a.js')), undefined);
    assert.equal(commonJsKind(path.join(root, 'commonjs', 'bin', 'tool')), undefined, 'Node reads the package type for .js only');
    assert.equal(commonJsKind(path.join(root, 'broken', 'a.js')), undefined);
    assert.equal(commonJsKind(path.join(root, 'commonjs', 'deep', 'node_modules', 'pkg', 'a.js')), undefined, 'not past node_modules');
  });
});
