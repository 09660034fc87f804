// Writes that fail leave no trace in the state: to a frozen object, a new property of a sealed one,
// a property defined read-only (each throws here, in strict code, and is caught).
const settings = { mode: 'dark', size: 1 };
Object.freeze(settings);
try { (settings as { mode: string }).mode = 'light'; } catch { /* read-only */ }
const sealed: Record<string, number> = Object.seal({ a: 1 });
try { sealed.b = 2; } catch { /* not extensible */ }
sealed.a = 5;
const fixed: Record<string, number> = {};
Object.defineProperty(fixed, 'id', { value: 7, enumerable: true });
try { fixed.id = 8; } catch { /* read-only */ }
fixed.other = 1;
console.log('@state ' + JSON.stringify({ settings, sealed, fixed }));
