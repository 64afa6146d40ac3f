// The GP's force and strain rows on a WebAssembly backend (assembly/gp-kernels.ts): the same rows
// as kernel.ts's TypeScript reference, by one of two algebras (see the assembly file's header):
//   'pullback': each pair's ∂c_i/∂r_ij (3 × N·K) times a per-centre panel J_iᵀ u (C × M),
//   'tangent':  each pair's ∂X̂_i/∂r_ij (3 × F, from the correlations driver) times the points.
// Pairs are staged per centre (the neighbour list is sorted by centre) and each centre's tiles of
// four sparse points are contracted with all its pairs while the tile's panel sits in L1.
import type { Structure, WasmFlavor } from '@equikit/core';
import { PowerSpectrumMap, streamPairTangents } from '@equikit/correlations';
import { typeIndex } from '@equikit/density';
import { wasmModule, type ModelsExports } from '../wasm.js';
import type { FeatureContext, KernelRows, SparseSet } from './kernel.js';

/** The GP kernels of the models module (assembly/gp-kernels.ts); pointers are byte offsets. */
interface GpExports extends ModelsExports {
  gpDots(count: number, F: number, T: number, x: number, z: number, d: number): void;
  gpCombine(count: number, F: number, T: number, coef: number, z: number, g: number): void;
  gpPullbackRows(
    S: number, N: number, L: number, T: number, centre: number, c: number, xs: number, invNorm: number, d: number, w: number, zs: number,
    counts: number, capacity: number, grads: number, rowPlus: number, vectors: number,
    W: number, col: number, forces: number, strain: number, xs4: number, upanel: number, panel: number, dtile: number, own: number,
  ): void;
  gpTangentRows(
    F: number, T: number, centre: number, w: number, z: number, count: number, tangents: number, rowPlus: number, vectors: number,
    W: number, col: number, forces: number, strain: number, dtile: number, own: number,
  ): void;
}

export type RowAlgebra = 'pullback' | 'tangent';

/** Pairs staged per neighbour type before a centre is flushed early (a centre rarely has more). */
const CAPACITY = 128;

interface Shape {
  S: number;
  N: number;
  L: number;
  /** Coefficients per atom, S·N·L². */
  C: number;
  /** Features per atom. */
  F: number;
}

/** The sparse points of one set in the kernels' tiled layouts, built once per set. */
interface Tables {
  shape: Shape;
  /** The power spectrum (unnormalised), for ‖X_i‖. */
  map: PowerSpectrumMap;
  /** Column tiles of 4 points per species. */
  tiles: Int32Array;
  /** Padded column offset of each species (multiples of 4), S + 1 entries; W = col[S]. */
  col: Int32Array;
  /** Per species [T][F][4]: the points. */
  raw: Float64Array[];
  /** Per species [T][F][4]: the points pullback-ready (see pullbackReady). */
  ready: Float64Array[];
}

const cache = new WeakMap<SparseSet, Map<string, Tables>>();

function shapeOf(ctx: FeatureContext, set: SparseSet): Shape {
  const S = set.species.length;
  const N = ctx.expansion.hypers.maxRadial;
  const L = ctx.expansion.hypers.maxAngular + 1;
  const shape = { S, N, L, C: S * N * L * L, F: ((S * (S + 1)) / 2) * N * N * L };
  if (ctx.map.inputSize !== shape.C || ctx.map.outputSize !== shape.F || set.width !== shape.F) {
    throw new Error(`internal: the GP's WebAssembly rows need the power spectrum of ${S} species, N ${N}, l ≤ ${L - 1} (C ${shape.C}, F ${shape.F}); the map has C ${ctx.map.inputSize}, F ${ctx.map.outputSize}`);
  }
  return shape;
}

function tablesFor(ctx: FeatureContext, set: SparseSet): Tables {
  const shape = shapeOf(ctx, set);
  const key = `${shape.S}/${shape.N}/${shape.L}`;
  let bySet = cache.get(set);
  if (!bySet) cache.set(set, (bySet = new Map()));
  const known = bySet.get(key);
  if (known) return known;
  const { S, F } = shape;
  const map = new PowerSpectrumMap({ nSpecies: S, maxRadial: shape.N, maxAngular: shape.L - 1 });
  const tiles = new Int32Array(S);
  const col = new Int32Array(S + 1);
  const raw: Float64Array[] = [];
  const ready: Float64Array[] = [];
  for (let s = 0; s < S; s++) {
    const first = set.offsets[s];
    const count = set.offsets[s + 1] - first;
    const T = Math.ceil(count / 4);
    tiles[s] = T;
    col[s + 1] = col[s] + 4 * T;
    const r = new Float64Array(T * F * 4);
    const p = new Float64Array(T * F * 4);
    for (let m = 0; m < count; m++) {
      const t = m >> 2;
      const c = m & 3;
      for (let f = 0; f < F; f++) r[(t * F + f) * 4 + c] = set.points[(first + m) * F + f];
      pullbackReady(shape, map.factor, set.points, (first + m) * F, p, t * F * 4 + c, 4);
    }
    raw.push(r);
    ready.push(p);
  }
  const tables = { shape, map, tiles, col, raw, ready };
  bySet.set(key, tables);
  return tables;
}

