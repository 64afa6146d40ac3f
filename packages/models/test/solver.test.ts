import { mulberry32 } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { choleskyFactorJs, choleskySolveJs, gramUpdateJs } from '../src/solver/dense.js';
import { denseKernels, NormalEquations, RidgeSolver, searchRegularization, type ColumnRoles } from '../src/solver/index.js';
import { init } from '../src/wasm.js';

await init({ flavor: 'wasm' });
await init({ flavor: 'wasm-simd' });

const BACKENDS = ['js', 'wasm', 'wasm-simd'] as const;

function randomMatrix(rng: () => number, rows: number, cols: number): Float64Array {
  return Float64Array.from({ length: rows * cols }, () => 2 * rng() - 1);
}

/** Gaussian elimination with partial pivoting: an independent dense solver for the checks. */
function gaussSolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i * n + k]) > Math.abs(M[p * n + k])) p = i;
    for (let j = 0; j < n; j++) [M[k * n + j], M[p * n + j]] = [M[p * n + j], M[k * n + j]];
    [x[k], x[p]] = [x[p], x[k]];
    for (let i = k + 1; i < n; i++) {
      const f = M[i * n + k] / M[k * n + k];
      for (let j = k; j < n; j++) M[i * n + j] -= f * M[k * n + j];
      x[i] -= f * x[k];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= M[i * n + j] * x[j];
    x[i] = s / M[i * n + i];
  }
  return x;
}

describe.each(BACKENDS)('dense kernels on %s', (backend) => {
  const kernels = denseKernels(backend);

  it('gramUpdate adds XᵀX (lower triangle) and Xᵀy, for odd and even sizes', () => {
    for (const [P, R, ld] of [[7, 11, 13], [8, 10, 10], [1, 3, 3], [33, 65, 70]]) {
      const rng = mulberry32(P * 100 + R);
      const Xt = randomMatrix(rng, P, ld);
      const y = randomMatrix(rng, 1, ld);
      const A = randomMatrix(rng, P, P);
      const b = randomMatrix(rng, 1, P);
      const expectedA = Float64Array.from(A);
      const expectedB = Float64Array.from(b);
      for (let i = 0; i < P; i++) {
        for (let j = 0; j <= i; j++) for (let r = 0; r < R; r++) expectedA[i * P + j] += Xt[i * ld + r] * Xt[j * ld + r];
        for (let r = 0; r < R; r++) expectedB[i] += Xt[i * ld + r] * y[r];
      }
      kernels.gramUpdate(P, R, ld, Xt, y, A, b);
      for (let i = 0; i < P; i++) {
        for (let j = 0; j < P; j++) {
          // the upper triangle is never touched
          if (j > i) expect(A[i * P + j]).toBe(Float64Array.from(expectedA)[i * P + j]);
          else expect(A[i * P + j]).toBeCloseTo(expectedA[i * P + j], 12);
        }
        expect(b[i]).toBeCloseTo(expectedB[i], 12);
      }
    }
  });

  it('choleskyFactor and choleskySolve solve a positive-definite system like Gaussian elimination', () => {
    for (const P of [1, 2, 5, 24, 51]) {
      const rng = mulberry32(P);
      const X = randomMatrix(rng, P + 3, P);
      const A = new Float64Array(P * P);
      for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) for (let r = 0; r < P + 3; r++) A[i * P + j] += X[r * P + i] * X[r * P + j];
      const b = randomMatrix(rng, 1, P);
      const expected = gaussSolve(A, b, P);
      const L = Float64Array.from(A);
      expect(kernels.choleskyFactor(P, L)).toBe(-1);
      const x = Float64Array.from(b);
      kernels.choleskySolve(P, L, x);
      x.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 9));
    }
  });

  it('choleskyFactor reports the first non-positive pivot', () => {
    const A = new Float64Array([4, 0, 0, 2, 1, 0, 1, 0.5, -3]);
    expect(kernels.choleskyFactor(3, A)).toBe(1);
    expect(kernels.choleskyFactor(2, new Float64Array([1, 0, 1, 1]))).toBe(1);
  });

  if (backend !== 'js') {
    it('agrees with the TypeScript reference to rounding', () => {
      const rng = mulberry32(7);
      const P = 37;
      const R = 29;
      const Xt = randomMatrix(rng, P, R);
      const y = randomMatrix(rng, 1, R);
      const [A1, A2] = [new Float64Array(P * P), new Float64Array(P * P)];
      const [b1, b2] = [new Float64Array(P), new Float64Array(P)];
      gramUpdateJs(P, R, R, Xt, y, A1, b1);
      kernels.gramUpdate(P, R, R, Xt, y, A2, b2);
      for (let k = 0; k < P * P; k++) expect(Math.abs(A1[k] - A2[k])).toBeLessThan(1e-13 * R);
      for (let i = 0; i < P; i++) A1[i * P + i] += 1;
      for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) A1[j * P + i] = A1[i * P + j];
      const L1 = Float64Array.from(A1);
      const L2 = Float64Array.from(A1);
      expect(choleskyFactorJs(P, L1)).toBe(-1);
      expect(kernels.choleskyFactor(P, L2)).toBe(-1);
      for (let i = 0; i < P; i++) for (let j = 0; j <= i; j++) expect(Math.abs(L1[i * P + j] - L2[i * P + j])).toBeLessThan(1e-12);
      const x1 = Float64Array.from(b1);
      const x2 = Float64Array.from(b1);
      choleskySolveJs(P, L1, x1);
      kernels.choleskySolve(P, L1, x2);
      for (let i = 0; i < P; i++) expect(Math.abs(x1[i] - x2[i])).toBeLessThan(1e-10 * (1 + Math.abs(x1[i])));
    });
  }
});

