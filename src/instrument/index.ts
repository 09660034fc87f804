/**
 * The instrumenter: one source file (TypeScript or JavaScript, ESM or CommonJS) in, instrumented
 * JavaScript that calls the runtime's probes out, with a v3 source map back to the ORIGINAL source
 * and the file's site table.
 *
 * Pipeline: parse with the TypeScript compiler API (read only) → analysis.ts (sites, scopes) →
 * transform.ts (probes inserted as text with magic-string) → for TypeScript/JSX, `ts.transpileModule`
 * on the probed text (types, enums, namespaces, decorators and parameter properties are erased by
 * TypeScript itself) with the two source maps chained. Plain JavaScript skips the transpile, so its
 * output keeps every line of the original where it was.
 */
import path from 'node:path';
import remapping from '@jridgewell/remapping';
import type { TraceMap } from '@jridgewell/trace-mapping';
import MagicString from 'magic-string';
import ts from 'typescript';
import type { Site, SiteTableJson } from '../protocol/sites';
import { analyze } from './analysis';
import { eraseTypes } from './erase-types';
import { InstrumentSyntaxError } from './errors';
import { generatedCode, inputMapOf, mapSitesThrough } from './input-map';
import { linkModule } from './module-links';
import { SiteTableBuilder } from './site-table';
import * as T from './templates';
import { type Mode, prologueInsertion, transform } from './transform';

export { InstrumentSyntaxError } from './errors';

export { INSTRUMENTER_VERSION } from './version';

export interface InstrumentOptions {
  mode: Mode;
  /** Absolute path of the file; also the site table's `file`. */
  filename: string;
  /**
   * How Node will load the output. Unset: module syntax is kept as written (a `.js` file of a
   * package without "type": Node ≥ 20.19 runs it as an ES module when it has import/export).
   */
  moduleKind?: 'esm' | 'cjs';
  /** The project's tsconfig settings that change what TypeScript emits (as tsx honours them). */
  typescript?: TypeScriptSettings;
}

export interface TypeScriptSettings {
  experimentalDecorators?: boolean;
  emitDecoratorMetadata?: boolean;
  /** `false`: class fields are assignments in the constructor (TypeScript's emit is then used). */
  useDefineForClassFields?: boolean;
  jsx?: 'react' | 'react-jsx' | 'react-jsxdev' | 'preserve';
  jsxFactory?: string;
  jsxFragmentFactory?: string;
  jsxImportSource?: string;
}

const JSX_EMIT: Record<NonNullable<TypeScriptSettings['jsx']>, ts.JsxEmit> = {
  react: ts.JsxEmit.React,
  'react-jsx': ts.JsxEmit.ReactJSX,
  'react-jsxdev': ts.JsxEmit.ReactJSXDev,
  preserve: ts.JsxEmit.Preserve,
};

export interface InstrumentResult {
  code: string;
  /**
   * v3 source map from `code` to the original source. None in `writes` mode (a library's code):
   * its lines stay where they were (probes add no line), so do the columns of lines without a
   * probe, and a map would cost the library's every load — Node parses a module's map when it
   * loads it (lodash: 51–54 ms to load with its 2 MB map, 13–18 ms without).
   */
  map: SourceMapJson | null;
  sites: SiteTableJson;
  /** One line per construct left uninstrumented. */
  warnings: string[];
}

