/** Plain-text renderings of recorded data. Callers put these in React text nodes only. */
import type { EventRow, ShownValue, SourcePosition } from '../../src/protocol/dap-custom';

export function valueText(v: ShownValue | undefined): string {
  if (!v) return '';
  switch (v.kind) {
    case 'primitive': {
      const text = v.type === 'string' ? JSON.stringify(v.text) : v.text;
      return v.cut ? `${text}… (cut)` : text;
    }
    case 'object': return v.preview || v.className || v.type;
    case 'special': return v.text;
  }
}

export function positionText(p: SourcePosition | undefined): string {
  if (!p) return '';
  const base = p.file.split(/[\\/]/).pop() ?? p.file;
  return `${base}:${p.line}`;
}

export function eventLabel(e: EventRow): string {
  return e.name ? `${e.kind} ${e.name}` : e.kind;
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
