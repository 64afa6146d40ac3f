// Values and gradients against independent references: sphericart's C++ (l ≤ 3) and
// scipy's complex harmonics converted to the real basis (l ≤ 20).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SphericalHarmonics } from '../src/index.js';
import { BACKENDS, readSphericart } from './helpers.js';

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

