// TypeScript importing TypeScript: extensionless and `.js` spellings, type-only imports, enums.
import { Shape, area } from './helpers/shapes';
import { twice } from './helpers/util.js';
import type { Point } from './helpers/shapes';
const p: Point = { x: 1, y: 2 };
console.log(area({ kind: Shape.Square, size: 3 }), area({ kind: Shape.Circle, size: 1 }).toFixed(3), twice(p.x + p.y), Shape[Shape.Circle]);
