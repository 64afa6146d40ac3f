// Properties every backend must have: orthonormality by quadrature, gradients and
// Hessians by central finite differences, equivariance under random O(3) elements,
// the documented origin convention, and agreement between code paths.
import { describe, expect, it } from 'vitest';
import { SphericalHarmonics, mulberry32, randomO3, wignerDAll } from '../src/index.js';
import { applyMatrix, BACKENDS, equivarianceError, maxAbsDiff, randomPoints, sphereQuadrature } from './helpers.js';

describe.each(BACKENDS)('SphericalHarmonics properties (%s)', (backend) => {
  it('are orthonormal on the sphere (Gauss–Legendre × uniform φ quadrature, lMax 12)', () => {
    const L = 12;
    const K = (L + 1) ** 2;
    const q = sphereQuadrature(L + 2, 2 * L + 3);
    const { values } = new SphericalHarmonics(L, { backend }).compute(q.xyz);
    let err = 0;
    for (let a = 0; a < K; a++) {
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let i = 0; i < q.w.length; i++) s += q.w[i] * values[i * K + a] * values[i * K + b];
        err = Math.max(err, Math.abs(s - (a === b ? 1 : 0)));
      }
    }
    expect(err).toBeLessThan(1e-12);
  });

  it('satisfy the addition theorem Σ_m Y_lm(r)² = (2l+1)/4π for every l up to MAX_L = 64', () => {
    const L = 64;
    const K = (L + 1) ** 2;
    const xyz = randomPoints(5, mulberry32(64));
    xyz.set([0, 0, 1, 1e-9, 0, -1], 0); // the poles too
    const { values } = new SphericalHarmonics(L, { backend }).compute(xyz);
    for (let i = 0; i < 5; i++) {
      for (let l = 0; l <= L; l++) {
        let s = 0;
        for (let k = l * l; k < (l + 1) ** 2; k++) s += values[i * K + k] ** 2;
        expect(Math.abs(s / ((2 * l + 1) / (4 * Math.PI)) - 1)).toBeLessThan(1e-12);
      }
    }
  });

  it.each([true, false])('gradients and Hessians match central finite differences (normalized: %s)', (normalized) => {
    const L = 6;
    const K = (L + 1) ** 2;
    const rng = mulberry32(7);
    const xyz = randomPoints(5, rng, 1.5);
    const sh = new SphericalHarmonics(L, { normalized, backend });
    const { gradients } = sh.computeWithGradients(xyz);
    const full = sh.computeWithHessians(xyz);
    expect(maxAbsDiff(full.gradients, gradients)).toBeLessThan(1e-13);
    const h = 1e-5;
    let gErr = 0;
    let hErr = 0;
    for (let i = 0; i < 5; i++) {
      for (let a = 0; a < 3; a++) {
        const plus = xyz.slice();
        const minus = xyz.slice();
        plus[3 * i + a] += h;
        minus[3 * i + a] -= h;
        const vp = sh.computeWithGradients(plus);
        const vm = sh.computeWithGradients(minus);
        for (let k = 0; k < K; k++) {
          const fd = (vp.values[i * K + k] - vm.values[i * K + k]) / (2 * h);
          gErr = Math.max(gErr, Math.abs(fd - gradients[(i * 3 + a) * K + k]));
          // ∂/∂r_a of ∂Y/∂r_b, compared with the Hessian entry (a, b)
          for (let b = 0; b < 3; b++) {
            const fd2 = (vp.gradients[(i * 3 + b) * K + k] - vm.gradients[(i * 3 + b) * K + k]) / (2 * h);
            hErr = Math.max(hErr, Math.abs(fd2 - full.hessians[(i * 9 + 3 * a + b) * K + k]));
          }
        }
      }
    }
    expect(gErr).toBeLessThan(1e-7);
    expect(hErr).toBeLessThan(1e-6);
  });

  it('Hessians are symmetric', () => {
    const K = 36;
    const { hessians } = new SphericalHarmonics(5, { backend }).computeWithHessians(randomPoints(4, mulberry32(3)));
    for (let i = 0; i < 4; i++) {
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < a; b++) {
          for (let k = 0; k < K; k++) {
            expect(hessians[(i * 9 + 3 * a + b) * K + k]).toBeCloseTo(hessians[(i * 9 + 3 * b + a) * K + k], 12);
          }
        }
      }
    }
  });

  it.each([true, false])('are equivariant under random rotations with inversion (normalized: %s)', (normalized) => {
    const L = 10;
    const rng = mulberry32(11);
    const sh = new SphericalHarmonics(L, { normalized, backend });
    const xyz = randomPoints(9, rng);
    for (let trial = 0; trial < 4; trial++) {
      expect(equivarianceError((p) => sh.compute(p).values, xyz, L, randomO3(rng))).toBeLessThan(1e-12);
    }
    // inversion alone: Y(−r) = (−1)^l Y(r)
    const minusI = new Float64Array([-1, 0, 0, 0, -1, 0, 0, 0, -1]);
    expect(equivarianceError((p) => sh.compute(p).values, xyz, L, minusI)).toBeLessThan(1e-13);
  });

  it.each([true, false])('gradients are equivariant: ∇Y(R·r) = D(R)·∇Y(r)·Rᵀ, with inversion (normalized: %s)', (normalized) => {
    const L = 6;
    const K = (L + 1) ** 2;
    const rng = mulberry32(13);
    const sh = new SphericalHarmonics(L, { normalized, backend });
    const xyz = randomPoints(7, rng);
    for (let trial = 0; trial < 3; trial++) {
      const R = randomO3(rng);
      const D = wignerDAll(L, R);
      const before = sh.computeWithGradients(xyz).gradients;
      const after = sh.computeWithGradients(applyMatrix(R, xyz)).gradients;
      let err = 0;
      for (let i = 0; i < 7; i++) {
        for (let l = 0; l <= L; l++) {
          const n = 2 * l + 1;
          for (let a = 0; a < n; a++) {
            for (let c = 0; c < 3; c++) {
              // Σ_b D[a][b] Σ_d ∂Y_b/∂r_d R[c][d]
              let s = 0;
              for (let b = 0; b < n; b++) {
                let g = 0;
                for (let d = 0; d < 3; d++) g += before[(3 * i + d) * K + l * l + b] * R[3 * c + d];
                s += D[l][a * n + b] * g;
              }
              err = Math.max(err, Math.abs(s - after[(3 * i + c) * K + l * l + a]));
            }
          }
        }
      }
      expect(err).toBeLessThan(1e-11);
    }
  });

  it('are permutation-equivariant over points (SIMD lanes never mix)', () => {
    const L = 5;
    const K = 36;
    const n = 13;
    const rng = mulberry32(17);
    const xyz = randomPoints(n, rng);
    const order = Array.from({ length: n }, (_, i) => i).sort(() => rng() - 0.5);
    const shuffled = new Float64Array(3 * n);
    order.forEach((from, to) => shuffled.set(xyz.subarray(3 * from, 3 * from + 3), 3 * to));
    for (const precision of ['f64', 'f32'] as const) {
      const sh = new SphericalHarmonics(L, { backend, precision });
      const a = sh.computeWithGradients(xyz);
      const b = sh.computeWithGradients(shuffled);
      order.forEach((from, to) => {
        expect(Array.from(b.values.subarray(to * K, (to + 1) * K))).toEqual(Array.from(a.values.subarray(from * K, (from + 1) * K)));
        expect(Array.from(b.gradients.subarray(3 * to * K, 3 * (to + 1) * K))).toEqual(Array.from(a.gradients.subarray(3 * from * K, 3 * (from + 1) * K)));
      });
    }
  });

  it('f32 is equivariant to float32 tolerance', () => {
    const L = 6;
    const rng = mulberry32(12);
    const sh = new SphericalHarmonics(L, { precision: 'f32', backend });
    const xyz = randomPoints(9, rng);
    expect(equivarianceError((p) => sh.compute(p).values, xyz, L, randomO3(rng))).toBeLessThan(1e-5);
  });

  it('normalized harmonics do not depend on |r|; gradients are tangential', () => {
    const L = 8;
    const K = (L + 1) ** 2;
    const xyz = randomPoints(6, mulberry32(5));
    const scaled = xyz.map((v) => v * 3.7);
    const sh = new SphericalHarmonics(L, { backend });
    const a = sh.computeWithGradients(xyz);
    expect(maxAbsDiff(a.values, sh.compute(scaled).values)).toBeLessThan(1e-14);
    for (let i = 0; i < 6; i++) {
      for (let k = 0; k < K; k++) {
        const radial = xyz[3 * i] * a.gradients[(3 * i) * K + k] + xyz[3 * i + 1] * a.gradients[(3 * i + 1) * K + k] + xyz[3 * i + 2] * a.gradients[(3 * i + 2) * K + k];
        expect(Math.abs(radial)).toBeLessThan(1e-13);
      }
    }
  });

  it('at the origin: normalized gives (1/√4π, 0, …) with zero derivatives; solid gives its polynomial value', () => {
    const L = 4;
    const K = 25;
    const xyz = new Float64Array([0, 0, 0, 0.1, 0.2, 0.3, 0, 0, 0]);
    const n = new SphericalHarmonics(L, { backend }).computeWithGradients(xyz);
    for (const i of [0, 2]) {
      expect(n.values[i * K]).toBeCloseTo(1 / Math.sqrt(4 * Math.PI), 15);
      for (let k = 1; k < K; k++) expect(Math.abs(n.values[i * K + k])).toBe(0);
      for (let k = 0; k < 3 * K; k++) expect(Math.abs(n.gradients[i * 3 * K + k])).toBe(0);
    }
    const h = new SphericalHarmonics(L, { backend }).computeWithHessians(xyz);
    for (let k = 0; k < 9 * K; k++) expect(Math.abs(h.hessians[k])).toBe(0);
    const s = new SphericalHarmonics(L, { normalized: false, backend }).computeWithGradients(xyz);
    expect(s.values[0]).toBeCloseTo(1 / Math.sqrt(4 * Math.PI), 15);
    for (let k = 1; k < K; k++) expect(Math.abs(s.values[k])).toBe(0);
    // ∇S_1 at the origin is constant: √(3/4π) along y, z, x for m = −1, 0, 1
    const c1 = Math.sqrt(3 / (4 * Math.PI));
    expect(s.gradients[1 * K + 1]).toBeCloseTo(c1, 15);
    expect(s.gradients[2 * K + 2]).toBeCloseTo(c1, 15);
    expect(s.gradients[0 * K + 3]).toBeCloseTo(c1, 15);
  });

  it('give the same results as the TypeScript path, for any n (SIMD groups, remainders and chunks)', () => {
    for (const [L, n] of [
      [0, 1],
      [1, 3],
      [1, 9],
      [2, 6],
      [2, 11],
      [3, 7],
      [9, 2051],
    ] as const) {
      for (const normalized of [true, false]) {
        const xyz = randomPoints(n, mulberry32(n), 2);
        xyz.fill(0, 0, 3); // the origin too
        const reference = new SphericalHarmonics(L, { normalized, backend: 'js' }).computeWithGradients(xyz);
        const got = new SphericalHarmonics(L, { normalized, backend }).computeWithGradients(xyz);
        const scale = normalized ? 1 : 2 ** L * 4;
        expect(maxAbsDiff(got.values, reference.values)).toBeLessThan(1e-14 * scale);
        expect(maxAbsDiff(got.gradients, reference.gradients)).toBeLessThan(1e-13 * scale);
        expect(maxAbsDiff(new SphericalHarmonics(L, { normalized, backend }).compute(xyz).values, reference.values)).toBeLessThan(1e-14 * scale);
      }
    }
  });

  it('fill caller-given outputs and leave the input untouched', () => {
    const xyz = randomPoints(5, mulberry32(2));
    const copy = xyz.slice();
    const sh = new SphericalHarmonics(3, { backend });
    const out = { values: new Float64Array(5 * 16).fill(NaN), gradients: new Float64Array(15 * 16).fill(NaN) };
    const result = sh.computeWithGradients(xyz, out);
    expect(result.values).toBe(out.values);
    expect(result.gradients).toBe(out.gradients);
    expect(maxAbsDiff(out.values, sh.compute(xyz).values)).toBe(0);
    expect(xyz).toEqual(copy);
  });

  it('one-shot sphericalHarmonics equals the calculator', async () => {
    const { sphericalHarmonics } = await import('../src/index.js');
    const xyz = randomPoints(4, mulberry32(9));
    const a = sphericalHarmonics(xyz, 5, { backend, gradients: true });
    const b = new SphericalHarmonics(5, { backend }).computeWithGradients(xyz);
    expect(maxAbsDiff(a.values, b.values)).toBe(0);
    expect(maxAbsDiff(a.gradients!, b.gradients)).toBe(0);
    expect(sphericalHarmonics(xyz, 5, { backend }).gradients).toBeUndefined();
    expect(sphericalHarmonics(xyz, 2, { backend, hessians: true }).hessians).toHaveLength(4 * 9 * 9);
  });
});

describe.each(['wasm', 'wasm-simd'] as const)('computeView (%s)', (backend) => {
  it('returns the same numbers as compute, as views of wasm memory', () => {
    const xyz = randomPoints(13, mulberry32(4));
    for (const precision of ['f64', 'f32'] as const) {
      const sh = new SphericalHarmonics(6, { backend, precision });
      const copied = sh.computeWithGradients(xyz);
      const view = sh.computeView(xyz, { gradients: true });
      expect(view.values.constructor).toBe(copied.values.constructor);
      expect(maxAbsDiff(view.values, copied.values)).toBe(0);
      expect(maxAbsDiff(view.gradients!, copied.gradients)).toBe(0);
      expect(() => sh.computeView(new Float64Array([0, NaN, 0]))).toThrow(/xyz\[0\]\[1\] must be finite/);
    }
  });
});

it('computeView refuses the js backend, which has no wasm memory', () => {
  expect(() => new SphericalHarmonics(2, { backend: 'js' }).computeView(new Float64Array(3))).toThrow(/no 'js' backend/);
});
