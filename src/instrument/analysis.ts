/**
 * Pass 1 of the instrumenter: a small binder over the TypeScript AST.
 *
 * It creates the module site, one function site per instrumented function form, one binding site
 * per declared name, and the lexical scopes the second pass (transform.ts) uses to find which
 * function DECLARES the target of a write (its frame variable is the one a `w` probe names).
 * It also finds what the transform must not touch: functions containing sloppy `with` or a direct
 * `eval` (instrumenting them can change what names resolve to), ambient and type-only code.
 *
 * Frame variables: the module's frame is `$$f0`; a function nested d frames deep declares `$$f{d}`.
 * Names repeat across siblings, which is fine: a function only ever names its own frame and the
 * frames of functions that lexically enclose it, and those have smaller depths.
 */
import ts from 'typescript';
import type { DeclKind } from '../protocol/sites';
import { SiteTableBuilder } from './site-table';
import { frameVar } from './templates';

// TypeScript's exports are getters (its bundle's `__export`), so each `ts.X` read is a function
// call. The values an AST walk reads are taken once, here: read at every node, they were half of
// the analysis of typescript.js (0.5 s of 1 s; 1 M nodes, ~30 `ts.SyntaxKind` reads per node).
const { NodeFlags, SyntaxKind, canHaveModifiers, forEachChild, getModifiers, isArrowFunction,
  isAsExpression, isBigIntLiteral, isBinaryExpression, isBlock, isCallExpression, isCaseBlock,
  isClassDeclaration, isClassExpression, isClassStaticBlockDeclaration, isComputedPropertyName,
  isConstructorDeclaration, isExportAssignment, isForInStatement, isForOfStatement, isForStatement,
  isFunctionDeclaration, isFunctionExpression, isGetAccessor, isHeritageClause, isIdentifier,
  isMethodDeclaration, isNamedImports, isNamespaceImport, isNumericLiteral, isOmittedExpression,
  isParameterPropertyDeclaration, isParenthesizedExpression, isPrivateIdentifier,
  isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isSatisfiesExpression,
  isSetAccessor, isShorthandPropertyAssignment, isSpreadElement, isStringLiteral, isVariableDeclaration,
  isVariableDeclarationList
} = ts;

/** How a function form is entered and left; decides the shape of the wrapper in transform.ts. */
export type FunctionForm = 'function' | 'arrow' | 'method' | 'constructor' | 'derived-constructor' | 'static-block' | 'field';

export interface FunctionInfo {
  site: number;
  /** Frame depth: the function's frame variable is `$$f{depth}`. */
  depth: number;
  form: FunctionForm;
  generator: boolean;
  /** Set when the function must be left uninstrumented (with its nested functions). */
  skipReason?: string;
}

export interface Binding {
  site: number;
  /** Depth of the frame that owns the binding (the declaring function's frame). */
  depth: number;
  decl: DeclKind;
  /** The scope declaring it: when that scope has a block frame, the iteration's frame owns it. */
  scope: Scope;
}

export class Scope {
  readonly names = new Map<string, Binding>();
  /** A function is created somewhere inside this scope (in the same function's code). */
  containsFunction = false;
  /**
   * Set on a loop (or a block or catch clause inside a loop) whose let/const/catch bindings
   * closures created in it can capture: the frame variable of its per-iteration BLOCK FRAME
   * (`$$f{depth}_{n}`, see transform.ts). A loop's body block shares its loop's frame (one
   * iteration, one frame).
   */
  blockFrame?: string;

  constructor(
    readonly parent: Scope | undefined,
    readonly node: ts.Node,
    /** Function bodies, the module and namespace bodies hold `var` declarations. */
    readonly holdsVars: boolean,
    readonly depth: number,
    readonly fnSite: number,
  ) {}

  resolve(name: string): Binding | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const binding = scope.names.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  varScope(): Scope {
    let scope: Scope = this;
    while (!scope.holdsVars && scope.parent) scope = scope.parent;
    return scope;
  }
}

