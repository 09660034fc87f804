/**
 * What a module imports and exports, in its site table, so the query engine can show an imported
 * name's value: the exporting module's binding at that instant. An import binding is never written
 * (its value is the other module's live binding), so without this it reads "not recorded"; every
 * `import { x } from './y'` of a TypeScript or ES module program would.
 *
 * - An import binding's site gets `from` (the specifier as written) and `imported` (the name it
 *   imports: `default`, a name, or `*` for a namespace import).
 * - The module's site (site 0) gets `exports`: each exported name to the binding site it exports
 *   (`export const`, `export function`, `export default function f`, `export { a as b }`) or to
 *   another module's export (`export { a as b } from './y'`, `export * as ns from './y'`); and
 *   `exportAll`: the specifiers of `export * from`.
 * `export default <expression>` has no binding to point at and is left out.
 */
import ts from 'typescript';
import type { ModuleExport } from '../protocol/sites';
import { forEachBoundName, hasModifier, type Analysis } from './analysis';

const { SyntaxKind } = ts;

/** Adds import facts to the import bindings' sites, and the export table to the module's site. */
export function linkModule(sourceFile: ts.SourceFile, analysis: Analysis): void {
  const scope = analysis.scopes.get(sourceFile);
  const moduleSite = analysis.sites.sites[0];
  if (!scope || moduleSite?.kind !== 'module') return;
  const sites = analysis.sites.sites;
  const siteOf = (local: string): number | undefined => {
    const site = scope.names.get(local)?.site;
    return site !== undefined && site >= 0 ? site : undefined;
  };
  const links: { exports: Record<string, ModuleExport>; exportAll: string[] } = { exports: {}, exportAll: [] };
  const exportLocal = (exported: string, local: string) => {
    const site = siteOf(local);
    if (site !== undefined) links.exports[exported] = { site };
  };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const from = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      const mark = (local: string, imported: string) => {
        const site = siteOf(local);
        if (site !== undefined && sites[site].decl === 'import') Object.assign(sites[site], { from, imported });
      };
      if (clause?.name) mark(clause.name.text, 'default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) mark(bindings.name.text, '*');
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) mark(element.name.text, (element.propertyName ?? element.name).text);
      }
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (from !== undefined) links.exportAll.push(from);
      } else if (ts.isNamespaceExport(clause)) {
        if (from !== undefined) links.exports[clause.name.text] = { from, imported: '*' };
      } else {
        for (const element of clause.elements) {
          if (element.isTypeOnly) continue;
          const exported = element.name.text;
          const local = (element.propertyName ?? element.name).text;
          if (from !== undefined) links.exports[exported] = { from, imported: local };
          else exportLocal(exported, local);
        }
      }
    } else if (hasModifier(statement, SyntaxKind.ExportKeyword) && !hasModifier(statement, SyntaxKind.DeclareKeyword)) {
      const isDefault = hasModifier(statement, SyntaxKind.DefaultKeyword);
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          forEachBoundName(declaration.name, (id) => exportLocal(id.text, id.text));
        }
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
        exportLocal(isDefault ? 'default' : statement.name.text, statement.name.text);
      }
    }
  }
  if (Object.keys(links.exports).length > 0) moduleSite.exports = links.exports;
  if (links.exportAll.length > 0) moduleSite.exportAll = links.exportAll;
}
