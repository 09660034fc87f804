import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MagicString from 'magic-string';
import { instrument } from './index';

/** `original` with two lines put in front (as babel-jest's output moves code), and an inline map back to `source`. */
function transformed(original: string, source: string): string {
  const s = new MagicString(original);
  s.prepend('"use strict";\n\n');
  const map = s.generateMap({ source, hires: true });
  return `${s.toString()}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(map.toString()).toString('base64')}\n`;
}

const ORIGINAL = 'function total(items) {\n  let sum = 0;\n  return sum;\n}\n';
const siteOf = (code: string, filename: string, name: string) => instrument(code, { mode: 'full', filename }).sites.sites.find((s) => s.kind === 'function' && s.name === name)!;

describe('instrument: code that arrives transformed, with a source map back to what the user wrote', () => {
  it('places sites at the positions of the original file', () => {
    const site = siteOf(transformed(ORIGINAL, 'cart.js'), '/project/cart.js', 'total');
    assert.deepEqual([site.line, site.column, site.endLine], [1, 1, 4]);
    const binding = instrument(transformed(ORIGINAL, 'cart.js'), { mode: 'full', filename: '/project/cart.js' }).sites.sites.find((s) => s.name === 'sum')!;
    assert.deepEqual([binding.line, binding.column], [2, 7]);
  });

  it('finds the map under comment lines of its own (Vitest adds one after it)', () => {
    const site = siteOf(`${transformed(ORIGINAL, 'cart.js')}//# vitestCache=W10=\n`, '/project/cart.js', 'total');
    assert.equal(site.line, 1);
  });

  it('names the file the map points to when it is another one on disk (tsc\'s dist/ back to src/)', () => {
    const project = mkdtempSync(path.join(tmpdir(), 'scope-input-map-'));
    try {
      mkdirSync(path.join(project, 'src'));
      writeFileSync(path.join(project, 'src', 'cart.ts'), ORIGINAL);
      const result = instrument(transformed(ORIGINAL, '../src/cart.ts'), { mode: 'full', filename: path.join(project, 'dist', 'cart.js') });
      assert.equal(result.sites.file, path.join(project, 'src', 'cart.ts'));
      assert.equal(result.sites.sites.find((s) => s.name === 'total' && s.kind === 'function')!.line, 1);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('keeps the positions as they arrived when the file the map names is not on disk (webpack://, a moved build)', () => {
    const site = siteOf(transformed(ORIGINAL, '../src/cart.ts'), '/nowhere/dist/cart.js', 'total');
    assert.equal(site.line, 3);
  });
  it("leaves the transformer's own functions unframed, and frames the user's inside its wrapper (esbuild, as tsx runs it)", async () => {
    // Helpers first (no mapping), then the user's code in a wrapper the helpers' map does not name.
    const user = 'export function total(xs: number[]) {\n  let sum = 0;\n  for (const x of xs) sum += x;\n  return sum;\n}\nexport const twice = (n: number) => n * 2;\n';
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    const built = esbuild.transformSync(user, { loader: 'ts', format: 'cjs', keepNames: true, sourcemap: 'inline', sourcefile: '/project/util.js' });
    const wrapped = `(() => {\n${built.code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '')}\n})();\n`;
    const map = JSON.parse(Buffer.from(/base64,(\S+)/.exec(built.code)![1], 'base64').toString('utf8')) as { mappings: string };
    // The wrapper's first line has no mapping: the map's lines move down by one.
    const code = `${wrapped}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ ...map, mappings: `;${map.mappings}` })).toString('base64')}\n`;
    const result = instrument(code, { mode: 'full', filename: '/project/util.js', moduleKind: 'cjs' });
    const framed = result.sites.sites.filter((s) => s.kind === 'function' && result.code.includes(`$$b+${result.sites.sites.indexOf(s)},$$f`));
    assert.deepEqual(framed.map((s) => s.name).sort(), ['<anonymous>', 'total', 'twice'], 'the wrapper, total and twice (named through __name) get frames; __name, __export, __copyProps and the export getters none');
    const statements = result.sites.sites.filter((s) => s.kind === 'statement').map((s) => s.line);
    assert.ok(statements.length > 0 && statements.every((line) => line >= 1 && line <= 6), `steps only at the user's lines: ${statements.join(',')}`);
  });
});