export interface SourceMapJson {
  version: number;
  file?: string | null;
  sources: (string | null)[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts']);

function scriptKindOf(filename: string): ts.ScriptKind {
  switch (path.extname(filename).toLowerCase()) {
    case '.ts': case '.mts': case '.cts': return ts.ScriptKind.TS;
    case '.tsx': return ts.ScriptKind.TSX;
    case '.jsx': return ts.ScriptKind.JSX;
    default: return ts.ScriptKind.JS;
  }
}

/**
 * TypeScript reports legacy octal (`010`, `"\101"`, `"\8"`, `08`) as errors, but sloppy-mode
 * JavaScript allows them (and V8 rejects them itself in strict code).
 */
const SLOPPY_JAVASCRIPT_ONLY = new Set([1121, 1487, 1488, 1489]);

/** Parses `source`; throws InstrumentSyntaxError at the first syntax error's original position. */
function parse(source: string, filename: string): ts.SourceFile {
  const kind = scriptKindOf(filename);
  // JSDoc is parsed for type information the instrumenter never reads: lodash.js, mostly JSDoc,
  // parses in 33 ms without it against 81 ms (typescript.js: 1.08 s against 1.20 s).
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const sourceFile = ts.createSourceFile(filename, source, options, true, kind);
  // `parseDiagnostics` is not in the public typings but is what `transpileModule` reports from.
  const all = (sourceFile as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  const isJavaScript = kind === ts.ScriptKind.JS || kind === ts.ScriptKind.JSX;
  const diagnostics = isJavaScript ? all.filter((d) => !SLOPPY_JAVASCRIPT_ONLY.has(d.code)) : all;
  if (diagnostics.length > 0) {
    const first = diagnostics[0];
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
    throw new InstrumentSyntaxError(filename, line + 1, character + 1, ts.flattenDiagnosticMessageText(first.messageText, '\n'));
  }
  return sourceFile;
}

function transpileOptions(options: InstrumentOptions): ts.CompilerOptions {
  const module = options.moduleKind === 'cjs' ? ts.ModuleKind.CommonJS : options.moduleKind === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.Preserve;
  return {
    // Node 20 runs ES2022 natively; decorators and `using` are lowered.
    target: ts.ScriptTarget.ES2022,
    module,
    sourceMap: true,
    esModuleInterop: true,
    ...options.typescript,
    jsx: JSX_EMIT[options.typescript?.jsx ?? 'react'],
  };
}

/** Runs TypeScript's transpile on the probed text and chains its map onto the probe map. */
function transpile(probed: string, probeMap: SourceMapJson, options: InstrumentOptions): { code: string; map: SourceMapJson } {
  const output = ts.transpileModule(probed, { fileName: options.filename, compilerOptions: transpileOptions(options) });
  const code = output.outputText.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const transpileMap = JSON.parse(output.sourceMapText!) as SourceMapJson;
  const chained = remapping([transpileMap as never, probeMap as never], () => null);
  return { code, map: JSON.parse(chained.toString()) as SourceMapJson };
}

export function instrument(source: string, options: InstrumentOptions): InstrumentResult {
  const { filename } = options;
  // Instrumenting twice would declare the prologue twice (an error in a module): output given
  // back as input (a cached file copied into a project, a bundle of instrumented files) runs as is.
  if (T.INSTRUMENTED_MARK.test(source)) {
    const map = new MagicString(source).generateMap({ source: filename, includeContent: true, hires: 'boundary' });
    return {
      code: source,
      map: { version: 3, file: map.file, sources: [filename], sourcesContent: [source], names: map.names, mappings: map.mappings },
      sites: { file: filename, sites: [] },
      warnings: [`${filename}: already instrumented, left as it is`],
    };
  }
  const sourceFile = parse(source, filename);
  const writesOnly = options.mode === 'writes';
  const analysis = analyze(sourceFile, path.basename(filename), !writesOnly);
  const isTypeScript = TYPESCRIPT_EXTENSIONS.has(path.extname(filename).toLowerCase());
  // JavaScript with import/export that Node compiles as CommonJS (a `.cjs` file, a `.js` file of a
  // `"type": "commonjs"` package) is a SyntaxError to Node: it runs as written, so Node reports
  // it as without Scope. (TypeScript and JSX are transpiled to CommonJS, as tsx does.)
  if (options.moduleKind === 'cjs' && analysis.hasModuleSyntax && !isTypeScript && !analysis.hasJsx) {
    return { code: source, map: null, sites: { file: filename, sites: [] }, warnings: [] };
  }
  // A library's writes-only code names its write sites only, not its functions and bindings: a
  // table a few times smaller, and the recording holds one per library file loaded.
  const siteTable = writesOnly ? librarySiteTable(sourceFile, analysis.sites.sites[0]) : analysis.sites;
  const warnings: string[] = [];
  const out = new MagicString(source);
  const input = inputMapOf(source, filename);
  if (analysis.moduleSkipReason) {
    if (!writesOnly) warnings.push(`${filename}: left uninstrumented: its top level contains a ${analysis.moduleSkipReason}`);
  } else {
    const inlineFieldFrames = options.typescript?.useDefineForClassFields !== false;
    const generated = input && generatedNodes(sourceFile, input.map);
    warnings.push(...transform(sourceFile, analysis, out, { mode: options.mode, inlineFieldFrames, sites: siteTable, generated }));
  }
  if (input) mapSitesThrough(siteTable.sites, input.map);
  // Import and export facts, for reading imported names (not in a library's writes-only table, nor
  // through an input map: code that arrived compiled has no import declarations of the source's).
  if (!writesOnly && !input) linkModule(sourceFile, analysis);
  const sites = siteTable.toJson(input?.file ?? filename, options.mode, input !== undefined);
  if (!analysis.moduleSkipReason) {
    const { at, separator } = prologueInsertion(sourceFile);
    // Before anything else attached there: an empty file's module end is at the same offset.
    // A library's writes-only output has no source map: its prologue is marked like its probes, so
    // that a stack frame's column on its line can be found in the code as it was (call-sites.ts).
    const prologue = separator + T.prologue(filename, JSON.stringify(sites), writesOnly);
    out.prependLeft(at, writesOnly ? T.marked(prologue) : prologue);
  }

  const needsTranspile = analysis.hasJsx || (options.moduleKind === 'cjs' && analysis.hasModuleSyntax)
    || (isTypeScript && analysis.needsTypeScriptEmit !== undefined)
    || (isTypeScript && analysis.hasClassFields && options.typescript?.useDefineForClassFields === false);
  // TypeScript without runtime-meaningful syntax has its types erased in place: same lines and
  // columns as the original, and no second parse.
  if (isTypeScript && !needsTranspile) eraseTypes(sourceFile, analysis, out);
  const probed = out.toString();
  if (writesOnly && !needsTranspile) return { code: probed, map: null, sites, warnings };
  const generated = out.generateMap({ source: filename, file: path.basename(filename), hires: 'boundary' });
  const probeMap: SourceMapJson = { version: 3, file: generated.file, sources: [filename], names: generated.names, mappings: generated.mappings };
  const { code, map } = needsTranspile ? transpile(probed, probeMap, options) : { code: probed, map: probeMap };
  map.sources = [filename];
  map.sourcesContent = [source];
  return { code, map, sites, warnings };
}

/** Whether a node is the code's transformer's own, not the user's (see TransformOptions.generated). */
function generatedNodes(sourceFile: ts.SourceFile, map: TraceMap): (node: ts.Node) => boolean {
  const unmapped = generatedCode(map);
  return (node) => {
    const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    const end = sourceFile.getLineAndCharacterOfPosition(node.end);
    return unmapped(start.line + 1, start.character, end.line + 1, end.character);
  };
}

/** A site table holding only the module's site (site 0, as in every table), for `writes` mode. */
function librarySiteTable(sourceFile: ts.SourceFile, moduleSite: Site): SiteTableBuilder {
  const table = new SiteTableBuilder(sourceFile);
  table.sites.push(moduleSite);
  return table;
}

// The loaders (src/runtime) require this bundle and use the cached entry point.
export { instrumentCached } from './cache';