export interface Analysis {
  sites: SiteTableBuilder;
  functions: Map<ts.Node, FunctionInfo>;
  scopes: Map<ts.Node, Scope>;
  /** Set when the module's own top level contains `with` or a direct `eval`. */
  moduleSkipReason?: string;
  hasJsx: boolean;
  /** import/export syntax (a CommonJS target then needs a module transform). */
  hasModuleSyntax: boolean;
  /**
   * Set when TypeScript syntax in the file has runtime meaning (enums, namespaces, decorators,
   * parameter properties, `import =`, …): the file then goes through TypeScript's own emit instead
   * of having its types erased in place (erase-types.ts).
   */
  needsTypeScriptEmit?: string;
  /** Every identifier read outside type positions (over-approximated): an import none of whose
   * names is in here is type-only and is erased, as TypeScript's emit would. */
  valueNames: Set<string>;
  /** Class fields exist (their emit depends on `useDefineForClassFields`). */
  hasClassFields: boolean;
}

export type FunctionWithBody =
  | ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration
  | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration | ts.ConstructorDeclaration;

/** Function forms with parameters and a body (overloads and abstract members have no body). */
export function isFunctionLike(node: ts.Node): node is FunctionWithBody {
  switch (node.kind) {
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
    case SyntaxKind.Constructor:
      return true;
    default:
      return false;
  }
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  return modifiers !== undefined && modifiers.some((m) => m.kind === kind);
}

/** Nodes with no runtime meaning: nothing inside them is bound or instrumented. */
export function isTypeOnly(node: ts.Node): boolean {
  const kind = node.kind;
  if (kind >= SyntaxKind.FirstTypeNode && kind <= SyntaxKind.LastTypeNode) return true;
  switch (kind) {
    case SyntaxKind.InterfaceDeclaration:
    case SyntaxKind.TypeAliasDeclaration:
    case SyntaxKind.TypeParameter:
    case SyntaxKind.IndexSignature:
    case SyntaxKind.PropertySignature:
    case SyntaxKind.MethodSignature:
      return true;
    case SyntaxKind.HeritageClause:
      return (node as ts.HeritageClause).token === SyntaxKind.ImplementsKeyword;
    case SyntaxKind.ImportDeclaration:
      return (node as ts.ImportDeclaration).importClause?.isTypeOnly === true;
    case SyntaxKind.ImportEqualsDeclaration:
      return (node as ts.ImportEqualsDeclaration).isTypeOnly;
    case SyntaxKind.ExportDeclaration:
      return (node as ts.ExportDeclaration).isTypeOnly;
    default:
      return hasModifier(node, SyntaxKind.DeclareKeyword);
  }
}

/** Skips parentheses and TypeScript-only wrappers (`as`, `!`, `satisfies`, `<T>x`). */
export function skipOuterExpressions(node: ts.Expression): ts.Expression {
  for (;;) {
    switch (node.kind) {
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.SatisfiesExpression:
      case SyntaxKind.TypeAssertionExpression:
        node = (node as ts.ParenthesizedExpression).expression;
        break;
      default:
        return node;
    }
  }
}

/** Anonymous function and class expressions take their name from the binding they are assigned to
 * (NamedEvaluation), so a probe must never stand between them and the assignment. */
export function isAnonymousFunctionDefinition(expr: ts.Expression): boolean {
  const inner = skipOuterExpressions(expr);
  return isArrowFunction(inner) || ((isFunctionExpression(inner) || isClassExpression(inner)) && !inner.name);
}

/**
 * Whether `expr` holds a function or class expression without a name of its own outside any
 * nested function: V8 names it after the target of the assignment or declaration it stands in
 * (stack traces print `at o.f`, `at cond`), so no probe's call may stand between them.
 */
export function holdsUnnamedFunction(expr: ts.Node): boolean {
  if (isArrowFunction(expr)) return true;
  if (isFunctionExpression(expr) || isClassExpression(expr)) return !expr.name;
  if (ts.isFunctionLike(expr)) return false;
  return ts.forEachChild(expr, holdsUnnamedFunction) === true;
}

/**
 * A class field initialiser that cannot call anything or throw is not worth a frame of its own
 * (and wrapping an anonymous function would change its `.name`).
 */
