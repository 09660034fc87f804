/**
 * Code that arrives already transformed in place — Jest compiles each file with babel-jest before
 * it reaches Scope — carries an inline source map back to the file it came from. Its sites are
 * moved to the positions of that file (the one the user sees and sets breakpoints in).
 *
 * The output's own map still maps to the code as it arrived, not through the input map: whoever
 * made that code maps its positions on (Jest formats stack traces through babel's map), and a
 * position mapped twice would land elsewhere.
 */
import path from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Site } from '../protocol/sites';
import type { SourceMapJson } from './index';

/** The last inline map, followed by nothing but comment lines (Vitest puts one of its own after it). */
const INLINE_MAP = /\/\/[#@] sourceMappingURL=data:application\/json;(?:charset=[\w-]+;)?base64,([A-Za-z0-9+/=]+)\s*(?:\/\/[^\n]*\s*)*$/;

/**
 * The inline map at the end of `source` when it maps back to `filename` itself, else undefined:
 * a site table names one file, so a map to other files (a bundle, a compiled `dist/`) is not used.
 */
export function inlineMapToSelf(source: string, filename: string): SourceMapJson | undefined {
  const match = INLINE_MAP.exec(source);
  if (!match) return undefined;
  let map: SourceMapJson & { sourceRoot?: string };
  try {
    map = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as SourceMapJson & { sourceRoot?: string };
  } catch {
    return undefined;
  }
  if (!Array.isArray(map.sources) || map.sources.length !== 1 || typeof map.sources[0] !== 'string') return undefined;
  const source0 = map.sources[0].replace(/^file:\/\//, '');
  return path.resolve(path.dirname(filename), map.sourceRoot ?? '', source0) === path.resolve(filename) ? map : undefined;
}

/** Moves every position of `sites` (1-based lines and columns) to where `map` says it came from. */
export function mapSitesThrough(sites: Site[], map: SourceMapJson): void {
  const tracer = new TraceMap(map as never);
  const original = (line: number, column: number): [number, number] | undefined => {
    const p = originalPositionFor(tracer, { line, column: column - 1 });
    return p.line === null ? undefined : [p.line, p.column + 1];
  };
  const range = (line: number, column: number, endLine: number, endColumn: number): [number, number, number, number] | undefined => {
    const start = original(line, column);
    if (!start) return undefined;
    const end = original(endLine, endColumn);
    // An end past the last mapped token of its line maps back to that token's start, or nowhere.
    return end && (end[0] > start[0] || (end[0] === start[0] && end[1] >= start[1])) ? [...start, ...end] : [...start, start[0], start[1] + 1];
  };
  for (const site of sites) {
    const moved = range(site.line, site.column, site.endLine, site.endColumn);
    if (moved) [site.line, site.column, site.endLine, site.endColumn] = moved;
    if (site.scope) site.scope = range(...site.scope) ?? site.scope;
  }
}
