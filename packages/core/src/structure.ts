// An atomic structure: the value every equikit pipeline starts from.
// Construction validates everything and copies every input, so a Structure is
// always self-consistent and never aliases the caller's buffers.

import { assertAllFinite, assertBoolean, assertInteger } from './assert.js';
import { MAX_ATOMIC_NUMBER, chemicalSymbol } from './elements.js';

/** A per-structure value: numbers, booleans, strings, numeric vectors, boolean vectors. */
export type InfoValue = number | boolean | string | Float64Array | boolean[];

/**
 * A per-atom array of `N × k` values (row-major, `k ≥ 1` columns), typed by what it holds:
 * Float64Array for reals, Int32Array for integers, Uint8Array of 0/1 for logicals, string[] for strings.
 */
export type PerAtomArray = Float64Array | Int32Array | Uint8Array | string[];

export type Pbc = [boolean, boolean, boolean];

export interface StructureInit {
  /** Cartesian positions in Å, `3N` values: x0 y0 z0 x1 y1 z1 … */
  positions: ArrayLike<number>;
  /** Atomic numbers, `N` integers in 1..118. */
  numbers: ArrayLike<number>;
  /** Lattice vectors as rows (a_x a_y a_z b_x … c_z), 9 values in Å. Default: all zeros (no cell). */
  cell?: ArrayLike<number>;
  /** Periodicity along a, b, c. One boolean applies to all three. Default: not periodic. */
  pbc?: readonly boolean[] | boolean;
  /**
   * Per-structure values. Known keys: `energy` (eV), `stress` (eV/Å³, 6 values in ASE's Voigt order
   * xx yy zz yz xz xy, or a 3×3 row-major tensor that is stored as those 6), `virial` (eV, 9 values).
   * Numeric vectors may be given as number[]; they are stored as Float64Array.
   */
  info?: Record<string, InfoValue | readonly number[]>;
  /** Per-atom arrays, e.g. `forces` (eV/Å, Float64Array of 3N). */
  arrays?: Record<string, PerAtomArray>;
}

/** Names the extended XYZ format and the Structure fields already use; per-atom arrays may not take them. */
const RESERVED_ARRAY_NAMES = new Set(['positions', 'numbers', 'pos', 'species', 'Z', 'symbols']);

/** Relative tolerance below which periodic lattice vectors count as linearly dependent. */
const DEGENERACY_TOLERANCE = 1e-8;

/**
 * An atomic structure in ASE's conventions (Å, eV, lattice vectors as cell rows).
 *
 * `new Structure({ positions, numbers, cell, pbc, info, arrays })` validates that lengths agree,
 * numbers are elements 1..118, positions, cell and numeric info/arrays are finite, and that the
 * lattice vectors along periodic directions are non-zero and linearly independent. It throws a
 * TypeError or RangeError naming the argument otherwise. All inputs are copied.
 */
export class Structure {
  readonly positions: Float64Array;
  readonly numbers: Int32Array;
  readonly cell: Float64Array;
  readonly pbc: Pbc;
  readonly info: Record<string, InfoValue>;
  readonly arrays: Record<string, PerAtomArray>;

  constructor(init: StructureInit) {
    if (init === null || typeof init !== 'object') throw new TypeError(`structure must be an object with positions and numbers, got ${init === null ? 'null' : typeof init}`);
    this.positions = copyReals(init.positions, 'positions');
    if (this.positions.length % 3 !== 0) {
      throw new RangeError(`positions must have 3N values (x, y, z per atom), got ${this.positions.length}`);
    }
    const n = this.positions.length / 3;
    assertAllFinite(this.positions, 'positions', 3);
    this.numbers = copyNumbers(init.numbers, n);
    this.cell = init.cell === undefined ? new Float64Array(9) : copyReals(init.cell, 'cell');
    if (this.cell.length !== 9) throw new RangeError(`cell must have 9 values (3 lattice vectors as rows), got ${this.cell.length}`);
    assertAllFinite(this.cell, 'cell', 3);
    this.pbc = copyPbc(init.pbc);
    checkPeriodicCell(this.cell, this.pbc);
    this.info = copyInfo(init.info ?? {});
    this.arrays = copyArrays(init.arrays ?? {}, n);
  }

