/**
 * A recording for the webview tests, generated the way a run unfolds: two threads (main and a
 * worker) with nested calls, writes, console output, a thrown error, and one recorded string that
 * looks like markup — the webview must show it as text.
 */
import type { EventRow, LaneInfo, ShownValue } from '../../src/protocol/dap-custom';

export const MARKUP_STRING = '<img src=x onerror=alert(1)>';
export const FILE = '/ws/src/cart.ts';

export interface FixtureRow extends EventRow {
  /** For writes: the names the right-hand side read (the "where did this come from" chain). */
  reads?: string[];
}

export interface Fixture {
  name: string;
  lanes: LaneInfo[];
  rows: FixtureRow[];
}

const num = (n: number): ShownValue => ({ kind: 'primitive', type: 'number', text: String(n) });
const str = (s: string): ShownValue => ({ kind: 'primitive', type: 'string', text: s });

export function makeFixture(): Fixture {
  const rows: FixtureRow[] = [];
  const depth = [0, 0];
  const at = (line: number) => ({ file: FILE, line, column: 3 });
  const push = (thread: number, kind: string, extra: Partial<FixtureRow> = {}) => {
    if (kind === 'Return' || kind === 'Unwind') depth[thread]--;
    rows.push({ instant: rows.length, kind, thread, depth: depth[thread], ...extra });
    if (kind === 'CallEnter') depth[thread]++;
  };

  push(0, 'CallEnter', { name: 'main', position: at(40) });
  push(0, 'VarWrite', { name: 'total', value: num(0), position: at(41) });
  let total = 0;
  for (let i = 0; i < 60; i++) {
    const price = 10 + (i % 7);
    push(0, 'CallEnter', { name: 'addItem', position: at(10) });
    push(0, 'Statement', { position: at(11) });
    push(0, 'VarWrite', { name: 'price', value: num(price), position: at(11) });
    total += price;
    push(0, 'VarWrite', { name: 'total', value: num(total), position: at(12), reads: ['total', 'price'] });
    if (i === 30) push(0, 'PropWrite', { name: 'label', value: str(MARKUP_STRING), position: at(13) });
    push(0, 'Return', { name: 'addItem', value: num(total), position: at(14) });
    if (i % 10 === 9) push(0, 'Console', { name: 'stdout', value: str(`added ${i + 1} items`), position: at(42) });
    // The worker runs alongside: a few events every other iteration.
    if (i % 2 === 0) {
      push(1, 'CallEnter', { name: 'reserve', position: at(20) });
      push(1, 'VarWrite', { name: 'stock', value: num(100 - i), position: at(21) });
      push(1, 'Return', { name: 'reserve', value: num(100 - i), position: at(22) });
    }
  }
  push(0, 'CallEnter', { name: 'validate', position: at(30) });
  push(0, 'Throw', { name: 'RangeError', value: str('total out of range'), position: at(31) });
  push(0, 'Unwind', { name: 'validate', position: at(30) });
  push(0, 'Catch', { name: 'e', value: str('total out of range'), position: at(43) });
  push(0, 'Return', { name: 'main', position: at(45) });
  return { name: 'cart.ts (fixture)', lanes: [{ thread: 0, label: 'main' }, { thread: 1, label: 'worker 1' }], rows };
}
