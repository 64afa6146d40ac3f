// Conversions to e3nn's conventions, checked against e3nn's closed forms for l ≤ 3
// (from e3nn.o3.spherical_harmonics, normalize=True, 'norm' normalization for a unit
// vector (x, y, z) in e3nn's axes) and against the definitions of the normalizations.
import { describe, expect, it } from 'vitest';
import {
  e3nnNormalizationFactor,
  fromE3nnAxes,
  fromE3nnNormalization,
  gradientsToE3nnAxes,
  mulberry32,
  SphericalHarmonics,
  toE3nnAxes,
  toE3nnNormalization,
} from '../src/index.js';
import { BACKENDS, maxAbsDiff, randomPoints, sphereQuadrature } from './helpers.js';

/** e3nn's 'norm'-normalized harmonics l ≤ 3 of a unit vector, in e3nn's own axes. */
function e3nnNorm(x: number, y: number, z: number): number[] {
  const s3 = Math.sqrt(3);
  const sh2 = [s3 * x * z, s3 * x * y, y * y - 0.5 * (x * x + z * z), s3 * y * z, (s3 / 2) * (z * z - x * x)];
  const x2z2 = x * x + z * z;
  const sh3 = [
    Math.sqrt(5 / 6) * (sh2[0] * z + sh2[4] * x),
    Math.sqrt(5) * sh2[0] * y,
    Math.sqrt(3 / 8) * (4 * y * y - x2z2) * x,
    0.5 * y * (2 * y * y - 3 * x2z2),
    Math.sqrt(3 / 8) * z * (4 * y * y - x2z2),
    Math.sqrt(5) * sh2[4] * y,
    Math.sqrt(5 / 6) * (sh2[4] * z - sh2[0] * x),
  ];
  return [1, x, y, z, ...sh2, ...sh3];
}

describe.each(BACKENDS)('e3nn conversions (%s)', (backend) => {
  it("reproduce e3nn's harmonics for l ≤ 3 in every normalization", () => {
    const xyz = randomPoints(5, mulberry32(31));
    const ours = new SphericalHarmonics(3, { backend }).compute(xyz).values;
    const abc = toE3nnAxes(xyz);
    for (const normalization of ['integral', 'component', 'norm'] as const) {
      const converted = toE3nnNormalization(ours, 3, normalization);
      for (let i = 0; i < 5; i++) {
        const r = Math.hypot(abc[3 * i], abc[3 * i + 1], abc[3 * i + 2]);
        const ref = e3nnNorm(abc[3 * i] / r, abc[3 * i + 1] / r, abc[3 * i + 2] / r);
        for (let k = 0; k < 16; k++) {
          const l = Math.floor(Math.sqrt(k));
          const expected =
            normalization === 'norm' ? ref[k] : normalization === 'component' ? ref[k] * Math.sqrt(2 * l + 1) : ref[k] * Math.sqrt((2 * l + 1) / (4 * Math.PI));
          expect(Math.abs(converted[i * 16 + k] - expected)).toBeLessThan(1e-14);
        }
      }
    }
  });
});

describe('e3nn normalizations', () => {
  it('follow their definitions on the sphere: integral orthonormal, component Σ_m Y² = 2l+1, norm Σ_m Y² = 1', () => {
    const L = 8;
    const K = (L + 1) ** 2;
    const q = sphereQuadrature(L + 2, 2 * L + 3);
    const ours = new SphericalHarmonics(L).compute(q.xyz).values;
    const component = toE3nnNormalization(ours, L, 'component');
    const norm = toE3nnNormalization(ours, L, 'norm');
    for (let i = 0; i < q.w.length; i += 7) {
      for (let l = 0; l <= L; l++) {
        let sc = 0;
        let sn = 0;
        for (let k = l * l; k < (l + 1) ** 2; k++) {
          sc += component[i * K + k] ** 2;
          sn += norm[i * K + k] ** 2;
        }
        expect(sc).toBeCloseTo(2 * l + 1, 12);
        expect(sn).toBeCloseTo(1, 13);
      }
    }
    // 'component': the mean over the sphere of each Y² is 1
    let mean = 0;
    for (let i = 0; i < q.w.length; i++) mean += (q.w[i] * component[i * K + 5] ** 2) / (4 * Math.PI);
    expect(mean).toBeCloseTo(1, 12);
    expect(e3nnNormalizationFactor(2, 'integral')).toBe(1);
    expect(e3nnNormalizationFactor(0, 'component')).toBeCloseTo(Math.sqrt(4 * Math.PI), 15);
    expect(e3nnNormalizationFactor(2, 'norm')).toBeCloseTo(Math.sqrt((4 * Math.PI) / 5), 15);
  });

  it('round-trip, keep the array type and do not mutate their input', () => {
    const values = new Float32Array(2 * 9).map((_, i) => i + 1);
    const copy = values.slice();
    const there = toE3nnNormalization(values, 2, 'norm');
    expect(there).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(fromE3nnNormalization(there, 2, 'norm'), values)).toBeLessThan(1e-5);
    expect(values).toEqual(copy);
    const xyz = new Float64Array([1, 2, 3, 4, 5, 6]);
    expect(Array.from(toE3nnAxes(xyz))).toEqual([2, 3, 1, 5, 6, 4]);
    expect(Array.from(fromE3nnAxes(toE3nnAxes(xyz)))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('convert gradients to derivatives along e3nn axes (checked by the chain rule)', () => {
    const xyz = randomPoints(3, mulberry32(2));
    const sh = new SphericalHarmonics(2);
    const { gradients } = sh.computeWithGradients(xyz);
    const g = gradientsToE3nnAxes(gradients, 2);
    // derivative along e3nn's first axis a = our y
    const h = 1e-6;
    const plus = xyz.slice();
    const minus = xyz.slice();
    plus[1] += h;
    minus[1] -= h;
    const fd = sh.compute(plus).values.map((v, k) => (v - sh.compute(minus).values[k]) / (2 * h));
    for (let k = 0; k < 9; k++) expect(Math.abs(g[k] - fd[k])).toBeLessThan(1e-8);
  });

  it('reject bad arguments', () => {
    expect(() => toE3nnNormalization(new Float64Array(10), 2, 'norm')).toThrow(/multiple of 9/);
    expect(() => toE3nnNormalization(new Float64Array(9), 2, 'unit' as never)).toThrow(/normalization must be one of/);
    expect(() => toE3nnAxes(new Float64Array(4))).toThrow(/multiple of 3/);
    expect(() => e3nnNormalizationFactor(-1, 'norm')).toThrow(/l must be an integer/);
  });
});
