/**
 * Real code nobody here wrote, through the real instrumenter: a TypeScript code base from npm
 * (@azure/msal-common's sources) must come out as valid JavaScript modules, its types erased exactly
 * as esbuild (what tsx runs TypeScript with) erases them, and a real JavaScript library
 * (@jridgewell/sourcemap-codec) must compute the same results instrumented as plain.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';
import MagicString from 'magic-string';
import ts from 'typescript';
import { analyze } from '../../src/instrument/analysis';
import { eraseTypes } from '../../src/instrument/erase-types';
import { instrument } from '../../src/instrument/index';
import { RecordingRuntime, runCode } from './harness';

const require = createRequire(__filename);
const modules = path.resolve(__dirname, '../../node_modules');

const msalDir = path.join(modules, '@azure/msal-common/src');
const msalFiles = readdirSync(msalDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));

describe('instrument: real code from npm', () => {
  it('erases the types of @azure/msal-common exactly as esbuild\'s TypeScript loader does', () => {
    // Compared after esbuild minifies both (whitespace and syntax), so blanks and empty
    // statements do not count; imports elided, specifiers and every type position do.
    const minify = { minifyWhitespace: true, minifySyntax: true, format: 'esm' as const, target: 'es2022' };
    let compared = 0;
    for (const file of msalFiles) {
      const filename = path.join(msalDir, file);
      const source = readFileSync(filename, 'utf8');
      const sourceFile = ts.createSourceFile(filename, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const analysis = analyze(sourceFile, file);
      if (analysis.needsTypeScriptEmit) continue;
      const erased = new MagicString(source);
      eraseTypes(sourceFile, analysis, erased);
      const expected = esbuild.transformSync(source, { ...minify, loader: 'ts' }).code;
      assert.equal(esbuild.transformSync(erased.toString(), { ...minify, loader: 'js' }).code, expected, file);
      compared++;
    }
    assert.ok(compared > 100, `${compared} files compared`);
  });

  it('every TypeScript source of @azure/msal-common instruments to a valid ES module, both modes', () => {
    assert.ok(msalFiles.length > 100);
    for (const file of msalFiles) {
      const filename = path.join(msalDir, file);
      const source = readFileSync(filename, 'utf8');
      for (const mode of ['calls', 'full'] as const) {
        const result = instrument(source, { filename, mode });
        assert.deepEqual(result.warnings, [], file);
        try {
          esbuild.transformSync(result.code, { loader: 'js', format: 'esm', sourcefile: filename });
        } catch (error) {
          assert.fail(`${file} (${mode}) is not valid JavaScript: ${(error as Error).message}`);
        }
      }
    }
  });

  it('@jridgewell/sourcemap-codec decodes and re-encodes a real map identically when instrumented', async () => {
    const filename = path.join(modules, '@jridgewell/sourcemap-codec/dist/sourcemap-codec.umd.js');
    const source = readFileSync(filename, 'utf8');
    const mappings = (JSON.parse(readFileSync(`${filename}.map`, 'utf8')) as { mappings: string }).mappings;
    const plain = require(filename) as { decode(m: string): number[][][]; encode(d: number[][][]): string };
    const expected = JSON.stringify(plain.decode(mappings));
    for (const mode of ['calls', 'full'] as const) {
      const runtime = new RecordingRuntime();
      const run = await runCode(instrument(source, { filename, mode }).code, filename, runtime);
      assert.equal(run.error, undefined);
      const codec = run.exports as typeof plain;
      const decoded = codec.decode(mappings);
      assert.equal(JSON.stringify(decoded), expected, mode);
      assert.equal(codec.encode(decoded), mappings, mode);
      assert.ok(runtime.events.some((e) => e.startsWith('enter#') && e.includes(' decode(')), `${mode}: decode was recorded`);
    }
  });
});
