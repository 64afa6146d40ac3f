// The public neighbour search: options, validation, backend choice, output buffers.
import {
  assertBoolean, assertInteger, assertPositiveNumber, resolveBackend, type BackendName,
} from '@equikit/core';
import { buildGrid } from './grid.js';
import { checkStructure, type StructureLike } from './input.js';
import { PairBuffers, checkPairCount, grownCapacity, tooManyPairs } from './pairs.js';
import { RangeScratch, searchJs } from './search-js.js';
import { searchWasm } from './search-wasm.js';
import { sortPairs } from './sort.js';

/**
 * Pairs of atoms closer than the cutoff. Pair p joins atom `i[p]` to the image of atom
 * `j[p]` shifted by `shifts[3p..3p+3]` cell vectors:
 * `vectors[p] = positions[j] - positions[i] + S · cell` (cell vectors as rows),
 * `distances[p] = |vectors[p]|`. Two atoms may pair several times with different shifts;
 * an atom never pairs with itself at zero shift.
 */
export interface NeighborList {
  /** Number of pairs. */
  length: number;
  i: Int32Array;
  j: Int32Array;
  /** 3 per pair: integer cell shifts S. */
  shifts: Int32Array;
  /** Å. */
  distances: Float64Array;
  /** 3 per pair, Å. */
  vectors: Float64Array;
}

export interface NeighborListOptions {
  /** Pairs with distance² < cutoff² are listed. Å, finite and positive. */
  cutoff: number;
  /**
   * true (default): both (i, j, S) and (j, i, -S). false: each pair once, with i < j,
   * or for an atom and its own image (i == j) the shift whose first non-zero component is positive.
   */
  full?: boolean;
  /** Sort by (i, j, S) lexicographically. Default false: an order that depends only on the input. */
  sorted?: boolean;
  /** 'js', 'wasm' or 'wasm-simd'; default: the forced one (core setBackend), else the best available. */
  backend?: BackendName;
  /** Refuse, with a RangeError, lists of more pairs than this (52 bytes each). Default 2^25. */
  maxPairs?: number;
}

export const DEFAULT_MAX_PAIRS = 2 ** 25;
const IMPLEMENTED: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];

interface CheckedOptions {
  cutoff: number;
  full: boolean;
  sorted: boolean;
  backend?: BackendName;
  maxPairs: number;
}

export function checkOptions(options: unknown, name = 'options'): CheckedOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${name} must be an object with at least a cutoff, got ${options === null ? 'null' : typeof options}`);
  }
  const o = options as NeighborListOptions;
  assertPositiveNumber(o.cutoff, `${name}.cutoff`);
  const full = o.full ?? true, sorted = o.sorted ?? false, maxPairs = o.maxPairs ?? DEFAULT_MAX_PAIRS;
  assertBoolean(full, `${name}.full`);
  assertBoolean(sorted, `${name}.sorted`);
  assertInteger(maxPairs, `${name}.maxPairs`, 1, 2 ** 31 - 1);
  if (o.backend !== undefined) resolveBackend('neighborList', IMPLEMENTED, o.backend);
  return { cutoff: o.cutoff, full, sorted, backend: o.backend, maxPairs };
}

/**
 * A neighbour search that keeps its output buffers: `compute()` reuses them, so the
 * arrays of the list it returns stay valid only until the next `compute()`.
 */
export class NeighborSearch {
  readonly options: Readonly<CheckedOptions>;
  private readonly out = new PairBuffers();
  private readonly scratch = new RangeScratch();

  constructor(options: NeighborListOptions) {
    this.options = checkOptions(options);
  }

  compute(structure: StructureLike): NeighborList {
    const { cutoff, full, sorted, maxPairs } = this.options;
    const s = checkStructure(structure);
    const backend = resolveBackend('neighborList', IMPLEMENTED, this.options.backend);
    const grid = buildGrid(s, cutoff);
    const expected = full ? grid.expectedPairs : grid.expectedPairs / 2;
    if (expected > 2 * maxPairs) throw tooManyPairs(`about ${expected.toPrecision(3)}`, maxPairs);
    const capacity = Math.min(maxPairs, Math.max(this.out.capacity, Math.ceil(expected * 1.15) + 64));
    const cutoff2 = cutoff * cutoff;
    let count: number;
    if (backend === 'js') {
      this.out.ensure(capacity);
      this.scratch.ensure(grid.maxRanges);
      const state = new Int32Array(4);
      while (!searchJs(grid, full, cutoff2, this.out, state, this.scratch)) {
        this.out.ensure(grownCapacity(this.out.capacity, state[2], state[1], grid.n, state[3], maxPairs), state[2]);
      }
      count = state[2];
      checkPairCount(count, maxPairs);
    } else {
      count = searchWasm(backend as 'wasm' | 'wasm-simd', grid, full, cutoff2, this.out, capacity, maxPairs);
    }
    if (sorted) sortPairs(this.out, count, grid.n);
    const o = this.out;
    return {
      length: count,
      i: o.i.subarray(0, count),
      j: o.j.subarray(0, count),
      shifts: o.shifts.subarray(0, 3 * count),
      distances: o.distances.subarray(0, count),
      vectors: o.vectors.subarray(0, 3 * count),
    };
  }
}

/** The pairs of `structure` closer than `options.cutoff` (see NeighborList for the convention). */
export function neighborList(structure: StructureLike, options: NeighborListOptions): NeighborList {
  return new NeighborSearch(options).compute(structure);
}
