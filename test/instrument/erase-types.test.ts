/**
 * TypeScript erased in place (no transpile): programs with types in every position run exactly as
 * TypeScript's own emit runs them, every original line stays where it was, and imports used only
 * as types are elided the way TypeScript elides them.
 */
import assert from 'node:assert/strict';
import { instrument } from '../../src/instrument/index';
import { runInstrumented, runPlain } from './harness';

const typed: Record<string, string> = {
  'annotations, generics, assertions, non-null, satisfies': `
    interface Shape { area(): number }
    type Pair<T> = [T, T];
    function first<T extends object, U = T>(items: T[], _unused?: U): T | undefined { return items[0] }
    const pair: Pair<number> = [1, 2] as Pair<number>;
    let maybe: string | null = 'x';
    const len = maybe!.length;
    const cfg = { a: 1 } satisfies Record<string, number>;
    const id = <T,>(v: T): T => v;
    const f = async <T>(v: T): Promise<T> => v;
    let later!: number; later = 3;
    console.log(first<{ k: number }>([{ k: 1 }])!.k, pair, len, cfg.a, id<string>('s'), later, typeof f);`,
  'classes: modifiers, optional members, abstract, implements, overloads, declare, index signatures': `
    interface Named { name: string }
    abstract class Base<T> implements Named {
      public name: string = 'base';
      protected readonly tag?: string;
      private static count: number = 0;
      declare ghost: number;
      [key: string]: unknown;
      abstract kind(): string;
      constructor() { Base.count++ }
      static made(): number { return Base.count }
      describe(this: Base<T>, prefix?: string): string { return (prefix ?? '') + this.kind() + ':' + this.name }
      m?(): void;
    }
    class Impl extends Base<number> {
      override kind(): string { return 'impl' }
      pick(a: string): string;
      pick(a: number): number;
      pick(a: any): any { return a }
    }
    const i = new Impl();
    console.log(i.describe('> '), Base.made(), i.pick(5), 'ghost' in i, i.tag, Object.keys(i));`,
  'functions: this parameters, optional and rest parameters, type predicates, overloads': `
    function isString(x: unknown): x is string { return typeof x === 'string' }
    function sum(this: void, ...xs: number[]): number { return xs.reduce((a: number, b: number) => a + b, 0) }
    function opt(a: number, b?: number, c: number = 3): number[] { return [a, b ?? -1, c] }
    function over(a: string): string;
    function over(a: number): number;
    function over(a: any): any { return a }
    const arrow = (x: number,
      y: number): number => x * y;
    console.log(isString('a'), sum(1, 2, 3), opt(1), over('o'), arrow(2, 3), sum.length, opt.length);`,
  'statements ending in a type assertion before ( [ or a template': `
    const list = [3, 1, 2] as number[]
    [0].forEach((x) => console.log('never', x));
    const s = 'a' as string
    \`t\`;
    let n = 5 as any
    (function () { console.log('iife') })();
    console.log(list, s, n);`,
  'declarations that erase to nothing between statements': `
    let x = 1
    type T = number
    interface I { a: T }
    declare const d: number
    declare function g(): void
    ;[x].forEach((v) => console.log('v', v))
    export {}`,
};

describe('instrument: TypeScript erased in place', () => {
  for (const [name, code] of Object.entries(typed)) {
    it(name, async () => {
      const filename = '/virtual/typed.ts';
      const result = instrument(code, { filename, mode: 'full' });
      assert.equal(result.code.split('\n').length, code.split('\n').length + 1, 'every original line kept (no transpile)');
      assert.ok(!/\b(interface|type \w+ =|declare|implements|private|protected|readonly)\b/.test(result.code.replace(/"(?:[^"\\]|\\.)*"/g, '')), 'type syntax erased');
      const plain = await runPlain(code, filename);
      assert.ok(plain.output.length > 0);
      for (const mode of ['calls', 'full'] as const) {
        // `export {}` makes the file a module; the harness runs CommonJS, so strip it for the run.
        const runnable = code.replace('export {}', '');
        const instrumented = await runInstrumented(runnable, { filename, mode });
        assert.deepEqual(instrumented.output, plain.output, mode);
        assert.equal(instrumented.error, plain.error, mode);
      }
    });
  }

  it('elides imports and specifiers only used as types, as TypeScript does', () => {
    const source = [
      "import type { OnlyType } from './types';",
      "import { type T1, value, TypeUse } from './a';",
      "import Default, { unusedNamed } from './b';",
      "import * as ns from './c';",
      "import Used, * as unusedNs from './d';",
      "import './side-effect';",
      "import { reexported } from './e';",
      'interface Local { x: TypeUse }',
      'export { reexported, type T1 };',
      'export type { Local as L2 };',
      'export { Local };',
      'const v: OnlyType | TypeUse = value(Used);',
    ].join('\n');
    const lines = instrument(source, { filename: '/src/imports.ts', mode: 'calls' }).code.split('\n');
    const normalize = (line: string) => line.replace(/^.*return \$\$s\}/, '').replace(/\s+/g, ' ').trim();
    assert.deepEqual(lines.slice(0, 12).map(normalize), [
      ';',
      "import { value, } from './a';",
      ';',
      ';',
      "import Used from './d';",
      "import './side-effect';",
      "import { reexported } from './e';",
      ';',
      'export { reexported, };',
      ';',
      'export { };',
      'const v = value(Used);',
    ]);
  });

  it('files whose TypeScript has runtime meaning go through TypeScript\'s emit', () => {
    for (const [code, reason] of [
      ['enum E { A }', 'enum'], ['namespace N { export const a = 1 }', 'namespace'],
      ['class A { constructor(private x: number) {} }', 'parameter property'], ['const x = <any>1;', 'type assertion'],
    ]) {
      const { code: out } = instrument(code, { filename: '/src/emit.ts', mode: 'calls' });
      assert.ok(out.split('\n').length > 2 || /var E|var N|this\.x = x|const x = 1/.test(out), `${reason}: transpiled`);
      assert.ok(!/\benum\b|\bnamespace\b|private x|<any>/.test(out.replace(/"(?:[^"\\]|\\.)*"/g, '')), `${reason}: TypeScript syntax gone`);
    }
  });
});
