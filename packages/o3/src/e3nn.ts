// Conversions between this package's conventions (sphericart's) and e3nn's.
//
// Axes: e3nn's real harmonics of a vector (a, b, c) have Y^1 ∝ (a, b, c) and b as polar
// axis; ours have Y^1 ∝ (y, z, x) and z as polar axis. The two families are the same
// functions with relabelled axes, so with the same normalization
//   e3nn.o3.spherical_harmonics(l, toE3nnAxes(r)) == ours(r)   for every l and m
// (including signs; tested against e3nn's closed forms for l ≤ 3).
//
// Normalization: ours are orthonormal on the unit sphere, which is e3nn's 'integral'.
//   'component': Σ_m Y_lm² = 2l+1 on the unit sphere  → factor √(4π)
//   'norm':      Σ_m Y_lm² = 1                        → factor √(4π/(2l+1))
import { assertFloatArray, assertInteger, assertOneOf, type FloatArray } from '@equikit/core';

export type E3nnNormalization = 'integral' | 'component' | 'norm';
export const E3NN_NORMALIZATIONS: readonly E3nnNormalization[] = ['integral', 'component', 'norm'];

/** The factor that turns our degree-l harmonics into e3nn's with `normalization`. */
export function e3nnNormalizationFactor(l: number, normalization: E3nnNormalization): number {
  assertInteger(l, 'l', 0);
  assertOneOf(normalization, 'normalization', E3NN_NORMALIZATIONS);
  if (normalization === 'integral') return 1;
  if (normalization === 'component') return Math.sqrt(4 * Math.PI);
  return Math.sqrt((4 * Math.PI) / (2 * l + 1));
}

function scaleByL(values: FloatArray, lMax: number, normalization: E3nnNormalization, inverse: boolean, name: string): FloatArray {
  assertInteger(lMax, 'lMax', 0);
  assertOneOf(normalization, 'normalization', E3NN_NORMALIZATIONS);
  const K = (lMax + 1) * (lMax + 1);
  assertFloatArray(values, name, { multipleOf: K });
  const factors = new Float64Array(K);
  for (let l = 0; l <= lMax; l++) {
    const f = e3nnNormalizationFactor(l, normalization);
    factors.fill(inverse ? 1 / f : f, l * l, (l + 1) * (l + 1));
  }
  const out = values.slice();
  for (let i = 0; i < out.length; i++) out[i] *= factors[i % K];
  return out;
}

/**
 * Our harmonics (or their gradients/Hessians: any array whose last axis is the (lMax+1)²
 * harmonics) rescaled to e3nn's `normalization`. Returns a new array of the same type.
 */
export function toE3nnNormalization<A extends FloatArray>(values: A, lMax: number, normalization: E3nnNormalization): A {
  return scaleByL(values, lMax, normalization, false, 'values') as A;
}

/** Inverse of toE3nnNormalization: e3nn's harmonics to ours (orthonormal). */
export function fromE3nnNormalization<A extends FloatArray>(values: A, lMax: number, normalization: E3nnNormalization): A {
  return scaleByL(values, lMax, normalization, true, 'values') as A;
}

/** Points (x, y, z) → (y, z, x): the input e3nn needs to produce our harmonics. New array. */
export function toE3nnAxes<A extends FloatArray>(xyz: A): A {
  assertFloatArray(xyz, 'xyz', { multipleOf: 3 });
  const out = xyz.slice() as A;
  for (let i = 0; i < xyz.length; i += 3) {
    out[i] = xyz[i + 1];
    out[i + 1] = xyz[i + 2];
    out[i + 2] = xyz[i];
  }
  return out;
}

/** Inverse of toE3nnAxes: e3nn's (a, b, c) → our (x, y, z) = (c, a, b). New array. */
export function fromE3nnAxes<A extends FloatArray>(abc: A): A {
  assertFloatArray(abc, 'abc', { multipleOf: 3 });
  const out = abc.slice() as A;
  for (let i = 0; i < abc.length; i += 3) {
    out[i] = abc[i + 2];
    out[i + 1] = abc[i];
    out[i + 2] = abc[i + 1];
  }
  return out;
}

/**
 * Our gradients (n × 3 × K, derivatives along x, y, z) as derivatives along e3nn's input
 * axes (a, b, c) = (y, z, x): the three blocks reordered to (∂y, ∂z, ∂x). New array.
 */
export function gradientsToE3nnAxes<A extends FloatArray>(gradients: A, lMax: number): A {
  assertInteger(lMax, 'lMax', 0);
  const K = (lMax + 1) * (lMax + 1);
  assertFloatArray(gradients, 'gradients', { multipleOf: 3 * K });
  const out = gradients.slice() as A;
  for (let i = 0; i < gradients.length; i += 3 * K) {
    out.set(gradients.subarray(i + K, i + 2 * K), i);
    out.set(gradients.subarray(i + 2 * K, i + 3 * K), i + K);
    out.set(gradients.subarray(i, i + K), i + 2 * K);
  }
  return out;
}
