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
