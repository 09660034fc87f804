/**
 * The state oracle over the corpus in programs/ (at least 30 programs; see oracle.ts for the
 * convention): recorded variables must equal what each program printed, at every hit.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkProgram, CLI } from './oracle';

const PROGRAMS = path.join(__dirname, 'programs');

describe('state oracle: recorded variables equal what the program printed', function () {
  this.timeout(120_000);
  const programs = readdirSync(PROGRAMS).filter((f) => /\.(ts|js|mjs)$/.test(f)).sort();
  let dir: string;

  before(function () {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(path.join(tmpdir(), 'scope-state-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has a corpus of at least 30 programs', () => {
    assert.ok(programs.length >= 30, `only ${programs.length} programs`);
  });

  for (const program of programs) {
    it(program, () => checkProgram(path.join(PROGRAMS, program), dir));
  }
});
