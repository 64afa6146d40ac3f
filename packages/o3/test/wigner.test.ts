// Real Wigner D matrices and random rotations.
import { describe, expect, it } from 'vitest';
import { eulerToMatrix, mulberry32, randomO3, randomRotation, SphericalHarmonics, wignerD, wignerDAll } from '../src/index.js';
import { applyMatrix, BACKENDS, equivarianceError, maxAbsDiff, randomPoints } from './helpers.js';

function matmul3(A: Float64Array, B: Float64Array): Float64Array {
  const C = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) C[3 * i + j] += A[3 * i + k] * B[3 * k + j];
  return C;
}

function matmul(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) C[i * n + j] += A[i * n + k] * B[k * n + j];
  return C;
}

describe('wignerD', () => {
  it.each(BACKENDS)('satisfies Y(R·r) = D(R)·Y(r) up to l = 12 for random O(3) elements (harmonics on %s)', (backend) => {
    const rng = mulberry32(101);
    const sh = new SphericalHarmonics(12, { backend });
    const xyz = randomPoints(6, rng);
    for (let t = 0; t < 5; t++) {
      expect(equivarianceError((p) => sh.compute(p).values, xyz, 12, randomO3(rng))).toBeLessThan(1e-12);
    }
  });

  it('is (−1)^l·I for the inversion −I and I for the identity', () => {
    for (let l = 0; l <= 10; l++) {
      const n = 2 * l + 1;
      const eye = new Float64Array(n * n);
      for (let i = 0; i < n; i++) eye[i * n + i] = 1;
      expect(maxAbsDiff(wignerD(l, [1, 0, 0, 0, 1, 0, 0, 0, 1]), eye)).toBeLessThan(1e-15);
      expect(maxAbsDiff(wignerD(l, [-1, 0, 0, 0, -1, 0, 0, 0, -1]), eye.map((v) => (l % 2 ? -v : v)))).toBeLessThan(1e-15);
    }
  });

  it('is a representation: D(R1·R2) = D(R1)·D(R2), and orthogonal', () => {
    const rng = mulberry32(8);
    for (let t = 0; t < 3; t++) {
      const R1 = randomO3(rng);
      const R2 = randomO3(rng);
      const all1 = wignerDAll(10, R1);
      const all2 = wignerDAll(10, R2);
      const all12 = wignerDAll(10, matmul3(R1, R2));
      for (let l = 0; l <= 10; l++) {
        const n = 2 * l + 1;
        expect(maxAbsDiff(all12[l], matmul(all1[l], all2[l], n))).toBeLessThan(1e-12);
        const DT = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) DT[i * n + j] = all1[l][j * n + i];
        const eye = new Float64Array(n * n);
        for (let i = 0; i < n; i++) eye[i * n + i] = 1;
        expect(maxAbsDiff(matmul(all1[l], DT, n), eye)).toBeLessThan(1e-12);
      }
    }
  });

  it('accepts Euler angles (z-y-z), nested rows and rejects non-rotations', () => {
    const angles = { alpha: 0.3, beta: 1.1, gamma: -2.0 };
    const R = eulerToMatrix(0.3, 1.1, -2.0);
    expect(maxAbsDiff(wignerD(3, angles), wignerD(3, R))).toBe(0);
    const rows = [Array.from(R.subarray(0, 3)), Array.from(R.subarray(3, 6)), Array.from(R.subarray(6, 9))];
    expect(maxAbsDiff(wignerD(3, rows), wignerD(3, R))).toBe(0);
    // Rz(α) rotates the x axis towards y
    const Rz = eulerToMatrix(Math.PI / 2, 0, 0);
    expect(maxAbsDiff(applyMatrix(Rz, new Float64Array([1, 0, 0])), [0, 1, 0])).toBeLessThan(1e-15);
    expect(() => wignerD(2, [1, 0, 0, 0, 2, 0, 0, 0, 1])).toThrow(/orthogonal/);
    expect(() => wignerD(2, [1, 0, 0])).toThrow(/3×3/);
    expect(() => wignerD(2, [1, 0, 0, 0, 1, 0, 0, 0, NaN])).toThrow(/R\[2\]\[2\] must be finite/);
    expect(() => wignerD(-1, R)).toThrow(/lMax must be an integer/);
    expect(() => wignerD(2, { alpha: 0, beta: NaN, gamma: 0 })).toThrow(/R.beta must be a finite number/);
  });
});

describe('randomRotation', () => {
  it('gives proper rotations, reproducible from a seed', () => {
    const a = randomRotation(mulberry32(42));
    const b = randomRotation(mulberry32(42));
    expect(Array.from(a)).toEqual(Array.from(b));
    const det = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
    expect(det).toBeCloseTo(1, 14);
    expect(maxAbsDiff(matmul3(a, Float64Array.from([a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]])), [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeLessThan(1e-15);
  });

  it('is uniform: moments of the Haar measure (E[R] = 0, E[tr R] = 0, E[R_ij²] = 1/3)', () => {
    const rng = mulberry32(1234);
    const N = 20000;
    const mean = new Float64Array(9);
    const sq = new Float64Array(9);
    let trace = 0;
    for (let t = 0; t < N; t++) {
      const R = randomRotation(rng);
      for (let k = 0; k < 9; k++) {
        mean[k] += R[k] / N;
        sq[k] += (R[k] * R[k]) / N;
      }
      trace += (R[0] + R[4] + R[8]) / N;
    }
    // standard errors are about 1/√(3N) ≈ 0.004
    for (let k = 0; k < 9; k++) {
      expect(Math.abs(mean[k])).toBeLessThan(0.02);
      expect(Math.abs(sq[k] - 1 / 3)).toBeLessThan(0.02);
    }
    expect(Math.abs(trace)).toBeLessThan(0.03);
  });

  it('randomO3 includes inversions about half of the time', () => {
    const rng = mulberry32(9);
    let improper = 0;
    for (let t = 0; t < 2000; t++) {
      const R = randomO3(rng);
      const det = R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
      expect(Math.abs(Math.abs(det) - 1)).toBeLessThan(1e-12);
      if (det < 0) improper++;
    }
    expect(improper).toBeGreaterThan(900);
    expect(improper).toBeLessThan(1100);
  });

  it('mulberry32 rejects a non-integer seed; randomRotation a non-function rng', () => {
    expect(() => mulberry32(1.5)).toThrow(/seed must be an integer/);
    expect(() => randomRotation(42 as never)).toThrow(/rng must be a function/);
  });
});
