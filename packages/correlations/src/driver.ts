// Structure-level products of any CentreMap, all from one stream of pair gradients
// (density's computePairs): nothing of size pairs × features is ever stored.
//
// With r_ij = r_j + S·cell − r_i and X_i = f(c_i):
//   ∂X_i/∂r_j += J_i · ∂c_i/∂r_ij,   ∂X_i/∂r_i −= the same   (not for images of i: they move with i)
//   ∂X_i/∂ε_ab += r_ij,a · (J_i · ∂c_i/∂r_ij)_b              (images included: the cell deforms them)
import type { BackendName, Structure } from '@equikit/core';
import { typeIndex, type PairList, type SphericalExpansion } from '@equikit/density';
import type { CentreMap } from './centre-map.js';
import { bindBackend } from './wasm/bind-backend.js';
import { fusedCotangentProducts, fusedForward, fusedMap, fusedPairTangents, fusedRows, fusedRowsFit } from './wasm/fused.js';

export interface Expanded {
  /** ν = 1 coefficients, [nAtoms][inputSize]. */
  coefficients: Float64Array;
  /** Features, [nAtoms][outputSize]. */
  values: Float64Array;
  pairs: PairList;
}

/** Coefficients and features of every atom. */
export function expandAndMap(expansion: SphericalExpansion, map: CentreMap, structure: Structure, species: Int32Array, backend?: BackendName): Expanded {
  map = bindBackend(map, backend);
  const { values: coefficients, pairs } = expansion.computePairs(structure, { species, backend });
  checkWidth(coefficients, structure.length, map);
  const fused = fusedMap(map, backend);
  if (fused) return { coefficients, values: fusedForward(fused.flavor, fused.map, coefficients, structure.length), pairs };
  const F = map.outputSize;
  const C = map.inputSize;
  const values = new Float64Array(structure.length * F);
  for (let i = 0; i < structure.length; i++) map.forward(coefficients, i * C, values, i * F);
  return { coefficients, values, pairs };
}

/**
 * Calls `visit(i, j, p, pairs, tangent)` for every pair, with tangent[x·F + f] = ∂X_i,f/∂r_ij,x
 * (scratch, valid during the call). `coefficients` are the values from expandAndMap.
 */
export function streamPairTangents(
  expansion: SphericalExpansion,
  map: CentreMap,
  structure: Structure,
  species: Int32Array,
  coefficients: Float64Array,
  backend: BackendName | undefined,
  visit: (i: number, j: number, p: number, pairs: PairList, tangent: Float64Array) => void,
): void {
  map = bindBackend(map, backend);
  const fused = fusedMap(map, backend);
  if (fused) return fusedPairTangents(fused.flavor, expansion, fused.map, structure, species, coefficients, backend, visit);
  const { maxRadial: N, maxAngular } = expansion.hypers;
  const K = (maxAngular + 1) ** 2;
  const NK = N * K;
  const C = map.inputSize;
  const dc = new Float64Array(3 * C);
  const tangent = new Float64Array(3 * map.outputSize);
  const typeOf = typeIndex(structure, species);
  let lastType = -1;
  expansion.computePairs(structure, {
    species,
    backend,
    onPair: (p, g, offset, pairs) => {
      const i = pairs.i[p];
      const j = pairs.j[p];
      const t = typeOf[j];
      if (t !== lastType && lastType >= 0) for (let x = 0; x < 3; x++) dc.fill(0, x * C + lastType * NK, x * C + (lastType + 1) * NK);
      lastType = t;
      // from the pair sink's [l][x][m][n] to [x][t][n][l² + m]
      for (let l = 0; l <= maxAngular; l++) {
        const width = 2 * l + 1;
        for (let x = 0; x < 3; x++) {
          for (let m = 0; m < width; m++) {
            const from = offset + 3 * N * l * l + (x * width + m) * N;
            const to = x * C + t * NK + l * l + m;
            for (let n = 0; n < N; n++) dc[to + n * K] = g[from + n];
          }
        }
      }
      map.pushforward(coefficients, i * C, dc, t, tangent);
      visit(i, j, p, pairs, tangent);
    },
  });
}

export interface DenseFeatures {
  /** [nAtoms][size]. */
  values: Float64Array;
  /** The sorted atomic numbers of the species axes. */
  species: Int32Array;
  nAtoms: number;
  /** Features per atom. */
  size: number;
  /** [nAtoms i][nAtoms k][3][size]: ∂ values of centre i / ∂ position of atom k. */
  positionGradients?: Float64Array;
  /** [nAtoms i][3][3][size]: ∂ values of centre i / ∂ε_ab, for r → r + r·ε. */
  strainGradients?: Float64Array;
}

