export enum Shape { Square, Circle }
export interface Point { x: number; y: number }
export function area(s: { kind: Shape; size: number }): number {
  return s.kind === Shape.Square ? s.size * s.size : Math.PI * s.size * s.size;
}
