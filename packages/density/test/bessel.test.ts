import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scaledModifiedSphericalBesselI, sphericalBesselJ, sphericalBesselZeros } from '../src/math/bessel.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/bessel.json', import.meta.url), 'utf8')) as {
  j: { x: number; values: number[] }[];
  i_scaled: { z: number; values: number[] }[];
  zeros: number[][];
};
const MAX_L = 20;

describe('spherical Bessel functions against mpmath (tools/fixtures/make_density_bessel.py)', () => {
  it('j_l(x), l ≤ 20, across the series, Miller and upward-recurrence regimes', () => {
    const out = new Float64Array(MAX_L + 1);
    for (const { x, values } of fixture.j) {
      sphericalBesselJ(MAX_L, x, out);
      // j_l oscillates with amplitude ~1/x: compare absolutely against that scale, relatively for tiny values
      for (let l = 0; l <= MAX_L; l++) {
        const scale = Math.max(Math.abs(values[l]) , 1e-14 / Math.max(x, 1));
        expect(Math.abs(out[l] - values[l]) / scale, `l=${l} x=${x}`).toBeLessThan(1e-12);
      }
    }
  });

  it('e^{-z} i_l(z), l ≤ 20, to z = 2000 without overflow', () => {
    const out = new Float64Array(MAX_L + 1);
    for (const { z, values } of fixture.i_scaled) {
      scaledModifiedSphericalBesselI(MAX_L, z, out);
      for (let l = 0; l <= MAX_L; l++) {
        const err = Math.abs(out[l] - values[l]) / Math.max(Math.abs(values[l]), 1e-300);
        expect(err, `l=${l} z=${z}: got ${out[l]}, want ${values[l]}`).toBeLessThan(1e-12);
      }
    }
  });

  it('zeros of j_l for l ≤ 10, first 15 each', () => {
    const zeros = sphericalBesselZeros(10, 15);
    for (let l = 0; l <= 10; l++) {
      for (let k = 0; k < 15; k++) {
        expect(Math.abs(zeros[l * 15 + k] - fixture.zeros[l][k]) / fixture.zeros[l][k], `l=${l} k=${k}`).toBeLessThan(1e-14);
      }
    }
  });
});