export function isTrivialInitializer(expr: ts.Expression): boolean {
  const inner = skipOuterExpressions(expr);
  switch (inner.kind) {
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.BigIntLiteral:
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.RegularExpressionLiteral:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NullKeyword:
    case SyntaxKind.Identifier:
    case SyntaxKind.ThisKeyword:
      return true;
    case SyntaxKind.PrefixUnaryExpression:
      return isNumericLiteral((inner as ts.PrefixUnaryExpression).operand) || isBigIntLiteral((inner as ts.PrefixUnaryExpression).operand);
    case SyntaxKind.ArrayLiteralExpression:
      return (inner as ts.ArrayLiteralExpression).elements.every((e) => !isSpreadElement(e) && isTrivialInitializer(e));
    case SyntaxKind.ObjectLiteralExpression:
      return (inner as ts.ObjectLiteralExpression).properties.every((p) =>
        (isPropertyAssignment(p) && !isComputedPropertyName(p.name) && isTrivialInitializer(p.initializer)) || isShorthandPropertyAssignment(p));
    default:
      return isAnonymousFunctionDefinition(inner);
  }
}

export function forEachBoundName(name: ts.BindingName, visit: (id: ts.Identifier) => void): void {
  if (isIdentifier(name)) {
    visit(name);
    return;
  }
  for (const element of name.elements) {
    if (!isOmittedExpression(element)) forEachBoundName(element.name, visit);
  }
}

function propertyNameText(name: ts.PropertyName | undefined): string {
  if (!name) return '<anonymous>';
  if (isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteral(name) || isNumericLiteral(name)) return name.text;
  return '[computed]';
}

function className(node: ts.Node): string | undefined {
  const parent = node.parent;
  if ((isClassDeclaration(parent) || isClassExpression(parent))) {
    if (parent.name) return parent.name.text;
    if (isVariableDeclaration(parent.parent) && isIdentifier(parent.parent.name)) return parent.parent.name.text;
  }
  return undefined;
}

