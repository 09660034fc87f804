/**
 * Pass 2 of the instrumenter: walks the AST once and inserts probes as TEXT edits (magic-string).
 *
 * `probeTable` maps each syntax kind to the handler that instruments it (like istanbul's visitor
 * table); the text itself comes from templates.ts.
 *
 * Ordering of insertions at the same offset (magic-string keeps both sides of an offset apart):
 * - an opening text is inserted with `appendRight(start)`, a closing text with `prependLeft(end)`;
 * - nodes are handled outer-before-inner (pre-order), so at a shared start the outer opening comes
 *   first and at a shared end the inner closing comes first: wraps nest correctly;
 * - at one offset, text attached left (closings of what ends there) always precedes text attached
 *   right (openings of what starts there).
 * Text that is only known once a function's body has been walked (its temporaries) is added with
 * `appendLeft` after the walk, so it lands after the closing texts placed at the same offset.
 */
import ts from 'typescript';
import type MagicString from 'magic-string';
import {
  type Analysis, type FunctionInfo, type Scope, forEachBoundName, hasModifier, holdsUnnamedFunction, isAnonymousFunctionDefinition,
  isTypeOnly, skipOuterExpressions,
} from './analysis';
import { MUTATOR_NAMES, STATIC_MUTATORS } from '../protocol/mutators';
import type { SiteTableBuilder } from './site-table';
import * as T from './templates';

// Read once, not at every node: TypeScript's exports are getters (see analysis.ts).
const { SyntaxKind, forEachChild, isArrayLiteralExpression, isBinaryExpression, isBlock, isCaseClause,
  isClassStaticBlockDeclaration, isComputedPropertyName, isElementAccessExpression, isExpressionStatement,
  isForOfStatement, isFunctionDeclaration, isIdentifier, isIfStatement, isLabeledStatement,
  isNoSubstitutionTemplateLiteral, isNumericLiteral, isObjectLiteralExpression, isOptionalChain,
  isParenthesizedExpression, isPrefixUnaryExpression, isPrivateIdentifier, isPropertyAccessExpression,
  isPropertyAssignment, isPropertyDeclaration, isShorthandPropertyAssignment, isSpreadAssignment,
  isSpreadElement, isStringLiteral, isVariableDeclarationList, isVariableStatement
} = ts;

/**
 * `calls`: frames (calls, arguments, returns, throws, awaits). `full`: also statements and every
 * write. `writes`: a library's code, not recorded itself: only its writes to objects the recording
 * holds (property writes and deletes, built-in mutators), so that they show the state they had.
 */
export type Mode = 'calls' | 'full' | 'writes';

const ARITHMETIC_COMPOUND: Partial<Record<ts.SyntaxKind, string>> = {
  [SyntaxKind.PlusEqualsToken]: '+',
  [SyntaxKind.MinusEqualsToken]: '-',
  [SyntaxKind.AsteriskEqualsToken]: '*',
  [SyntaxKind.AsteriskAsteriskEqualsToken]: '**',
  [SyntaxKind.SlashEqualsToken]: '/',
  [SyntaxKind.PercentEqualsToken]: '%',
  [SyntaxKind.LessThanLessThanEqualsToken]: '<<',
  [SyntaxKind.GreaterThanGreaterThanEqualsToken]: '>>',
  [SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken]: '>>>',
  [SyntaxKind.AmpersandEqualsToken]: '&',
  [SyntaxKind.BarEqualsToken]: '|',
  [SyntaxKind.CaretEqualsToken]: '^',
};

