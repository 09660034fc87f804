import assert from 'node:assert/strict';
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

describe('instrument: code that arrives transformed with an inline map back to its own file', () => {
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

  it('keeps the positions as they arrived when the map is of another file (a compiled dist/, a bundle)', () => {
    const site = siteOf(transformed(ORIGINAL, '../src/cart.ts'), '/project/dist/cart.js', 'total');
    assert.equal(site.line, 3);
  });
});