/** The name a debugger shows for a function: its own, or the one it is assigned to. */
export function functionName(node: ts.Node): string {
  if ((isFunctionDeclaration(node) || isFunctionExpression(node)) && node.name) return node.name.text;
  if (isConstructorDeclaration(node)) return className(node) ?? 'constructor';
  if (isClassStaticBlockDeclaration(node)) return `${className(node) ?? '<class>'}.<static>`;
  if (isMethodDeclaration(node) || isGetAccessor(node) || isSetAccessor(node) || isPropertyDeclaration(node)) {
    const owner = className(node);
    const prefix = isGetAccessor(node) ? 'get ' : isSetAccessor(node) ? 'set ' : '';
    return prefix + (owner ? `${owner}.` : '') + propertyNameText(node.name);
  }
  let child: ts.Node = node;
  let parent = node.parent;
  while (isParenthesizedExpression(parent) || isAsExpression(parent) || isSatisfiesExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  if (isVariableDeclaration(parent) && parent.initializer === child && isIdentifier(parent.name)) return parent.name.text;
  if (isPropertyAssignment(parent) && parent.initializer === child) return propertyNameText(parent.name);
  if (isBinaryExpression(parent) && parent.right === child && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
    const left = parent.left;
    if (isIdentifier(left)) return left.text;
    if (isPropertyAccessExpression(left)) return left.name.text;
  }
  if (isExportAssignment(parent)) return 'default';
  // esbuild's keepNames (tsx): `const f = __name((n) => …, "f")` names the function it wraps.
  if (isCallExpression(parent) && parent.arguments[0] === child && isIdentifier(parent.expression) && parent.expression.text === '__name') {
    const name = parent.arguments[1];
    if (name && isStringLiteral(name)) return name.text;
  }
  return '<anonymous>';
}

function functionForm(node: FunctionWithBody): FunctionForm {
  if (isArrowFunction(node)) return 'arrow';
  if (isConstructorDeclaration(node)) {
    const heritage = node.parent.heritageClauses;
    return heritage?.some((h) => h.token === SyntaxKind.ExtendsKeyword) ? 'derived-constructor' : 'constructor';
  }
  if (isFunctionDeclaration(node) || isFunctionExpression(node)) return 'function';
  return 'method';
}

function isDirectEval(node: ts.Node): boolean {
  return isCallExpression(node) && isIdentifier(node.expression) && node.expression.text === 'eval' && !node.questionDotToken;
}

/**
 * @param withSites false: no function sites (their ids are -1) and no bindings. A library's
 * writes-only code has a site table of its own, no frames and no variable writes.
 */
export function analyze(sourceFile: ts.SourceFile, moduleName: string, withSites = true): Analysis {
  const sites = new SiteTableBuilder(sourceFile);
  const functions = new Map<ts.Node, FunctionInfo>();
  const scopes = new Map<ts.Node, Scope>();
  const moduleSite = sites.add('module', sourceFile, -1, { name: moduleName });
  const moduleScope = new Scope(undefined, sourceFile, true, 0, moduleSite);
  scopes.set(sourceFile, moduleScope);
  const analysis: Analysis = { sites, functions, scopes, hasJsx: false, hasModuleSyntax: false, valueNames: new Set(), hasClassFields: false };
  const isTypeScript = /\.[mc]?tsx?$/i.test(sourceFile.fileName);
  function needsEmit(reason: string): void {
    if (isTypeScript) analysis.needsTypeScriptEmit ??= reason;
  }
  /** Innermost instrumented function (undefined at the module's top level). */
  let currentFunction: FunctionInfo | undefined;
  /** Loops enclosing the code being visited, within the current function. */
  let loopDepth = 0;
  let blockFrames = 0;

  function declare(scope: Scope, id: ts.Identifier, decl: DeclKind, scopeNode: ts.Node = scope.node): void {
    // Bindings are for frames and variable writes, which a library's writes-only code has none of.
    if (!withSites) return;
    const existing = scope.names.get(id.text);
    // A function body becomes a try block: there, a function declaration is lexical and may not
    // share its name with a `var` or another function declaration (it may at a body's top level).
    if (existing && (decl === 'function' || existing.decl === 'function') && decl !== 'param' && existing.decl !== 'param') {
      const info = functions.get(scope.node);
      if (info) info.skipReason ??= `function declaration sharing its name \`${id.text}\` with another declaration`;
    }
    // Lexical declarations at a function body's top level live in the body, not the parameters.
    const body = (scopeNode as ts.FunctionLikeDeclaration).body;
    const lexical = decl === 'let' || decl === 'const' || decl === 'class';
    const site = withSites ? sites.addBinding(id, decl, scope.fnSite, lexical && body && isBlock(body) ? body : scopeNode) : -1;
    scope.names.set(id.text, { site, depth: scope.depth, decl, scope });
  }

  function markUnsafe(reason: string): void {
    if (currentFunction) currentFunction.skipReason ??= reason;
    else analysis.moduleSkipReason ??= reason;
  }

  function declareVariableList(list: ts.VariableDeclarationList, scope: Scope): void {
    const isVar = (list.flags & NodeFlags.BlockScoped) === 0;
    const decl: DeclKind = isVar ? 'var' : list.flags & NodeFlags.Const ? 'const' : 'let';
    const target = isVar ? scope.varScope() : scope;
    for (const declaration of list.declarations) forEachBoundName(declaration.name, (id) => declare(target, id, decl));
  }

  function enterFunction(node: ts.Node, form: FunctionForm, scope: Scope): void {
    const params: string[] = [];
    const fn = node as ts.SignatureDeclarationBase;
    if (fn.parameters) {
      for (const p of fn.parameters) {
        if (isIdentifier(p.name) && p.name.text === 'this') continue;
        params.push(isIdentifier(p.name) && !p.dotDotDotToken ? p.name.text : '');
      }
    }
    const modifiers = canHaveModifiers(node) ? getModifiers(node) : undefined;
    const isAsync = modifiers?.some((m) => m.kind === SyntaxKind.AsyncKeyword) ?? false;
    const isGenerator = (node as ts.FunctionLikeDeclarationBase).asteriskToken !== undefined;
    const site = !withSites ? -1 : sites.add('function', node, scope.fnSite, {
      name: functionName(node),
      ...(form === 'field' || form === 'static-block' ? {} : { params }),
      ...(isAsync ? { async: true } : {}),
      ...(isGenerator ? { generator: true } : {}),
    });
    const info: FunctionInfo = { site, depth: scope.depth + 1, form, generator: isGenerator };
    functions.set(node, info);
    // A function expression's own name lives in a scope between the outer one and the body's.
    const nameScope = isFunctionExpression(node) && node.name ? new Scope(scope, node, false, info.depth, site) : scope;
    if (nameScope !== scope) declare(nameScope, (node as ts.FunctionExpression).name!, 'function');
    const functionScope = new Scope(nameScope, node, true, info.depth, site);
    scopes.set(node, functionScope);
    for (const p of fn.parameters ?? []) {
      if (isIdentifier(p.name) && p.name.text === 'this') continue;
      forEachBoundName(p.name, (id) => declare(functionScope, id, 'param'));
      if (p.initializer) visit(p.initializer, functionScope);
      for (const element of bindingDefaults(p.name)) visit(element, functionScope);
      if (p.modifiers) for (const m of p.modifiers) visit(m, functionScope);
      if (isParameterPropertyDeclaration(p, p.parent)) needsEmit('parameter property');
    }
    const arrow = node as ts.ArrowFunction;
    // Erasing a return type that spans lines would leave a line break before `=>`.
    if (isArrowFunction(node) && arrow.type && sourceFile.text.slice(arrow.parameters.end, arrow.equalsGreaterThanToken.pos).includes('\n')) {
      needsEmit('multi-line arrow return type');
    }
    // Closures created in a loop iteration capture that iteration's bindings (see blockFrame).
    for (let s: Scope | undefined = scope; s && s.depth === scope.depth; s = s.parent) s.containsFunction = true;
    const outer = currentFunction;
    const outerLoopDepth = loopDepth;
    currentFunction = info;
    loopDepth = 0;
    visitFunctionBody(node, functionScope);
    currentFunction = outer;
    loopDepth = outerLoopDepth;
  }

  function visitFunctionBody(node: ts.Node, functionScope: Scope): void {
    if (isClassStaticBlockDeclaration(node)) {
      for (const s of node.body.statements) visit(s, functionScope);
    } else if (isPropertyDeclaration(node)) {
      visit(node.initializer!, functionScope);
    } else {
      const body = (node as FunctionWithBody).body!;
      if (isBlock(body)) for (const s of body.statements) visit(s, functionScope);
      else visit(body, functionScope);
    }
  }

  function visit(node: ts.Node, scope: Scope): void {
    if (isTypeOnly(node)) return;
    switch (node.kind) {
      case SyntaxKind.FunctionDeclaration: {
        const fn = node as ts.FunctionDeclaration;
        if (fn.name) declare(scope, fn.name, 'function');
        if (fn.body) enterFunction(fn, 'function', scope);
        return;
      }
      case SyntaxKind.FunctionExpression:
      case SyntaxKind.ArrowFunction:
      case SyntaxKind.MethodDeclaration:
      case SyntaxKind.GetAccessor:
      case SyntaxKind.SetAccessor:
      case SyntaxKind.Constructor: {
        const fn = node as FunctionWithBody;
        if (fn.name && isComputedPropertyName(fn.name)) visit(fn.name, scope);
        if (fn.modifiers) for (const m of fn.modifiers) visit(m, scope);
        if (fn.body) enterFunction(fn, functionForm(fn), scope);
        return;
      }
      case SyntaxKind.ClassStaticBlockDeclaration:
        enterFunction(node, 'static-block', scope);
        return;
      case SyntaxKind.PropertyDeclaration: {
        const property = node as ts.PropertyDeclaration;
        analysis.hasClassFields = true;
        if (isComputedPropertyName(property.name)) visit(property.name, scope);
        if (property.modifiers) for (const m of property.modifiers) visit(m, scope);
        if (!property.initializer) return;
        if (isTrivialInitializer(property.initializer)) visit(property.initializer, scope);
        else enterFunction(property, 'field', scope);
        return;
      }
      case SyntaxKind.ClassDeclaration:
      case SyntaxKind.ClassExpression: {
        const cls = node as ts.ClassLikeDeclaration;
        if (cls.name && isClassDeclaration(cls)) declare(scope, cls.name, 'class');
        const classScope = new Scope(scope, cls, false, scope.depth, scope.fnSite);
        scopes.set(cls, classScope);
        if (cls.name && isClassExpression(cls)) declare(classScope, cls.name, 'class');
        forEachChild(cls, (child) => visit(child, classScope));
        return;
      }
      case SyntaxKind.VariableStatement: {
        const list = (node as ts.VariableStatement).declarationList;
        // `using` is lowered by TypeScript: Node 20 does not run it.
        if (list.flags & NodeFlags.Using) needsEmit('`using` declaration');
        declareVariableList(list, scope);
        break;
      }
      case SyntaxKind.Block:
      case SyntaxKind.CaseBlock:
      case SyntaxKind.ForStatement:
      case SyntaxKind.ForInStatement:
      case SyntaxKind.ForOfStatement: {
        const blockScope = new Scope(scope, node, false, scope.depth, scope.fnSite);
        scopes.set(node, blockScope);
        const initializer = (node as ts.ForStatement).initializer;
        if (initializer && isVariableDeclarationList(initializer)) declareVariableList(initializer, blockScope);
        const isLoop = !isBlock(node) && !isCaseBlock(node);
        if (isLoop) loopDepth++;
        forEachChild(node, (child) => visit(child, blockScope));
        if (isLoop) loopDepth--;
        if (blockScope.containsFunction && needsBlockFrame(node, blockScope, loopDepth)) {
          blockScope.blockFrame = `${frameVar(scope.depth)}_${++blockFrames}`;
          const body = (node as ts.IterationStatement).statement;
          // The body block runs once per iteration: its bindings belong to the same frame.
          if (isLoop && isBlock(body)) scopes.get(body)!.blockFrame = blockScope.blockFrame;
        }
        return;
      }
      case SyntaxKind.WhileStatement:
      case SyntaxKind.DoStatement:
        loopDepth++;
        forEachChild(node, (child) => visit(child, scope));
        loopDepth--;
        return;
      case SyntaxKind.CatchClause: {
        const clause = node as ts.CatchClause;
        const catchScope = new Scope(scope, clause, false, scope.depth, scope.fnSite);
        scopes.set(clause, catchScope);
        if (clause.variableDeclaration) forEachBoundName(clause.variableDeclaration.name, (id) => declare(catchScope, id, 'catch'));
        // The catch block shares the clause's scope: `catch (e) { let e }` is a syntax error anyway.
        for (const s of clause.block.statements) visit(s, catchScope);
        // In a loop, each catch has bindings of its own (the parameter, let/const) that closures
        // created there capture: a block frame per catch, as for a loop iteration.
        if (catchScope.containsFunction && loopDepth > 0 && catchScope.names.size > 0) catchScope.blockFrame = `${frameVar(scope.depth)}_${++blockFrames}`;
        return;
      }
      case SyntaxKind.ImportDeclaration: {
        analysis.hasModuleSyntax = true;
        const clause = (node as ts.ImportDeclaration).importClause;
        if (clause?.name) declare(scope, clause.name, 'import');
        const bindings = clause?.namedBindings;
        if (bindings && isNamespaceImport(bindings)) declare(scope, bindings.name, 'import');
        if (bindings && isNamedImports(bindings)) {
          for (const element of bindings.elements) if (!element.isTypeOnly) declare(scope, element.name, 'import');
        }
        return;
      }
      case SyntaxKind.ImportEqualsDeclaration:
        needsEmit('`import =`');
        declare(scope, (node as ts.ImportEqualsDeclaration).name, 'import');
        return;
      case SyntaxKind.ExportAssignment:
        if ((node as ts.ExportAssignment).isExportEquals) needsEmit('`export =`');
        analysis.hasModuleSyntax = true;
        break;
      case SyntaxKind.ExportDeclaration:
        analysis.hasModuleSyntax = true;
        break;
      case SyntaxKind.EnumDeclaration:
        needsEmit('enum');
        declare(scope, (node as ts.EnumDeclaration).name, 'var');
        return;
      case SyntaxKind.Decorator:
        needsEmit('decorator');
        break;
      case SyntaxKind.TypeAssertionExpression:
        needsEmit('`<T>x` type assertion');
        break;
      case SyntaxKind.ExpressionWithTypeArguments:
        if (!isHeritageClause(node.parent)) needsEmit('instantiation expression');
        break;
      case SyntaxKind.AccessorKeyword:
        needsEmit('`accessor` field');
        break;
      case SyntaxKind.Identifier:
        // Only TypeScript's imports are erased by what they are used for (erase-types.ts).
        if (isTypeScript && isReference(node as ts.Identifier)) analysis.valueNames.add((node as ts.Identifier).text);
        return;
      case SyntaxKind.ModuleDeclaration: {
        needsEmit('namespace');
        const ns = node as ts.ModuleDeclaration;
        if (isIdentifier(ns.name)) declare(scope, ns.name, 'var');
        if (ns.body) {
          const nsScope = new Scope(scope, ns.body, true, scope.depth, scope.fnSite);
          scopes.set(ns.body, nsScope);
          forEachChild(ns.body, (child) => visit(child, nsScope));
        }
        return;
      }
      case SyntaxKind.WithStatement:
        markUnsafe('`with` statement');
        break;
      case SyntaxKind.CallExpression:
        if (isDirectEval(node)) markUnsafe('direct `eval`');
        break;
      case SyntaxKind.JsxElement:
      case SyntaxKind.JsxSelfClosingElement:
      case SyntaxKind.JsxFragment:
        analysis.hasJsx = true;
        break;
      case SyntaxKind.MetaProperty:
        if ((node as ts.MetaProperty).keywordToken === SyntaxKind.ImportKeyword) analysis.hasModuleSyntax = true;
        break;
      default:
        break;
    }
    forEachChild(node, (child) => visit(child, scope));
  }

  for (const statement of sourceFile.statements) {
    // Checked here, not in `visit`: its cases for functions and classes return before the end.
    if (!isTypeOnly(statement) && hasModifier(statement, SyntaxKind.ExportKeyword)) analysis.hasModuleSyntax = true;
    visit(statement, moduleScope);
  }
  return analysis;
}

/**
 * Whether a scope whose code creates functions needs a frame per iteration: a `for (let …;;)`
 * (JavaScript copies its bindings into each iteration), a `for (let/const … of/in …)`, or a block
 * declaring let/const inside a loop. Anywhere else a scope runs once per function frame, and a
 * `for (const …;;)` binding cannot change: the function's frame is enough.
 */
function needsBlockFrame(node: ts.Node, scope: Scope, loopDepth: number): boolean {
  if (isForStatement(node) || isForOfStatement(node) || isForInStatement(node)) {
    const list = node.initializer;
    if (!list || !isVariableDeclarationList(list) || (list.flags & NodeFlags.BlockScoped) === 0) return false;
    return !isForStatement(node) || (list.flags & NodeFlags.Const) === 0;
  }
  if (!(isBlock(node) || isCaseBlock(node)) || loopDepth === 0) return false;
  for (const binding of scope.names.values()) if (binding.decl === 'let' || binding.decl === 'const') return true;
  return false;
}

/**
 * False for identifiers that name something rather than read a binding: property names after `.`,
 * keys, declaration names, labels. (Shadowing is not resolved: a name read anywhere counts.)
 */
function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  switch (parent.kind) {
    case SyntaxKind.ShorthandPropertyAssignment:
      return true;
    case SyntaxKind.ExportSpecifier:
      return (parent as ts.ExportSpecifier).propertyName === id || (parent as ts.ExportSpecifier).propertyName === undefined;
    case SyntaxKind.BindingElement:
      return (parent as ts.BindingElement).propertyName !== id && (parent as ts.BindingElement).name !== id;
    case SyntaxKind.LabeledStatement:
    case SyntaxKind.BreakStatement:
    case SyntaxKind.ContinueStatement:
    case SyntaxKind.MetaProperty:
      return false;
    default:
      return (parent as { name?: ts.Node }).name !== id;
  }
}

/** Default-value expressions inside a destructuring parameter (they may contain functions). */
function bindingDefaults(name: ts.BindingName): ts.Expression[] {
  if (isIdentifier(name)) return [];
  const found: ts.Expression[] = [];
  for (const element of name.elements) {
    if (isOmittedExpression(element)) continue;
    if (element.initializer) found.push(element.initializer);
    if (element.propertyName && isComputedPropertyName(element.propertyName)) found.push(element.propertyName.expression);
    found.push(...bindingDefaults(element.name));
  }
  return found;
}
