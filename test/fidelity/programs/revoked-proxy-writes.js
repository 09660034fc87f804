// Writes to a revoked Proxy (immer's drafts once produce() returns) fail with the engine's own
// TypeError, recorded or not: Scope's write probe once asked Array.isArray about the object, which
// throws "Cannot perform 'IsArray'" on a revoked Proxy, as soon as any array length was recorded.
const list = [];
list.push(1);
const { proxy, revoke } = Proxy.revocable({ b: 1, items: [] }, {});
let kept = proxy;
revoke();
for (const attempt of [() => { kept.b = 3; }, () => { delete kept.b; }, () => { kept.items.push(2); }, () => { kept.b += 1; }]) {
  try {
    attempt();
    console.log('no error');
  } catch (e) {
    console.log(e.constructor.name, e.message);
  }
}
const arrayDraft = Proxy.revocable([1, 2], {});
const arr = arrayDraft.proxy;
arr.push(3);
arrayDraft.revoke();
try { arr[0] = 9; } catch (e) { console.log(e.message); }
try { arr.length = 0; } catch (e) { console.log(e.message); }
console.log(list.length, typeof kept);
