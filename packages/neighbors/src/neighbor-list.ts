// The public neighbour search: options, validation, backend choice, output buffers.
import {
  assertBoolean, assertInteger, assertPositiveNumber, resolveBackend,
  type BackendName, type WasmFlavor, type WasmInstance,
} from '@equikit/core';
import { buildGrid } from './grid.js';
import { checkStructure, type StructureLike } from './input.js';
import { PairBuffers, checkPairCount, grownCapacity, tooManyPairs } from './pairs.js';
import { RangeScratch, searchJs } from './search-js.js';
import { searchWasm, viewPairs, type WasmPairs } from './search-wasm.js';
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

export interface CheckedOptions {
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

/** What a search keeps between calls: output buffers, scratch, its own wasm instances. */
export class SearchState {
  readonly out = new PairBuffers();
  readonly scratch = new RangeScratch();
  readonly own: Partial<Record<WasmFlavor, WasmInstance<NeighborsExports> | null>> = {};
  lastCount = 0;

  /** `ownMemory`: on wasm, keep the pairs in an instance of this state's own (no copy). */
  constructor(readonly ownMemory: boolean) {}
}

/** Where a search on a wasm instance of its own left the pairs (for the Verlet refresh). */
export interface InWasm {
  instance: WasmInstance<NeighborsExports>;
  pairs: WasmPairs;
}

function search(options: CheckedOptions, structure: StructureLike, state: SearchState): NeighborList {
  return searchKeepingWasm(options, structure, state).list;
}

/** The search, also saying where the pairs are when they stayed in a wasm instance. */
export function searchKeepingWasm(
  options: CheckedOptions, structure: StructureLike, state: SearchState,
): { list: NeighborList; inWasm?: InWasm } {
  const { cutoff, full, sorted, maxPairs } = options;
  const s = checkStructure(structure);
  const backend = resolveBackend('neighborList', IMPLEMENTED, options.backend);
  const grid = buildGrid(s, cutoff);
  const expected = full ? grid.expectedPairs : grid.expectedPairs / 2;
  if (expected > 2 * maxPairs) throw tooManyPairs(`about ${expected.toPrecision(3)}`, maxPairs);
  const capacity = Math.min(maxPairs, Math.max(state.lastCount + 64, Math.ceil(expected * 1.15) + 64));
  const cutoff2 = cutoff * cutoff;
  const out = state.out;
  let count: number;
  let pairs: PairArrays = out;
  let inWasm: InWasm | undefined;
  if (backend === 'js') {
    out.ensure(capacity);
    state.scratch.ensure(grid.maxRanges);
    const progress = new Int32Array(4);
    while (!searchJs(grid, full, cutoff2, out, progress, state.scratch)) {
      out.ensure(grownCapacity(out.capacity, progress[2], progress[1], grid.n, progress[3], maxPairs), progress[2]);
    }
    count = progress[2];
    checkPairCount(count, maxPairs);
  } else {
    const flavor = backend as WasmFlavor;
    if (state.own[flavor] === undefined) state.own[flavor] = state.ownMemory ? (ownInstance(flavor) ?? null) : null;
    const own = state.own[flavor];
    if (own) {
      own.reset();
      const found = searchWasm(own, grid, full, cutoff2, capacity, maxPairs);
      count = found.count;
      pairs = viewPairs(own, found);
      inWasm = { instance: own, pairs: found };
    } else {
      const shared = wasmModule.instance(flavor);
      try {
        const found = searchWasm(shared, grid, full, cutoff2, capacity, maxPairs);
        count = found.count;
        out.ensure(count);
        const view = viewPairs(shared, found);
        out.i.set(view.i);
        out.j.set(view.j);
        out.shifts.set(view.shifts);
        out.distances.set(view.distances);
        out.vectors.set(view.vectors);
      } finally {
        shared.reset();
      }
    }
  }
  state.lastCount = count;
  if (sorted) sortPairs(pairs, count, grid.n);
  const list = {
    length: count,
    i: pairs.i.subarray(0, count),
    j: pairs.j.subarray(0, count),
    shifts: pairs.shifts.subarray(0, 3 * count),
    distances: pairs.distances.subarray(0, count),
    vectors: pairs.vectors.subarray(0, 3 * count),
  };
  return { list, inWasm };
}

/**
 * A neighbour search that keeps its output buffers: `compute()` reuses them, so the
 * arrays of the list it returns stay valid only until the next `compute()`. On the wasm
 * backends the pairs stay where the kernel wrote them, in a WebAssembly memory of this
 * search's own (no copy).
 */
export class NeighborSearch {
  readonly options: Readonly<CheckedOptions>;
  private readonly state = new SearchState(true);

  constructor(options: NeighborListOptions) {
    this.options = checkOptions(options);
  }

  compute(structure: StructureLike): NeighborList {
    return search(this.options, structure, this.state);
  }
}

/**
 * The pairs of `structure` closer than `options.cutoff` (see NeighborList for the
 * convention), in arrays of their own (on wasm, computed in the package's shared
 * instance and copied out).
 */
export function neighborList(structure: StructureLike, options: NeighborListOptions): NeighborList {
  return search(checkOptions(options), structure, new SearchState(false));
}