export function denseFeatures(
  expansion: SphericalExpansion,
  map: CentreMap,
  structure: Structure,
  species: Int32Array,
  options: { positions: boolean; strain: boolean; backend?: BackendName },
): DenseFeatures {
  const n = structure.length;
  const F = map.outputSize;
  const { coefficients, values } = expandAndMap(expansion, map, structure, species, options.backend);
  const result: DenseFeatures = { values, species, nAtoms: n, size: F };
  if (!options.positions && !options.strain) return result;
  const fused = fusedMap(bindBackend(map, options.backend), options.backend);
  if (fused && fusedRowsFit(fused.map, options.positions ? n * n : 0, options.strain ? n : 0, n)) {
    const targets = { row: (i: number, j: number) => i * n + j, strainRow: (i: number) => i, positionRows: n * n, strainRows: n };
    const { positions, strain } = fusedRows(fused.flavor, expansion, fused.map, structure, species, coefficients, targets, options);
    return { ...result, positionGradients: positions, strainGradients: strain };
  }
  const positions = options.positions ? new Float64Array(n * n * 3 * F) : undefined;
  const strain = options.strain ? new Float64Array(n * 9 * F) : undefined;
  streamPairTangents(expansion, map, structure, species, coefficients, options.backend, (i, j, p, pairs, tangent) => {
    if (positions && i !== j) {
      addScaled(positions, (i * n + j) * 3 * F, tangent, 0, 3 * F, 1);
      addScaled(positions, (i * n + i) * 3 * F, tangent, 0, 3 * F, -1);
    }
    if (strain) addStrain(strain, i * 9 * F, pairs.vectors, 3 * p, tangent, F);
  });
  if (positions) result.positionGradients = positions;
  if (strain) result.strainGradients = strain;
  return result;
}

export interface SpeciesSums {
  /** [nSpecies s][size]: Σ over the atoms of species s of their features. */
  values: Float64Array;
  species: Int32Array;
  size: number;
  nAtoms: number;
  /** [nSpecies s][nAtoms k][3][size]: ∂ (Σ_{i of species s} X_i) / ∂ position of atom k. */
  positionGradients?: Float64Array;
  /** [nSpecies s][3][3][size]: ∂ (Σ_{i of species s} X_i) / ∂ε_ab. */
  strainGradients?: Float64Array;
}

/**
 * Features summed per centre species, with their gradients: the design-matrix rows of a linear
 * model E = Σ_i w_{Z_i}·X_i. Memory is species × atoms × features, never pairs × features.
 */
export function speciesSums(
  expansion: SphericalExpansion,
  map: CentreMap,
  structure: Structure,
  species: Int32Array,
  options: { positions: boolean; strain: boolean; backend?: BackendName },
): SpeciesSums {
  const n = structure.length;
  const F = map.outputSize;
  const S = species.length;
  const typeOf = typeIndex(structure, species);
  const { coefficients, values: perAtom } = expandAndMap(expansion, map, structure, species, options.backend);
  const values = new Float64Array(S * F);
  for (let i = 0; i < n; i++) addScaled(values, typeOf[i] * F, perAtom, i * F, F, 1);
  const result: SpeciesSums = { values, species, size: F, nAtoms: n };
  if (!options.positions && !options.strain) return result;
  const fused = fusedMap(bindBackend(map, options.backend), options.backend);
  if (fused && fusedRowsFit(fused.map, options.positions ? S * n : 0, options.strain ? S : 0, n)) {
    const targets = { row: (i: number, j: number) => typeOf[i] * n + j, strainRow: (i: number) => typeOf[i], positionRows: S * n, strainRows: S };
    const { positions, strain } = fusedRows(fused.flavor, expansion, fused.map, structure, species, coefficients, targets, options);
    return { ...result, positionGradients: positions, strainGradients: strain };
  }
  const positions = options.positions ? new Float64Array(S * n * 3 * F) : undefined;
  const strain = options.strain ? new Float64Array(S * 9 * F) : undefined;
  streamPairTangents(expansion, map, structure, species, coefficients, options.backend, (i, j, p, pairs, tangent) => {
    const s = typeOf[i];
    if (positions && i !== j) {
      addScaled(positions, (s * n + j) * 3 * F, tangent, 0, 3 * F, 1);
      addScaled(positions, (s * n + i) * 3 * F, tangent, 0, 3 * F, -1);
    }
    if (strain) addStrain(strain, s * 9 * F, pairs.vectors, 3 * p, tangent, F);
  });
  if (positions) result.positionGradients = positions;
  if (strain) result.strainGradients = strain;
  return result;
}

