/**
 * A small expression evaluator over RECORDED state: hover, watch, the Debug Console and breakpoint
 * conditions all go through it.
 *
 * It never runs program code: names are looked up in the recorded bindings, member access and
 * indexing read recorded object states, and only a fixed set of operators is computed here
 * (arithmetic, comparisons, logical operators, the ternary, `typeof`). Calls, assignments,
 * `new` and the like are refused with a message saying why. A value that was not recorded (a
 * getter, a cut object, a binding outside the recording) is reported as such, never guessed.
 *
 * The grammar is parsed by a hand-written Pratt parser: each binary operator has a binding power,
 * prefix operators and primaries are parsed by `parsePrefix`, postfix member/index access binds
 * tightest.
 */
import type { ShownValue } from '../protocol/dap-custom';

/** What the evaluator may read: the bindings visible at one instant and objects as of that instant. */
export interface RecordedState {
  /** The recorded value of a name visible at the instant (`this` included); undefined if no such binding is visible. */
  binding(name: string): ShownValue | undefined;
  /** `name.key` when `name` is a namespace import: what its module exports as `key`; undefined otherwise. */
  namespaceMember?(name: string, key: string): ShownValue | undefined;
  /** An own property of a recorded object as of the instant. `cut`: the object's state was not fully recorded. */
  property(objectId: number, key: string): { found: true; value: ShownValue } | { found: false; cut: boolean };
}

export type EvalResult = { ok: true; value: ShownValue } | { ok: false; reason: string };

// --- tokens ------------------------------------------------------------------------------------

type Token =
  | { t: 'num'; v: number; at: number }
  | { t: 'bigint'; v: bigint; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'name'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

// Longest first, so `===` is not read as `==` then `=`.
const OPERATORS = ['===', '!==', '**', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '+', '-', '*', '/', '%', '<', '>', '!', '?', ':', '.', '[', ']', '(', ')', ',', '=', '{', '}', '`', '~', '&', '|', '^'];

class EvalError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) { i++; continue; }
    const at = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)(n?)/.exec(source.slice(i))!;
      const digits = m[1].replace(/_/g, '');
      tokens.push(m[2] ? { t: 'bigint', v: BigInt(digits), at } : { t: 'num', v: Number(digits), at });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let text = '';
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\') {
          const e = source[i + 1];
          text += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '0' ? '\0' : e ?? '';
          i += 2;
        } else text += source[i++];
      }
      if (source[i] !== c) throw new EvalError(`the string starting at column ${at + 1} is not closed`);
      i++;
      tokens.push({ t: 'str', v: text, at });
      continue;
    }
    if (/[A-Za-z_$\u00a0-\uffff]/.test(c)) {
      const m = /^[A-Za-z0-9_$\u00a0-\uffff]+/.exec(source.slice(i))!;
      tokens.push({ t: 'name', v: m[0], at });
      i += m[0].length;
      continue;
    }
    if (c === '#') {
      throw new EvalError('private fields (#name) are not readable from a recording');
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new EvalError(`unexpected character '${c}' at column ${i + 1}`);
    // `?.` followed by a digit is the ternary then a number (`a?.5:1`), as in JavaScript.
    const read = op === '?.' && /[0-9]/.test(source[i + 2] ?? '') ? '?' : op;
    tokens.push({ t: 'op', v: read, at });
    i += read.length;
  }
  tokens.push({ t: 'end', at: source.length });
  return tokens;
}

// --- syntax tree -------------------------------------------------------------------------------

export type Expr =
  | { k: 'literal'; value: Prim }
  | { k: 'name'; name: string }
  | { k: 'member'; object: Expr; key: Expr; optional: boolean }
  | { k: 'unary'; op: string; arg: Expr }
  | { k: 'binary'; op: string; left: Expr; right: Expr }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr };

type Prim = string | number | boolean | null | undefined | bigint;

/** Binding power of each binary operator (higher binds tighter); `**` is right-associative. */
const BINARY_POWER: Record<string, number> = {
  '??': 1, '||': 2, '&&': 3,
  '==': 6, '!=': 6, '===': 6, '!==': 6,
  '<': 7, '>': 7, '<=': 7, '>=': 7,
  '+': 9, '-': 9, '*': 10, '/': 10, '%': 10, '**': 11,
};
const TERNARY_POWER = 0.5;
const PREFIX_POWER = 12;

