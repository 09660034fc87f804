// More objects than the runtime identifies through its WeakMap (64 K): the later ones get their
// ids stamped on them. Their identity, snapshots and writes must be recorded as the first ones'.
interface Cell { id: number; value: number; next?: Cell }
function makeCells(count: number): Cell[] {
  const cells: Cell[] = [];
  for (let i = 0; i < count; i++) cells.push({ id: i, value: 0 });
  return cells;
}
const [early, late] = ((cells) => [cells[10], cells[69990]])(makeCells(70000));
late.value = 5;
early.value = 7;
const alias = late;
alias.next = early;
console.log('@state ' + JSON.stringify({ early, late }));
late.next.value = 8;
const frozen = Object.freeze({ k: 1, cell: late });
delete late.next;
console.log('@state ' + JSON.stringify({ early, late, frozen }));
