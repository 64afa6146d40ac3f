// The structure-level products of a PowerSpectrumMap on a WebAssembly backend, fused: each pair's
// ∂c/∂r_ij, as density's computePairs streams it, is copied once into this module's memory and a
// batch of pairs goes through one kernel call that does what the generic driver (driver.ts) does
// in JavaScript per pair — the layout change, the pushforward, and the accumulation into the
// output rows (or, for a vector–Jacobian product, one dot product with the pulled-back
// cotangent). Same inputs, outputs and meaning as the generic driver, which stays the reference.
import { resolveBackend, type BackendName, type Structure, type WasmFlavor } from '@equikit/core';
import { typeIndex, type PairList, type SphericalExpansion } from '@equikit/density';
import type { CentreMap } from '../centre-map.js';
import { PowerSpectrumMap } from '../power-spectrum-map.js';
import type { PowerSpectrumTables } from './map-kernels.js';
import { wasmModule } from './module.js';

const IMPLEMENTED: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];
/** Pairs per kernel call: their gradients (3·N·K doubles each) stay well inside L2. */
const BATCH = 32;
/** Size of the per-chunk buffers of fusedForward: about an L2 cache. */
const CACHE_BYTES = 256 * 1024;
/** Outputs larger than this stay on the generic path (wasm32 memory is 4 GiB in all). */
const MAX_OUTPUT_BYTES = 2 ** 31;

/** The power-spectrum map and wasm build the fused path runs for this call, or undefined for the generic driver. */
export function fusedMap(map: CentreMap, backend: BackendName | undefined): { map: PowerSpectrumMap; flavor: WasmFlavor } | undefined {
  if (!(map instanceof PowerSpectrumMap)) return undefined;
  const chosen = resolveBackend('PowerSpectrum', IMPLEMENTED, backend ?? map.backend);
  return chosen === 'wasm' || chosen === 'wasm-simd' ? { map, flavor: chosen } : undefined;
}

/**
 * Features of every atom: [nAtoms][outputSize] from coefficients [nAtoms][inputSize], a few atoms
 * at a time through a cache-sized buffer (not the whole structure through WebAssembly memory:
 * that would read and write every coefficient and feature twice more).
 */
export function fusedForward(flavor: WasmFlavor, map: PowerSpectrumTables, coefficients: Float64Array, nAtoms: number): Float64Array {
  const { nSpecies: S, maxRadial: N, maxAngular, inputSize: C, outputSize: F } = map;
  const chunk = Math.max(1, Math.min(nAtoms, Math.floor(CACHE_BYTES / (8 * (C + F)))));
  const values = new Float64Array(nAtoms * F);
  const inst = wasmModule.instance(flavor);
  inst.reset();
  try {
    const factor = inst.put(map.factor);
    const c = inst.alloc(chunk * C * 8);
    const out = inst.alloc(chunk * F * 8);
    const cT = inst.alloc(C * 8);
    const tile = inst.alloc(N * N * 8);
    const cView = inst.f64(c, chunk * C);
    const outView = inst.f64(out, chunk * F);
    for (let first = 0; first < nAtoms; first += chunk) {
      const count = Math.min(chunk, nAtoms - first);
      cView.set(coefficients.subarray(first * C, (first + count) * C));
      inst.exports.forward(count, S, N, maxAngular + 1, factor, c, out, cT, tile);
      values.set(count === chunk ? outView : outView.subarray(0, count * F), first * F);
    }
    return values;
  } finally {
    inst.reset();
  }
}

/** Whether rows × (3 or 9) × F doubles fit the fused path. */
export function fusedRowsFit(map: PowerSpectrumTables, positionRows: number, strainRows: number, nAtoms: number): boolean {
  const bytes = 8 * map.outputSize * (3 * positionRows + 9 * strainRows) + 8 * map.inputSize * nAtoms;
  return bytes <= MAX_OUTPUT_BYTES;
}

export interface RowTargets {
  /** Positions row of pair (i → j) for neighbour j: species sums s_i·n + j, dense i·n + j. */
  row(i: number, j: number): number;
  /** Strain row of centre i: species sums s_i, dense i. */
  strainRow(i: number): number;
  positionRows: number;
  strainRows: number;
}

/**
 * Σ over pairs of J_i ∂c_i/∂r_ij into rows of 3F ([x][feature]): + into row(i, j), − into
 * row(i, i) (not for images of i), and r_ij,a times it into strainRow(i) ([a][b][feature]).
 */
