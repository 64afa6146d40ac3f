// Shared test tools: backends, seeded numbers, finite differences, comparisons.
import { init as initO3 } from '@equikit/o3';
import type { BackendName } from '@equikit/core';
import { init } from '../src/index.js';

await init();
await initO3();

export const BACKENDS: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];
export { mulberry32 as seeded, randomO3, wignerD, type Rng } from '@equikit/o3';

/** n standard normal numbers (Box–Muller) from a seeded uniform rng. */
export function normals(rng: () => number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const u = Math.max(rng(), 1e-300);
    out[k] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  }
  return out;
}

/** Central difference of a scalar function of a vector along every coordinate. */
export function centralGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const p = x.slice();
    const m = x.slice();
    p[k] += h;
    m[k] -= h;
    out[k] = (f(p) - f(m)) / (2 * h);
  }
  return out;
}

/** Central difference of a vector function along one direction. */
export function centralDirectional(f: (x: Float64Array) => Float64Array, x: Float64Array, v: Float64Array, h = 1e-5): Float64Array {
  const p = x.map((xi, k) => xi + h * v[k]);
  const m = x.map((xi, k) => xi - h * v[k]);
  const fp = f(p);
  const fm = f(m);
  return fp.map((a, k) => (a - fm[k]) / (2 * h));
}

/** max |a − b| / max(max |b|, floor). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  if (a.length !== b.length) throw new RangeError(`relativeError: lengths ${a.length} and ${b.length}`);
  let num = 0;
  let den = floor;
  for (let k = 0; k < a.length; k++) {
    num = Math.max(num, Math.abs(a[k] - b[k]));
    den = Math.max(den, Math.abs(b[k]));
  }
  return num / den;
}

import { Irreps, randomO3 as o3Random, wignerD as o3WignerD, mulberry32 } from '@equikit/o3';

function det3(R: ArrayLike<number>): number {
  return R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
}

/**
 * Rows of `x` ([batch][irreps.dim]) transformed by R ∈ O(3): each copy of each term by D^l(R)
 * (o3's wignerD, which for improper R already carries (−1)^l), times p·(−1)^l when det R < 0,
 * so an irrep of parity p picks up p under inversion.
 */
export function rotateIrreps(irreps: Irreps | string, R: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
  const ir = typeof irreps === 'string' ? Irreps.parse(irreps) : irreps;
  const dim = ir.dim;
  const improper = det3(R) < 0;
  const out = new Float64Array(x.length);
  for (let b = 0; b < x.length / dim; b++) {
    let offset = b * dim;
    for (const t of ir) {
      const d = t.ir.dim;
      const D = o3WignerD(t.ir.l, R as Float64Array);
      const sign = improper ? t.ir.p * (t.ir.l % 2 === 0 ? 1 : -1) : 1;
      for (let u = 0; u < t.mul; u++) {
        for (let m = 0; m < d; m++) {
          let s = 0;
          for (let n = 0; n < d; n++) s += D[m * d + n] * x[offset + u * d + n];
          out[offset + u * d + m] = sign * s;
        }
      }
      offset += t.dim;
    }
  }
  return out;
}

/** Rows of 3-vectors rotated: p → R p. */
export function rotateVectors(points: ArrayLike<number>, R: ArrayLike<number>): Float64Array {
  const out = new Float64Array(points.length);
  for (let k = 0; k < points.length; k += 3) {
    for (let a = 0; a < 3; a++) out[k + a] = R[3 * a] * points[k] + R[3 * a + 1] * points[k + 1] + R[3 * a + 2] * points[k + 2];
  }
  return out;
}

/** Random O(3) elements, at least one improper, from a seed. */
export function randomO3s(seed: number, n: number): Float64Array[] {
  const rng = mulberry32(seed);
  const out: Float64Array[] = [];
  while (out.length < n) {
    const R = o3Random(rng);
    if (out.length === n - 1 && !out.some((q) => det3(q) < 0) && det3(R) > 0) continue;
    out.push(R);
  }
  return out;
}

export { det3 };