/**
 * out[outOffset + f·stride] = the cotangent x in the form the kernel's Jᵀ reads: librascal's factor
 * f_ab/√(2l+1) folded in, and for a = b blocks x[n1][n2][l] + x[n2][n1][l] (both orders of the
 * same product c[n1]·c[n2]), so one term per (n1, n2) serves both.
 */
export function pullbackReady(shape: Shape, factor: Float64Array, x: Float64Array, xOffset: number, out: Float64Array, outOffset: number, stride: number): void {
  const { S, N, L } = shape;
  const NNL = N * N * L;
  let p = 0;
  for (let a = 0; a < S; a++) {
    for (let b = a; b < S; b++) {
      const base = p * NNL;
      for (let n1 = 0; n1 < N; n1++) {
        for (let n2 = 0; n2 < N; n2++) {
          for (let l = 0; l < L; l++) {
            const f = base + (n1 * N + n2) * L + l;
            const v = a === b ? x[xOffset + f] + x[xOffset + base + (n2 * N + n1) * L + l] : x[xOffset + f];
            out[outOffset + f * stride] = factor[p * L + l] * v;
          }
        }
      }
      p++;
    }
  }
}

/** Which algebra costs fewer multiply-adds per sparse point, for `pairsPerCentre` pairs a centre. */
export function cheaperAlgebra(ctx: FeatureContext, set: SparseSet, pairsPerCentre: number): RowAlgebra {
  const { S, N, L, F } = shapeOf(ctx, set);
  const NK = N * L * L;
  // pullback: per centre the panel (S² N² K) and its cotangents (F), per pair 3 NK; tangent: per pair 3F
  const pullback = S * S * N * NK + F + 3 * NK * pairsPerCentre;
  const tangent = 3 * F * pairsPerCentre;
  return pullback < tangent ? 'pullback' : 'tangent';
}

/** One structure's rows (as kernelRows) on `flavor`; `algebra` picks the contraction. */
export function kernelRowsWasm(
  flavor: WasmFlavor,
  ctx: FeatureContext,
  set: SparseSet,
  zeta: number,
  structure: Structure,
  coefficients: Float64Array,
  values: Float64Array,
  want: { forces: boolean; strain: boolean },
  algebra: RowAlgebra,
): KernelRows {
  const tables = tablesFor(ctx, set);
  const { S, C, F } = tables.shape;
  const n = structure.length;
  const M = set.offsets[S];
  const W = tables.col[S];
  const typeOf = typeIndex(structure, set.species);
  const inst = wasmModule.instance(flavor);
  const e = inst.exports as unknown as GpExports;
  inst.reset();
  try {
    // X̂_i·Z_m for every atom against its species' points: d [atom][W] (own species' columns only)
    const xPtr = inst.put(values);
    const rawPtr = tables.raw.map((r) => inst.put(r));
    const dPtr = inst.alloc(8 * n * W);
    const wPtr = inst.alloc(8 * n * W);
    for (let i = 0; i < n; i++) {
      const s = typeOf[i];
      e.gpDots(1, F, tables.tiles[s], xPtr + 8 * i * F, rawPtr[s], dPtr + 8 * (i * W + tables.col[s]));
    }
    const d = inst.f64(dPtr, n * W);
    const w = inst.f64(wPtr, n * W).fill(0);
    const energy = new Float64Array(M);
    for (let i = 0; i < n; i++) {
      const s = typeOf[i];
      const count = set.offsets[s + 1] - set.offsets[s];
      for (let m = 0; m < count; m++) {
        const k = i * W + tables.col[s] + m;
        energy[set.offsets[s] + m] += d[k] ** zeta;
        w[k] = zeta * d[k] ** (zeta - 1);
      }
    }
    const rows: KernelRows = { energy };
    if (!want.forces && !want.strain) return rows;
    const forcesPtr = want.forces ? inst.alloc(8 * 3 * n * W) : 0;
    const strainPtr = want.strain ? inst.alloc(8 * 9 * W) : 0;
    const dtile = inst.alloc(8 * 24);
    const own = inst.alloc(8 * 12);
    // the arena is not cleared between calls
    if (want.forces) inst.f64(forcesPtr, 3 * n * W).fill(0);
    if (want.strain) inst.f64(strainPtr, 9 * W).fill(0);
    const run = { species: set.species, inst, e, tables, structure, typeOf, W, dPtr, wPtr, forcesPtr, strainPtr, dtile, own };
    if (algebra === 'pullback') pullbackPass(run, ctx, coefficients, values);
    else tangentPass(run, ctx, coefficients, rawPtr);
    if (want.forces) rows.forces = unpad(inst.f64(forcesPtr, 3 * n * W), 3 * n, W, set, tables.col);
    if (want.strain) rows.strain = unpad(inst.f64(strainPtr, 9 * W), 9, W, set, tables.col);
    return rows;
  } finally {
    inst.reset();
  }
}

