/**
 * Built-in methods that change their receiver where no property write of the program's shows it.
 * The instrumenter probes calls of methods with these names (`mc`) and every `f.call(r, …)` /
 * `f.apply(r, …)` (`mf`); the runtime records what changed when the receiver is really such a
 * built-in object, or the function really such a built-in method.
 */
export const ARRAY_MUTATORS = ['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin'] as const;
/** A typed array's (their names are among the others). */
export const TYPED_ARRAY_MUTATORS = ['set', 'fill', 'sort', 'reverse', 'copyWithin'] as const;
/** Map and Set (and TypedArray's `set`). */
export const COLLECTION_MUTATORS = ['set', 'add', 'delete', 'clear'] as const;
export const DATE_SETTERS = [
  'setTime', 'setMilliseconds', 'setUTCMilliseconds', 'setSeconds', 'setUTCSeconds', 'setMinutes', 'setUTCMinutes',
  'setHours', 'setUTCHours', 'setDate', 'setUTCDate', 'setMonth', 'setUTCMonth', 'setFullYear', 'setUTCFullYear', 'setYear',
] as const;

export const MUTATOR_NAMES: ReadonlySet<string> = new Set<string>([...ARRAY_MUTATORS, ...COLLECTION_MUTATORS, ...DATE_SETTERS]);

/**
 * Functions of `Object` and `Reflect` that change their first argument (`Object.assign(target,
 * …)`, `Object.defineProperty(o, …)`, `Object.freeze(o)`; `Reflect.set` too, told apart from a
 * Map's `set` by its receiver's name). Probed with `ms`, recorded when the namespace really is
 * `Object` or `Reflect`.
 */
export const STATIC_MUTATORS: ReadonlySet<string> = new Set([
  'assign', 'defineProperty', 'defineProperties', 'setPrototypeOf', 'deleteProperty', 'freeze', 'seal', 'preventExtensions',
]);

/** Of those, the ones after which a write to the object may fail: a property made read-only, an object closed. */
export const OBJECT_LOCKS: readonly string[] = ['defineProperty', 'defineProperties', 'freeze', 'seal', 'preventExtensions'];
