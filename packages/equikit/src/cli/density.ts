import { getBackend, Structure } from '@equikit/core';
import { SphericalExpansion } from '@equikit/density';
import { mulberry32, randomRotation } from '@equikit/o3';

export const DEMO_HYPERS = {
  cutoff: { radius: 4, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.3 },
  basis: { maxAngular: 4, radial: { type: 'gto' as const, maxRadial: 6 } },
};

export interface ExpansionCheck {
  coefficientsPerAtom: number;
  backend: string;
  /** Largest relative change of the rotation invariants Σ_m |c_nlm|² under a random rotation with inversion. */
  invariantDeviation: number;
}

/** Rotates positions and cell vectors by R (row-major 3×3): r ↦ R·r. */
export function rotateStructure(s: Structure, R: Float64Array): Structure {
  const apply = (v: Float64Array) => {
    const out = new Float64Array(v.length);
    for (let k = 0; k < v.length; k += 3) {
      for (let a = 0; a < 3; a++) out[k + a] = R[3 * a] * v[k] + R[3 * a + 1] * v[k + 1] + R[3 * a + 2] * v[k + 2];
    }
    return out;
  };
  return new Structure({ positions: apply(s.positions), numbers: s.numbers, cell: apply(s.cell), pbc: s.pbc });
}

/** Σ_m |c_nlm|² for every (atom, species, n, l): invariant under rotations and inversion. */
export function powerInvariants(values: Float64Array, maxAngular: number): Float64Array {
  const K = (maxAngular + 1) ** 2;
  const out = new Float64Array((values.length / K) * (maxAngular + 1));
  for (let row = 0; row < values.length / K; row++) {
    for (let l = 0; l <= maxAngular; l++) {
      let sum = 0;
      for (let k = l * l; k < (l + 1) * (l + 1); k++) sum += values[row * K + k] ** 2;
      out[row * (maxAngular + 1) + l] = sum;
    }
  }
  return out;
}

/** Expands the density of `structure` and checks its invariants survive a random O(3) transformation. */
export function expansionCheck(structure: Structure, seed = 7): ExpansionCheck {
  const calculator = new SphericalExpansion(DEMO_HYPERS);
  const before = calculator.computeDense(structure);
  const improper = randomRotation(mulberry32(seed)).map((v) => -v); // a rotation times inversion
  const after = calculator.computeDense(rotateStructure(structure, improper));
  const a = powerInvariants(before.values, DEMO_HYPERS.basis.maxAngular);
  const b = powerInvariants(after.values, DEMO_HYPERS.basis.maxAngular);
  let scale = 0;
  let deviation = 0;
  for (let k = 0; k < a.length; k++) {
    scale = Math.max(scale, Math.abs(a[k]));
    deviation = Math.max(deviation, Math.abs(a[k] - b[k]));
  }
  return {
    coefficientsPerAtom: before.values.length / before.nAtoms,
    backend: getBackend(),
    invariantDeviation: deviation / scale,
  };
}
