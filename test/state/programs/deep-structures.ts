// Structures first seen whole, deeper than the snapshot depth: a parsed document and a tree a
// function returns. Small ones are snapshotted whole where they are first captured.
const doc = JSON.parse('{"db":{"pool":{"limits":{"max":5,"idle":[1,2]}}},"name":"app"}');
console.log('@state ' + JSON.stringify({ doc }));

function tree(depth: number): object {
  return depth === 0 ? { leaf: true } : { depth, child: tree(depth - 1) };
}
const t = tree(5);
console.log('@state ' + JSON.stringify({ t }));
