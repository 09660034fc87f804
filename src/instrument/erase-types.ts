/**
 * Erases TypeScript-only syntax IN PLACE: each type annotation, type declaration, modifier and
 * type-only import is replaced by blanks of the same length (line breaks kept), so the output keeps
 * every line and column of the original and needs no second transpile and no map chaining.
 *
 * Only used when the file has no TypeScript syntax with runtime meaning (analysis.ts sets
 * `needsTypeScriptEmit` for enums, namespaces, decorators, parameter properties, `import =`, …;
 * those files go through `ts.transpileModule`).
 *
 * Imports are elided as TypeScript's emit does: a specifier whose name is never read as a value
 * goes, and a declaration left with none goes too (`import './x'` stays).
 *
 * ASI: erasing the `as T` at the end of a statement could join it with a next line starting with
 * `(`, `[` or a template; a `;` then ends the statement where TypeScript ended it.
 */
import ts from 'typescript';
import type MagicString from 'magic-string';
import { type Analysis, isFunctionLike, isTypeOnly } from './analysis';

// Read once, not at every node: TypeScript's exports are getters (see analysis.ts).
const { SyntaxKind, canHaveModifiers, forEachChild, getModifiers, isHeritageClause, isIdentifier,
  isInterfaceDeclaration, isMethodDeclaration, isNamedExports, isNamedImports, isNamespaceImport,
  isPropertyDeclaration, isStatement, isTypeAliasDeclaration, isTypeNode, isTypeParameterDeclaration,
  isVariableDeclaration, isVariableDeclarationList
} = ts;

const MEMBER_MODIFIERS = new Set([
  SyntaxKind.PublicKeyword, SyntaxKind.PrivateKeyword, SyntaxKind.ProtectedKeyword,
  SyntaxKind.ReadonlyKeyword, SyntaxKind.OverrideKeyword, SyntaxKind.AbstractKeyword,
  SyntaxKind.DeclareKeyword,
]);

