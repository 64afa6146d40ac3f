// The JS reference kernel: every pair's contribution to the density coefficients of its
// centre, and (on request) d c^{i}/d r_ij per pair, from which position and strain
// gradients are assembled. Memory for gradients is one 3 × maxRadial × (maxAngular+1)²
// block per pair, so it grows with the number of pairs, never with atoms².
import type { Structure } from '@equikit/core';
import { neighborList } from '@equikit/neighbors';
import { SphericalHarmonics } from '@equikit/o3';
import type { RadialWeight } from '../cutoff.js';
import type { RadialSetup } from '../radial/index.js';

const Y00 = 1 / Math.sqrt(4 * Math.PI);

export interface ExpansionSetup {
  cutoff: number;
  maxRadial: number;
  maxAngular: number;
  radial: RadialSetup;
  weight: RadialWeight;
  /** Weight of the centre's own density: centerAtomWeight × scaling(0). */
  centreWeight: number;
  harmonics: SphericalHarmonics;
}

export interface PairExpansion {
  nAtoms: number;
  /** Sorted atomic numbers indexing the type axis. */
  types: Int32Array;
  /** Index into `types` of each atom. */
  typeOfAtom: Int32Array;
  /** c[i][t][n][l²+l+m], t the neighbour type. */
  values: Float64Array;
  /** Every pair within the cutoff (both directions, periodic images included). */
  pairs: {
    length: number;
    i: Int32Array;
    j: Int32Array;
    /** r_j + S·cell − r_i, 3 per pair. */
    vectors: Float64Array;
    /** d c^{i, type(j)}_{nlm} / d r_ij: [pair][xyz][n][l²+l+m]; present when gradients were asked. */
    gradients?: Float64Array;
  };
}

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

export function expandPairs(structure: Structure, types: Int32Array, setup: ExpansionSetup, gradients: boolean): PairExpansion {
  const { maxRadial: N, maxAngular, radial, weight } = setup;
  const lSize = maxAngular + 1;
  const K = lSize * lSize;
  const T = types.length;
  const nAtoms = structure.length;
  const typeOfAtom = typeIndex(structure, types);
  const values = new Float64Array(nAtoms * T * N * K);

  for (let a = 0; a < nAtoms; a++) {
    const base = (a * T + typeOfAtom[a]) * N * K;
    for (let n = 0; n < N; n++) values[base + n * K] += setup.centreWeight * radial.centre[n] * Y00;
  }

  const list = neighborList(structure, { cutoff: setup.cutoff, full: true });
  const P = list.length;
  for (let p = 0; p < P; p++) {
    if (list.distances[p] === 0) {
      throw new RangeError(`structure: atoms ${list.i[p]} and ${list.j[p]} overlap (distance 0), the density expansion is undefined there`);
    }
  }
  const sh: { values: Float64Array; gradients?: Float64Array } = gradients
    ? setup.harmonics.computeWithGradients(list.vectors)
    : setup.harmonics.compute(list.vectors);
  const Y = sh.values;
  const dY = sh.gradients;
  const pairGradients = gradients ? new Float64Array(P * 3 * N * K) : undefined;

  const I = new Float64Array(N * lSize);
  const dI = new Float64Array(N * lSize);
  const wI = new Float64Array(N * lSize); // w·I
  const dwI = new Float64Array(N * lSize); // d(w·I)/dr
  for (let p = 0; p < P; p++) {
    const r = list.distances[p];
    const w = weight.value(r);
    if (w === 0) continue;
    radial.integral.compute(r, I, gradients ? dI : undefined);
    const dw = gradients ? weight.derivative(r) : 0;
    for (let e = 0; e < N * lSize; e++) {
      wI[e] = w * I[e];
      dwI[e] = dw * I[e] + w * dI[e];
    }
    const i = list.i[p];
    const base = (i * T + typeOfAtom[list.j[p]]) * N * K;
    const yOffset = p * K;
    for (let n = 0; n < N; n++) {
      for (let l = 0; l < lSize; l++) {
        const a = wI[n * lSize + l];
        const out = base + n * K;
        for (let lm = l * l; lm < (l + 1) * (l + 1); lm++) values[out + lm] += a * Y[yOffset + lm];
      }
    }
    if (pairGradients && dY) {
      // d(w I Y)/dr_x = d(wI)/dr · r̂_x · Y + w I · ∂Y/∂r_x
      for (let x = 0; x < 3; x++) {
        const unit = list.vectors[3 * p + x] / r;
        const gOffset = (p * 3 + x) * N * K;
        const dyOffset = (p * 3 + x) * K;
        for (let n = 0; n < N; n++) {
          for (let l = 0; l < lSize; l++) {
            const radialSlope = dwI[n * lSize + l] * unit;
            const a = wI[n * lSize + l];
            const out = gOffset + n * K;
            for (let lm = l * l; lm < (l + 1) * (l + 1); lm++) {
              pairGradients[out + lm] = radialSlope * Y[yOffset + lm] + a * dY[dyOffset + lm];
            }
          }
        }
      }
    }
  }
  const pairs: PairExpansion['pairs'] = {
    length: P,
    i: Int32Array.from(list.i),
    j: Int32Array.from(list.j),
    vectors: Float64Array.from(list.vectors),
  };
  if (pairGradients) pairs.gradients = pairGradients;
  return { nAtoms, types, typeOfAtom, values, pairs };
}