export function fusedRows(
  flavor: WasmFlavor,
  expansion: SphericalExpansion,
  map: PowerSpectrumTables,
  structure: Structure,
  species: Int32Array,
  coefficients: Float64Array,
  targets: RowTargets,
  want: { positions: boolean; strain: boolean; backend?: BackendName },
): { positions?: Float64Array; strain?: Float64Array } {
  const { nSpecies: S, maxRadial: N, maxAngular, inputSize: C, outputSize: F } = map;
  const L = maxAngular + 1;
  const G = 3 * N * L * L;
  const typeOf = typeIndex(structure, species);
  const inst = wasmModule.instance(flavor);
  const e = inst.exports;
  inst.reset();
  try {
    const factor = inst.put(map.factor);
    const c = inst.put(coefficients);
    const grads = inst.alloc(BATCH * G * 8);
    const ints = inst.alloc(5 * BATCH * 4);
    const vectorsPtr = inst.alloc(3 * BATCH * 8);
    const positionsPtr = want.positions ? inst.alloc(targets.positionRows * 3 * F * 8) : 0;
    const strainPtr = want.strain ? inst.alloc(targets.strainRows * 9 * F * 8) : 0;
    const scratch = inst.alloc(Math.max(C, N * N * L) * 8);
    // views, after the last allocation (growth would detach them)
    const stage = inst.f64(grads, BATCH * G);
    const meta = inst.i32(ints, 5 * BATCH);
    const vectors = inst.f64(vectorsPtr, 3 * BATCH);
    const positions = want.positions ? inst.f64(positionsPtr, targets.positionRows * 3 * F).fill(0) : undefined;
    const strain = want.strain ? inst.f64(strainPtr, targets.strainRows * 9 * F).fill(0) : undefined;
    let staged = 0;
    const flush = () => {
      if (staged === 0) return;
      e.pairTangents(
        staged, S, N, L, factor, c,
        ints, ints + 4 * BATCH, grads, ints + 8 * BATCH, ints + 12 * BATCH, ints + 16 * BATCH, vectorsPtr,
        positionsPtr, strainPtr, scratch,
      );
      staged = 0;
    };
    expansion.computePairs(structure, {
      species,
      backend: want.backend,
      onPair: (p, gradient, offset, pairs) => {
        const i = pairs.i[p];
        const j = pairs.j[p];
        stage.set(gradient.subarray(offset, offset + G), staged * G);
        meta[staged] = i;
        meta[BATCH + staged] = typeOf[j];
        // an image of the centre moves with it: strain only
        meta[2 * BATCH + staged] = i !== j ? targets.row(i, j) : -1;
        meta[3 * BATCH + staged] = i !== j ? targets.row(i, i) : -1;
        meta[4 * BATCH + staged] = targets.strainRow(i);
        vectors[3 * staged] = pairs.vectors[3 * p];
        vectors[3 * staged + 1] = pairs.vectors[3 * p + 1];
        vectors[3 * staged + 2] = pairs.vectors[3 * p + 2];
        if (++staged === BATCH) flush();
      },
    });
    flush();
    if (positions) e.finishRows(3 * targets.positionRows, S, N, L, positionsPtr, scratch);
    if (strain) e.finishRows(9 * targets.strainRows, S, N, L, strainPtr, scratch);
    return { positions: positions?.slice(), strain: strain?.slice() };
  } finally {
    inst.reset();
  }
}

/**
 * positions[k][x] = Σ_i g_i · ∂X_i/∂r_k,x and strain[a][b] = Σ_i g_i · ∂X_i/∂ε_ab from the
 * cotangent g ([nAtoms][F]): one pullback per centre, one dot product per pair.
 */
export function fusedCotangentProducts(
  flavor: WasmFlavor,
  expansion: SphericalExpansion,
  map: PowerSpectrumTables,
  structure: Structure,
  species: Int32Array,
  coefficients: Float64Array,
  g: Float64Array,
  backend: BackendName | undefined,
): { positions: Float64Array; strain: Float64Array } {
  const { nSpecies: S, maxRadial: N, maxAngular, inputSize: C, outputSize: F } = map;
  const L = maxAngular + 1;
  const G = 3 * N * L * L;
  const n = structure.length;
  const typeOf = typeIndex(structure, species);
  const inst = wasmModule.instance(flavor);
  const e = inst.exports;
  inst.reset();
  try {
    const factor = inst.put(map.factor);
    const c = inst.put(coefficients);
    const gPtr = inst.put(g);
    const gcT = inst.alloc(n * C * 8);
    const cT = inst.alloc(C * 8);
    const w = inst.alloc(N * 8);
    const grads = inst.alloc(BATCH * G * 8);
    const ints = inst.alloc(3 * BATCH * 4);
    const vectorsPtr = inst.alloc(3 * BATCH * 8);
    const positionsPtr = inst.alloc(3 * n * 8);
    const strainPtr = inst.alloc(9 * 8);
    const stage = inst.f64(grads, BATCH * G);
    const meta = inst.i32(ints, 3 * BATCH);
    const vectors = inst.f64(vectorsPtr, 3 * BATCH);
    const positions = inst.f64(positionsPtr, 3 * n).fill(0);
    const strain = inst.f64(strainPtr, 9).fill(0);
    e.pullback(n, S, N, L, factor, c, gPtr, gcT, cT, w);
    let staged = 0;
    const flush = () => {
      if (staged === 0) return;
      e.pairDots(staged, S, N, L, gcT, ints, ints + 4 * BATCH, grads, ints + 8 * BATCH, vectorsPtr, positionsPtr, strainPtr);
      staged = 0;
    };
    expansion.computePairs(structure, {
      species,
      backend,
      onPair: (p, gradient, offset, pairs) => {
        const i = pairs.i[p];
        const j = pairs.j[p];
        stage.set(gradient.subarray(offset, offset + G), staged * G);
        meta[staged] = i;
        meta[BATCH + staged] = typeOf[j];
        meta[2 * BATCH + staged] = i !== j ? j : -1;
        vectors[3 * staged] = pairs.vectors[3 * p];
        vectors[3 * staged + 1] = pairs.vectors[3 * p + 1];
        vectors[3 * staged + 2] = pairs.vectors[3 * p + 2];
        if (++staged === BATCH) flush();
      },
    });
    flush();
    return { positions: positions.slice(), strain: strain.slice() };
  } finally {
    inst.reset();
  }
}