export interface VectorJacobianProduct {
  /** [nAtoms][size], the features themselves. */
  values: Float64Array;
  /** Σ_i g_i · X_i. */
  total: number;
  /** [nAtoms k][3]: Σ_i g_i · ∂X_i/∂r_k. */
  positions: Float64Array;
  /** [3][3]: Σ_i g_i · ∂X_i/∂ε_ab. */
  strain: Float64Array;
}

/**
 * For a cotangent g ([nAtoms][size], or a function giving g_i from X_i), the gradient of
 * Σ_i g_i·X_i: what forces and stress of a model need, by one pullback per centre and
 * one dot product per pair.
 */
export function vectorJacobianProduct(
  expansion: SphericalExpansion,
  map: CentreMap,
  structure: Structure,
  species: Int32Array,
  cotangent: Float64Array | ((i: number, values: Float64Array, offset: number, out: Float64Array) => void),
  backend?: BackendName,
): VectorJacobianProduct {
  const n = structure.length;
  const F = map.outputSize;
  const C = map.inputSize;
  const { maxRadial: N, maxAngular } = expansion.hypers;
  const K = (maxAngular + 1) ** 2;
  const NK = N * K;
  const typeOf = typeIndex(structure, species);
  map = bindBackend(map, backend);
  const { coefficients, values } = expandAndMap(expansion, map, structure, species, backend);
  let g: Float64Array;
  if (typeof cotangent === 'function') {
    g = new Float64Array(n * F);
    const row = new Float64Array(F);
    for (let i = 0; i < n; i++) {
      row.fill(0);
      cotangent(i, values, i * F, row);
      g.set(row, i * F);
    }
  } else {
    if (cotangent.length !== n * F) throw new RangeError(`cotangent must have nAtoms × size = ${n} × ${F} = ${n * F} entries, got ${cotangent.length}`);
    g = cotangent;
  }
  let total = 0;
  for (let k = 0; k < n * F; k++) total += g[k] * values[k];
  const fused = fusedMap(map, backend);
  if (fused) return { values, total, ...fusedCotangentProducts(fused.flavor, expansion, fused.map, structure, species, coefficients, g, backend) };
  const gc = new Float64Array(n * C);
  const scratch = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    map.pullback(coefficients, i * C, g, i * F, scratch);
    gc.set(scratch, i * C);
  }
  const positions = new Float64Array(n * 3);
  const strain = new Float64Array(9);
  const d = [0, 0, 0];
  expansion.computePairs(structure, {
    species,
    backend,
    onPair: (p, grad, offset, pairs) => {
      const i = pairs.i[p];
      const j = pairs.j[p];
      const base = i * C + typeOf[j] * NK;
      d[0] = d[1] = d[2] = 0;
      for (let l = 0; l <= maxAngular; l++) {
        const width = 2 * l + 1;
        for (let x = 0; x < 3; x++) {
          let sum = 0;
          for (let m = 0; m < width; m++) {
            const from = offset + 3 * N * l * l + (x * width + m) * N;
            const to = base + l * l + m;
            for (let nn = 0; nn < N; nn++) sum += gc[to + nn * K] * grad[from + nn];
          }
          d[x] += sum;
        }
      }
      if (i !== j) {
        for (let x = 0; x < 3; x++) {
          positions[3 * j + x] += d[x];
          positions[3 * i + x] -= d[x];
        }
      }
      const r = pairs.vectors;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) strain[3 * a + b] += r[3 * p + a] * d[b];
    },
  });
  return { values, total, positions, strain };
}

function checkWidth(coefficients: Float64Array, nAtoms: number, map: CentreMap): void {
  if (coefficients.length !== nAtoms * map.inputSize) {
    throw new Error(`internal: expansion gave ${coefficients.length / nAtoms} coefficients per atom, the feature map expects ${map.inputSize}`);
  }
}

function addScaled(out: Float64Array, outOffset: number, v: Float64Array, vOffset: number, length: number, scale: number): void {
  for (let k = 0; k < length; k++) out[outOffset + k] += scale * v[vOffset + k];
}

/** out[a][b][f] += r_a · tangent[b][f]. */
function addStrain(out: Float64Array, offset: number, vectors: Float64Array, r: number, tangent: Float64Array, F: number): void {
  for (let a = 0; a < 3; a++) {
    const ra = vectors[r + a];
    for (let b = 0; b < 3; b++) addScaled(out, offset + (3 * a + b) * F, tangent, b * F, F, ra);
  }
}