const REFUSED: Record<string, string> = {
  '(': 'calls are not evaluated: Scope shows recorded values and never runs program code',
  '=': 'assignments are not evaluated: the recording cannot be changed',
  '`': 'template literals are not supported; use + to join strings',
  '{': 'object literals are not supported',
  '~': 'bitwise operators are not supported',
  '&': 'bitwise operators are not supported',
  '|': 'bitwise operators are not supported',
  '^': 'bitwise operators are not supported',
};
const REFUSED_KEYWORDS: Record<string, string> = {
  new: '`new` is not evaluated: Scope never runs program code',
  delete: '`delete` is not evaluated: the recording cannot be changed',
  await: '`await` is not evaluated: Scope never runs program code',
  void: '`void` is not supported',
  function: 'functions cannot be defined in an evaluated expression',
  class: 'classes cannot be defined in an evaluated expression',
  yield: '`yield` is not evaluated',
  import: '`import` is not evaluated',
};

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token { return this.tokens[this.pos]; }
  private isOp(v: string): boolean { const t = this.peek(); return t.t === 'op' && t.v === v; }
  private expectOp(v: string): void {
    if (!this.isOp(v)) throw new EvalError(`expected '${v}' at column ${this.peek().at + 1}`);
    this.pos++;
  }

  parseAll(): Expr {
    const e = this.parse(0);
    const t = this.peek();
    if (t.t !== 'end') {
      if (t.t === 'op' && REFUSED[t.v]) throw new EvalError(REFUSED[t.v]);
      throw new EvalError(`unexpected '${describe(t)}' at column ${t.at + 1}`);
    }
    return e;
  }

  private parse(minPower: number): Expr {
    let left = this.parsePostfix(this.parsePrefix());
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op') return left;
      if (t.v === '?' && TERNARY_POWER > minPower) {
        this.pos++;
        const then = this.parse(0);
        this.expectOp(':');
        const otherwise = this.parse(TERNARY_POWER - 0.1);
        left = { k: 'cond', test: left, then, else: otherwise };
        continue;
      }
      const power = BINARY_POWER[t.v];
      if (power === undefined || power <= minPower) {
        if (t.v === '=' || (power === undefined && REFUSED[t.v])) throw new EvalError(REFUSED[t.v]);
        return left;
      }
      this.pos++;
      const right = this.parse(t.v === '**' ? power - 0.1 : power);
      left = { k: 'binary', op: t.v, left, right };
    }
  }

  private parsePrefix(): Expr {
    const t = this.peek();
    this.pos++;
    switch (t.t) {
      case 'num': return { k: 'literal', value: t.v };
      case 'bigint': return { k: 'literal', value: t.v };
      case 'str': return { k: 'literal', value: t.v };
      case 'name':
        if (t.v === 'true' || t.v === 'false') return { k: 'literal', value: t.v === 'true' };
        if (t.v === 'null') return { k: 'literal', value: null };
        if (t.v === 'undefined') return { k: 'literal', value: undefined };
        if (t.v === 'typeof') return { k: 'unary', op: 'typeof', arg: this.parse(PREFIX_POWER) };
        if (REFUSED_KEYWORDS[t.v]) throw new EvalError(REFUSED_KEYWORDS[t.v]);
        return { k: 'name', name: t.v };
      case 'op':
        if (t.v === '(') {
          const inner = this.parse(0);
          this.expectOp(')');
          return inner;
        }
        if (t.v === '-' || t.v === '+' || t.v === '!') return { k: 'unary', op: t.v, arg: this.parse(PREFIX_POWER) };
        if (REFUSED[t.v]) throw new EvalError(REFUSED[t.v]);
        if (t.v === '[') throw new EvalError('array literals are not supported');
        throw new EvalError(`unexpected '${t.v}' at column ${t.at + 1}`);
      case 'end':
        throw new EvalError('the expression is incomplete');
    }
  }

  private parsePostfix(object: Expr): Expr {
    for (;;) {
      const optional = this.isOp('?.');
      if (this.isOp('.') || optional) {
        this.pos++;
        if (optional && this.isOp('[')) { object = this.parseIndex(object, true); continue; }
        if (optional && this.isOp('(')) throw new EvalError(REFUSED['(']);
        const name = this.peek();
        if (name.t !== 'name') throw new EvalError(`expected a property name at column ${name.at + 1}`);
        this.pos++;
        object = { k: 'member', object, key: { k: 'literal', value: name.v }, optional };
      } else if (this.isOp('[')) {
        object = this.parseIndex(object, false);
      } else if (this.isOp('(')) {
        throw new EvalError(REFUSED['(']);
      } else return object;
    }
  }

  private parseIndex(object: Expr, optional: boolean): Expr {
    this.expectOp('[');
    const key = this.parse(0);
    this.expectOp(']');
    return { k: 'member', object, key, optional };
  }
}

