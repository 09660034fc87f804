'use strict';
const frozen = Object.freeze({ a: 1, nested: { b: 2 } });
try { (frozen as { a: number }).a = 2; } catch (e) { console.log('strict write to frozen:', (e as Error).constructor.name); }
frozen.nested.b = 3;
const ro = Object.defineProperty({}, 'x', { value: 1, writable: false, enumerable: false });
try { (ro as { x: number }).x = 5; } catch (e) { console.log('readonly:', (e as Error).constructor.name); }
const sealed = Object.seal({ s: 1 });
try { delete (sealed as { s?: number }).s; } catch (e) { console.log('delete sealed:', (e as Error).constructor.name); }
const ne = Object.preventExtensions({ k: 1 });
try { (ne as Record<string, number>).added = 1; } catch (e) { console.log('non-extensible:', (e as Error).constructor.name); }
console.log(frozen, Object.getOwnPropertyNames(ro), sealed, ne, Object.isFrozen(frozen));
