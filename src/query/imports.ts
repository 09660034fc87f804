/**
 * Imported names, read through to what they import. An ES module import binding is never written:
 * its value is the exporting module's binding, live. The instrumenter notes each import's specifier
 * and imported name on its site and each module's exports on its module site
 * (src/instrument/module-links.ts); here an import is followed to the binding it reads — through
 * re-exports and `export *` — and to the frame of that module's top level in the same thread, so
 * the engine reads its value, and its history, as the exporting module's own.
 *
 * Specifiers are resolved among the recording's files the way the program's loaders resolve a
 * relative one (as written, `.js` meaning `.ts`, an added extension, a folder's index). A bare
 * specifier goes through the paths the project's tsconfig aliases made of it, which the runtime
 * noted on the importer's module site as it loaded; a package is not followed (where it resolved
 * is not in the recording).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind } from '../protocol/wire';
import type { EventStore } from '../store/event-store';
import { isRelativeOrAbsolute, typeScriptSpellings } from '../runtime/files';
import type { Indexes } from './indexes';

/** A binding an import reads: its site, and the frame of its module's top level. */
export interface ImportTarget {
  site: number;
  frame: number;
}

/** Re-export chains longer than this are taken as a cycle (`export *` both ways). */
const MAX_HOPS = 32;

export class ImportLinks {
  /** Module sites by file (a file loaded in several processes or threads has one per load). */
  private moduleSites = new Map<string, number[]>();
  private sitesSeen = 0;
  private readonly resolved = new Map<string, number[]>();

  constructor(private readonly store: EventStore, private readonly idx: Indexes) {}

  /** What the import binding at `importSite` reads in `thread`, or undefined if not known. */
  targetOf(thread: number, importSite: number): ImportTarget | undefined {
    return this.follow(thread, importSite, 0);
  }

  /** What `ns.key` reads for the namespace import `ns` (`import * as ns`) at `importSite`, or undefined. */
  memberOf(thread: number, importSite: number, key: string): ImportTarget | undefined {
    const s = this.store.sites[importSite];
    if (!s || s.decl !== 'import' || s.from === undefined || s.imported !== '*') return undefined;
    return this.exported(thread, s.file, s.from, key, 0);
  }

  /**
   * The names the namespace import at `importSite` (`import * as ns`) has, sorted as a module
   * namespace object's keys are; undefined when it is not one or its module is not known.
   */
  exportNamesOf(thread: number, importSite: number): string[] | undefined {
    const s = this.store.sites[importSite];
    if (!s || s.decl !== 'import' || s.from === undefined || s.imported !== '*') return undefined;
    const names = new Set<string>();
    if (!this.collectExportNames(thread, s.file, s.from, names, new Set(), false)) return undefined;
    return [...names].sort();
  }

  /** Adds what the module `specifier` names from `importer` exports; false when it is not known. */
  private collectExportNames(thread: number, importer: string, specifier: string, names: Set<string>, visited: Set<number>, starred: boolean): boolean {
    for (const moduleSite of this.modulesFor(importer, specifier)) {
      if (this.topLevelFrame(thread, moduleSite) < 0) continue;
      if (visited.has(moduleSite)) return true; // `export *` both ways
      visited.add(moduleSite);
      const module = this.store.sites[moduleSite];
      for (const name of Object.keys(module.exports ?? {})) if (!(starred && name === 'default')) names.add(name);
      for (const from of module.exportAll ?? []) this.collectExportNames(thread, module.file, from, names, visited, true);
      return true;
    }
    return false;
  }

  private follow(thread: number, importSite: number, hops: number): ImportTarget | undefined {
    const s = this.store.sites[importSite];
    if (!s || s.decl !== 'import' || s.from === undefined || s.imported === undefined || s.imported === '*') return undefined;
    return this.exported(thread, s.file, s.from, s.imported, hops);
  }

  private exported(thread: number, importer: string, specifier: string, name: string, hops: number): ImportTarget | undefined {
    if (hops > MAX_HOPS) return undefined;
    for (const moduleSite of this.modulesFor(importer, specifier)) {
      const frame = this.topLevelFrame(thread, moduleSite);
      if (frame < 0) continue;
      const module = this.store.sites[moduleSite];
      const entry = module.exports?.[name];
      if (entry && 'site' in entry) {
        const site = moduleSite + entry.site; // an index within the module's own table
        return this.store.sites[site]?.decl === 'import' ? this.follow(thread, site, hops + 1) : { site, frame };
      }
      if (entry) return entry.imported === '*' ? undefined : this.exported(thread, module.file, entry.from, entry.imported, hops + 1);
      if (name === 'default') return undefined; // `export *` never re-exports a default
      for (const from of module.exportAll ?? []) {
        const found = this.exported(thread, module.file, from, name, hops + 1);
        if (found) return found;
      }
      return undefined;
    }
    return undefined;
  }

  /** The frame of the first run of a module's top level in `thread`, or -1. */
  private topLevelFrame(thread: number, moduleSite: number): number {
    const list = this.idx.siteEvents[moduleSite];
    if (!list) return -1;
    const { kinds, threadOf, frameOf } = this.store;
    for (let j = 0; j < list.length; j++) {
      const i = list.data[j];
      if (kinds[i] === Kind.CallEnter && threadOf[i] === thread) return frameOf[i];
    }
    return -1;
  }

  /**
   * Module sites of the file `specifier` names from `importer`, in the loaders' order of spellings:
   * a relative one from the importer's folder, a bare one through the paths the project's aliases
   * made of it as the importer loaded.
   */
  private modulesFor(importer: string, specifier: string): number[] {
    const key = `${importer}\0${specifier}`;
    const known = this.resolved.get(key);
    if (known) return known;
    this.indexModuleSites();
    const bases = isRelativeOrAbsolute(specifier)
      ? [path.resolve(path.dirname(importer), specifier.startsWith('file:') ? fileURLToPath(specifier) : specifier)]
      : this.aliasTargets(importer, specifier);
    const found = bases.flatMap((base) => [base, ...typeScriptSpellings(base)]).map((candidate) => this.moduleSites.get(candidate)).find((sites) => sites !== undefined) ?? [];
    // Not cached while empty: the module may arrive later in a live recording.
    if (found.length > 0) this.resolved.set(key, found);
    return found;
  }

  /** Where the importer's loading noted the project's aliases take a bare `specifier` (none if they do not). */
  private aliasTargets(importer: string, specifier: string): string[] {
    const [moduleSite] = this.moduleSites.get(importer) ?? [];
    const targets: unknown = moduleSite === undefined ? undefined : this.store.sites[moduleSite].aliasTargets?.[specifier];
    // Read from the recording: anything but a list of paths is ignored.
    return Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : [];
  }

  private indexModuleSites(): void {
    const sites = this.store.sites;
    for (; this.sitesSeen < sites.length; this.sitesSeen++) {
      const s = sites[this.sitesSeen];
      if (s.kind !== 'module') continue;
      const list = this.moduleSites.get(s.file);
      if (list) list.push(this.sitesSeen);
      else this.moduleSites.set(s.file, [this.sitesSeen]);
    }
  }
}

