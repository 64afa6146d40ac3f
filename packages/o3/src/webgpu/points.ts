// The input side of SphericalHarmonicsGPU: points checked and rounded to f32, with the
// range limits that keep every output finite in f32, and caller-given output arrays.
import { assertAllFinite, assertFloatArray } from '@equikit/core';
import { F32_MIN_NORMAL } from './wgsl-common.js';

const F32_MAX = 3.4028234663852886e38;

/**
 * The points as f32, checked: finite, inside the f32 range; for solid harmonics small
 * enough that |r|^lMax (and the gradients) stay finite in f32; for the gradients of
 * spherical harmonics (which grow as 1/|r|) not so close to the origin that they overflow.
 */
export function checkedPoints(xyz: Float32Array | Float64Array, lMax: number, normalized: boolean, withGradients: boolean): Float32Array {
  assertFloatArray(xyz, 'xyz', { multipleOf: 3 });
  assertAllFinite(xyz, 'xyz', 3);
  const points = xyz instanceof Float32Array ? xyz : Float32Array.from(xyz);
  const solid = !normalized && lMax > 0;
  const maxR = solid ? solidRadiusLimit(lMax) : Infinity;
  const minR = normalized && withGradients && lMax > 0 ? gradientRadiusLimit(lMax) : 0;
  for (let i = 0; i < points.length; i += 3) {
    const x = points[i];
    const y = points[i + 1];
    const z = points[i + 2];
    for (let a = 0; a < 3; a++) {
      if (!Number.isFinite(points[i + a])) {
        throw new RangeError(`xyz[${i / 3}][${a}] must lie in the float32 range (|x| ≤ ${F32_MAX.toPrecision(8)}), got ${xyz[i + a]}`);
      }
    }
    const r = Math.sqrt(x * x + y * y + z * z);
    if (r > maxR) {
      throw new RangeError(
        `xyz[${i / 3}] has |r| = ${r.toPrecision(6)}: solid harmonics to lMax ${lMax} overflow float32 for ` +
          `|r| > ${maxR.toPrecision(6)}; use normalized harmonics or SphericalHarmonics (f64)`,
      );
    }
    if (r < minR && Math.max(Math.abs(x), Math.abs(y), Math.abs(z)) >= F32_MIN_NORMAL) {
      throw new RangeError(
        `xyz[${i / 3}] has |r| = ${r.toPrecision(6)}: gradients of spherical harmonics to lMax ${lMax} overflow ` +
          `float32 for 0 < |r| < ${minR.toPrecision(6)}; use SphericalHarmonics (f64)`,
      );
    }
  }
  return points;
}

/**
 * Largest |r| for solid harmonics in f32: |S_l| ≤ |r|^l·√((2l+1)/4π), and each gradient
 * entry is at most about 2(l+1) times that over |r|, so both stay below F32_MAX / 2.
 */
export function solidRadiusLimit(lMax: number): number {
  const bound = 2 * (lMax + 1) * Math.sqrt((2 * lMax + 1) / (4 * Math.PI));
  return Math.max(1, (F32_MAX / 2 / bound) ** (1 / lMax));
}

/** Smallest nonzero |r| for gradients of spherical harmonics in f32 (they scale as 1/|r|), same bound. */
export function gradientRadiusLimit(lMax: number): number {
  return (2 * 2 * (lMax + 1) * Math.sqrt((2 * lMax + 1) / (4 * Math.PI))) / F32_MAX;
}

export function output(given: Float32Array | undefined, name: string, length: number): Float32Array {
  if (given === undefined) return new Float32Array(length);
  if (!(given instanceof Float32Array)) {
    throw new TypeError(`${name} must be a Float32Array, got ${given === null ? 'null' : ArrayBuffer.isView(given) ? (given as object).constructor.name : typeof given}`);
  }
  if (given.length !== length) throw new RangeError(`${name} must have length ${length}, got ${given.length}`);
  return given;
}
