// The polynomial kernel k(X_i, Z_m) = (X̂_i · Z_m)^ζ between normalised atomic features and
// the sparse points of the same centre species, and everything the GP needs from it for one
// structure: the energy row Σ_i k(X_i, Z_m), the force rows −∂/∂r_k Σ_i k(X_i, Z_m) and the
// strain rows ∂/∂ε_ab Σ_i k(X_i, Z_m), contracted pair by pair with the sparse points
// (nothing of size pairs × features is stored).
import { resolveBackend, type BackendName, type Structure } from '@equikit/core';
import { expandAndMap, streamPairTangents, type CentreMap } from '@equikit/correlations';
import { typeIndex, type SphericalExpansion } from '@equikit/density';
import { cheaperAlgebra, kernelRowsWasm, type RowAlgebra } from './kernel-wasm.js';

/** Backends of the row kernels: the TypeScript reference below, or assembly/gp-kernels.ts. */
export const GP_ROW_BACKENDS: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];
/** Neighbours per centre assumed when choosing the algebra (dense solids at a 5 Å cutoff have 25–60). */
const TYPICAL_PAIRS = 30;

/** Sparse points grouped by centre species: points [M][width], species s owns rows offsets[s] .. offsets[s+1]. */
export interface SparseSet {
  /** Sorted atomic numbers of the model's species. */
  species: Int32Array;
  /** Features per point. */
  width: number;
  /** S + 1 row offsets. */
  offsets: Int32Array;
  points: Float64Array;
}

export function sparseCount(set: SparseSet): number {
  return set.offsets[set.offsets.length - 1];
}

/** K_MM: block diagonal (points of different centre species never correlate). */
export function sparseKernel(set: SparseSet, zeta: number): Float64Array {
  const M = sparseCount(set);
  const F = set.width;
  const K = new Float64Array(M * M);
  for (let s = 0; s + 1 < set.offsets.length; s++) {
    for (let a = set.offsets[s]; a < set.offsets[s + 1]; a++) {
      for (let b = a; b < set.offsets[s + 1]; b++) {
        const k = dot(set.points, a * F, set.points, b * F, F) ** zeta;
        K[a * M + b] = k;
        K[b * M + a] = k;
      }
    }
  }
  return K;
}

export interface KernelRows {
  /** [M]: Σ_i k(X_i, Z_m). */
  energy: Float64Array;
  /** [nAtoms][3][M]: −∂/∂r_k,x Σ_i k(X_i, Z_m) (force rows). */
  forces?: Float64Array;
  /** [3][3][M]: ∂/∂ε_ab Σ_i k(X_i, Z_m), for r → r + r·ε. */
  strain?: Float64Array;
}

export interface FeatureContext {
  expansion: SphericalExpansion;
  map: CentreMap;
  backend?: BackendName;
}

/**
 * One structure's kernel rows against every sparse point; `values`/`coefficients` from expandAndMap.
 * ctx.backend picks the row kernels too: 'js' runs the reference below, 'wasm'/'wasm-simd' the
 * WebAssembly kernels with `algebra` (default: the one with fewer multiply-adds).
 */
export function kernelRows(
  ctx: FeatureContext,
  set: SparseSet,
  zeta: number,
  structure: Structure,
  coefficients: Float64Array,
  values: Float64Array,
  want: { forces: boolean; strain: boolean },
  algebra?: RowAlgebra,
): KernelRows {
  const backend = resolveBackend('SparseGPPotential rows', GP_ROW_BACKENDS, ctx.backend);
  if (backend !== 'js') {
    const chosen = algebra ?? cheaperAlgebra(ctx, set, TYPICAL_PAIRS);
    return kernelRowsWasm(backend as 'wasm' | 'wasm-simd', ctx, set, zeta, structure, coefficients, values, want, chosen);
  }
  return kernelRowsJs(ctx, set, zeta, structure, coefficients, values, want);
}

