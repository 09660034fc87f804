/** Plain-text renderings of recorded data. Callers put these in React text nodes only. */
import type { ShownValue, SourcePosition } from '../../src/protocol/dap-custom';
import { shownText } from '../../src/protocol/webview';

export function valueText(v: ShownValue | undefined): string {
  return v ? shownText(v) : '';
}

export function positionText(p: SourcePosition | undefined): string {
  if (!p) return '';
  const base = p.file.split(/[\\/]/).pop() ?? p.file;
  return `${base}:${p.line}`;
}

/** Kinds grouped the way a person filters them. */
export const KIND_GROUPS: Record<string, string[]> = {
  calls: ['CallEnter', 'Return', 'Unwind'],
  writes: ['VarWrite', 'PropWrite', 'PropDelete', 'MutatingCall'],
  exceptions: ['Throw', 'Catch', 'Uncaught', 'Unwind'],
  async: ['AwaitSuspend', 'AwaitResume', 'AsyncContext', 'Yield', 'YieldResume'],
  console: ['Console'],
  statements: ['Statement'],
};