function describe(t: Token): string {
  return t.t === 'end' ? 'end' : String(t.v);
}

export function parseExpression(source: string): { ok: true; expr: Expr } | { ok: false; reason: string } {
  try {
    return { ok: true, expr: new Parser(tokenize(source)).parseAll() };
  } catch (error) {
    if (error instanceof EvalError) return { ok: false, reason: error.message };
    throw error;
  }
}

// --- evaluation --------------------------------------------------------------------------------

/** During evaluation, a value is either a JavaScript primitive or a recorded object/special value. */
type Val = { prim: Prim; cut?: boolean } | { shown: Extract<ShownValue, { kind: 'object' | 'special' }> };

/** Converts a recorded primitive as shown by the query engine back to the JavaScript value. */
export function primitiveOf(v: Extract<ShownValue, { kind: 'primitive' }>): Prim {
  switch (v.type) {
    case 'undefined': return undefined;
    case 'null': return null;
    case 'boolean': return v.text === 'true';
    case 'number': return Number(v.text);
    case 'bigint': return BigInt(v.text.replace(/n$/, ''));
    // Strings are shown quoted (JSON); a symbol has no primitive we could rebuild, keep its text.
    case 'string': return unquote(v.text);
    case 'symbol': return v.text;
  }
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try { return JSON.parse(text) as string; } catch { /* not JSON after all: shown as is */ }
  }
  return text;
}

function toVal(v: ShownValue): Val {
  return v.kind === 'primitive' ? { prim: primitiveOf(v), cut: v.cut } : { shown: v };
}

/** Shows a computed primitive the way the query engine shows recorded ones. */
export function showPrimitive(value: Prim): ShownValue {
  switch (typeof value) {
    case 'undefined': return { kind: 'primitive', type: 'undefined', text: 'undefined' };
    case 'boolean': return { kind: 'primitive', type: 'boolean', text: String(value) };
    case 'number': return { kind: 'primitive', type: 'number', text: Object.is(value, -0) ? '-0' : String(value) };
    case 'bigint': return { kind: 'primitive', type: 'bigint', text: `${value}n` };
    case 'string': return { kind: 'primitive', type: 'string', text: JSON.stringify(value) };
    default: return { kind: 'primitive', type: 'null', text: 'null' };
  }
}

function fromVal(v: Val): ShownValue {
  if ('shown' in v) return v.shown;
  const shown = showPrimitive(v.prim);
  return v.cut && shown.kind === 'primitive' ? { ...shown, cut: true } : shown;
}

/** The JavaScript primitive for an operator, or an error that says why there is none. */
function operand(v: Val, op: string): Prim {
  if ('prim' in v) {
    if (v.cut) throw new EvalError(`the string was cut when it was recorded (past the capture budget), so '${op}' cannot be computed on it`);
    return v.prim;
  }
  if (v.shown.kind === 'special') throw new EvalError(`${v.shown.text}: the value was not recorded, so '${op}' cannot be computed`);
  // An object's conversion to a primitive would run program code (valueOf/toString/Symbol.toPrimitive).
  throw new EvalError(`'${op}' on an object would run its valueOf/toString, which Scope never does; compare its properties instead`);
}

function truthy(v: Val): boolean {
  if ('shown' in v) {
    if (v.shown.kind === 'object') return true;
    throw new EvalError(`${v.shown.text}: the value was not recorded, so it is neither true nor false`);
  }
  return Boolean(v.prim);
}

