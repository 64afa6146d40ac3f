// The public neighbour search: options, validation, backend choice, output buffers.
import {
  assertBoolean, assertInteger, assertPositiveNumber, resolveBackend,
  type BackendName, type WasmFlavor, type WasmInstance,
} from '@equikit/core';
import { buildGrid } from './grid.js';
import { checkStructure, type StructureLike } from './input.js';
import { PairBuffers, checkPairCount, grownCapacity, tooManyPairs } from './pairs.js';
import { RangeScratch, searchJs } from './search-js.js';
import { searchWasm, viewPairs } from './search-wasm.js';
import { sortPairs, type PairArrays } from './sort.js';
import { ownInstance, wasmModule, type NeighborsExports } from './wasm.js';

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
 * arrays of the list it returns stay valid only until the next `compute()`. On the wasm
 * backends the pairs stay where the kernel wrote them, in a WebAssembly memory of this
 * search's own (no copy).
 */
export class NeighborSearch {
  readonly options: Readonly<CheckedOptions>;
  private readonly out = new PairBuffers();
  private readonly scratch = new RangeScratch();
  private readonly own: Partial<Record<WasmFlavor, WasmInstance<NeighborsExports> | null>> = {};
  private lastCount = 0;

  /** `shareWasm` (internal): run in the package's shared instance and copy the pairs out. */
  constructor(options: NeighborListOptions, private readonly shareWasm = false) {
    this.options = checkOptions(options);
  }

  compute(structure: StructureLike): NeighborList {
    const { cutoff, full, sorted, maxPairs } = this.options;
    const s = checkStructure(structure);
    const backend = resolveBackend('neighborList', IMPLEMENTED, this.options.backend);
    const grid = buildGrid(s, cutoff);
    const expected = full ? grid.expectedPairs : grid.expectedPairs / 2;
    if (expected > 2 * maxPairs) throw tooManyPairs(`about ${expected.toPrecision(3)}`, maxPairs);
    const capacity = Math.min(maxPairs, Math.max(this.lastCount + 64, Math.ceil(expected * 1.15) + 64));
    const cutoff2 = cutoff * cutoff;
    let count: number;
    let pairs: PairArrays = this.out;
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
      const flavor = backend as WasmFlavor;
      if (this.own[flavor] === undefined) this.own[flavor] = this.shareWasm ? null : (ownInstance(flavor) ?? null);
      const own = this.own[flavor];
      if (own) {
        own.reset();
        const found = searchWasm(own, grid, full, cutoff2, capacity, maxPairs);
        count = found.count;
        pairs = viewPairs(own, found);
      } else {
        const shared = wasmModule.instance(flavor);
        try {
          const found = searchWasm(shared, grid, full, cutoff2, capacity, maxPairs);
          count = found.count;
          this.out.ensure(count);
          const view = viewPairs(shared, found);
          this.out.i.set(view.i);
          this.out.j.set(view.j);
          this.out.shifts.set(view.shifts);
          this.out.distances.set(view.distances);
          this.out.vectors.set(view.vectors);
        } finally {
          shared.reset();
        }
      }
    }
    this.lastCount = count;
    if (sorted) sortPairs(pairs, count, grid.n);
    return {
      length: count,
      i: pairs.i.subarray(0, count),
      j: pairs.j.subarray(0, count),
      shifts: pairs.shifts.subarray(0, 3 * count),
      distances: pairs.distances.subarray(0, count),
      vectors: pairs.vectors.subarray(0, 3 * count),
    };
  }
}

/**
 * The pairs of `structure` closer than `options.cutoff` (see NeighborList for the
 * convention), in arrays of their own.
 */
export function neighborList(structure: StructureLike, options: NeighborListOptions): NeighborList {
  return new NeighborSearch(options, true).compute(structure);
}
