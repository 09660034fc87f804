/**
 * Builds a file's site table (src/protocol/sites.ts). Positions are converted from the parser's
 * 0-based offsets to the ORIGINAL source's 1-based line/column, as the protocol requires.
 */
import ts from 'typescript';
import type { DeclKind, Site, SiteKind, SiteTableJson } from '../protocol/sites';

export type ScopeRange = [number, number, number, number];

export class SiteTableBuilder {
  readonly sites: Site[] = [];

  constructor(private readonly sourceFile: ts.SourceFile) {}

  /** Adds a site spanning `node` (from its first token, trivia excluded) and returns its index. */
  add(kind: SiteKind, node: ts.Node, fn: number, extra?: Partial<Site>): number {
    return this.addRange(kind, node.getStart(this.sourceFile), node.end, fn, extra);
  }

  addRange(kind: SiteKind, start: number, end: number, fn: number, extra?: Partial<Site>): number {
    const from = this.sourceFile.getLineAndCharacterOfPosition(start);
    const to = this.sourceFile.getLineAndCharacterOfPosition(end);
    const site: Site = { kind, line: from.line + 1, column: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1, fn };
    if (extra) Object.assign(site, extra);
    this.sites.push(site);
    return this.sites.length - 1;
  }

  addBinding(name: ts.Identifier, decl: DeclKind, fn: number, scopeNode: ts.Node): number {
    return this.add('binding', name, fn, { name: name.text, decl, scope: this.range(scopeNode) });
  }

  range(node: ts.Node): ScopeRange {
    const from = this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile));
    const to = this.sourceFile.getLineAndCharacterOfPosition(node.end);
    return [from.line + 1, from.character + 1, to.line + 1, to.character + 1];
  }

  toJson(file: string, mode: 'calls' | 'full' | 'writes', mapped: boolean): SiteTableJson {
    const table: SiteTableJson = mode === 'full' ? { file, sites: this.sites } : { file, mode, sites: this.sites };
    if (mapped) table.mapped = true;
    return table;
  }
}
