// A large live heap: a linked list of SCOPE_BENCH_NODES nodes, each built by a constructor (so
// a recording identifies every node), then walked by a method call per node.
const { report } = require('./common');
class ListNode {
  constructor(value, next) { this.value = value; this.next = next; }
  weight() { return this.value & 7; }
}
report('linked-list', () => {
  const count = Number(process.env.SCOPE_BENCH_NODES || 1e6);
  let head = null;
  for (let i = 0; i < count; i++) head = new ListNode(i, head);
  let total = 0;
  for (let node = head; node; node = node.next) total += node.weight();
  return total;
});