/**
 * streamPairTangents for a PowerSpectrumMap: visit(i, j, p, pairs, tangent) for every pair, with
 * tangent[x·F + f] = ∂X_i,f/∂r_ij,x computed a batch of pairs at a time. `tangent` is a plain
 * array, valid during the call; a visitor must not run this package's kernels (checked).
 */
export function fusedPairTangents(
  flavor: WasmFlavor,
  expansion: SphericalExpansion,
  map: PowerSpectrumTables,
  structure: Structure,
  species: Int32Array,
  coefficients: Float64Array,
  backend: BackendName | undefined,
  visit: (i: number, j: number, p: number, pairs: PairList, tangent: Float64Array) => void,
): void {
  const { nSpecies: S, maxRadial: N, maxAngular, inputSize: C, outputSize: F } = map;
  const L = maxAngular + 1;
  const G = 3 * N * L * L;
  const typeOf = typeIndex(structure, species);
  const inst = wasmModule.instance(flavor);
  const e = inst.exports;
  inst.reset();
  try {
    const canaryPtr = inst.alloc(8);
    const factor = inst.put(map.factor);
    const c = inst.put(coefficients);
    const grads = inst.alloc(BATCH * G * 8);
    const ints = inst.alloc(5 * BATCH * 4);
    const vectorsPtr = inst.alloc(3 * BATCH * 8);
    const rowsPtr = inst.alloc(BATCH * 3 * F * 8);
    const scratch = inst.alloc(Math.max(C, N * N * L) * 8);
    const canary = inst.f64(canaryPtr, 1);
    const stage = inst.f64(grads, BATCH * G);
    const meta = inst.i32(ints, 5 * BATCH);
    const rows = inst.f64(rowsPtr, BATCH * 3 * F);
    // each staged pair adds into its own row; nothing to subtract, no strain
    for (let q = 0; q < BATCH; q++) meta[2 * BATCH + q] = q;
    meta.fill(-1, 3 * BATCH, 5 * BATCH);
    const pairOf = new Int32Array(BATCH);
    const tangent = new Float64Array(3 * F);
    let pairs: PairList | undefined;
    let staged = 0;
    const flush = () => {
      if (staged === 0 || !pairs) return;
      rows.fill(0, 0, staged * 3 * F);
      e.pairTangents(staged, S, N, L, factor, c, ints, ints + 4 * BATCH, grads, ints + 8 * BATCH, ints + 12 * BATCH, ints + 16 * BATCH, vectorsPtr, rowsPtr, 0, scratch);
      e.finishRows(3 * staged, S, N, L, rowsPtr, scratch);
      const mark = Math.random();
      canary[0] = mark;
      for (let q = 0; q < staged; q++) {
        tangent.set(rows.subarray(q * 3 * F, (q + 1) * 3 * F));
        const p = pairOf[q];
        visit(pairs.i[p], pairs.j[p], p, pairs, tangent);
        if (canary[0] !== mark) throw new Error('streamPairTangents: a visitor ran @equikit/correlations kernels, which reuse the memory of the pairs in flight');
      }
      staged = 0;
    };
    expansion.computePairs(structure, {
      species,
      backend,
      onPair: (p, gradient, offset, list) => {
        pairs = list;
        stage.set(gradient.subarray(offset, offset + G), staged * G);
        meta[staged] = list.i[p];
        meta[BATCH + staged] = typeOf[list.j[p]];
        pairOf[staged] = p;
        if (++staged === BATCH) flush();
      },
    });
    flush();
  } finally {
    inst.reset();
  }
}
