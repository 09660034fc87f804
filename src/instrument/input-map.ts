/**
 * Code that arrives already transformed carries a source map back to the file the user wrote:
 * Jest compiles each file with babel-jest before it reaches Scope (an inline map back to the same
 * file), and a project built with `tsc --sourceMap` runs `dist/*.js` with a `.js.map` back to
 * `src/*.ts`. Its sites are moved to the positions of that file, and the site table names it, so
 * breakpoints set there bind and the stack shows its lines.
 *
 * The output's own map still maps to the code as it arrived, not through the input map: whoever
 * made that code maps its positions on (Jest formats stack traces through babel's map, Node
 * through the `.js.map`), and a position mapped twice would land elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodedMappings, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Site } from '../protocol/sites';
import type { SourceMapJson } from './index';

/** The last map comment, followed by nothing but comment lines (Vitest puts one of its own after it). */
const MAP_COMMENT = /\/\/[#@] sourceMappingURL=(\S+)\s*(?:\/\/[^\n]*\s*)*$/;
const INLINE = /^data:application\/json;(?:charset=[\w-]+;)?base64,([A-Za-z0-9+/=]+)$/;

/**
 * The map at the end of `source` (inline, or a file next to it) and the one file it maps back to,
 * or undefined: a site table names one file, so a map of several (a bundle) is not used, nor one
 * whose file is not on disk (`webpack://…`).
 */
export function inputMapOf(source: string, filename: string): { map: TraceMap; file: string } | undefined {
  const comment = MAP_COMMENT.exec(source);
  if (!comment) return undefined;
  let map: SourceMapJson & { sourceRoot?: string };
  try {
    const inline = INLINE.exec(comment[1]);
    const text = inline ? Buffer.from(inline[1], 'base64').toString('utf8') : readFileSync(path.resolve(path.dirname(filename), decodeURIComponent(comment[1])), 'utf8');
    map = JSON.parse(text) as SourceMapJson & { sourceRoot?: string };
  } catch {
    return undefined;
  }
  if (!Array.isArray(map.sources) || map.sources.length !== 1 || typeof map.sources[0] !== 'string') return undefined;
  const file = path.resolve(path.dirname(filename), map.sourceRoot ?? '', map.sources[0].replace(/^file:\/\//, ''));
  return file === path.resolve(filename) || existsSync(file) ? { map: new TraceMap(map as never), file } : undefined;
}

/**
 * Whether a range of the code as it arrived (lines 1-based, columns 0-based, end exclusive) is the
 * transformer's own code: no position in it maps to the original. esbuild's interop helpers
 * (`__name`, `__copyProps`, the `__export` getters) and babel's (`_interopRequireDefault`) have
 * no mapping of their own; a wrapper around the user's code (tsx's) does, inside.
 */
export function generatedCode(map: TraceMap): (line: number, column: number, endLine: number, endColumn: number) => boolean {
  const lines = decodedMappings(map);
  return (line, column, endLine, endColumn) => {
    for (let l = line; l <= endLine && l <= lines.length; l++) {
      for (const segment of lines[l - 1]) {
        if (segment.length === 1 || (l === line && segment[0] < column)) continue;
        if (l === endLine && segment[0] >= endColumn) break;
        return false;
      }
    }
    return true;
  };
}

/** Moves every position of `sites` (1-based lines and columns) to where `map` says it came from. */
export function mapSitesThrough(sites: Site[], tracer: TraceMap): void {
  const original = (line: number, column: number): [number, number] | undefined => {
    const p = originalPositionFor(tracer, { line, column: column - 1 });
    return p.line === null ? undefined : [p.line, p.column + 1];
  };
  const range = (line: number, column: number, endLine: number, endColumn: number): [number, number, number, number] | undefined => {
    const start = original(line, column);
    if (!start) return undefined;
    // The range's last character (a block's `}`) maps to itself, or to the last mapped token
    // before it, inside the range: where the code after it starts may map anywhere (minified
    // output, as tsx runs, has the next statement on the same line).
    const last = original(endLine, Math.max(1, endColumn - 1));
    return last && (last[0] > start[0] || (last[0] === start[0] && last[1] >= start[1])) ? [...start, last[0], last[1] + 1] : [...start, start[0], start[1] + 1];
  };
  for (const site of sites) {
    const moved = range(site.line, site.column, site.endLine, site.endColumn);
    if (moved) [site.line, site.column, site.endLine, site.endColumn] = moved;
    if (site.scope) site.scope = range(...site.scope) ?? site.scope;
  }
}