function isLogicalAssignment(kind: ts.SyntaxKind): boolean {
  return kind === SyntaxKind.BarBarEqualsToken || kind === SyntaxKind.AmpersandAmpersandEqualsToken || kind === SyntaxKind.QuestionQuestionEqualsToken;
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** The frame a probe runs in: its function, and which frame variables are visible there. */
interface FrameContext {
  /** The instrumented function owning the code (undefined: the module's top level). */
  fn: FunctionInfo | undefined;
  /** Depth of the innermost frame variable visible here: in a parameter list the function's
   * own frame variable (declared in its body) is not visible yet. */
  visibleDepth: number;
  /**
   * Depths below `visibleDepth` whose frame variables are not in scope here either: a function in
   * a parameter list (`function f(x, g = () => { x = 1; })`) sees `x`, but not `f`'s frame
   * variable, which is declared in `f`'s body. Writes to such bindings go unprobed.
   */
  hiddenDepths: readonly number[];
  /** Temporaries the frame's code uses; declared with `var` at the end of the body. */
  temps: string[];
  /** False in parameter lists, where no temporary can be declared. */
  tempsAllowed: boolean;
}

type Handler = (this: Transformer, node: ts.Node) => void;

/** The edits the transform makes, each one marked (templates.ts `marked`) so it can be undone. */
class MarkedEdits {
  /** Offsets where an inserted text opens with `(` (see `guardStatementStart`). */
  private readonly parenthesised = new Set<number>();

  constructor(private readonly out: MagicString) {}

  appendRight(index: number, text: string): void {
    if (!text) return;
    if (text[0] === '(') this.parenthesised.add(index);
    this.out.appendRight(index, T.marked(text));
  }

  /**
   * A statement that now opens with `(` would continue the previous line when that line relies on
   * ASI (`const r = [...m.values()]` then `cache.set(k, r)`, as semver writes it): `;` goes first.
   */
  guardStatementStart(index: number): void {
    if (this.parenthesised.has(index)) this.out.prependRight(index, T.marked(';'));
  }

  prependLeft(index: number, text: string): void {
    if (text) this.out.prependLeft(index, T.marked(text));
  }

  appendLeft(index: number, text: string): void {
    if (text) this.out.appendLeft(index, T.marked(text));
  }

  update(start: number, end: number, text: string): void {
    this.out.update(start, end, T.marked(text, this.out.original.slice(start, end)));
  }
}

export interface TransformOptions {
  mode: Mode;
  /**
   * False when TypeScript's emit will move field initialisers into the constructor
   * (`useDefineForClassFields: false`): a field frame then cannot live in a `var` of the enclosing
   * function (the constructor's own frame constant would shadow it) and gets a wrapper arrow.
   */
  inlineFieldFrames: boolean;
  /** Where the sites of the probes go (the analysis' table, or in `writes` mode a table of its own). */
  sites: SiteTableBuilder;
  /**
   * Code that arrived transformed (an input source map): whether a node is the transformer's own
   * (no position inside it maps to the original — esbuild's and babel's helpers). Such a function is
   * instrumented like a library's code, and such a statement gets no statement probe: stepping
   * and the call stack stay in the code the user wrote, and its writes to objects are recorded.
   */
  generated?: (node: ts.Node) => boolean;
}

class Transformer {
  readonly warnings: string[] = [];
  private readonly out: MarkedEdits;
  /** Where the file's prologue goes (see prologueInsertion): no probe is placed before it. */
  private readonly prologueAt: number;
  private scope: Scope;
  private frame: FrameContext;
  private tempCount = 0;
  /** Block frame variables declared around the code being walked (Scope.blockFrame). */
  private readonly openBlockFrames = new Set<string>();
  /** The file's mode records frames (not `writes`) / statements and variables (`full`). */
  private readonly framedFile: boolean;
  private readonly fullFile: boolean;
  /**
   * The code being walked gets frames (exits and suspensions are probed), and statements and
   * variables (`full`): as the file, but in a function generated by whoever transformed the code
   * before Scope (see TransformOptions.generated), which is treated as a library's code.
   */
  private framed: boolean;
  private full: boolean;
  /** Property writes and deletes and built-in mutators are probed (`full` and `writes`). */
  private readonly writesProperties: boolean;
  private readonly writeProbes: T.WriteProbes;

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly analysis: Analysis,
    private readonly module: MagicString,
    private readonly options: TransformOptions,
  ) {
    this.out = new MarkedEdits(module);
    this.prologueAt = prologueInsertion(sourceFile).at;
    this.fullFile = this.full = options.mode === 'full';
    this.framedFile = this.framed = options.mode !== 'writes';
    this.writesProperties = options.mode !== 'calls';
    this.writeProbes = this.framedFile ? T.RECORDED_WRITES : T.LIBRARY_WRITES;
    this.scope = analysis.scopes.get(sourceFile)!;
    this.frame = { fn: undefined, visibleDepth: 0, hiddenDepths: [], temps: [], tempsAllowed: true };
  }

  run(): void {
    const sf = this.sourceFile;
    const directivesEnd = directivePrologueEnd(sf.statements);
    this.visitStatements(sf.statements.slice(directivesEnd.count));
    // Outside every function: no function's text can contain it, so it needs no markers.
    this.module.appendLeft(sf.text.length, (this.framedFile ? T.moduleEnd() : '\n') + T.declareTemps(this.frame.temps));
  }

  // ---- generic walking -------------------------------------------------------------------

  visit(node: ts.Node): void {
    if (isTypeOnly(node)) return;
    const handler = probeTable[node.kind];
    if (handler) handler.call(this, node);
    else this.visitChildren(node);
  }

  visitChildren(node: ts.Node): void {
    const inner = this.analysis.scopes.get(node);
    const outer = this.scope;
    if (inner) this.scope = inner;
    forEachChild(node, (child) => this.visit(child));
    this.scope = outer;
  }

  /**
   * A statement list (block, case clause, module, namespace body): one statement probe each. Without
   * statement probes (which end with `;`), an expression statement opening with a probe's `(` is
   * guarded.
   */
  visitStatements(statements: readonly ts.Statement[]): void {
    for (const statement of statements) {
      if (this.full && isProbedStatement(statement) && !this.options.generated?.(statement)) {
        const probe = T.statement(this.site('statement', statement));
        // A statement on a line of its own keeps its column: its probe goes at the end of what
        // precedes it (`;` first, as that may rely on ASI), so what V8 reports without a source
        // map (node:test's `location:`) reads as the original. Only blanks and comments lie between.
        // (Never before the file's prologue: not into a hashbang line.)
        const start = this.start(statement);
        const after = Math.max(statement.pos, this.prologueAt);
        if (LINE_BREAK.test(this.sourceFile.text.slice(after, start))) this.out.appendRight(after, `;${probe}`);
        else this.out.appendRight(start, probe);
      }
      this.visit(statement);
      if (!this.full && isExpressionStatement(statement)) this.out.guardStatementStart(this.start(statement));
    }
  }

  /**
   * The body of `if`/loops. A single statement gets braces when something must run before it
   * (its statement probe, or `prefix`: the writes of a for-of head).
   */
  visitEmbeddedStatement(statement: ts.Statement, prefix = '', suffix = ''): void {
    if (isBlock(statement)) {
      if (prefix) this.out.appendRight(statement.getStart(this.sourceFile) + 1, prefix);
      if (suffix) this.out.prependLeft(statement.end - 1, suffix);
      this.visit(statement);
      return;
    }
    const probe = this.full && isProbedStatement(statement) ? T.statement(this.site('statement', statement)) : '';
    if (prefix || probe || suffix) {
      this.out.appendRight(this.start(statement), `{${prefix}${probe}`);
      this.out.prependLeft(statement.end, `${suffix}}`);
    }
    this.visit(statement);
  }

  // ---- helpers -----------------------------------------------------------------------------

  start(node: ts.Node): number {
    return node.getStart(this.sourceFile);
  }

  text(node: ts.Node): string {
    return this.sourceFile.text.slice(this.start(node), node.end);
  }

  site(kind: 'statement' | 'write' | 'call' | 'await' | 'yield' | 'throw' | 'catch', node: ts.Node, name?: string): number {
    const fn = this.framed ? this.frame.fn?.site ?? 0 : 0;
    return this.options.sites.add(kind, node, fn, name === undefined ? undefined : { name });
  }

  get depth(): number {
    return this.frame.fn?.depth ?? 0;
  }

  wrap(node: ts.Node, open: string, close: string): void {
    const needsParens = isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.CommaToken;
    const start = this.start(node);
    // Minified code writes `return"x"`, `throw[…]`: a probe starting with `$` would fuse with the
    // keyword into one identifier (`return$$s`), so it gets a space after an identifier character.
    const space = start > 0 && /[\w$]/.test(this.sourceFile.text[start - 1]) ? ' ' : '';
    this.out.appendRight(start, space + (needsParens ? `${open}(` : open));
    this.out.prependLeft(node.end, needsParens ? `)${close}` : close);
  }

  newTemp(): string | undefined {
    if (!this.frame.tempsAllowed) return undefined;
    const name = `$$t${++this.tempCount}`;
    this.frame.temps.push(name);
    return name;
  }

  /**
   * The site and frame variable for a write to `name`: the declaring function's frame, or the
   * block frame of the loop iteration declaring it (when that frame variable is in scope here).
   */
  bindingFor(name: string): { site: number; frame: string } | undefined {
    const binding = this.scope.resolve(name);
    if (!binding || binding.depth > this.frame.visibleDepth || this.frame.hiddenDepths.includes(binding.depth)) return undefined;
    const block = binding.scope.blockFrame;
    return { site: binding.site, frame: block && this.openBlockFrames.has(block) ? block : T.frameVar(binding.depth) };
  }

  /**
   * The lexical parent frame of code here (a function created here, a new block frame): the
   * innermost block frame in scope, or the frame of the function whose code this is.
   */
  parentFrame(): string {
    const depth = this.frame.visibleDepth;
    for (let s: Scope | undefined = this.scope; s && s.depth >= depth; s = s.parent) {
      if (s.depth === depth && s.blockFrame && this.openBlockFrames.has(s.blockFrame)) return s.blockFrame;
    }
    return T.frameVar(depth);
  }

  /**
   * Declares a block frame for a new iteration of `scope` (see Scope.blockFrame): the site says
   * where it is; returns `$$s.bf(site, parentFrame)`. The caller places it where each iteration
   * starts and keeps the variable open (openBlockFrames) while it walks the code that sees it.
   */
  blockEnterFor(node: ts.Node): string {
    const site = this.analysis.sites.add('block', node, this.frame.fn?.site ?? 0);
    return T.blockEnter(site, this.parentFrame());
  }

  /** One `w` probe expression per identifier whose binding is known and visible here. */
  writeExpressions(identifiers: ts.Identifier[]): string[] {
    const writes: string[] = [];
    for (const id of identifiers) {
      const binding = this.bindingFor(id.text);
      if (binding) writes.push(T.write(binding.site, binding.frame, id.text));
    }
    return writes;
  }

  /** The same, as statements. */
  writesFor(identifiers: ts.Identifier[]): string {
    return this.writeExpressions(identifiers).map((w) => `${w};`).join('');
  }

  /**
   * Walks an assignment pattern (`[a = f()] = …`, `for ({ x } of …)`): its defaults, computed keys
   * and the objects of member targets are code; the `=` of a default is not an assignment to probe.
   */
  visitAssignmentPattern(target: ts.Expression): void {
    const inner = skipOuterExpressions(target);
    if (isArrayLiteralExpression(inner)) {
      for (const element of inner.elements) this.visitAssignmentPattern(isSpreadElement(element) ? element.expression : element);
    } else if (isObjectLiteralExpression(inner)) {
      for (const p of inner.properties) {
        if (isPropertyAssignment(p)) {
          if (isComputedPropertyName(p.name)) this.visit(p.name.expression);
          this.visitAssignmentPattern(p.initializer);
        } else if (isShorthandPropertyAssignment(p) && p.objectAssignmentInitializer) {
          this.visit(p.objectAssignmentInitializer);
        } else if (isSpreadAssignment(p)) {
          this.visitAssignmentPattern(p.expression);
        }
      }
    } else if (isBinaryExpression(inner) && inner.operatorToken.kind === SyntaxKind.EqualsToken) {
      this.visitAssignmentPattern(inner.left);
      this.visit(inner.right);
    } else if (!isIdentifier(inner)) {
      this.visitChildren(inner);
    }
  }

  /**
   * Makes `expr` (an object or key expression) evaluable twice: an identifier, `this` or a literal
   * is repeated as is; anything else is assigned to a temporary where it stands.
   * Returns the text that reads it again, or undefined when no temporary can be declared here.
   */
  reusable(expr: ts.Expression): string | undefined {
    if (expr.kind === SyntaxKind.ThisKeyword || expr.kind === SyntaxKind.SuperKeyword) return 'this';
    if (isIdentifier(expr) || isStringLiteral(expr) || isNumericLiteral(expr) || isNoSubstitutionTemplateLiteral(expr)) return this.text(expr);
    const temp = this.newTemp();
    if (!temp) return undefined;
    this.out.appendRight(this.start(expr), `(${temp}=`);
    this.out.prependLeft(expr.end, ')');
    return temp;
  }

  /** Object and key texts of a property target, temporaries placed; undefined if not possible. */
  propertyTarget(target: ts.Expression): { object: string; key: string; read: string } | undefined {
    if (isPropertyAccessExpression(target) && !target.questionDotToken) {
      const key = isPrivateIdentifier(target.name) ? `'${target.name.text}'` : JSON.stringify(target.name.text);
      const object = this.reusable(target.expression);
      if (object === undefined) return undefined;
      const base = target.expression.kind === SyntaxKind.SuperKeyword ? 'super' : object;
      return { object, key, read: `${base}.${target.name.text}` };
    }
    if (isElementAccessExpression(target) && !target.questionDotToken) {
      const object = this.reusable(target.expression);
      if (object === undefined) return undefined;
      const key = this.reusable(target.argumentExpression);
      if (key === undefined) return undefined;
      const base = target.expression.kind === SyntaxKind.SuperKeyword ? 'super' : object;
      return { object, key, read: `${base}[${key}]` };
    }
    return undefined;
  }

  /**
   * For `a.b.f = () => {}`: the object `a.b` read again by the probe, without running any code
   * (`pk`: a data property found up the prototype chain, no getter or Proxy trap; else undefined,
   * and nothing is recorded), instead of a temporary: `($$t=a.b).f` would make V8 name the
   * function `f`, not `a.b.f`. Only for a chain of names from an identifier or `this`, with
   * literal keys; the key must be repeatable too (`read`: the target as written, which nothing
   * else evaluates). Undefined otherwise (propertyTarget then).
   */
  peekedTarget(target: ts.Expression): { object: string; key: string; read: string } | undefined {
    if (!(isPropertyAccessExpression(target) || isElementAccessExpression(target)) || target.questionDotToken) return undefined;
    const object = this.peekChain(target.expression);
    if (object === undefined || isIdentifier(target.expression) || target.expression.kind === SyntaxKind.ThisKeyword) return undefined;
    const read = this.text(target);
    if (isPropertyAccessExpression(target)) return isPrivateIdentifier(target.name) ? undefined : { object, key: JSON.stringify(target.name.text), read };
    return isRepeatable(target.argumentExpression) ? { object, key: this.text(target.argumentExpression), read } : undefined;
  }

  private peekChain(expr: ts.Expression): string | undefined {
    if (isIdentifier(expr)) return expr.text;
    if (expr.kind === SyntaxKind.ThisKeyword) return 'this';
    let key: string | undefined;
    if (isPropertyAccessExpression(expr) && !expr.questionDotToken && isIdentifier(expr.name)) key = JSON.stringify(expr.name.text);
    else if (isElementAccessExpression(expr) && !expr.questionDotToken && (isStringLiteral(expr.argumentExpression) || isNumericLiteral(expr.argumentExpression))) key = this.text(expr.argumentExpression);
    const object = key === undefined ? undefined : this.peekChain((expr as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
    return object === undefined ? undefined : T.peek(this.writeProbes, object, key!);
  }

  // ---- functions ---------------------------------------------------------------------------

  instrumentFunction(node: ts.Node): void {
    const info = this.analysis.functions.get(node);
    if (!info) {
      this.visitChildren(node);
      return;
    }
    const generated = this.options.generated?.(node) === true;
    if (info.skipReason) {
      // A library's or a transformer's code is left as it is without a word: the user did not write it.
      if (!this.framedFile || generated) return;
      this.warnings.push(`${this.position(node)}: ${this.analysis.sites.sites[info.site].name} left uninstrumented: it contains a ${info.skipReason}`);
      return;
    }
    const outer = { framed: this.framed, full: this.full };
    this.framed = this.framedFile && !generated;
    this.full = this.fullFile && this.framed;
    if (this.framed) this.framedFunction(node, info);
    else this.functionForWrites(node, info);
    this.framed = outer.framed;
    this.full = outer.full;
  }

  /**
   * Enters a function's scope and walks what it evaluates outside its body (decorators, computed
   * keys, parameters: no temporary can be declared there; a field's initialiser is its body).
   * Returns what to restore once the function is done.
   */
  visitFunctionHead(node: ts.Node): { outerScope: Scope; outerFrame: FrameContext; fn: ts.SignatureDeclarationBase & { body?: ts.Node } } {
    const outerScope = this.scope;
    const outerFrame = this.frame;
    this.scope = this.analysis.scopes.get(node)!;
    const fn = node as ts.SignatureDeclarationBase & { body?: ts.Node };
    this.frame = { ...outerFrame, tempsAllowed: false };
    forEachChild(node, (child) => {
      if (child !== fn.body && !(isPropertyDeclaration(node) && child === node.initializer)) this.visit(child);
    });
    return { outerScope, outerFrame, fn };
  }

  /** A function recorded: a frame (entry, exits, suspensions), and in full mode its statements and variables. */
  framedFunction(node: ts.Node, info: FunctionInfo): void {
    const { outerScope, outerFrame, fn } = this.visitFunctionHead(node);
    const parentFrame = this.parentFrame();
    this.frame = { fn: info, visibleDepth: info.depth, hiddenDepths: hiddenBetween(outerFrame, info.depth), temps: [], tempsAllowed: true };
    let entry = T.doneFlagDeclaration(info.depth) + this.entryText(node, info, parentFrame) + (this.full ? this.parameterWrites(node) : '');

    if (isPropertyDeclaration(node) && outerFrame.tempsAllowed && this.options.inlineFieldFrames) {
      // A class field initialiser is a frame without a function of its own (a wrapper function
      // would show in stack traces): `($$fN = enter, r(…, $$fN, init))`. `$$fN` is a `var` of the
      // enclosing function, read by `r` before `init` runs, so a nested construction of the same
      // class cannot mix frames up. An exception leaves no Unwind: the runtime unwinds frames left
      // without a probe. Temporaries of `init` belong to the enclosing function too.
      const init = node.initializer!;
      const frame = T.frameVar(info.depth);
      if (!outerFrame.temps.includes(frame)) outerFrame.temps.push(frame);
      this.frame.temps = outerFrame.temps;
      this.out.appendRight(this.start(init), `(${frame}=${T.enterCall('$$s', info.site, parentFrame, 'this', [])},${T.returnOpen(info.site, info.depth)}`);
      this.out.prependLeft(init.end, '))');
      this.visit(init);
    } else if (isPropertyDeclaration(node) || (fn.body && !isBlock(fn.body))) {
      // An expression becomes a block returning it: an arrow's expression body, or (in a
      // parameter list, where nothing can be declared, or when fields move into the constructor)
      // a field initialiser as an arrow called at once, which keeps `this`, `super` and
      // `new.target` (`arguments`, `await` and `yield` cannot occur in initialisers).
      // The block opens at the expression's `pos` (right after `=>` or `=`, before its leading
      // blanks), attached to the left; the temporaries, known once the expression has been
      // walked, are attached there after it. Everything closing at the expression's end is placed
      // now, so wraps around the whole function (`return x => y`) still close after it.
      const expression = isPropertyDeclaration(node) ? node.initializer! : (fn.body as ts.Expression);
      const isField = isPropertyDeclaration(node);
      this.out.appendLeft(expression.pos, isField ? '(()=>{' : '{');
      this.out.appendRight(this.start(expression), `${entry}${T.tryOpen()}return ${T.returnOpen(info.site, info.depth)}`);
      this.out.prependLeft(expression.end, `${T.returnClose(info.depth)}${T.tryClose(info.site, info.depth, false)}${isField ? '})()' : '}'}`);
      this.visit(expression);
      this.out.appendLeft(expression.pos, T.declareTemps(this.frame.temps));
    } else {
      const block = isClassStaticBlockDeclaration(node) ? node.body : (fn.body as ts.Block);
      const directives = directivePrologueEnd(block.statements);
      const open = directives.count > 0 ? directives.end : block.getStart(this.sourceFile) + 1;
      entry = directives.separator + entry;
      const close = block.end - 1;
      const exit = T.implicitReturn(info.site, info.depth, info.form === 'static-block') + T.tryClose(info.site, info.depth, info.generator);
      const statements = block.statements.slice(directives.count);
      if (statements.length === 0) {
        // Nothing in between: one insertion (at `{}` the two offsets are the same).
        this.out.appendRight(open, entry + T.tryOpen() + exit);
      } else {
        this.out.appendRight(open, entry + T.tryOpen());
        this.out.prependLeft(close, exit);
        this.visitStatements(statements);
        this.out.appendLeft(close, T.declareTemps(this.frame.temps));
      }
    }
    this.scope = outerScope;
    this.frame = outerFrame;
  }

  /**
   * A function in `writes` mode, or generated: no frame, only a place for the temporaries its writes
   * need (each call has its own: a write's value can call the same function again). A block body
   * declares them with `var` at its end; an expression body becomes `{var …;return (…)}`; a field
   * initialiser, where nothing can be declared, has its writes that need one left unprobed. Its
   * own bindings stay out of sight (the frame visible inside is the enclosing one's): a function
   * of the user's nested in it is a frame again, whose parent is that enclosing frame.
   */
  functionForWrites(node: ts.Node, info: FunctionInfo): void {
    const { outerScope, outerFrame, fn } = this.visitFunctionHead(node);
    this.frame = { fn: info, visibleDepth: outerFrame.visibleDepth, hiddenDepths: outerFrame.hiddenDepths, temps: [], tempsAllowed: !isPropertyDeclaration(node) };
    const body = isClassStaticBlockDeclaration(node) ? node.body : fn.body;
    if (isPropertyDeclaration(node)) {
      this.visit(node.initializer!);
    } else if (body && isBlock(body)) {
      this.visit(body);
      // After the last statement, which may end without its `;` (`return x}`).
      if (this.frame.temps.length > 0) this.out.appendLeft(body.end - 1, `;${T.declareTemps(this.frame.temps)}`);
    } else if (body) {
      const expression = body as ts.Expression;
      this.out.appendLeft(expression.pos, '{');
      this.out.appendRight(this.start(expression), 'return (');
      this.out.prependLeft(expression.end, ')}');
      this.visit(expression);
      this.out.appendLeft(expression.pos, T.declareTemps(this.frame.temps));
    }
    this.scope = outerScope;
    this.frame = outerFrame;
  }

  entryText(node: ts.Node, info: FunctionInfo, parentFrame: string): string {
    const hoisted = isFunctionDeclaration(node) && (node.parent === this.sourceFile);
    const self = info.form === 'arrow' || info.form === 'derived-constructor' ? 'void 0' : 'this';
    const runtime = T.runtimeRef(hoisted);
    if (info.form === 'field' || info.form === 'static-block') return T.enter(runtime, info.site, info.depth, parentFrame, self, []);
    const params = (node as ts.SignatureDeclarationBase).parameters.filter((p) => !(isIdentifier(p.name) && p.name.text === 'this'));
    const simple = params.every((p) => isIdentifier(p.name) && !p.dotDotDotToken);
    if (simple && params.length <= 3) return T.enter(runtime, info.site, info.depth, parentFrame, self, params.map((p) => (p.name as ts.Identifier).text));
    if (info.form !== 'arrow') return T.enter(runtime, info.site, info.depth, parentFrame, self, 'arguments');
    // Arrows have no `arguments` of their own: pass what the parameters hold.
    const values = params.map((p) => (isIdentifier(p.name) ? p.name.text : 'void 0'));
    return T.enter(runtime, info.site, info.depth, parentFrame, self, `[${values.join(',')}]`);
  }

  /** Parameters are carried by CallEnter; only defaulted or destructured ones are written. */
  parameterWrites(node: ts.Node): string {
    const parameters = (node as ts.SignatureDeclarationBase).parameters;
    if (!parameters) return '';
    const written: ts.Identifier[] = [];
    for (const p of parameters) {
      if (p.initializer || !isIdentifier(p.name)) forEachBoundName(p.name, (id) => written.push(id));
    }
    return this.writesFor(written);
  }

  // ---- exits -------------------------------------------------------------------------------

  instrumentReturn(node: ts.ReturnStatement): void {
    if (!this.framed) return this.visitChildren(node);
    const site = this.frame.fn?.site ?? 0;
    // A module's top-level `return` (CommonJS) has no done flag: the module frame has no try block.
    const close = this.frame.fn ? T.returnClose(this.depth) : ')';
    if (node.expression) {
      this.wrap(node.expression, T.returnOpen(site, this.depth), close);
      this.visit(node.expression);
    } else {
      this.out.prependLeft(this.start(node) + 'return'.length, ` ${T.returnOpen(site, this.depth)}void 0${close}`);
    }
  }

  instrumentThrow(node: ts.ThrowStatement): void {
    if (!this.framed) return this.visitChildren(node);
    this.wrap(node.expression, T.probeOpen('t', this.site('throw', node), this.depth), ')');
    this.visit(node.expression);
  }

  instrumentCatch(node: ts.CatchClause): void {
    if (!this.framed) return this.visitChildren(node);
    const outer = this.scope;
    this.scope = this.analysis.scopes.get(node)!;
    const site = this.site('catch', node);
    const declaration = node.variableDeclaration;
    let value = 'void 0';
    if (!declaration) {
      // `catch {` gets a parameter so the exception can be reported.
      this.out.appendLeft(this.start(node) + 'catch'.length, '($$c)');
      value = '$$c';
    } else if (isIdentifier(declaration.name)) {
      value = declaration.name.text;
    } else {
      this.visit(declaration);
    }
    let prefix = T.catchProbe(site, this.depth, value);
    // In a loop, a catch whose bindings closures capture opens a block frame after the Catch (see
    // Scope.blockFrame) and writes its parameter there: the Catch event belongs to the function's
    // frame, and a closure must find ITS catch's value.
    const block = this.full ? this.scope.blockFrame : undefined;
    if (block) {
      prefix += `const ${block}=${this.blockEnterFor(node)};`;
      this.openBlockFrames.add(block);
    }
    if (this.full && declaration && (block || !isIdentifier(declaration.name))) {
      const names: ts.Identifier[] = [];
      forEachBoundName(declaration.name, (id) => names.push(id));
      prefix += this.writesFor(names);
    }
    this.out.appendRight(node.block.getStart(this.sourceFile) + 1, prefix);
    this.visitStatements(node.block.statements);
    if (block) this.openBlockFrames.delete(block);
    this.scope = outer;
  }

  // ---- suspensions -------------------------------------------------------------------------

  instrumentAwait(node: ts.AwaitExpression): void {
    if (!this.framed) return this.visitChildren(node);
    const site = this.site('await', node);
    this.out.appendRight(this.start(node), T.probeOpen('ar', site, this.depth));
    this.wrap(node.expression, T.probeOpen('as', site, this.depth), ')');
    this.out.prependLeft(node.end, ')');
    this.visit(node.expression);
  }

  instrumentYield(node: ts.YieldExpression): void {
    if (!this.framed) return this.visitChildren(node);
    const site = this.site('yield', node);
    this.out.appendRight(this.start(node), T.probeOpen('yr', site, this.depth));
    if (node.expression) {
      this.wrap(node.expression, T.probeOpen('y', site, this.depth), ')');
      this.out.prependLeft(node.end, ')');
      this.visit(node.expression);
    } else {
      this.out.prependLeft(node.end, ` ${T.probeOpen('y', site, this.depth)}void 0))`);
    }
  }

  // ---- writes (full mode; property writes also in writes mode) -----------------------------

  instrumentBinary(node: ts.BinaryExpression): void {
    const operator = node.operatorToken.kind;
    const isAssignment = operator === SyntaxKind.EqualsToken || isLogicalAssignment(operator) || ARITHMETIC_COMPOUND[operator] !== undefined;
    const target = skipOuterExpressions(node.left);
    const isPattern = isObjectLiteralExpression(target) || isArrayLiteralExpression(target);
    if (!isAssignment || !(this.full || (this.writesProperties && !isIdentifier(target) && !isPattern))) {
      this.visitChildren(node);
      return;
    }
    if (isIdentifier(target)) this.identifierAssignment(node, target);
    else if (isPattern) this.destructuringAssignment(node);
    else this.propertyAssignment(node, target);
  }

  identifierAssignment(node: ts.BinaryExpression, target: ts.Identifier): void {
    const binding = this.bindingFor(target.text);
    if (binding) {
      // A logical assignment writes only when it assigns; an anonymous function keeps its
      // inferred name only if nothing stands between it and the assignment.
      const operator = node.operatorToken.kind;
      if (!isAnonymousFunctionDefinition(node.right) && (operator === SyntaxKind.EqualsToken || isLogicalAssignment(operator)) && holdsUnnamedFunction(node.right)) {
        // `x = y || function () {}`: V8 names the function `x` (stack traces print `at x`), unless
        // it stands among a call's arguments (around the whole assignment, `$$s.w.x`).
        this.wrap(node.right, T.writeNamedOpen(binding.site, binding.frame), T.NAMED_CLOSE);
      } else if (isLogicalAssignment(operator) && !isAnonymousFunctionDefinition(node.right)) {
        this.wrap(node.right, T.probeOpen('w', binding.site, binding.frame), ')');
      } else if (node.operatorToken.kind === SyntaxKind.PlusEqualsToken) {
        // `s += x` also hands the probe the value before (a local binding: reading it again is
        // unobservable, and a TDZ or const error comes first as without the probe). A long string
        // built this way keeps its first units, which the runtime then need not read again.
        this.wrap(node, `${T.probeOpen('wa', binding.site, binding.frame)}${target.text},`, ')');
      } else {
        this.wrap(node, T.probeOpen('w', binding.site, binding.frame), ')');
      }
    }
    this.visit(node.right);
  }

  destructuringAssignment(node: ts.BinaryExpression): void {
    const names: ts.Identifier[] = [];
    collectAssignmentTargets(node.left, names);
    const writes = this.writeExpressions(names);
    if (writes.length > 0) {
      let statementExpression: ts.Node = node;
      while (isParenthesizedExpression(statementExpression.parent)) statementExpression = statementExpression.parent;
      if (isExpressionStatement(statementExpression.parent)) {
        this.out.prependLeft(statementExpression.end, `,${writes.join(',')}`);
      } else {
        // The value of a destructuring assignment is its right side: keep it as the result.
        this.out.appendRight(this.start(node), '[');
        this.out.prependLeft(node.end, `,${writes.join(',')}][0]`);
      }
    }
    this.visitAssignmentPattern(node.left);
    this.visit(node.right);
  }

  propertyAssignment(node: ts.BinaryExpression, target: ts.Expression): void {
    const named = !ARITHMETIC_COMPOUND[node.operatorToken.kind] && holdsUnnamedFunction(node.right);
    const property = (named && this.peekedTarget(target)) || this.propertyTarget(target);
    if (!property) {
      this.visitChildren(node);
      return;
    }
    const site = this.site('write', target, propertyName(target));
    const operator = ARITHMETIC_COMPOUND[node.operatorToken.kind];
    const old = operator === '+' && this.writeProbes === T.RECORDED_WRITES ? this.newTemp() : undefined;
    if (old) {
      // `o.x += v` → `o.x = pa(…, $$t = o.x, $$t + (v))`: the value before goes to the probe too
      // (a long string's first units are read from it, see the runtime's `wa`), still read once.
      this.out.update(node.operatorToken.getStart(this.sourceFile), node.operatorToken.end, '=');
      this.out.appendRight(this.start(node.right), `${T.propertyAppendOpen(site, property.object, property.key)}${old}=${property.read},${old}+(`);
      this.out.prependLeft(node.right.end, '))');
    } else if (operator) {
      // `o.x += v` → `o.x = pv(…, o.x + (v))`: one read and one write, as before.
      this.out.update(node.operatorToken.getStart(this.sourceFile), node.operatorToken.end, '=');
      this.out.appendRight(this.start(node.right), `${T.propertyWriteOpen(this.writeProbes, site, property.object, property.key)}${property.read}${operator}(`);
      this.out.prependLeft(node.right.end, '))');
    } else if (named) {
      // `o.f = () => {}`: V8 names the function `o.f` unless it stands among a call's arguments.
      this.wrap(node.right, T.propertyWriteNamedOpen(this.writeProbes, site, property.object, property.key), T.NAMED_CLOSE);
    } else {
      this.wrap(node.right, T.propertyWriteOpen(this.writeProbes, site, property.object, property.key), ')');
    }
    this.visitChildren(node);
  }

  instrumentUpdate(node: ts.PrefixUnaryExpression | ts.PostfixUnaryExpression): void {
    const isUpdate = node.operator === SyntaxKind.PlusPlusToken || node.operator === SyntaxKind.MinusMinusToken;
    const target = skipOuterExpressions(node.operand);
    if (this.full && isUpdate && isIdentifier(target)) {
      const binding = this.bindingFor(target.text);
      if (binding && isPrefixUnaryExpression(node)) this.wrap(node, T.probeOpen('w', binding.site, binding.frame), ')');
      else if (binding) this.wrap(node, T.probeOpen('wp', binding.site, binding.frame), `,${target.text})`);
    } else if (this.writesProperties && isUpdate && !isIdentifier(target)) {
      this.propertyUpdate(node, target);
      return;
    }
    this.visitChildren(node);
  }

  /**
   * `o.x++` → `($$v = ($$t = o).x, $$o = $$v++, $$t.x = pv(…, $$v), $$o)`: one read, one write, and
   * the increment is still done by `++` itself (so numbers and BigInts behave as before).
   */
  propertyUpdate(node: ts.PrefixUnaryExpression | ts.PostfixUnaryExpression, target: ts.Expression): void {
    const value = this.newTemp();
    const old = this.newTemp();
    if (!value || !old || !(isPropertyAccessExpression(target) || isElementAccessExpression(target)) || target.questionDotToken) {
      this.visitChildren(node);
      return;
    }
    // Read the target into the temporary where it stands (this opening encloses the ones
    // `propertyTarget` places inside the target, so it is inserted first) and hide the operator.
    this.out.appendRight(this.start(node.operand), `(${value}=`);
    const property = this.propertyTarget(target)!;
    const site = this.site('write', target, propertyName(target));
    const operator = node.operator === SyntaxKind.PlusPlusToken ? '++' : '--';
    const isPrefix = isPrefixUnaryExpression(node);
    // The operator is the first token of a prefix update and the last of a postfix one, which may
    // stand apart from its operand (`s.bl_tree[n]/*.Freq*/++`, as pako writes it).
    const operatorStart = isPrefix ? this.start(node) : node.end - 2;
    this.out.update(operatorStart, operatorStart + 2, '');
    const write = `${property.read}=${T.propertyWriteOpen(this.writeProbes, site, property.object, property.key)}${value})`;
    this.out.prependLeft(node.operand.end, isPrefix
      ? `,${operator}${value},${write})`
      : `,${old}=${value}${operator},${write},${old})`);
    this.visitChildren(node);
  }

  instrumentDelete(node: ts.DeleteExpression): void {
    const target = skipOuterExpressions(node.expression);
    if (!this.writesProperties || !(isPropertyAccessExpression(target) || isElementAccessExpression(target)) || isOptionalChain(target)) {
      this.visitChildren(node);
      return;
    }
    const simple = isRepeatable(target.expression) && (isPropertyAccessExpression(target) || isRepeatable(target.argumentExpression));
    const result = simple ? undefined : this.newTemp();
    const property = (simple || result) ? this.propertyTarget(target) : undefined;
    if (!property) {
      this.visitChildren(node);
      return;
    }
    const site = this.site('write', target, propertyName(target));
    if (result) {
      this.out.appendRight(this.start(node), `(${result}=`);
      this.out.prependLeft(node.end, `,${T.propertyDelete(this.writeProbes, site, property.object, property.key, result)})`);
    } else {
      this.out.appendRight(this.start(node), T.propertyDeleteOpen(this.writeProbes, site, property.object, property.key));
      this.out.prependLeft(node.end, ')');
    }
    this.visitChildren(node);
  }

  instrumentCall(node: ts.CallExpression): void {
    const callee = node.expression;
    const method = isPropertyAccessExpression(callee) ? callee.name.text
      : isElementAccessExpression(callee) && isStringLiteral(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
    if (!this.writesProperties || method === undefined || isOptionalChain(node)
      || (callee as ts.PropertyAccessExpression).expression.kind === SyntaxKind.SuperKeyword) {
      this.visitChildren(node);
      return;
    }
    const target = (callee as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
    const viaReflect = isIdentifier(target) && target.text === 'Reflect';
    if (STATIC_MUTATORS.has(method) || (viaReflect && method === 'set')) this.staticMutatorCall(node, target, method);
    else if (MUTATOR_NAMES.has(method)) this.mutatorCall(node, target, method);
    else if (method === 'call' || method === 'apply') this.indirectCall(node, target, method, viaReflect);
    else this.visitChildren(node);
  }

  /**
   * `Object.assign(target, …)`, `Reflect.set(o, …)` and the like: `ms` after the call gets the
   * namespace it was called on and the first argument (see src/protocol/mutators.ts).
   */
  private staticMutatorCall(node: ts.CallExpression, namespaceNode: ts.Expression, method: string): void {
    this.probeAfterCall(node, namespaceNode, node.arguments[0], method, T.staticMutatorCall);
  }

  /** `receiver.push(x)` and the like: `mc` after the call (see src/protocol/mutators.ts). */
  private mutatorCall(node: ts.CallExpression, receiverNode: ts.Expression, method: string): void {
    const simple = isRepeatable(receiverNode);
    const result = simple ? undefined : this.newTemp();
    // The result's assignment opens before the receiver's temporary, which starts at the same
    // offset (appendRight keeps insertion order): `($$r=($$o=a.b).push(x),mc(site,$$o,$$r))`.
    if (result) this.out.appendRight(this.start(node), `(${result}=`);
    const receiver = simple || result ? this.reusable(receiverNode) : undefined;
    if (receiver === undefined) {
      this.visitChildren(node);
      return;
    }
    const site = this.site('call', node, method);
    if (result) {
      this.out.prependLeft(node.end, `,${T.mutatorCall(this.writeProbes, site, receiver, result)})`);
    } else {
      this.out.appendRight(this.start(node), T.mutatorCallOpen(this.writeProbes, site, receiver));
      this.out.prependLeft(node.end, ')');
    }
    this.visitChildren(node);
  }

  /**
   * `f.call(r, …)`, `f.apply(r, args)`, `Reflect.apply(f, r, args)`: `f` may be a built-in
   * mutator taken off its prototype (lodash's `splice.call(array, i, 1)`, `[].push.apply(a, b)`),
   * which no method name shows: `mf` after the call gets the function and the receiver.
   */
  private indirectCall(node: ts.CallExpression, target: ts.Expression, method: string, viaReflect: boolean): void {
    const [fnNode, receiverNode] = viaReflect && method === 'apply' ? [node.arguments[0], node.arguments[1]] : [target, node.arguments[0]];
    this.probeAfterCall(node, fnNode, receiverNode, method, T.indirectMutatorCall);
  }

  /**
   * `($$r=<the call, with a and b each read once where they stand>,probe(site,$$a,$$b,$$r))`:
   * the call's own order of evaluation (`a` comes first in the source). Spread arguments are left
   * as they are.
   */
  private probeAfterCall(node: ts.CallExpression, a: ts.Expression | undefined, b: ts.Expression | undefined, method: string, probe: (p: T.WriteProbes, site: number, a: string, b: string, result: string) => string): void {
    const result = a && b && !isSpreadElement(a) && !isSpreadElement(b) ? this.newTemp() : undefined;
    if (!result) {
      this.visitChildren(node);
      return;
    }
    this.out.appendRight(this.start(node), `(${result}=`);
    const first = this.reusable(a!)!;
    const second = this.reusable(b!)!;
    const site = this.site('call', node, method);
    this.out.prependLeft(node.end, `,${probe(this.writeProbes, site, first, second, result)})`);
    this.visitChildren(node);
  }

  instrumentVariableDeclaration(node: ts.VariableDeclaration): void {
    if (!this.full || !node.initializer) {
      this.visitChildren(node);
      return;
    }
    const statement = node.parent.parent;
    if (isIdentifier(node.name) && !isAnonymousFunctionDefinition(node.initializer)) {
      const binding = this.bindingFor(node.name.text);
      // `const f = c ? () => {} : g`: V8 names the arrow `f`, unless it stands among a call's arguments.
      if (binding && holdsUnnamedFunction(node.initializer)) this.wrap(node.initializer, T.writeNamedOpen(binding.site, binding.frame), T.NAMED_CLOSE);
      else if (binding) this.wrap(node.initializer, T.probeOpen('w', binding.site, binding.frame), ')');
    } else if (isVariableStatement(statement)) {
      // Destructuring, or a function whose inferred name must not change: written after the statement.
      const names: ts.Identifier[] = [];
      forEachBoundName(node.name, (id) => names.push(id));
      const writes = this.writesFor(names);
      if (writes) this.out.prependLeft(statement.end, `;${writes}`);
    }
    this.visitChildren(node);
  }

  /** for-of / for-in: each iteration writes the loop variables; recorded at the body's start. */
  instrumentForInOf(node: ts.ForOfStatement | ts.ForInStatement): void {
    const outer = this.scope;
    this.scope = this.analysis.scopes.get(node)!;
    let prefix = '';
    // Each iteration's bindings are new: its block frame opens at the body's start, before their writes.
    const block = this.full ? this.scope.blockFrame : undefined;
    if (block) {
      prefix = `const ${block}=${this.blockEnterFor(node)};`;
      this.openBlockFrames.add(block);
    }
    if (this.full) {
      const names: ts.Identifier[] = [];
      if (isVariableDeclarationList(node.initializer)) {
        for (const d of node.initializer.declarations) forEachBoundName(d.name, (id) => names.push(id));
      } else {
        collectAssignmentTargets(node.initializer, names);
      }
      prefix += this.writesFor(names);
    }
    if (block) this.openBlockFrames.delete(block);
    let suffix = '';
    if (isForOfStatement(node) && node.awaitModifier && this.framed) {
      // `for await` suspends at every step without an `await` to probe: suspended once the
      // iterable is evaluated and at the end of each iteration (a `finally`, so `continue` and
      // `break` count), resumed at the start of each iteration and after the loop. The loop (with
      // its labels, which must stay on it) goes in a block so the resume after it stays in place.
      const site = this.site('await', node);
      this.wrap(node.expression, T.probeOpen('as', site, this.depth), ')');
      prefix = `${T.probeOpen('ar', site, this.depth)}void 0);try{${prefix}`;
      suffix = `}finally{${T.probeOpen('as', site, this.depth)}void 0)}`;
      let loop: ts.Node = node;
      while (isLabeledStatement(loop.parent)) loop = loop.parent;
      this.out.appendRight(this.start(loop), '{');
      this.out.prependLeft(loop.end, `;${T.probeOpen('ar', site, this.depth)}void 0)}`);
    }
    if (isVariableDeclarationList(node.initializer)) this.visit(node.initializer);
    else this.visitAssignmentPattern(node.initializer);
    this.visit(node.expression);
    if (block) this.openBlockFrames.add(block);
    this.visitEmbeddedStatement(node.statement, prefix, suffix);
    if (block) this.openBlockFrames.delete(block);
    this.scope = outer;
  }

  /**
   * `for (let …; …; …)` whose iterations closures can capture (Scope.blockFrame). JavaScript copies
   * the loop's bindings into a new environment before each iteration's test, and the update runs
   * in that new copy. The frame variable is a `let` of the head, so it is copied too: the first
   * frame opens with the head's declarations, every next one at the start of the update, where
   * the copied values are written again (recorded in the new frame):
   *   for (let $$fK = bf(…), i = w(…, $$fK, 0); i < 3; $$fK = bf(…), w(…, $$fK, i), wp(…, $$fK, i++, i))
   */
  instrumentFor(node: ts.ForStatement): void {
    const scope = this.analysis.scopes.get(node)!;
    const block = this.full ? scope.blockFrame : undefined;
    const list = node.initializer as ts.VariableDeclarationList | undefined;
    // With no update expression, the copy goes just before the `)` closing the head (the body's
    // leading trivia starts right after that token).
    const updateAt = node.incrementor ? this.start(node.incrementor) : node.statement.pos - 1;
    if (!block || !list || this.sourceFile.text[updateAt] !== ')' && !node.incrementor) {
      this.instrumentLoopOrIf(node);
      return;
    }
    const outer = this.scope;
    this.scope = scope;
    const names: ts.Identifier[] = [];
    for (const d of list.declarations) forEachBoundName(d.name, (id) => names.push(id));
    const enter = this.blockEnterFor(node);
    this.out.appendRight(this.start(list.declarations[0]), `${block}=${enter},`);
    this.openBlockFrames.add(block);
    const copies = [`${block}=${enter}`, ...this.writeExpressions(names)].join(',');
    this.out.appendRight(updateAt, node.incrementor ? `${copies},` : copies);
    forEachChild(node, (child) => {
      if (child === node.statement) this.visitEmbeddedStatement(node.statement);
      else this.visit(child);
    });
    this.openBlockFrames.delete(block);
    this.scope = outer;
  }


  instrumentLoopOrIf(node: ts.Node): void {
    const outer = this.scope;
    const inner = this.analysis.scopes.get(node);
    if (inner) this.scope = inner;
    forEachChild(node, (child) => {
      if (isStatementChild(node, child)) this.visitEmbeddedStatement(child as ts.Statement);
      else this.visit(child);
    });
    this.scope = outer;
  }

  instrumentLabeled(node: ts.LabeledStatement): void {
    // The label must stay directly on its loop (`continue label`): the probe is before the label.
    this.visit(node.statement);
  }

  instrumentBlock(node: ts.Block | ts.ModuleBlock): void {
    const outer = this.scope;
    this.scope = this.analysis.scopes.get(node) ?? outer;
    // A block in a loop with its own block frame (a loop's body shares the loop's, already open).
    const block = this.full && this.scope !== outer ? this.scope.blockFrame : undefined;
    const opens = block !== undefined && !this.openBlockFrames.has(block);
    if (opens) {
      this.out.appendRight(node.getStart(this.sourceFile) + 1, `const ${block}=${this.blockEnterFor(node)};`);
      this.openBlockFrames.add(block);
    }
    this.visitStatements(node.statements);
    if (opens) this.openBlockFrames.delete(block);
    this.scope = outer;
  }

  /**
   * A switch in a loop whose case clauses declare let/const that closures capture: each run of the
   * switch gets a block frame, opened in a block around the switch (a case block has no place for
   * a statement of its own before its clauses).
   */
  instrumentCaseBlock(node: ts.CaseBlock): void {
    const block = this.full ? this.analysis.scopes.get(node)?.blockFrame : undefined;
    if (block) {
      this.out.appendRight(this.start(node.parent), `{const ${block}=${this.blockEnterFor(node)};`);
      this.out.prependLeft(node.parent.end, '}');
      this.openBlockFrames.add(block);
    }
    this.visitChildren(node);
    if (block) this.openBlockFrames.delete(block);
  }

  instrumentCaseClause(node: ts.CaseClause | ts.DefaultClause): void {
    if (isCaseClause(node)) this.visit(node.expression);
    this.visitStatements(node.statements);
  }

  position(node: ts.Node): string {
    const { line, character } = this.sourceFile.getLineAndCharacterOfPosition(this.start(node));
    return `${this.sourceFile.fileName}:${line + 1}:${character + 1}`;
  }
}

/**
 * The hidden depths of a function at `depth` whose head is walked in `outer`: those of `outer`,
 * and the depths between `outer`'s visible one and `depth` (functions whose parameter list this is).
 */
function hiddenBetween(outer: FrameContext, depth: number): readonly number[] {
  if (outer.visibleDepth >= depth - 1) return outer.hiddenDepths;
  const hidden = [...outer.hiddenDepths];
  for (let d = outer.visibleDepth + 1; d < depth; d++) hidden.push(d);
  return hidden;
}

function isStatementChild(parent: ts.Node, child: ts.Node): boolean {
  if (isIfStatement(parent)) return child === parent.thenStatement || child === parent.elseStatement;
  return child === (parent as ts.IterationStatement).statement;
}

function isRepeatable(expr: ts.Expression): boolean {
  return isIdentifier(expr) || expr.kind === SyntaxKind.ThisKeyword || isStringLiteral(expr) || isNumericLiteral(expr) || isNoSubstitutionTemplateLiteral(expr);
}

function propertyName(target: ts.Expression): string {
  if (isPropertyAccessExpression(target)) return target.name.text;
  if (isElementAccessExpression(target) && (isStringLiteral(target.argumentExpression) || isNumericLiteral(target.argumentExpression))) return target.argumentExpression.text;
  return '[computed]';
}

/** Statements that do something when reached (declarations that are hoisted or erased do not). */
function isProbedStatement(statement: ts.Statement): boolean {
  switch (statement.kind) {
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.EmptyStatement:
    case SyntaxKind.ImportDeclaration:
    case SyntaxKind.ExportDeclaration:
    case SyntaxKind.InterfaceDeclaration:
    case SyntaxKind.TypeAliasDeclaration:
      return false;
    default:
      return !isTypeOnly(statement) && !hasModifier(statement, SyntaxKind.DeclareKeyword);
  }
}

/** Identifiers assigned by a destructuring target (`[a, {b: c = 1}, ...d]`); properties are skipped. */
function collectAssignmentTargets(target: ts.Node, names: ts.Identifier[]): void {
  const inner = isParenthesizedExpression(target) ? skipOuterExpressions(target) : target;
  if (isIdentifier(inner)) names.push(inner);
  else if (isArrayLiteralExpression(inner)) for (const e of inner.elements) collectAssignmentTargets(e, names);
  else if (isObjectLiteralExpression(inner)) {
    for (const p of inner.properties) {
      if (isPropertyAssignment(p)) collectAssignmentTargets(p.initializer, names);
      else if (isShorthandPropertyAssignment(p)) names.push(p.name);
      else if (isSpreadAssignment(p)) collectAssignmentTargets(p.expression, names);
    }
  } else if (isBinaryExpression(inner) && inner.operatorToken.kind === SyntaxKind.EqualsToken) collectAssignmentTargets(inner.left, names);
  else if (isSpreadElement(inner)) collectAssignmentTargets(inner.expression, names);
}

/** Directives (`'use strict'`) must stay first in their body: probes go after them. */
/**
 * The directives (`'use strict'`…) a body starts with: how many, where they end, and what code
 * inserted there must start with — `;` when the last one relies on ASI (`'use strict'` then a
 * newline): inserted on its line, `var …` would otherwise continue its statement.
 */
function directivePrologueEnd(statements: readonly ts.Statement[]): { count: number; end: number; separator: string } {
  let count = 0;
  while (count < statements.length) {
    const s = statements[count];
    if (!isExpressionStatement(s) || !isStringLiteral(s.expression)) break;
    count++;
  }
  if (count === 0) return { count, end: -1, separator: '' };
  const last = statements[count - 1];
  return { count, end: last.end, separator: last.getText().endsWith(';') ? '' : ';' };
}

/** Where the module prologue goes (after directives and a hashbang line), and its separator. */
export function prologueInsertion(sourceFile: ts.SourceFile): { at: number; separator: string } {
  const directives = directivePrologueEnd(sourceFile.statements);
  if (directives.count > 0) return { at: directives.end, separator: directives.separator };
  if (sourceFile.text.startsWith('#!')) {
    // At the start of the next line: on the hashbang's own line it would be part of that comment.
    const newline = sourceFile.text.indexOf('\n');
    return newline < 0 ? { at: sourceFile.text.length, separator: '\n' } : { at: newline + 1, separator: '' };
  }
  return { at: 0, separator: '' };
}

const probeTable: Partial<Record<ts.SyntaxKind, Handler>> = {
  [SyntaxKind.FunctionDeclaration]: Transformer.prototype.instrumentFunction,
  [SyntaxKind.FunctionExpression]: Transformer.prototype.instrumentFunction,
  [SyntaxKind.ArrowFunction]: Transformer.prototype.instrumentFunction,
  [SyntaxKind.MethodDeclaration]: Transformer.prototype.instrumentFunction,
  [SyntaxKind.GetAccessor]: Transformer.prototype.instrumentFunction,
  [SyntaxKind.SetAccessor]: Transformer.prototype.instrumentFunction,
  [SyntaxKind.Constructor]: Transformer.prototype.instrumentFunction,
  [SyntaxKind.ClassStaticBlockDeclaration]: Transformer.prototype.instrumentFunction,
  [SyntaxKind.PropertyDeclaration]: Transformer.prototype.instrumentFunction,
  [SyntaxKind.ReturnStatement]: Transformer.prototype.instrumentReturn as Handler,
  [SyntaxKind.ThrowStatement]: Transformer.prototype.instrumentThrow as Handler,
  [SyntaxKind.CatchClause]: Transformer.prototype.instrumentCatch as Handler,
  [SyntaxKind.AwaitExpression]: Transformer.prototype.instrumentAwait as Handler,
  [SyntaxKind.YieldExpression]: Transformer.prototype.instrumentYield as Handler,
  [SyntaxKind.BinaryExpression]: Transformer.prototype.instrumentBinary as Handler,
  [SyntaxKind.PrefixUnaryExpression]: Transformer.prototype.instrumentUpdate as Handler,
  [SyntaxKind.PostfixUnaryExpression]: Transformer.prototype.instrumentUpdate as Handler,
  [SyntaxKind.DeleteExpression]: Transformer.prototype.instrumentDelete as Handler,
  [SyntaxKind.CallExpression]: Transformer.prototype.instrumentCall as Handler,
  [SyntaxKind.VariableDeclaration]: Transformer.prototype.instrumentVariableDeclaration as Handler,
  [SyntaxKind.ForOfStatement]: Transformer.prototype.instrumentForInOf as Handler,
  [SyntaxKind.ForInStatement]: Transformer.prototype.instrumentForInOf as Handler,
  [SyntaxKind.IfStatement]: Transformer.prototype.instrumentLoopOrIf,
  [SyntaxKind.ForStatement]: Transformer.prototype.instrumentFor as Handler,
  [SyntaxKind.WhileStatement]: Transformer.prototype.instrumentLoopOrIf,
  [SyntaxKind.DoStatement]: Transformer.prototype.instrumentLoopOrIf,
  [SyntaxKind.LabeledStatement]: Transformer.prototype.instrumentLabeled as Handler,
  [SyntaxKind.Block]: Transformer.prototype.instrumentBlock as Handler,
  [SyntaxKind.ModuleBlock]: Transformer.prototype.instrumentBlock as Handler,
  [SyntaxKind.CaseBlock]: Transformer.prototype.instrumentCaseBlock as Handler,
  [SyntaxKind.CaseClause]: Transformer.prototype.instrumentCaseClause as Handler,
  [SyntaxKind.DefaultClause]: Transformer.prototype.instrumentCaseClause as Handler,
  // Enum member initialisers are resolved by TypeScript itself: nothing to probe inside.
  [SyntaxKind.EnumDeclaration]: () => {},
};

/** Instruments `sourceFile` into `out`; returns the warnings (functions left uninstrumented). */
export function transform(sourceFile: ts.SourceFile, analysis: Analysis, out: MagicString, options: TransformOptions): string[] {
  const transformer = new Transformer(sourceFile, analysis, out, options);
  transformer.run();
  return transformer.warnings;
}