  /** Number of atoms. */
  get length(): number {
    return this.numbers.length;
  }

  /** Chemical symbols of the atoms, e.g. ['Si', 'Si', 'O']. */
  symbols(): string[] {
    return Array.from(this.numbers, (z) => chemicalSymbol(z));
  }

  /** |det(cell)| in Å³ (0 without a cell). */
  volume(): number {
    return Math.abs(det3(this.cell));
  }
}

/** Converts ASE's Voigt stress (xx yy zz yz xz xy) to a symmetric 3×3 row-major tensor. */
export function voigtToFullStress(voigt: ArrayLike<number>): Float64Array {
  if (voigt.length !== 6) throw new RangeError(`voigt stress must have 6 values (xx yy zz yz xz xy), got ${voigt.length}`);
  const [xx, yy, zz, yz, xz, xy] = Array.from(voigt);
  return new Float64Array([xx, xy, xz, xy, yy, yz, xz, yz, zz]);
}

/**
 * Converts a 3×3 row-major stress to ASE's Voigt order (xx yy zz yz xz xy). Like ASE's extxyz
 * reader, it takes the off-diagonal entries from the lower triangle (zy, zx, yx), which for the
 * symmetric stresses every code writes is the same as the upper one.
 */
export function fullToVoigtStress(full: ArrayLike<number>): Float64Array {
  if (full.length !== 9) throw new RangeError(`full stress must have 9 values (3×3 row-major), got ${full.length}`);
  return new Float64Array([full[0], full[4], full[8], full[7], full[6], full[3]]);
}

function det3(m: ArrayLike<number>): number {
  return (
    m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
  );
}

function isNumericArrayLike(value: unknown): value is ArrayLike<number> {
  if (value instanceof Float64Array || value instanceof Float32Array || value instanceof Int32Array) return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array containing non-numbers';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value;
}

function copyReals(value: unknown, name: string): Float64Array {
  if (!isNumericArrayLike(value)) {
    throw new TypeError(`${name} must be a Float64Array or an array of numbers, got ${describeType(value)}`);
  }
  return Float64Array.from(value);
}

function copyNumbers(value: unknown, n: number): Int32Array {
  if (!isNumericArrayLike(value)) {
    throw new TypeError(`numbers must be an Int32Array or an array of atomic numbers, got ${describeType(value)}`);
  }
  if (value.length !== n) {
    throw new RangeError(`numbers must have one entry per atom (positions has ${n} atoms), got ${value.length}`);
  }
  for (let i = 0; i < n; i++) assertInteger(value[i], `numbers[${i}]`, 1, MAX_ATOMIC_NUMBER);
  return Int32Array.from(value);
}

function copyPbc(value: unknown): Pbc {
  if (value === undefined) return [false, false, false];
  if (typeof value === 'boolean') return [value, value, value];
  if (!Array.isArray(value) || value.length !== 3) {
    throw new TypeError(`pbc must be a boolean or an array of 3 booleans, got ${Array.isArray(value) ? `an array of length ${value.length}` : typeof value}`);
  }
  value.forEach((v, i) => assertBoolean(v, `pbc[${i}]`));
  return [value[0], value[1], value[2]];
}

/** A periodic direction needs a real lattice vector, and the periodic vectors must span their dimension. */
function checkPeriodicCell(cell: Float64Array, pbc: Pbc): void {
  const rows = [0, 1, 2].filter((i) => pbc[i]);
  const vec = (i: number) => [cell[3 * i], cell[3 * i + 1], cell[3 * i + 2]];
  const norm = (v: number[]) => Math.hypot(v[0], v[1], v[2]);
  for (const i of rows) {
    if (norm(vec(i)) === 0) {
      throw new RangeError(`cell row ${i} (lattice vector ${'abc'[i]}) must be non-zero because pbc[${i}] is true`);
    }
  }
  let measure = 1;
  let scale = 1;
  if (rows.length === 2) {
    const [a, b] = rows.map(vec);
    measure = norm([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]);
    scale = norm(a) * norm(b);
  } else if (rows.length === 3) {
    measure = Math.abs(det3(cell));
    scale = norm(vec(0)) * norm(vec(1)) * norm(vec(2));
  }
  if (measure <= DEGENERACY_TOLERANCE * scale) {
    const names = rows.map((i) => 'abc'[i]).join(', ');
    throw new RangeError(`cell must be non-singular along the periodic directions: lattice vectors ${names} are linearly dependent`);
  }
}

