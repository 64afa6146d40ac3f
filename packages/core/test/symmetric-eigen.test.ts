import { describe, expect, it } from 'vitest';
import { mulberry32, symmetricEigen } from '../src/index.js';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng() - 0.5;
  return a;
}

describe('symmetricEigen (Householder + QL)', () => {
  it.each([1, 2, 5, 17, 60])('A v = λ v, orthonormal rows, descending values (n = %i)', (n) => {
    const a = randomSymmetric(n, n);
    const copy = a.slice();
    const { values, vectors } = symmetricEigen(a, n);
    expect(a).toEqual(copy);
    for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[k * n + j];
        expect(av).toBeCloseTo(values[k] * vectors[k * n + i], 12);
      }
      for (let q = 0; q < n; q++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[k * n + i] * vectors[q * n + i];
        expect(dot).toBeCloseTo(k === q ? 1 : 0, 12);
      }
      // the fixed sign: the largest-magnitude component is positive
      const row = Array.from(vectors.subarray(k * n, (k + 1) * n));
      const largest = row.reduce((best, v) => (Math.abs(v) > Math.abs(best) + 1e-14 ? v : best), row[0]);
      expect(largest).toBeGreaterThan(0);
    }
  });

  it('finds a known spectrum and is deterministic', () => {
    // Q diag(3, 1, −2) Qᵀ with Q a rotation about z by 30°
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const Q = [c, -s, 0, s, c, 0, 0, 0, 1];
    const d = [3, 1, -2];
    const a = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) a[i * 3 + j] += Q[i * 3 + k] * d[k] * Q[j * 3 + k];
    const first = symmetricEigen(a, 3);
    expect(Array.from(first.values)).toEqual([expect.closeTo(3, 14), expect.closeTo(1, 14), expect.closeTo(-2, 14)]);
    expect(Math.abs(first.vectors[0])).toBeCloseTo(c, 14);
    expect(symmetricEigen(a, 3)).toEqual(first);
    expect(symmetricEigen(new Float64Array(0), 0).values.length).toBe(0);
  });
});