function nullish(v: Val): boolean {
  return 'prim' in v && (v.prim === null || v.prim === undefined);
}

function typeOf(v: Val): string {
  if ('prim' in v) return v.prim === null ? 'object' : typeof v.prim;
  if (v.shown.kind === 'special') throw new EvalError(`${v.shown.text}: the value was not recorded`);
  return v.shown.type === 'Function' || v.shown.type === 'Class' || v.shown.type === 'function' ? 'function' : 'object';
}

function strictEquals(a: Val, b: Val): boolean {
  if ('shown' in a && 'shown' in b && a.shown.kind === 'object' && b.shown.kind === 'object') return a.shown.id === b.shown.id;
  if ('shown' in a || 'shown' in b) {
    // An object is never strictly equal to a primitive; a value that was not recorded is unknown.
    const special = ('shown' in a && a.shown.kind === 'special') || ('shown' in b && b.shown.kind === 'special');
    if (special) throw new EvalError('one side was not recorded, so the comparison cannot be decided');
    return false;
  }
  return a.prim === b.prim;
}

function looseEquals(a: Val, b: Val): boolean {
  // Loose equality between primitives never runs program code.
  // eslint-disable-next-line eqeqeq
  if ('prim' in a && 'prim' in b) return a.prim == b.prim;
  if ('shown' in a && 'shown' in b) return strictEquals(a, b);
  const prim = ('prim' in a ? a : b) as { prim: Prim };
  if (prim.prim === null || prim.prim === undefined) return false;
  if (('shown' in a && a.shown.kind === 'special') || ('shown' in b && b.shown.kind === 'special')) return strictEquals(a, b);
  throw new EvalError("'==' between an object and a primitive would convert the object by running its code; use '===' or compare a property");
}

function arithmetic(op: string, x: Prim, y: Prim): Prim {
  if (typeof x === 'bigint' || typeof y === 'bigint') {
    if (typeof x !== 'bigint' || typeof y !== 'bigint') {
      if (op === '+' && (typeof x === 'string' || typeof y === 'string')) return String(x) + String(y);
      throw new EvalError('cannot mix BigInt and other types in arithmetic');
    }
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/': if (y === 0n) throw new EvalError('division of a BigInt by zero'); return x / y;
      case '%': if (y === 0n) throw new EvalError('division of a BigInt by zero'); return x % y;
      default: return x ** y;
    }
  }
  if (op === '+' && (typeof x === 'string' || typeof y === 'string')) return String(x) + String(y);
  const a = Number(x);
  const b = Number(y);
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    default: return a ** b;
  }
}

function compare(op: string, x: Prim, y: Prim): boolean {
  // Relational comparison of primitives never runs program code.
  const a = x as number;
  const b = y as number;
  switch (op) {
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    default: return a >= b;
  }
}

const CUT_PROPERTY = "the object's state was cut by the capture budget";

/** `.length` of a string, and the keys a user would expect on an object (`length` of an array). */
function member(state: RecordedState, object: Val, key: Prim, path: string): Val {
  if ('prim' in object) {
    const p = object.prim;
    if (p === null || p === undefined) throw new EvalError(`${path} cannot be read: the object is ${String(p)}`);
    if (typeof p === 'string') {
      if (key === 'length') {
        if (object.cut) throw new EvalError(`${path}: the string was cut when it was recorded, its full length is not known`);
        return { prim: p.length };
      }
      if (typeof key === 'number' || (typeof key === 'string' && /^\d+$/.test(key))) return { prim: p[Number(key)] };
    }
    throw new EvalError(`${path}: reading a property of a ${typeof p} is not supported (only .length and indexing of strings)`);
  }
  if (object.shown.kind === 'special') throw new EvalError(`${path} cannot be read: ${object.shown.text}`);
  if (typeof key === 'symbol' || typeof key === 'bigint') key = String(key);
  const found = state.property(object.shown.id, String(key));
  if (found.found) return toVal(found.value);
  if (found.cut) return { shown: { kind: 'special', type: 'notRecorded', text: CUT_PROPERTY } };
  // An own property that does not exist: undefined, as in JavaScript (prototype getters are never run).
  return { prim: undefined };
}

