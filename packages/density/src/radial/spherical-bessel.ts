// The spherical-Bessel ("Laplacian eigenstate") radial basis, Bigi et al. 2022:
// R_nl(r) = N_nl j_l(z_ln r/r_c) on [0, r_c], z_ln the (n+1)-th positive zero of j_l, so that
// R_nl(r_c) = 0. Orthonormal with weight r² on [0, r_c]: ∫ r² j_l(z r/r_c)² dr = r_c³ j_{l+1}(z)²/2.
import { sphericalBesselJ, sphericalBesselZeros } from '../math/bessel.js';
import type { RadialBasisFunction } from './numerical.js';

export interface SphericalBesselBasis {
  evaluate: RadialBasisFunction;
  /** z_ln, layout [l][n]. */
  zeros: Float64Array;
}

/**
 * @param radialPerAngular how many n each l has (all equal for 'spherical-bessel'); R_nl = 0 beyond
 */
export function sphericalBesselBasis(cutoff: number, maxRadial: number, maxAngular: number, radialPerAngular: number[]): SphericalBesselBasis {
  const zeros = sphericalBesselZeros(maxAngular, maxRadial);
  const lSize = maxAngular + 1;
  const norms = new Float64Array(maxRadial * lSize);
  const j = new Float64Array(maxAngular + 2);
  for (let l = 0; l <= maxAngular; l++) {
    for (let n = 0; n < radialPerAngular[l]; n++) {
      sphericalBesselJ(l + 1, zeros[l * maxRadial + n], j);
      norms[n * lSize + l] = Math.sqrt(2 / (cutoff * cutoff * cutoff)) / Math.abs(j[l + 1]);
    }
  }
  const evaluate: RadialBasisFunction = (x, out) => {
    out.fill(0, 0, maxRadial * lSize);
    for (let l = 0; l <= maxAngular; l++) {
      for (let n = 0; n < radialPerAngular[l]; n++) {
        sphericalBesselJ(l, (zeros[l * maxRadial + n] * x) / cutoff, j);
        out[n * lSize + l] = norms[n * lSize + l] * j[l];
      }
    }
  };
  return { evaluate, zeros };
}

/**
 * Radial functions per l of the Laplacian-eigenstate basis: the z_ln ≤ z_{0,maxRadial−1} = maxRadial·π,
 * i.e. eigenvalues (z/r_c)² no larger than the last l = 0 one (featomic's LaplacianEigenstate).
 */
export function laplacianEigenstateShape(maxRadial: number, maxAngular: number): number[] {
  const zeros = sphericalBesselZeros(maxAngular, maxRadial);
  const threshold = maxRadial * Math.PI * (1 + 1e-12);
  const counts: number[] = [];
  for (let l = 0; l <= maxAngular; l++) {
    let count = 0;
    while (count < maxRadial && zeros[l * maxRadial + count] <= threshold) count++;
    counts.push(count);
  }
  return counts;
}
