// The JS reference kernel: every pair's contribution to the density coefficients of its
// centre and, on request, d c^{i}/d r_ij per pair, handed to a sink that scatters it into
// the caller's output (dense arrays, TensorMap blocks). Pairs are processed in chunks, so
// the scratch memory is fixed and the only memory that grows with the pairs is the output.
import { resolveBackend, type BackendName, type Structure } from '@equikit/core';
import { neighborList } from '@equikit/neighbors';
import type { SphericalHarmonics } from '@equikit/o3';
import type { RadialWeight } from '../cutoff.js';
import type { RadialSetup } from '../radial/index.js';
import { expandPairsWasm } from './pair-expansion-wasm.js';

const Y00 = 1 / Math.sqrt(4 * Math.PI);
/** Pairs per chunk: harmonics and their gradients for a chunk stay in cache-friendly scratch. */
const CHUNK = 1024;

export interface ExpansionSetup {
  cutoff: number;
  maxRadial: number;
  maxAngular: number;
  radial: RadialSetup;
  weight: RadialWeight;
  /** Weight of the centre's own density: centerAtomWeight × scaling(0). */
  centreWeight: number;
  harmonics: SphericalHarmonics;
  /** The backend asked for (per call, else forced, else the best available). */
  backend?: BackendName;
}

export const IMPLEMENTED_BACKENDS: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];

/** Every pair within the cutoff, both directions, periodic images included. */
export interface PairList {
  length: number;
  i: Int32Array;
  j: Int32Array;
  /** r_j + S·cell − r_i, 3 per pair. */
  vectors: Float64Array;
  distances: Float64Array;
}

/**
 * Receives d c^{i, type(j)}_{nlm} / d r_ij of pair p in `gradient` from `offset`, laid out
 * [l][xyz][m][n]: entry at 3N·l² + (xyz·(2l+1) + m)·N + n (the order of the TensorMap's
 * gradient blocks, one l after the other). The array is scratch: read it before returning.
 */
export type PairSink = (p: number, gradient: Float64Array, offset: number) => void;

/**
 * Receives per-centre sums over some of the pairs of centre i with neighbour type t, from `offset`:
 * first Σ r_ij,a ∂c/∂r_ij,b (periodic images of i included: the cell deforms them) laid out
 * [l][a][b][m][n], entry 9N·l² + ((3a + b)(2l+1) + m)·N + n; then, from offset + 9NK, Σ ∂c/∂r_ij
 * over the same pairs without the images of i (they move with it) laid out as PairSink's. A centre
 * may be reported several times (its pairs split between chunks): add the reports up. Scratch.
 */
export type CentreSink = (i: number, t: number, acc: Float64Array, offset: number) => void;

export function typeIndex(structure: Structure, types: Int32Array): Int32Array {
  const index = new Int32Array(structure.length);
  for (let a = 0; a < structure.length; a++) {
    const t = types.indexOf(structure.numbers[a]);
    if (t < 0) {
      throw new RangeError(
        `species must contain every atomic number of the structure: atom ${a} has Z = ${structure.numbers[a]}, species are [${Array.from(types).join(', ')}]`,
      );
    }
    index[a] = t;
  }
  return index;
}

export function findPairs(structure: Structure, cutoff: number): PairList {
  // sorted by centre: every centre's pairs are contiguous, so its outputs stay in cache
  const list = neighborList(structure, { cutoff, full: true, sorted: true });
  for (let p = 0; p < list.length; p++) {
    if (list.distances[p] === 0) {
      throw new RangeError(`structure: atoms ${list.i[p]} and ${list.j[p]} overlap (distance 0), the density expansion is undefined there`);
    }
  }
  // copies: a neighbour search may reuse its buffers
  return {
    length: list.length,
    i: Int32Array.from(list.i),
    j: Int32Array.from(list.j),
    vectors: Float64Array.from(list.vectors),
    distances: Float64Array.from(list.distances),
  };
}

/**
 * c[i][t][n][l²+l+m] (t the neighbour type) of every atom; with a sink, also every pair's
 * gradient, one pair at a time.
 */
