/**
 * Matching a path a user typed to a file of the recording: exactly (absolute), relative to the
 * working directory, or as a path suffix at a separator (`src/a.ts` matches `/w/proj/src/a.ts`).
 */
import { isAbsolute, resolve, sep } from 'node:path';

export function matchRecordedFile(files: Iterable<string>, path: string, cwd = process.cwd()): string | undefined {
  const all = [...files];
  if (all.includes(path)) return path;
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  if (all.includes(absolute)) return absolute;
  const suffix = path.replace(/^\.[\\/]/, '').replace(/[\\/]/g, sep);
  const matches = all.filter((f) => f.endsWith(sep + suffix) || f.endsWith('/' + path.replace(/^\.\//, '')));
  // The shortest match is the least surprising when several files end alike.
  return matches.sort((a, b) => a.length - b.length)[0];
}
