/**
 * The state oracle (oracle.ts) over programs whose objects are built and changed by a real
 * package's own code: lodash's mutators (`_.set`, `_.merge`, `_.remove`, …) and the tokens of
 * marked's lexer. What the debugger rebuilds must be what the program saw, at every marked line:
 * with the package recorded (instrumented with the program), and with the package as a library,
 * the default (not recorded; only its writes to objects the recording holds are).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkProgram, CLI } from './oracle';

const PROGRAMS = path.join(__dirname, 'with-packages');
const NODE_MODULES = path.resolve(__dirname, '..', '..', 'node_modules');

describe('state oracle with packages instrumented: objects a package changed are rebuilt right', function () {
  this.timeout(180_000);
  let dir: string;

  before(function () {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(path.join(tmpdir(), 'scope-state-packages-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [program, pkg] of [['lodash-mutators.js', 'lodash'], ['marked-tokens.js', 'marked']]) {
    it(`${program} (${pkg} recorded)`, () => checkProgram(path.join(PROGRAMS, program), dir, [path.join(NODE_MODULES, pkg, '**')]));
    // marked's tokens, built inside marked, are first seen whole where the program receives them.
    it(`${program} (${pkg} a library: not recorded, its writes to recorded objects are)`, () => checkProgram(path.join(PROGRAMS, program), dir));
  }
});
