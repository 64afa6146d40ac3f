import { describe, expect, it } from 'vitest';
import { pca } from '../src/analysis/pca.js';
import { gaussian, maxAbsDiff, randomOrthogonal, seeded } from './linear-algebra.js';

/** rows samples of a zero-mean Gaussian with standard deviations `sigmas` along the columns of Q, shifted by `offset`. */
function anisotropicSample(rows: number, sigmas: number[], seed: number, offset = 0) {
  const cols = sigmas.length;
  const random = seeded(seed);
  const q = randomOrthogonal(cols, random);
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const z = sigmas.map((s) => s * gaussian(random));
    for (let i = 0; i < cols; i++) {
      let x = offset * (i + 1);
      for (let k = 0; k < cols; k++) x += q[i * cols + k] * z[k];
      data[r * cols + i] = x;
    }
  }
  return { data, q, cols };
}

/** Column variances of a rows × k matrix, and the largest |correlation| between distinct columns. */
function columnStats(m: Float64Array, rows: number, k: number) {
  const mean = Array.from({ length: k }, (_, c) => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += m[r * k + c];
    return s / rows;
  });
  const cov = (a: number, b: number) => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += (m[r * k + a] - mean[a]) * (m[r * k + b] - mean[b]);
    return s / (rows - 1);
  };
  return { mean, variance: mean.map((_, c) => cov(c, c)), cov };
}

