/**
 * The runtime's own bookkeeping tables, out of the program's reach: their methods are the
 * built-ins as they were when the runtime loaded (the bootstrap runs before any program code), so
 * a program that patches `Map.prototype.set` (to count calls, say) never sees the runtime's calls.
 */
const { get: mapGet, set: mapSet, has: mapHas, delete: mapDelete } = Map.prototype;
const { get: weakMapGet, set: weakMapSet, has: weakMapHas } = WeakMap.prototype;

export function privateMap<K, V>(): Map<K, V> {
  const m = new Map<K, V>();
  Object.defineProperties(m, { get: { value: mapGet }, set: { value: mapSet }, has: { value: mapHas }, delete: { value: mapDelete } });
  return m;
}

export function privateWeakMap<K extends object, V>(): WeakMap<K, V> {
  const m = new WeakMap<K, V>();
  Object.defineProperties(m, { get: { value: weakMapGet }, set: { value: weakMapSet }, has: { value: weakMapHas } });
  return m;
}

/**
 * Entries an identity table adds to its WeakMap before it stamps objects instead. A WeakMap gets
 * costly as it grows: each addition rehashes and each GC walks the table (building a 1 M-node
 * list under `calls` took 1.43 s with the WeakMap, 0.48 s stamping after 64 K), and past ~2 M
 * live keys it degenerates — V8's identity hash has 21 bits, the keys cluster, and a lookup
 * costs 5–9 µs instead of ~20 ns (a 3 M-node list: 36 s to record instead of 2 s). Additions are
 * counted, not live keys (dead keys leave the map at the next GC): a bound that errs early.
 */
export const WEAK_ENTRIES = 1 << 16;

/**
 * Object → value for per-object records the program can grow without bound (object ids, an
 * array's recorded length), weak: it never keeps an object alive. `undefined` means absent.
 *
 * The first `weakEntries` additions go to a WeakMap; later objects get the value in a private field
 * stamped on the object itself, which costs the same at any count. The WeakMap comes first
 * because a stamp adds a field to the program's object, so objects of one class can have two
 * hidden classes (stamped or not) and the program's own property accesses see one more shape:
 * stamping from the start measured up to 10% slower on some overhead workloads, 8% faster on
 * others. A private field runs no program code (no Proxy trap, no setter), is invisible to
 * reflection, and can be added to frozen objects too; should V8 ever refuse one, that object goes
 * to the WeakMap.
 */
export class IdentityTable<V> {
  private readonly weak = privateWeakMap<object, V>();
  private weakAdditions = 0;
  private readonly stamps = stampField<V>();

  constructor(private readonly weakEntries = WEAK_ENTRIES) {}

  get(o: object): V | undefined {
    const value = this.weak.get(o);
    if (value !== undefined || this.weakAdditions < this.weakEntries) return value;
    return this.stamps.read(o);
  }

  set(o: object, value: V): void {
    // Only additions count: an array's recorded length is set again at every push.
    if (this.weak.has(o)) this.weak.set(o, value);
    else if (this.weakAdditions < this.weakEntries) {
      this.weakAdditions++;
      this.weak.set(o, value);
    } else if (!this.stamps.write(o, value)) {
      this.weak.set(o, value);
    }
  }
}

/** A private field of its own (a fresh class per table), read and written on any object. */
function stampField<V>(): { read(o: object): V | undefined; write(o: object, value: V): boolean } {
  // A base constructor that returns its argument makes `super(o)` define the subclass's private
  // fields on `o` itself.
  class ReturnsItsArgument {
    constructor(o: object) {
      return o;
    }
  }
  class Stamped extends ReturnsItsArgument {
    #value: V;
    constructor(o: object, value: V) {
      super(o);
      this.#value = value;
    }
    static read(o: object): V | undefined {
      return #value in o ? (o as Stamped).#value : undefined;
    }
    static write(o: object, value: V): boolean {
      try {
        if (#value in o) (o as Stamped).#value = value;
        else new Stamped(o, value);
        return true;
      } catch {
        return false;
      }
    }
  }
  return Stamped;
}