function pathOf(e: Expr): string {
  switch (e.k) {
    case 'name': return e.name;
    case 'literal': return typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value);
    case 'member':
      return e.key.k === 'literal' && typeof e.key.value === 'string' && /^[A-Za-z_$][\w$]*$/.test(e.key.value)
        ? `${pathOf(e.object)}${e.optional ? '?.' : '.'}${e.key.value}`
        : `${pathOf(e.object)}${e.optional ? '?.' : ''}[${pathOf(e.key)}]`;
    default: return '(…)';
  }
}

function evalExpr(state: RecordedState, e: Expr): Val {
  switch (e.k) {
    case 'literal': return { prim: e.value };
    case 'name': {
      const v = state.binding(e.name);
      if (!v) throw new EvalError(`${e.name} is not a recorded variable visible here (globals and built-ins are not recorded)`);
      return toVal(v);
    }
    case 'member': {
      // `ns.x` of `import * as ns`: the module's export, which no recorded object holds.
      if (e.object.k === 'name' && e.key.k === 'literal' && typeof e.key.value === 'string') {
        const exported = state.namespaceMember?.(e.object.name, e.key.value);
        if (exported) return toVal(exported);
      }
      const object = evalExpr(state, e.object);
      if (e.optional && nullish(object)) return { prim: undefined };
      const key = evalExpr(state, e.key);
      return member(state, object, operand(key, '[]'), pathOf(e));
    }
    case 'unary': {
      const v = evalExpr(state, e.arg);
      if (e.op === 'typeof') return { prim: typeOf(v) };
      if (e.op === '!') return { prim: !truthy(v) };
      const x = operand(v, e.op);
      if (e.op === '-') return { prim: typeof x === 'bigint' ? -x : -Number(x) };
      if (typeof x === 'bigint') throw new EvalError('unary + is not allowed on a BigInt');
      return { prim: Number(x) };
    }
    case 'cond':
      return truthy(evalExpr(state, e.test)) ? evalExpr(state, e.then) : evalExpr(state, e.else);
    case 'binary': {
      const left = evalExpr(state, e.left);
      switch (e.op) {
        case '&&': return truthy(left) ? evalExpr(state, e.right) : left;
        case '||': return truthy(left) ? left : evalExpr(state, e.right);
        case '??': return nullish(left) ? evalExpr(state, e.right) : left;
      }
      const right = evalExpr(state, e.right);
      switch (e.op) {
        case '===': return { prim: strictEquals(left, right) };
        case '!==': return { prim: !strictEquals(left, right) };
        case '==': return { prim: looseEquals(left, right) };
        case '!=': return { prim: !looseEquals(left, right) };
        case '<': case '>': case '<=': case '>=':
          return { prim: compare(e.op, operand(left, e.op), operand(right, e.op)) };
        default:
          return { prim: arithmetic(e.op, operand(left, e.op), operand(right, e.op)) };
      }
    }
  }
}

/**
 * Parsed expressions by source text. A breakpoint condition is evaluated at every hit of its line
 * (up to millions on a long recording): it is parsed once. Bounded: cleared when full.
 */
const parsedCache = new Map<string, ReturnType<typeof parseExpression>>();
const PARSED_CACHE_SIZE = 512;

/** Evaluates `source` over the recorded state. Never throws for a bad expression: the reason is in the result. */
export function evaluateExpression(source: string, state: RecordedState): EvalResult {
  let parsed = parsedCache.get(source);
  if (!parsed) {
    if (parsedCache.size >= PARSED_CACHE_SIZE) parsedCache.clear();
    parsed = parseExpression(source);
    parsedCache.set(source, parsed);
  }
  if (!parsed.ok) return parsed;
  try {
    const v = evalExpr(state, parsed.expr);
    if ('shown' in v && v.shown.kind === 'special' && v.shown.type === 'notRecorded') {
      return { ok: false, reason: `${source.trim()} was not recorded${v.shown.text === CUT_PROPERTY ? ` (${CUT_PROPERTY})` : ''}` };
    }
    return { ok: true, value: fromVal(v) };
  } catch (error) {
    if (error instanceof EvalError) return { ok: false, reason: error.message };
    throw error;
  }
}