/** g = Σ_m α_m ζ (x·Z_m)^{ζ−1} Z_m over species `type`'s points into out; returns Σ_m α_m (x·Z_m)^ζ. */
export type SparseCotangent = (type: number, x: Float64Array, xOffset: number, out: Float64Array) => number;

/**
 * Runs `body` with the cotangent of a prediction (E = Σ_i Σ_m α_m (X̂_i·Z_m)^ζ) on `flavor`: two
 * matrix–vector products per atom in WebAssembly. The tables live in the arena until body returns.
 */
export function withSparseCotangents<T>(flavor: WasmFlavor, ctx: FeatureContext, set: SparseSet, alpha: Float64Array, zeta: number, body: (cotangent: SparseCotangent) => T): T {
  const tables = tablesFor(ctx, set);
  const { F } = tables.shape;
  const inst = wasmModule.instance(flavor);
  const e = inst.exports as unknown as GpExports;
  inst.reset();
  try {
    const rawPtr = tables.raw.map((r) => inst.put(r));
    const widest = Math.max(...tables.tiles) * 4;
    const xPtr = inst.alloc(8 * F);
    const dPtr = inst.alloc(8 * widest);
    const coefPtr = inst.alloc(8 * widest);
    const gPtr = inst.alloc(8 * F);
    const x = inst.f64(xPtr, F);
    const d = inst.f64(dPtr, widest);
    const coef = inst.f64(coefPtr, widest);
    const g = inst.f64(gPtr, F);
    return body((type, values, offset, out) => {
      const T = tables.tiles[type];
      const first = set.offsets[type];
      const count = set.offsets[type + 1] - first;
      x.set(values.subarray(offset, offset + F));
      e.gpDots(1, F, T, xPtr, rawPtr[type], dPtr);
      coef.fill(0);
      let energy = 0;
      for (let m = 0; m < count; m++) {
        energy += alpha[first + m] * d[m] ** zeta;
        coef[m] = alpha[first + m] * zeta * d[m] ** (zeta - 1);
      }
      e.gpCombine(1, F, T, coefPtr, rawPtr[type], gPtr);
      out.set(g);
      return energy;
    });
  } finally {
    inst.reset();
  }
}

interface Run {
  species: Int32Array;
  inst: ReturnType<typeof wasmModule.instance>;
  e: GpExports;
  tables: Tables;
  structure: Structure;
  typeOf: Int32Array;
  W: number;
  dPtr: number;
  wPtr: number;
  forcesPtr: number;
  strainPtr: number;
  dtile: number;
  own: number;
}

