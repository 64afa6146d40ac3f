// The copying wasm path (compute / computeWithGradients) runs in chunks of points through
// the arena, or in one piece when the call fits in one chunk; the zero-copy path
// (computeView) runs in one piece. Both must give identical numbers for every point,
// including the last, ragged chunk, and fill every entry of the caller's outputs.
import { describe, expect, it } from 'vitest';
import { mulberry32, SphericalHarmonics, type Precision } from '../src/index.js';
import { randomPoints } from './helpers.js';

describe.each(['wasm', 'wasm-simd'] as const)('chunked and one-piece wasm calls agree (%s)', (backend) => {
  // lMax 8: 404 points per values chunk, 100 per gradients chunk, so these n cover one
  // point, one partial chunk, exact chunks and a ragged last chunk.
  it.each([0, 1, 7, 100, 257, 600])('n = %i, values and gradients, f64 and f32', (n) => {
    const xyz = randomPoints(n, mulberry32(n + 5), 2);
    for (const precision of ['f64', 'f32'] as Precision[]) {
      const sh = new SphericalHarmonics(8, { precision, backend });
      const Out = precision === 'f32' ? Float32Array : Float64Array;
      const out = { values: new Out(n * sh.size).fill(NaN), gradients: new Out(3 * n * sh.size).fill(NaN) };
      sh.computeWithGradients(xyz, out);
      const valuesOnly = sh.compute(xyz, { values: new Out(n * sh.size).fill(NaN) }).values;
      const view = sh.computeView(xyz, { gradients: true });
      expect(firstDifference(out.values, view.values)).toBe(-1);
      expect(firstDifference(out.gradients, view.gradients!)).toBe(-1);
      expect(firstDifference(valuesOnly, out.values)).toBe(-1);
      expect(out.values.every(Number.isFinite)).toBe(true);
      expect(out.gradients.every(Number.isFinite)).toBe(true);
    }
  });
});

/** Index of the first entry where a and b differ (bitwise equal numbers expected), or −1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
