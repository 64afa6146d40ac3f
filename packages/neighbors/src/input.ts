// Normalises and validates the structure given to a neighbour search.
import { assertAllFinite, assertBoolean } from '@equikit/core';

/** What a neighbour search reads from a structure (a core `Structure` has these fields). */
export interface StructureLike {
  /** Cartesian positions in Å: 3N numbers (x0, y0, z0, x1, …), or N rows of 3. */
  positions: Float64Array | Float32Array | ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** Cell vectors as rows: 9 numbers or 3 rows of 3. Absent, null or all zeros: no cell. */
  cell?: Float64Array | ArrayLike<number> | ArrayLike<ArrayLike<number>> | null;
  /** Periodicity along each cell vector; one boolean for all three. Default: no periodicity. */
  pbc?: readonly [boolean, boolean, boolean] | readonly boolean[] | boolean;
}

/** A validated structure. `positions` and `cell` may be the caller's arrays: read, never written. */
export interface CheckedStructure {
  n: number;
  positions: Float64Array;
  cell: Float64Array;
  pbc: [boolean, boolean, boolean];
}

function flatten(value: unknown, name: string, rowLength: number): Float64Array {
  if (value instanceof Float64Array) return value; // read only, never written
  if (value instanceof Float32Array) return Float64Array.from(value);
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
    throw new TypeError(`${name} must be a Float64Array, an array of numbers or an array of rows of ${rowLength}, got ${typeof value}`);
  }
  const list = value as ArrayLike<unknown>;
  if (list.length > 0 && typeof list[0] === 'object' && list[0] !== null) {
    const out = new Float64Array(list.length * rowLength);
    for (let r = 0; r < list.length; r++) {
      const row = list[r] as ArrayLike<unknown>;
      if (row === null || typeof row !== 'object' || row.length !== rowLength) {
        throw new RangeError(`${name}[${r}] must be a row of ${rowLength} numbers`);
      }
      for (let c = 0; c < rowLength; c++) out[r * rowLength + c] = toNumber(row[c], `${name}[${r}][${c}]`);
    }
    return out;
  }
  const out = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) out[k] = toNumber(list[k], `${name}[${k}]`);
  return out;
}

function toNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  return value;
}

function checkPbc(value: unknown): [boolean, boolean, boolean] {
  if (value === undefined) return [false, false, false];
  if (typeof value === 'boolean') return [value, value, value];
  if (!Array.isArray(value) || value.length !== 3) {
    throw new TypeError(`structure.pbc must be a boolean or an array of 3 booleans, got ${Array.isArray(value) ? `an array of length ${value.length}` : typeof value}`);
  }
  value.forEach((p, k) => assertBoolean(p, `structure.pbc[${k}]`));
  return [value[0], value[1], value[2]];
}

export function checkStructure(structure: unknown): CheckedStructure {
  if (structure === null || typeof structure !== 'object') {
    throw new TypeError(`structure must be an object with positions, cell and pbc, got ${structure === null ? 'null' : typeof structure}`);
  }
  const s = structure as StructureLike;
  if (s.positions === undefined) throw new TypeError('structure.positions is required');
  const positions = flatten(s.positions, 'structure.positions', 3);
  if (positions.length % 3 !== 0) {
    throw new RangeError(`structure.positions must hold 3 numbers per atom, got length ${positions.length}`);
  }
  assertAllFinite(positions, 'structure.positions', 3);
  const cell = s.cell === undefined || s.cell === null ? new Float64Array(9) : flatten(s.cell, 'structure.cell', 3);
  if (cell.length !== 9) throw new RangeError(`structure.cell must hold 9 numbers (3 rows of 3), got length ${cell.length}`);
  assertAllFinite(cell, 'structure.cell', 3);
  return { n: positions.length / 3, positions, cell, pbc: checkPbc(s.pbc) };
}