function pullbackPass(run: Run, ctx: FeatureContext, coefficients: Float64Array, values: Float64Array): void {
  const { inst, e, tables, structure, typeOf, W } = run;
  const { S, N, L, C, F } = tables.shape;
  const n = structure.length;
  const G = 3 * N * L * L;
  // per atom: X̂_i pullback-ready and 1/‖X_i‖ (0 for an empty environment, whose tangent is 0)
  const xs = new Float64Array(n * F);
  const invNorm = new Float64Array(n);
  const X = new Float64Array(F);
  for (let i = 0; i < n; i++) {
    pullbackReady(tables.shape, tables.map.factor, values, i * F, xs, i * F, 1);
    tables.map.forward(coefficients, i * C, X, 0);
    let norm = 0;
    for (let f = 0; f < F; f++) norm += X[f] * X[f];
    invNorm[i] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  }
  const cPtr = inst.put(coefficients);
  const xsPtr = inst.put(xs);
  const readyPtr = tables.ready.map((r) => inst.put(r));
  const countsPtr = inst.alloc(4 * S);
  const gradsPtr = inst.alloc(8 * S * CAPACITY * G);
  const rowPlusPtr = inst.alloc(4 * S * CAPACITY);
  const vectorsPtr = inst.alloc(8 * S * CAPACITY * 3);
  const xs4 = inst.alloc(8 * 4 * F);
  const upanel = inst.alloc(8 * 4 * C);
  const panel = inst.alloc(8 * 4 * C);
  // views after the last allocation
  const counts = inst.i32(countsPtr, S).fill(0);
  const grads = inst.f64(gradsPtr, S * CAPACITY * G);
  const rowPlus = inst.i32(rowPlusPtr, S * CAPACITY);
  const vectors = inst.f64(vectorsPtr, S * CAPACITY * 3);
  let centre = -1;
  const flush = () => {
    if (centre < 0) return;
    const s = typeOf[centre];
    const at = 8 * (centre * W + tables.col[s]);
    e.gpPullbackRows(
      S, N, L, tables.tiles[s], centre, cPtr + 8 * centre * C, xsPtr + 8 * centre * F, invNorm[centre], run.dPtr + at, run.wPtr + at, readyPtr[s],
      countsPtr, CAPACITY, gradsPtr, rowPlusPtr, vectorsPtr,
      W, tables.col[s], run.forcesPtr, run.strainPtr, xs4, upanel, panel, run.dtile, run.own,
    );
    counts.fill(0);
    centre = -1;
  };
  ctx.expansion.computePairs(structure, {
    species: run.species,
    backend: ctx.backend,
    onPair: (p, gradient, offset, pairs) => {
      const i = pairs.i[p];
      const j = pairs.j[p];
      const t = typeOf[j];
      if (i !== centre || counts[t] === CAPACITY) {
        flush();
        centre = i;
      }
      const q = t * CAPACITY + counts[t]++;
      grads.set(gradient.subarray(offset, offset + G), q * G);
      rowPlus[q] = i !== j ? j : -1;
      vectors[3 * q] = pairs.vectors[3 * p];
      vectors[3 * q + 1] = pairs.vectors[3 * p + 1];
      vectors[3 * q + 2] = pairs.vectors[3 * p + 2];
    },
  });
  flush();
}

function tangentPass(run: Run, ctx: FeatureContext, coefficients: Float64Array, rawPtr: number[]): void {
  const { inst, e, tables, structure, typeOf, W } = run;
  const { F } = tables.shape;
  const G = 3 * F;
  const tangentsPtr = inst.alloc(8 * CAPACITY * G);
  const rowPlusPtr = inst.alloc(4 * CAPACITY);
  const vectorsPtr = inst.alloc(8 * CAPACITY * 3);
  const tangents = inst.f64(tangentsPtr, CAPACITY * G);
  const rowPlus = inst.i32(rowPlusPtr, CAPACITY);
  const vectors = inst.f64(vectorsPtr, CAPACITY * 3);
  let centre = -1;
  let count = 0;
  const flush = () => {
    if (count === 0) return;
    const s = typeOf[centre];
    const at = 8 * (centre * W + tables.col[s]);
    e.gpTangentRows(F, tables.tiles[s], centre, run.wPtr + at, rawPtr[s], count, tangentsPtr, rowPlusPtr, vectorsPtr, W, tables.col[s], run.forcesPtr, run.strainPtr, run.dtile, run.own);
    count = 0;
  };
  streamPairTangents(ctx.expansion, ctx.map, structure, run.species, coefficients, ctx.backend, (i, j, p, pairs, tangent) => {
    if (i !== centre || count === CAPACITY) {
      flush();
      centre = i;
    }
    tangents.set(tangent.subarray(0, G), count * G);
    rowPlus[count] = i !== j ? j : -1;
    vectors[3 * count] = pairs.vectors[3 * p];
    vectors[3 * count + 1] = pairs.vectors[3 * p + 1];
    vectors[3 * count + 2] = pairs.vectors[3 * p + 2];
    count++;
  });
  flush();
}

/** [rows][W] with species blocks at padded offsets → [rows][M]. */
function unpad(padded: Float64Array, rows: number, W: number, set: SparseSet, col: Int32Array): Float64Array {
  const M = set.offsets[set.offsets.length - 1];
  const out = new Float64Array(rows * M);
  for (let s = 0; s + 1 < set.offsets.length; s++) {
    const count = set.offsets[s + 1] - set.offsets[s];
    for (let r = 0; r < rows; r++) out.set(padded.subarray(r * W + col[s], r * W + col[s] + count), r * M + set.offsets[s]);
  }
  return out;
}