export function expandPairs(
  structure: Structure,
  typeOfAtom: Int32Array,
  nTypes: number,
  pairs: PairList,
  setup: ExpansionSetup,
  sink?: PairSink,
  centreSink?: CentreSink,
): Float64Array {
  const backend = resolveBackend('SphericalExpansion', IMPLEMENTED_BACKENDS, setup.backend);
  if (backend === 'wasm' || backend === 'wasm-simd') return expandPairsWasm(backend, structure, typeOfAtom, nTypes, pairs, setup, sink, centreSink);
  const { maxRadial: N, maxAngular, radial, weight } = setup;
  const lSize = maxAngular + 1;
  const K = lSize * lSize;
  const NK = N * K;
  const nAtoms = structure.length;
  const values = new Float64Array(nAtoms * nTypes * NK);

  for (let a = 0; a < nAtoms; a++) {
    const base = (a * nTypes + typeOfAtom[a]) * NK;
    for (let n = 0; n < N; n++) values[base + n * K] += setup.centreWeight * radial.centre[n] * Y00;
  }

  const gradients = sink !== undefined || centreSink !== undefined;
  // sums of the current centre, one 12NK slab (strain, then gradient sum) per neighbour type
  const strain = centreSink ? new Float64Array(nTypes * 12 * NK) : undefined;
  const touched = new Uint8Array(nTypes);
  let strainCentre = -1;
  const flushStrain = () => {
    if (!strain || !centreSink || strainCentre < 0) return;
    for (let t = 0; t < nTypes; t++) {
      if (!touched[t]) continue;
      centreSink(strainCentre, t, strain, t * 12 * NK);
      strain.fill(0, t * 12 * NK, (t + 1) * 12 * NK);
      touched[t] = 0;
    }
  };
  const I = new Float64Array(N * lSize);
  const dI = new Float64Array(N * lSize);
  const wI = new Float64Array(N * lSize); // w·I
  const dwI = new Float64Array(N * lSize); // d(w·I)/dr
  const gradient = gradients ? new Float64Array(3 * NK) : undefined;
  const shValues = new Float64Array(CHUNK * K);
  const shGradients = gradients ? new Float64Array(CHUNK * 3 * K) : undefined;

  for (let first = 0; first < pairs.length; first += CHUNK) {
    const count = Math.min(CHUNK, pairs.length - first);
    const xyz = pairs.vectors.subarray(3 * first, 3 * (first + count));
    const Y = count === CHUNK ? shValues : new Float64Array(count * K);
    const dY = gradients ? (count === CHUNK ? shGradients! : new Float64Array(count * 3 * K)) : undefined;
    if (dY) setup.harmonics.computeWithGradients(xyz, { values: Y, gradients: dY });
    else setup.harmonics.compute(xyz, { values: Y });

    for (let c = 0; c < count; c++) {
      const p = first + c;
      const r = pairs.distances[p];
      const w = weight.value(r);
      if (w === 0) continue;
      radial.integral.compute(r, I, gradients ? dI : undefined);
      const dw = gradients ? weight.derivative(r) : 0;
      for (let e = 0; e < N * lSize; e++) {
        wI[e] = w * I[e];
        dwI[e] = dw * I[e] + w * dI[e];
      }
      const base = (pairs.i[p] * nTypes + typeOfAtom[pairs.j[p]]) * NK;
      const yOffset = c * K;
      for (let n = 0; n < N; n++) {
        for (let l = 0; l < lSize; l++) {
          const a = wI[n * lSize + l];
          const out = base + n * K;
          for (let lm = l * l; lm < (l + 1) * (l + 1); lm++) values[out + lm] += a * Y[yOffset + lm];
        }
      }
      if (gradient && dY) {
        // d(w I Y)/dr_x = d(wI)/dr · r̂_x · Y + w I · ∂Y/∂r_x, in block layout [l][x][m][n]
        for (let l = 0; l < lSize; l++) {
          const width = 2 * l + 1;
          const ol = 3 * N * l * l;
          for (let x = 0; x < 3; x++) {
            const unit = pairs.vectors[3 * p + x] / r;
            const dyOffset = (c * 3 + x) * K;
            for (let m = 0; m < width; m++) {
              const lm = l * l + m;
              const c1 = unit * Y[yOffset + lm];
              const c2 = dY[dyOffset + lm];
              const row = ol + (x * width + m) * N;
              for (let n = 0; n < N; n++) gradient[row + n] = dwI[n * lSize + l] * c1 + wI[n * lSize + l] * c2;
            }
          }
        }
        if (sink) sink(p, gradient, 0);
        if (strain) {
          const i = pairs.i[p];
          if (i !== strainCentre) {
            flushStrain();
            strainCentre = i;
          }
          const t = typeOfAtom[pairs.j[p]];
          touched[t] = 1;
          if (pairs.j[p] !== i) {
            const sum = t * 12 * NK + 9 * NK;
            for (let k = 0; k < 3 * NK; k++) strain[sum + k] += gradient[k];
          }
          for (let l = 0; l < lSize; l++) {
            const size = (2 * l + 1) * N;
            const src = 3 * N * l * l;
            const dst = t * 12 * NK + 9 * N * l * l;
            for (let a = 0; a < 3; a++) {
              const ra = pairs.vectors[3 * p + a];
              for (let b = 0; b < 3; b++) {
                const d = dst + (3 * a + b) * size;
                const from = src + b * size;
                for (let k = 0; k < size; k++) strain[d + k] += ra * gradient[from + k];
              }
            }
          }
        }
      }
    }
  }
  flushStrain();
  return values;
}