class Eraser {
  private readonly text: string;
  /** Interfaces and type aliases of the module: `export { T }` of one of them is erased. */
  private readonly typeNames = new Set<string>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly analysis: Analysis,
    private readonly out: MagicString,
  ) {
    this.text = sourceFile.text;
    for (const s of sourceFile.statements) {
      if (isInterfaceDeclaration(s) || isTypeAliasDeclaration(s)) this.typeNames.add(s.name.text);
    }
  }

  /** Blanks [start, end); `lead` (e.g. `;`) replaces its first characters. */
  blank(start: number, end: number, lead = ''): void {
    if (end <= start) return;
    const blanks = this.text.slice(start + lead.length, end).replace(/[^\r\n\u2028\u2029]/g, ' ');
    this.out.update(start, end, lead + blanks);
  }

  blankNode(node: ts.Node, lead = ''): void {
    this.blank(node.getStart(this.sourceFile), node.end, lead);
  }

  /** `: T` of an annotation: from the end of what precedes it (the colon is in the trivia). */
  blankAnnotation(after: number, type: ts.TypeNode | undefined): void {
    if (type) this.blank(after, type.end);
  }

  blankList(list: ts.NodeArray<ts.Node> | undefined): void {
    if (!list) return;
    // The list's pos/end exclude the angle brackets: extend to them.
    const open = this.text.lastIndexOf('<', list.pos);
    const close = this.text.indexOf('>', list.end);
    this.blank(open, close + 1);
  }

  blankModifiers(node: ts.Node): void {
    const modifiers = canHaveModifiers(node) ? getModifiers(node) : undefined;
    if (!modifiers) return;
    for (const m of modifiers) if (MEMBER_MODIFIERS.has(m.kind)) this.blankNode(m);
  }

  /** A whole statement or class member: left as `;` (an empty statement or class element). */
  blankDeclaration(node: ts.Node): void {
    this.blankNode(node, ';');
  }

  run(): void {
    for (const statement of this.sourceFile.statements) this.visit(statement);
  }

  visit(node: ts.Node): void {
    if (isTypeOnly(node)) {
      // Type parameter lists are erased whole (with their brackets) by their owner.
      if (isTypeParameterDeclaration(node)) return;
      if (isTypeNode(node) || isHeritageClause(node)) this.blankNode(node);
      else this.blankDeclaration(node);
      return;
    }
    switch (node.kind) {
      case SyntaxKind.ImportDeclaration:
        this.elideImport(node as ts.ImportDeclaration);
        return;
      case SyntaxKind.ExportDeclaration:
        this.eraseExportSpecifiers(node as ts.ExportDeclaration);
        return;
      case SyntaxKind.AsExpression:
      case SyntaxKind.SatisfiesExpression: {
        const expr = node as ts.AsExpression;
        this.visit(expr.expression);
        this.blank(expr.expression.end, expr.end);
        // After every probe closing placed at the statement's end (they are all in by now).
        if (this.endsStatementBeforeHazard(expr)) this.out.appendLeft(expr.end, ';');
        return;
      }
      case SyntaxKind.NonNullExpression: {
        const expr = node as ts.NonNullExpression;
        this.visit(expr.expression);
        this.blank(expr.end - 1, expr.end);
        return;
      }
      case SyntaxKind.VariableDeclaration: {
        const d = node as ts.VariableDeclaration;
        if (d.exclamationToken) this.blankNode(d.exclamationToken);
        this.blankAnnotation(d.name.end, d.type);
        this.visitChildrenExcept(node, d.type);
        return;
      }
      case SyntaxKind.Parameter: {
        const p = node as ts.ParameterDeclaration;
        if (isIdentifier(p.name) && p.name.text === 'this') {
          // `this: T` is not a parameter at runtime: erase it with its comma.
          const list = (p.parent as ts.SignatureDeclarationBase).parameters;
          const next = list[list.indexOf(p) + 1];
          this.blank(p.getStart(this.sourceFile), next ? next.getStart(this.sourceFile) : p.end);
          return;
        }
        if (p.questionToken) this.blankNode(p.questionToken);
        this.blankAnnotation((p.questionToken ?? p.name).end, p.type);
        this.visitChildrenExcept(node, p.type);
        return;
      }
      case SyntaxKind.PropertyDeclaration: {
        const prop = node as ts.PropertyDeclaration;
        const modifiers = getModifiers(prop);
        if (modifiers?.some((m) => m.kind === SyntaxKind.AbstractKeyword || m.kind === SyntaxKind.DeclareKeyword)) {
          this.blankDeclaration(prop);
          return;
        }
        this.blankModifiers(prop);
        const token = prop.questionToken ?? prop.exclamationToken;
        if (token) this.blankNode(token);
        this.blankAnnotation((token ?? prop.name).end, prop.type);
        this.visitChildrenExcept(node, prop.type);
        return;
      }
      case SyntaxKind.ExpressionWithTypeArguments: {
        const e = node as ts.ExpressionWithTypeArguments;
        this.visit(e.expression);
        this.blankList(e.typeArguments);
        return;
      }
      case SyntaxKind.CallExpression:
      case SyntaxKind.NewExpression:
      case SyntaxKind.TaggedTemplateExpression: {
        const typeArguments = (node as ts.CallExpression).typeArguments;
        this.blankList(typeArguments);
        this.visitChildrenExcept(node, typeArguments);
        return;
      }
      case SyntaxKind.ClassDeclaration:
      case SyntaxKind.ClassExpression:
        this.blankModifiers(node);
        this.blankList((node as ts.ClassLikeDeclaration).typeParameters);
        this.visitChildrenExcept(node, undefined);
        return;
      default:
        if (isFunctionLike(node)) this.eraseFunction(node);
        else this.visitChildrenExcept(node, undefined);
    }
  }

  /** Visits the children of `node` but `skipped` (a child or a list of children already erased). */
  visitChildrenExcept(node: ts.Node, skipped: ts.Node | ts.NodeArray<ts.Node> | undefined): void {
    forEachChild(
      node,
      (child) => { if (child !== skipped) this.visit(child); },
      (children) => { if (children !== skipped) for (const child of children) this.visit(child); },
    );
  }

  eraseFunction(fn: ts.FunctionLikeDeclaration): void {
    // Overloads and abstract methods have no body: nothing of them runs.
    if (!fn.body) {
      this.blankDeclaration(fn);
      return;
    }
    this.blankModifiers(fn);
    if ((isMethodDeclaration(fn) || isPropertyDeclaration(fn)) && fn.questionToken) this.blankNode(fn.questionToken);
    this.blankList(fn.typeParameters);
    if (fn.type) {
      const close = this.text.lastIndexOf(')', fn.type.pos);
      this.blank(close + 1, fn.type.end);
    }
    this.visitChildrenExcept(fn, fn.type);
  }

  isUsed(name: ts.Identifier): boolean {
    return this.analysis.valueNames.has(name.text);
  }

  elideImport(node: ts.ImportDeclaration): void {
    const clause = node.importClause;
    if (!clause) return;
    const bindings = clause.namedBindings;
    const keptDefault = clause.name !== undefined && this.isUsed(clause.name);
    if (bindings && isNamespaceImport(bindings)) {
      if (!keptDefault && !this.isUsed(bindings.name)) this.blankDeclaration(node);
      else if (!keptDefault && clause.name) this.blank(clause.name.getStart(this.sourceFile), bindings.getStart(this.sourceFile));
      else if (!this.isUsed(bindings.name)) this.blank(clause.name!.end, bindings.end);
      return;
    }
    const specifiers = bindings && isNamedImports(bindings) ? bindings.elements : undefined;
    const kept = specifiers?.filter((s) => !s.isTypeOnly && this.isUsed(s.name)) ?? [];
    if (!keptDefault && kept.length === 0) {
      this.blankDeclaration(node);
      return;
    }
    if (clause.name && !keptDefault) this.blank(clause.name.getStart(this.sourceFile), bindings!.getStart(this.sourceFile));
    if (specifiers && kept.length === 0) this.blank(clause.name!.end, bindings!.end);
    else if (specifiers) this.eraseSpecifiers(specifiers, new Set(kept));
  }

  eraseExportSpecifiers(node: ts.ExportDeclaration): void {
    const clause = node.exportClause;
    if (!clause || !isNamedExports(clause)) return;
    const moduleNames = this.analysis.scopes.get(this.sourceFile)!.names;
    const isTypeName = (s: ts.ExportSpecifier) => {
      const local = (s.propertyName ?? s.name).getText(this.sourceFile);
      return !node.moduleSpecifier && this.typeNames.has(local) && !moduleNames.has(local);
    };
    this.eraseSpecifiers(clause.elements, new Set(clause.elements.filter((s) => !s.isTypeOnly && !isTypeName(s))));
  }

  /** Erases the specifiers not in `kept`, each with its following comma (a trailing one too). */
  eraseSpecifiers(specifiers: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>, kept: Set<ts.Node>): void {
    specifiers.forEach((s, i) => {
      if (kept.has(s)) return;
      const next = specifiers[i + 1];
      const trailingComma = /^\s*,/.exec(this.text.slice(s.end));
      this.blank(s.getStart(this.sourceFile), next ? next.getStart(this.sourceFile) : s.end + (trailingComma ? trailingComma[0].length : 0));
    });
  }

  /**
   * True when `expr` ends its statement and the next line starts with a token that JavaScript
   * would read as continuing the expression once the type is gone.
   */
  endsStatementBeforeHazard(expr: ts.Expression): boolean {
    const rest = this.text.slice(expr.end);
    const match = /^[ \t]*(?:\/\/[^\n]*)?\r?\n\s*([([`])/.exec(rest);
    if (!match) return false;
    let node: ts.Node = expr;
    while (node.parent && node.parent.end === expr.end && !isStatement(node.parent) && !isVariableDeclarationList(node.parent)) node = node.parent;
    return isStatement(node.parent) || isVariableDeclarationList(node.parent) || isVariableDeclaration(node);
  }
}

/** Erases the TypeScript syntax of `sourceFile` into `out` (see the file comment). */
export function eraseTypes(sourceFile: ts.SourceFile, analysis: Analysis, out: MagicString): void {
  new Eraser(sourceFile, analysis, out).run();
}