describe('pca', () => {
  it('matches the closed-form 2×2 covariance eigen-decomposition of 2-D data', () => {
    const random = seeded(3);
    const rows = 50;
    const data = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      const t = gaussian(random);
      data[2 * r] = 3 * t + 0.3 * gaussian(random) + 5;
      data[2 * r + 1] = -1.5 * t + 0.2 * gaussian(random) - 2;
    }
    const x = Array.from({ length: rows }, (_, r) => data[2 * r]);
    const y = Array.from({ length: rows }, (_, r) => data[2 * r + 1]);
    const mx = x.reduce((s, v) => s + v, 0) / rows;
    const my = y.reduce((s, v) => s + v, 0) / rows;
    const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0) / (rows - 1);
    const syy = y.reduce((s, v) => s + (v - my) ** 2, 0) / (rows - 1);
    const sxy = x.reduce((s, v, r) => s + (v - mx) * (y[r] - my), 0) / (rows - 1);
    const half = (sxx + syy) / 2;
    const radius = Math.hypot((sxx - syy) / 2, sxy);
    const result = pca(data, rows, 2);
    expect(result.variances[0]).toBeCloseTo(half + radius, 10);
    expect(result.variances[1]).toBeCloseTo(half - radius, 10);
    expect(result.totalVariance).toBeCloseTo(sxx + syy, 10);
    expect(Array.from(result.mean)).toEqual([mx, my].map((v) => expect.closeTo(v, 12)));
    // first axis ∝ (sxy, λ₁ − sxx), largest component positive
    const v = [sxy, half + radius - sxx];
    const norm = Math.hypot(v[0], v[1]);
    const sign = Math.abs(v[0]) >= Math.abs(v[1]) ? Math.sign(v[0]) : Math.sign(v[1]);
    expect(maxAbsDiff(result.axes.subarray(0, 2), v.map((c) => (sign * c) / norm))).toBeLessThan(1e-10);
  });

  it('finds the planted principal directions of an anisotropic Gaussian cloud', () => {
    const { data, q, cols } = anisotropicSample(4000, [5, 2, 0.5, 0.2, 0.1, 0.05], 5, 3);
    const result = pca(data, 4000, cols);
    for (let k = 0; k < 2; k++) {
      let dot = 0;
      for (let i = 0; i < cols; i++) dot += result.axes[k * cols + i] * q[i * cols + k];
      expect(Math.abs(dot)).toBeGreaterThan(0.999);
    }
    expect(Math.sqrt(result.variances[0])).toBeCloseTo(5, 0);
    expect(Math.sqrt(result.variances[1])).toBeCloseTo(2, 0);
  });

  it('returns scores with zero mean, variances equal to the eigenvalues, and uncorrelated', () => {
    const rows = 300;
    const { data, cols } = anisotropicSample(rows, [4, 3, 1, 0.5, 0.1], 9, -2);
    const result = pca(data, rows, cols, { components: 3 });
    const stats = columnStats(result.scores, rows, 3);
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(stats.mean[k])).toBeLessThan(1e-12);
      expect(stats.variance[k]).toBeCloseTo(result.variances[k], 10);
    }
    expect(Math.abs(stats.cov(0, 1))).toBeLessThan(1e-10);
    expect(Math.abs(stats.cov(0, 2))).toBeLessThan(1e-10);
    expect(Math.abs(stats.cov(1, 2))).toBeLessThan(1e-10);
    expect(result.variances[0]).toBeGreaterThanOrEqual(result.variances[1]);
  });

  it('is unchanged by a translation of the data and permutes with the rows', () => {
    const rows = 80;
    const { data, cols } = anisotropicSample(rows, [3, 1, 0.3, 0.2], 13);
    const shifted = data.map((x, k) => x + 10 * ((k % cols) + 1));
    const order = Array.from({ length: rows }, (_, r) => (r * 37) % rows); // 37 is coprime with 80
    const permuted = new Float64Array(rows * cols);
    order.forEach((from, r) => permuted.set(data.subarray(from * cols, (from + 1) * cols), r * cols));
    const base = pca(data, rows, cols);
    expect(maxAbsDiff(pca(shifted, rows, cols).scores, base.scores)).toBeLessThan(1e-9);
    const p = pca(permuted, rows, cols);
    const expected = new Float64Array(rows * 2);
    order.forEach((from, r) => expected.set(base.scores.subarray(from * 2, from * 2 + 2), r * 2));
    expect(maxAbsDiff(p.scores, expected)).toBeLessThan(1e-10);
  });

  it('gives the same scores up to sign after an orthogonal change of feature basis', () => {
    const rows = 120;
    const { data, cols } = anisotropicSample(rows, [3, 2, 1, 0.5, 0.25], 17);
    const r = randomOrthogonal(cols, seeded(99));
    const rotated = new Float64Array(rows * cols);
    for (let s = 0; s < rows; s++) for (let i = 0; i < cols; i++) {
      let x = 0;
      for (let j = 0; j < cols; j++) x += r[i * cols + j] * data[s * cols + j];
      rotated[s * cols + i] = x;
    }
    const a = pca(data, rows, cols);
    const b = pca(rotated, rows, cols);
    expect(maxAbsDiff(a.variances, b.variances)).toBeLessThan(1e-10);
    for (let k = 0; k < 2; k++) {
      const sign = Math.sign(a.scores[k] * b.scores[k]);
      for (let s = 0; s < rows; s++) expect(b.scores[s * 2 + k]).toBeCloseTo(sign * a.scores[s * 2 + k], 9);
    }
  });

  it('agrees between the Jacobi and the orthogonal-iteration paths', () => {
    const rows = 200;
    const { data, cols } = anisotropicSample(rows, [6, 3, 1, 0.8, 0.5, 0.3, 0.2, 0.1], 21);
    const jacobi = pca(data, rows, cols);
    const iterative = pca(data, rows, cols, { jacobiLimit: 0 });
    expect(maxAbsDiff(jacobi.variances, iterative.variances)).toBeLessThan(1e-9);
    expect(maxAbsDiff(jacobi.scores, iterative.scores)).toBeLessThan(1e-6);
  });

  it('handles constant columns and more columns than rows, without mutating its input', () => {
    const rows = 5;
    const cols = 12;
    const random = seeded(4);
    const data = new Float64Array(rows * cols).map((_, k) => (k % cols === 3 ? 7 : random()));
    const copy = Float64Array.from(data);
    const result = pca(data, rows, cols);
    expect(data).toEqual(copy);
    expect(result.axes[3]).toBeCloseTo(0, 10);
    expect(result.axes[cols + 3]).toBeCloseTo(0, 10);
    expect(Array.from(result.variances).every((v) => v >= 0)).toBe(true);
  });

  it('rejects bad input naming the argument', () => {
    expect(() => pca([1, 2], 1, 2)).toThrow(/rows must be an integer ≥ 2/);
    expect(() => pca([1, 2, 3], 2, 2)).toThrow(/rows·cols = 4 values, got 3/);
    expect(() => pca([1, 2, NaN, 4], 2, 2)).toThrow(/data\[1\]\[0\] must be finite/);
    expect(() => pca([1, 2, 3, 4], 2, 2, { components: 3 })).toThrow(/options.components must be an integer in \[1, cols = 2\], got 3/);
  });
});