function copyInfo(info: Record<string, unknown>): Record<string, InfoValue> {
  if (info === null || typeof info !== 'object') throw new TypeError(`info must be an object, got ${describeType(info)}`);
  const out: Record<string, InfoValue> = {};
  for (const [key, value] of Object.entries(info)) {
    const name = `info.${key}`;
    if (key === 'stress') {
      out.stress = copyStress(value);
    } else if (key === 'virial') {
      const virial = copyReals(value, name);
      if (virial.length !== 9) throw new RangeError(`${name} must have 9 values (3×3 tensor in eV), got ${virial.length}`);
      assertAllFinite(virial, name);
      out.virial = virial;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
      out[key] = value;
    } else if (typeof value === 'boolean' || typeof value === 'string') {
      if (key === 'energy') throw new TypeError(`info.energy must be a finite number (eV), got ${typeof value}`);
      out[key] = value;
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'boolean')) {
      out[key] = value.slice();
    } else if (isNumericArrayLike(value)) {
      const copy = Float64Array.from(value);
      assertAllFinite(copy, name);
      out[key] = copy;
    } else {
      throw new TypeError(`${name} must be a number, boolean, string, Float64Array or boolean[], got ${describeType(value)}`);
    }
  }
  return out;
}

function copyStress(value: unknown): Float64Array {
  const stress = copyReals(value, 'info.stress');
  if (stress.length !== 6 && stress.length !== 9) {
    throw new RangeError(`info.stress must have 6 values (Voigt xx yy zz yz xz xy) or 9 (3×3), got ${stress.length}`);
  }
  assertAllFinite(stress, 'info.stress');
  return stress.length === 9 ? fullToVoigtStress(stress) : stress;
}

function copyArrays(arrays: Record<string, unknown>, n: number): Record<string, PerAtomArray> {
  if (arrays === null || typeof arrays !== 'object') throw new TypeError(`arrays must be an object, got ${describeType(arrays)}`);
  const out: Record<string, PerAtomArray> = {};
  for (const [key, value] of Object.entries(arrays)) {
    const name = `arrays.${key}`;
    if (RESERVED_ARRAY_NAMES.has(key)) {
      throw new RangeError(`${name} is reserved: positions and atomic numbers are the Structure's own fields`);
    }
    if (!(value instanceof Float64Array || value instanceof Int32Array || value instanceof Uint8Array || isStringArray(value))) {
      throw new TypeError(`${name} must be a Float64Array, Int32Array, Uint8Array or string[], got ${describeType(value)}`);
    }
    const length = value.length;
    const columnsOk = n === 0 ? length === 0 : length >= n && length % n === 0;
    if (!columnsOk) throw new RangeError(`${name} must have k·N values (N = ${n} atoms, k ≥ 1 columns), got ${length}`);
    if (key === 'forces' && (!(value instanceof Float64Array) || length !== 3 * n)) {
      throw new RangeError(`arrays.forces must be a Float64Array of 3N = ${3 * n} values (eV/Å), got ${describeType(value)} of length ${length}`);
    }
    if (value instanceof Float64Array) assertAllFinite(value, name);
    if (value instanceof Uint8Array) {
      const bad = value.findIndex((v) => v > 1);
      if (bad >= 0) throw new RangeError(`${name}[${bad}] must be 0 or 1 (a logical column), got ${value[bad]}`);
    }
    out[key] = value.slice() as PerAtomArray;
  }
  return out;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