/** The TypeScript reference: each pair's tangent ∂X̂_i/∂r_ij dotted with every point. */
export function kernelRowsJs(
  ctx: FeatureContext,
  set: SparseSet,
  zeta: number,
  structure: Structure,
  coefficients: Float64Array,
  values: Float64Array,
  want: { forces: boolean; strain: boolean },
): KernelRows {
  const n = structure.length;
  const F = set.width;
  const M = sparseCount(set);
  const typeOf = typeIndex(structure, set.species);
  const energy = new Float64Array(M);
  // per atom: ζ (X̂_i·Z_m)^{ζ−1} for the points of its species, from gradOffset[i]
  const gradOffset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) gradOffset[i + 1] = gradOffset[i] + set.offsets[typeOf[i] + 1] - set.offsets[typeOf[i]];
  const weight = new Float64Array(gradOffset[n]);
  for (let i = 0; i < n; i++) {
    const first = set.offsets[typeOf[i]];
    const last = set.offsets[typeOf[i] + 1];
    for (let m = first; m < last; m++) {
      const d = dot(values, i * F, set.points, m * F, F);
      energy[m] += d ** zeta;
      weight[gradOffset[i] + m - first] = zeta * d ** (zeta - 1);
    }
  }
  const rows: KernelRows = { energy };
  if (!want.forces && !want.strain) return rows;
  const forces = want.forces ? new Float64Array(n * 3 * M) : undefined;
  const strain = want.strain ? new Float64Array(9 * M) : undefined;
  const points = set.points;
  streamPairTangents(ctx.expansion, ctx.map, structure, set.species, coefficients, ctx.backend, (i, j, p, pairs, tangent) => {
    const first = set.offsets[typeOf[i]];
    const last = set.offsets[typeOf[i] + 1];
    const w0 = gradOffset[i] - first;
    const r = pairs.vectors;
    const rx = r[3 * p], ry = r[3 * p + 1], rz = r[3 * p + 2];
    for (let m = first; m < last; m++) {
      // ∂k_im/∂r_ij = ζ (X̂_i·Z_m)^{ζ−1} Z_m · ∂X̂_i/∂r_ij
      let dx = 0, dy = 0, dz = 0;
      const o = m * F;
      for (let f = 0; f < F; f++) {
        const z = points[o + f];
        dx += z * tangent[f];
        dy += z * tangent[F + f];
        dz += z * tangent[2 * F + f];
      }
      const w = weight[w0 + m];
      dx *= w;
      dy *= w;
      dz *= w;
      if (forces && i !== j) {
        forces[(3 * j) * M + m] -= dx;
        forces[(3 * j + 1) * M + m] -= dy;
        forces[(3 * j + 2) * M + m] -= dz;
        forces[(3 * i) * M + m] += dx;
        forces[(3 * i + 1) * M + m] += dy;
        forces[(3 * i + 2) * M + m] += dz;
      }
      if (strain) {
        strain[0 * M + m] += rx * dx; strain[1 * M + m] += rx * dy; strain[2 * M + m] += rx * dz;
        strain[3 * M + m] += ry * dx; strain[4 * M + m] += ry * dy; strain[5 * M + m] += ry * dz;
        strain[6 * M + m] += rz * dx; strain[7 * M + m] += rz * dy; strain[8 * M + m] += rz * dz;
      }
    }
  });
  if (forces) rows.forces = forces;
  if (strain) rows.strain = strain;
  return rows;
}

/** Features and ν = 1 coefficients of every atom (the map is the normalised power spectrum). */
export function atomFeatures(ctx: FeatureContext, structure: Structure, species: Int32Array) {
  return expandAndMap(ctx.expansion, ctx.map, structure, species, ctx.backend);
}

export function dot(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, length: number): number {
  let s = 0;
  for (let k = 0; k < length; k++) s += a[aOffset + k] * b[bOffset + k];
  return s;
}
