import { strict as assert } from 'node:assert';
import { createFileFilter, createLibraryFilter, globToRegExp } from './files';

describe('file selection (include/exclude globs)', () => {
  const root = '/work/app';
  const selected = (include: string[], exclude: string[], file: string) => createFileFilter({ root, include, exclude, never: ['/opt/scope/dist'] })(file);

  it('defaults to the root’s scripts outside node_modules and .scope', () => {
    assert.equal(selected([], [], '/work/app/src/a.ts'), true);
    assert.equal(selected([], [], '/work/app/b.mjs'), true);
    assert.equal(selected([], [], '/work/app/node_modules/x/index.js'), false);
    assert.equal(selected([], [], '/work/app/packages/p/node_modules/y.js'), false);
    assert.equal(selected([], [], '/work/app/.scope/cache/z.js'), false);
    assert.equal(selected([], [], '/work/other/c.ts'), false, 'outside the root');
    assert.equal(selected([], [], '/work/app/data.json'), false, 'not a script');
    assert.equal(selected([], [], '/work/app/types.d.ts'), false);
    assert.equal(selected(['**'], [], '/opt/scope/dist/runtime/bootstrap.js'), false, "Scope's own files");
  });

  it('include replaces the default; naming node_modules lifts its default exclusion', () => {
    assert.equal(selected(['src/**'], [], '/work/app/src/deep/a.ts'), true);
    assert.equal(selected(['src/**'], [], '/work/app/test/a.ts'), false);
    assert.equal(selected(['**', 'node_modules/acorn/**'], [], '/work/app/node_modules/acorn/dist/acorn.js'), true);
    assert.equal(selected(['**', 'node_modules/acorn/**'], [], '/work/app/node_modules/lodash/lodash.js'), true, 'the user took control of node_modules');
    assert.equal(selected(['/abs/lib/**'], [], '/abs/lib/x.js'), true, 'absolute globs match absolute paths');
  });

  it('exclude wins; a glob without a slash matches at any depth; a folder covers its contents', () => {
    assert.equal(selected([], ['*.spec.ts'], '/work/app/src/a.spec.ts'), false);
    assert.equal(selected([], ['src/gen'], '/work/app/src/gen/x.ts'), false);
    assert.equal(selected([], ['src/{a,b}.ts'], '/work/app/src/b.ts'), false);
    assert.equal(selected([], ['src/{a,b}.ts'], '/work/app/src/c.ts'), true);
  });

  it('gives the library treatment to the root’s scripts not recorded, unless the user excluded them', () => {
    const library = (include: string[], exclude: string[], file: string) => createLibraryFilter({ root, include, exclude, never: ['/opt/scope/dist'] })(file);
    assert.equal(library([], [], '/work/app/node_modules/lodash/lodash.js'), true);
    assert.equal(library([], [], '/work/app/packages/p/node_modules/y.mjs'), true);
    assert.equal(library([], [], '/work/app/src/a.ts'), false, 'recorded, not a library');
    assert.equal(library(['src/**'], [], '/work/app/scripts/build.js'), true, 'outside the include globs');
    assert.equal(library([], ['vendor/**'], '/work/app/vendor/big.js'), false, 'the user excluded it');
    assert.equal(library([], ['lodash'], '/work/app/node_modules/lodash/lodash.js'), false);
    assert.equal(library([], [], '/work/node_modules/x/index.js'), true, 'a workspace’s hoisted node_modules');
    assert.equal(library([], [], '/node_modules/x/node_modules/y/index.js'), true);
    assert.equal(library([], [], '/usr/lib/node_modules/npm/lib/cli.js'), false, 'a global tool’s own packages');
    assert.equal(library([], [], '/root/.npm/_npx/1a2b/node_modules/jest/bin/jest.js'), false, 'npx’s cache');
    assert.equal(library([], [], '/work/other/lib.js'), false, 'outside the root and any package');
    assert.equal(library([], [], '/work/app/.scope/cache/z.js'), false);
    assert.equal(library([], [], '/work/app/node_modules/x/data.json'), false, 'not a script');
    assert.equal(library([], [], '/opt/scope/dist/runtime/bootstrap.js'), false);
  });

  it('compiles globs: ** across folders, * and ? within one', () => {
    assert.ok(globToRegExp('src/**/x.ts').test('src/x.ts'));
    assert.ok(globToRegExp('src/**/x.ts').test('src/a/b/x.ts'));
    assert.ok(!globToRegExp('src/*.ts').test('src/a/b.ts'));
    assert.ok(globToRegExp('src/?.ts').test('src/a.ts'));
    assert.ok(!globToRegExp('a.b').test('axb'), 'dots are literal');
  });
});
