// Values and gradients against independent references: sphericart's C++ (l ≤ 3) and
// scipy's complex harmonics converted to the real basis (l ≤ 20).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mulberry32, SphericalHarmonics } from '../src/index.js';
import { BACKENDS, maxAbsDiff, readSphericart } from './helpers.js';

const scipyRef = JSON.parse(readFileSync(new URL('./fixtures/scipy_real_sph_l20.json', import.meta.url), 'utf8')) as {
  points: number[][];
  values: number[][];
};

describe.each(BACKENDS)('harmonics against references (%s)', (backend) => {
  const blocks = readSphericart();

  it.each(blocks.filter((b) => b.precision === 'f64').map((b) => [b.normalized ? 'SphericalHarmonics' : 'SolidHarmonics', b] as const))(
    'match sphericart %s<double> values and gradients to 1e-13',
    (_name, block) => {
      const sh = new SphericalHarmonics(3, { normalized: block.normalized, backend });
      // three copies so the SIMD groups and the scalar remainder both see the point
      const xyz = new Float64Array([...block.point, ...block.point, ...block.point]);
      const { values, gradients } = sh.computeWithGradients(xyz);
      for (let i = 0; i < 3; i++) {
        for (const [, , k, value, dx, dy, dz] of block.rows) {
          expect(Math.abs(values[i * 16 + k] - value)).toBeLessThan(1e-13);
          expect(Math.abs(gradients[(i * 3 + 0) * 16 + k] - dx)).toBeLessThan(1e-13);
          expect(Math.abs(gradients[(i * 3 + 1) * 16 + k] - dy)).toBeLessThan(1e-13);
          expect(Math.abs(gradients[(i * 3 + 2) * 16 + k] - dz)).toBeLessThan(1e-13);
        }
      }
    },
  );

  it.each(blocks.filter((b) => b.precision === 'f32').map((b) => [b.normalized ? 'SphericalHarmonics' : 'SolidHarmonics', b] as const))(
    'agree with sphericart %s<float> to float32 accuracy',
    (_name, block) => {
      const sh = new SphericalHarmonics(3, { normalized: block.normalized, precision: 'f32', backend });
      const { values, gradients } = sh.computeWithGradients(new Float32Array(block.point));
      expect(values).toBeInstanceOf(Float32Array);
      for (const [, , k, value, dx, dy, dz] of block.rows) {
        expect(Math.abs(values[k] - value)).toBeLessThan(2e-6);
        expect(Math.abs(gradients[k] - dx)).toBeLessThan(4e-6);
        expect(Math.abs(gradients[16 + k] - dy)).toBeLessThan(4e-6);
        expect(Math.abs(gradients[32 + k] - dz)).toBeLessThan(4e-6);
      }
    },
  );

  it.each(blocks.filter((b) => b.precision === 'f32').map((b) => [b.normalized ? 'SphericalHarmonics' : 'SolidHarmonics', b] as const))(
    'f32 %s errors are no larger than sphericart<float> errors, per l, at its reference point',
    (_name, block) => {
      // both against float64 at the same float32-rounded point, so only the arithmetic differs
      const point = new Float32Array(block.point);
      const exact = new SphericalHarmonics(3, { normalized: block.normalized, backend: 'js' }).computeWithGradients(Float64Array.from(point));
      const ours = new SphericalHarmonics(3, { normalized: block.normalized, precision: 'f32', backend }).computeWithGradients(point);
      const theirs = new Array<number>(4).fill(0);
      const mine = new Array<number>(4).fill(0);
      for (const [l, , k, value, dx, dy, dz] of block.rows) {
        const ref = [value, dx, dy, dz];
        const got = [ours.values[k], ours.gradients[k], ours.gradients[16 + k], ours.gradients[32 + k]];
        const ex = [exact.values[k], exact.gradients[k], exact.gradients[16 + k], exact.gradients[32 + k]];
        for (let c = 0; c < 4; c++) {
          theirs[l] = Math.max(theirs[l], Math.abs(ref[c] - ex[c]));
          mine[l] = Math.max(mine[l], Math.abs(got[c] - ex[c]));
        }
      }
      for (let l = 0; l <= 3; l++) expect(mine[l], `l = ${l}`).toBeLessThanOrEqual(theirs[l]);
    },
  );

  it('f32 errors stay below 2e-5 up to l = 16 (random directions)', () => {
    const rng = mulberry32(77);
    const xyz = new Float32Array(3 * 400).map(() => 2 * rng() - 1);
    const exact = new SphericalHarmonics(16, { backend: 'js' }).compute(Float64Array.from(xyz)).values;
    const got = new SphericalHarmonics(16, { precision: 'f32', backend }).compute(xyz).values;
    expect(maxAbsDiff(got, exact)).toBeLessThan(2e-5);
  });

  it('match scipy-derived real spherical harmonics up to l = 20 to 1e-13', () => {
    const sh = new SphericalHarmonics(20, { backend });
    const { values } = sh.compute(new Float64Array(scipyRef.points.flat()));
    const K = 21 * 21;
    scipyRef.values.forEach((row, i) => {
      expect(row).toHaveLength(K);
      row.forEach((v, k) => expect(Math.abs(values[i * K + k] - v)).toBeLessThan(1e-13));
    });
  });

  it('solid harmonics are |r|^l times the spherical ones (scipy points, l ≤ 20)', () => {
    const xyz = new Float64Array(scipyRef.points.flat());
    const { values } = new SphericalHarmonics(20, { normalized: false, backend }).compute(xyz);
    const K = 21 * 21;
    scipyRef.values.forEach((row, i) => {
      const r = Math.hypot(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
      row.forEach((v, k) => {
        const l = Math.floor(Math.sqrt(k));
        const expected = v * r ** l;
        expect(Math.abs(values[i * K + k] - expected)).toBeLessThan(1e-13 * Math.max(1, Math.abs(expected)));
      });
    });
  });
});