/** A least-squares problem with 2 "species": features 0..3 and count column 4 of species A; 5..7 and count 8 of species B. */
function problem(seed: number, rows: number, noise: number) {
  const rng = mulberry32(seed);
  const P = 9;
  const truth = Float64Array.from([0.3, -1.2, 2, 0.5, -4, 1.1, 0.2, -0.7, -3]);
  const X: Float64Array[] = [];
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = new Float64Array(P);
    // features with large means (as power spectra have), counts 1..4 on energy-like rows, 0 on force-like rows
    const energyRow = r % 3 === 0;
    for (let f = 0; f < 4; f++) row[f] = 5 + rng();
    for (let f = 5; f < 8; f++) row[f] = 3 + 0.5 * rng();
    row[4] = energyRow ? 1 + Math.floor(4 * rng()) : 0;
    row[8] = energyRow ? 1 + Math.floor(3 * rng()) : 0;
    if (!energyRow) for (let f = 0; f < P; f++) row[f] -= f === 4 || f === 8 ? 0 : f < 4 ? 5.5 : 3.25;
    X.push(row);
    y.push(row.reduce((s, v, k) => s + v * truth[k], 0) + noise * (2 * rng() - 1));
  }
  const roles: ColumnRoles = {
    countColumn: Int32Array.from([4, 4, 4, 4, -1, 8, 8, 8, -1]),
    mean: Float64Array.from([5.5, 5.5, 5.4, 5.6, 0, 3.2, 3.3, 3.25, 0]),
    penalized: Uint8Array.from([1, 1, 1, 1, 0, 1, 1, 1, 0]),
  };
  return { P, X, y, truth, roles };
}

