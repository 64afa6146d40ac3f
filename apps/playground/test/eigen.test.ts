import { describe, expect, it } from 'vitest';
import { jacobiEigen, topEigenpairs, type Eigenpairs } from '../src/analysis/eigen.js';
import { maxAbsDiff, randomOrthogonal, seeded, withSpectrum } from './linear-algebra.js';

/** ‖A v_k − λ_k v_k‖∞ over the returned pairs, and ‖V Vᵀ − I‖∞. */
function residuals(a: Float64Array, n: number, pairs: Eigenpairs) {
  const count = pairs.values.length;
  let eigen = 0;
  let orthogonality = 0;
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let j = 0; j < n; j++) av += a[i * n + j] * pairs.vectors[k * n + j];
      eigen = Math.max(eigen, Math.abs(av - pairs.values[k] * pairs.vectors[k * n + i]));
    }
    for (let l = 0; l < count; l++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += pairs.vectors[k * n + i] * pairs.vectors[l * n + i];
      orthogonality = Math.max(orthogonality, Math.abs(dot - (k === l ? 1 : 0)));
    }
  }
  return { eigen, orthogonality };
}

/** |cos| of the angle between returned vector k and column `column` of Q: 1 when they agree up to sign. */
function alignment(pairs: Eigenpairs, k: number, q: Float64Array, column: number, n: number): number {
  let dot = 0;
  for (let i = 0; i < n; i++) dot += pairs.vectors[k * n + i] * q[i * n + column];
  return Math.abs(dot);
}

describe('jacobiEigen', () => {
  it('matches the closed form of a 2×2 matrix', () => {
    const [a, b, d] = [2.5, -1.25, 0.75];
    const mean = (a + d) / 2;
    const radius = Math.hypot((a - d) / 2, b);
    const { values, vectors } = jacobiEigen(new Float64Array([a, b, b, d]), 2);
    expect(values[0]).toBeCloseTo(mean + radius, 14);
    expect(values[1]).toBeCloseTo(mean - radius, 14);
    // (b, λ − a) is an eigenvector for λ
    const lambda = mean + radius;
    const expected = [b, lambda - a].map((x) => x / Math.hypot(b, lambda - a));
    expect(Math.abs(vectors[0] * expected[0] + vectors[1] * expected[1])).toBeCloseTo(1, 14);
  });

  it.each([3, 10, 40])('recovers a known spectrum and its eigenvectors (n = %i)', (n) => {
    const random = seeded(n);
    const q = randomOrthogonal(n, random);
    const spectrum = Array.from({ length: n }, (_, k) => (k % 3 === 0 ? -1 : 1) * (1 + 7 * random()));
    const a = withSpectrum(q, spectrum);
    const pairs = jacobiEigen(a, n);
    const sorted = [...spectrum].sort((x, y) => y - x);
    expect(maxAbsDiff(pairs.values, sorted)).toBeLessThan(1e-12);
    const { eigen, orthogonality } = residuals(a, n, pairs);
    expect(eigen).toBeLessThan(1e-12);
    expect(orthogonality).toBeLessThan(1e-12);
    for (let k = 0; k < n; k++) expect(alignment(pairs, k, q, spectrum.indexOf(sorted[k]), n)).toBeCloseTo(1, 10);
  });

  it('signs each vector so that its largest component is positive', () => {
    const n = 6;
    const a = withSpectrum(randomOrthogonal(n, seeded(7)), [6, 5, 4, 3, 2, 1]);
    const { vectors } = jacobiEigen(a, n);
    for (let k = 0; k < n; k++) {
      const row = Array.from(vectors.subarray(k * n, (k + 1) * n));
      const largest = row.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
  });

  it('handles a diagonal matrix, a repeated eigenvalue and does not mutate its input', () => {
    const a = new Float64Array([1, 0, 0, 0, 3, 0, 0, 0, 3]);
    const copy = Float64Array.from(a);
    const pairs = jacobiEigen(a, 3);
    expect(Array.from(pairs.values)).toEqual([3, 3, 1]);
    expect(residuals(a, 3, pairs).orthogonality).toBeLessThan(1e-15);
    expect(a).toEqual(copy);
  });

  it('rejects bad input with a message naming it', () => {
    expect(() => jacobiEigen(new Float64Array([1, 2, 3, 4]), 2)).toThrow(/symmetric.*\[0\]\[1\] = 2/);
    expect(() => jacobiEigen(new Float64Array([1, 2, 3]), 2)).toThrow(/n·n = 4 values, got 3/);
    expect(() => jacobiEigen(new Float64Array([1, NaN, NaN, 1]), 2)).toThrow(/matrix\[1\] must be finite/);
    expect(() => jacobiEigen([1, 0, 0, 1] as unknown as Float64Array, 2)).toThrow(/Float64Array/);
    expect(() => jacobiEigen(new Float64Array(1), 0)).toThrow(/n must be a positive integer/);
  });
});

describe('topEigenpairs', () => {
  it('agrees with Jacobi on the largest eigenpairs of a positive semi-definite matrix', () => {
    const n = 60;
    const random = seeded(11);
    const spectrum = Array.from({ length: n }, (_, k) => 10 * Math.exp(-k / 4) + random() * 1e-3);
    const a = withSpectrum(randomOrthogonal(n, random), spectrum);
    const full = jacobiEigen(a, n);
    const top = topEigenpairs(a, n, 3);
    expect(top.values.length).toBe(3);
    expect(maxAbsDiff(top.values, full.values.subarray(0, 3))).toBeLessThan(1e-10);
    // same signs by the shared convention, so the vectors agree componentwise
    expect(maxAbsDiff(top.vectors, full.vectors.subarray(0, 3 * n))).toBeLessThan(1e-6);
    expect(residuals(a, n, top).eigen).toBeLessThan(1e-6);
  });

  it('copes with a matrix of lower rank than its block (rank 1)', () => {
    const n = 8;
    const u = Array.from({ length: n }, (_, i) => (i + 1) / 10);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = u[i] * u[j];
    const top = topEigenpairs(a, n, 2);
    const norm2 = u.reduce((s, x) => s + x * x, 0);
    expect(top.values[0]).toBeCloseTo(norm2, 12);
    expect(Math.abs(top.values[1])).toBeLessThan(1e-12);
    expect(residuals(a, n, top).orthogonality).toBeLessThan(1e-12);
  });

  it('rejects a count out of range', () => {
    expect(() => topEigenpairs(new Float64Array([1, 0, 0, 1]), 2, 3)).toThrow(/count must be an integer in \[1, n = 2\], got 3/);
  });
});