describe.each(BACKENDS)('RidgeSolver on %s', (backend) => {
  const kernels = denseKernels(backend);

  it('recovers exact linear data (tiny λ), whatever the centring and scaling', () => {
    const { P, X, y, truth, roles } = problem(1, 60, 0);
    const eq = new NormalEquations(P, kernels);
    X.forEach((row, r) => eq.addRow(row, y[r]));
    const theta = new RidgeSolver([eq], roles, kernels).solve(1e-14);
    theta.forEach((v, k) => expect(v).toBeCloseTo(truth[k], 7));
  });

  it('equals the ridge solution of the explicitly standardised design (independent dense solve)', () => {
    const { P, X, y, roles } = problem(2, 40, 0.3);
    const lambda = 0.05;
    const eq = new NormalEquations(P, kernels);
    X.forEach((row, r) => eq.addRow(row, y[r]));
    const solver = new RidgeSolver([eq], roles, kernels);
    const theta = solver.solve(lambda);
    // build X'' = X M D explicitly
    const Xc = X.map((row) => {
      const out = Float64Array.from(row);
      for (let f = 0; f < P; f++) if (roles.countColumn[f] >= 0) out[f] -= roles.mean[f] * row[roles.countColumn[f]];
      return out;
    });
    const norms = new Float64Array(P);
    Xc.forEach((row) => row.forEach((v, f) => (norms[f] += v * v)));
    const D = Array.from(norms, (n) => 1 / Math.sqrt(n));
    const A = new Float64Array(P * P);
    const b = new Float64Array(P);
    Xc.forEach((row, r) => {
      for (let i = 0; i < P; i++) {
        for (let j = 0; j < P; j++) A[i * P + j] += row[i] * D[i] * row[j] * D[j];
        b[i] += row[i] * D[i] * y[r];
      }
    });
    for (let p = 0; p < P; p++) A[p * P + p] += roles.penalized[p] ? lambda : 0;
    const z = gaussSolve(A, b, P);
    const expected = Array.from(z, (v, p) => v * D[p]);
    for (let f = 0; f < P; f++) if (roles.countColumn[f] >= 0) expected[roles.countColumn[f]] -= roles.mean[f] * expected[f];
    theta.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 9));
    // and the residual from the normal equations equals the explicit one
    const explicit = X.reduce((s, row, r) => s + (row.reduce((t, v, k) => t + v * theta[k], 0) - y[r]) ** 2, 0);
    expect(solver.residualOf(theta)).toBeCloseTo(explicit, 8);
  });

  it('cross-validation error of a fold equals the error of an explicit refit without it', () => {
    const { P, X, y, roles } = problem(3, 45, 0.5);
    const folds = [0, 1, 2].map(() => new NormalEquations(P, kernels));
    // contiguous folds of 15 rows: each has energy-like rows (every third row)
    X.forEach((row, r) => folds[Math.floor(r / 15)].addRow(row, y[r]));
    const solver = new RidgeSolver(folds, roles, kernels);
    const lambda = 1e-3;
    const error = solver.crossValidationError(lambda);
    // independently: refit without each fold by Gaussian elimination, in the variables the search
    // uses (centring and column scales of all the data, so λ means the same on every fold)
    let expected = 0;
    const D = solver.scale;
    for (let k = 0; k < 3; k++) {
      const A = new Float64Array(P * P);
      const b = new Float64Array(P);
      X.forEach((row, r) => {
        if (Math.floor(r / 15) === k) return;
        const c = Float64Array.from(row);
        for (let f = 0; f < P; f++) if (roles.countColumn[f] >= 0) c[f] -= roles.mean[f] * row[roles.countColumn[f]];
        for (let i = 0; i < P; i++) {
          for (let j = 0; j < P; j++) A[i * P + j] += c[i] * D[i] * c[j] * D[j];
          b[i] += c[i] * D[i] * y[r];
        }
      });
      for (let p = 0; p < P; p++) A[p * P + p] += roles.penalized[p] ? lambda : 0;
      const z = gaussSolve(A, b, P);
      const theta = Array.from(z, (v, p) => v * D[p]);
      for (let f = 0; f < P; f++) if (roles.countColumn[f] >= 0) theta[roles.countColumn[f]] -= roles.mean[f] * theta[f];
      X.forEach((row, r) => {
        if (Math.floor(r / 15) === k) expected += (row.reduce((t, v, q) => t + v * theta[q], 0) - y[r]) ** 2;
      });
    }
    expect(error).toBeCloseTo(expected, 8);
  });

  it('picks a small λ for noiseless data and a larger one for noisy, few rows', () => {
    const clean = problem(4, 60, 0);
    const folds = [0, 1, 2, 3].map(() => new NormalEquations(clean.P, kernels));
    clean.X.forEach((row, r) => folds[r % 4].addRow(row, clean.y[r]));
    const quiet = searchRegularization(new RidgeSolver(folds, clean.roles, kernels));
    expect(quiet.lambda).toBeLessThanOrEqual(1e-8);
    expect(quiet.tried.length).toBe(15);
    const noisy = problem(5, 16, 20);
    const folds2 = [0, 1, 2, 3].map(() => new NormalEquations(noisy.P, kernels));
    noisy.X.forEach((row, r) => folds2[r % 4].addRow(row, noisy.y[r]));
    const loud = searchRegularization(new RidgeSolver(folds2, noisy.roles, kernels));
    expect(loud.lambda).toBeGreaterThan(quiet.lambda);
  });

  it('flushes batches larger than its buffer exactly like one update', () => {
    const P = 3;
    const eq = new NormalEquations(P, kernels);
    const rng = mulberry32(11);
    // the buffer holds 2^20 / P ≈ 350 000 rows: 400 007 rows need two flushes
    const A = new Float64Array(P * P);
    const b = new Float64Array(P);
    const row = new Float64Array(P);
    for (let r = 0; r < 400_000 + 7; r++) {
      for (let p = 0; p < P; p++) row[p] = Math.floor(8 * rng()) / 8;
      const y = Math.floor(8 * rng()) / 8;
      eq.addRow(row, y);
      for (let i = 0; i < P; i++) {
        for (let j = 0; j <= i; j++) A[i * P + j] += row[i] * row[j];
        b[i] += row[i] * y;
      }
    }
    eq.flush();
    // multiples of 1/64 summed: exact in f64 whatever the order
    for (let k = 0; k < P * P; k++) expect(eq.gram[k]).toBe(A[k]);
    for (let k = 0; k < P; k++) expect(eq.rhs[k]).toBe(b[k]);
  });
});
