import { describe, expect, it } from 'vitest';
import { shiftedCosine } from '../src/cutoff.js';
import { GtoRadialIntegral, gtoBasis } from '../src/radial/gto.js';
import { loadLibrascal } from './librascal.js';

const Y00 = 1 / Math.sqrt(4 * Math.PI);

describe('GTO basis (librascal definition)', () => {
  it('uses σ_n = cutoff·max(√n, 1)/maxRadial and unit-norm primitives', () => {
    const basis = gtoBasis(4, 6);
    expect(Array.from(basis.sigmas)).toEqual([0, 1, 2, 3, 4, 5].map((n) => (4 * Math.max(Math.sqrt(n), 1)) / 6));
    for (let n = 0; n < 6; n++) expect(basis.overlap[n * 6 + n]).toBeCloseTo(1, 14);
  });

  it('is orthonormal on [0, ∞) after Löwdin: (S^{-1/2} diag(N/4))ᵀ-weighted overlap is 16·identity', () => {
    // orthoNorm = S^{-1/2}·diag(N/4): M S' Mᵀ with S' the overlap of the unnormalised primitives rⁿe^{-b r²}
    const { orthoNorm, norms, overlap } = gtoBasis(5, 8);
    const n = 8;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < n; p++) {
          for (let q = 0; q < n; q++) {
            const primitive = overlap[p * n + q] / (norms[p] * norms[q]);
            sum += orthoNorm[i * n + p] * primitive * orthoNorm[j * n + q];
          }
        }
        expect(sum * 16).toBeCloseTo(i === j ? 1 : 0, 9);
      }
    }
  });
});

describe('GTO radial integral', () => {
  it('reproduces librascal l = 0 coefficients of methane and water (no harmonics needed) to 1e-10', () => {
    for (const name of ['c_methane__h1', 'a_water_trimer__h1']) {
      const ref = loadLibrascal(name);
      const { positions, numbers } = ref.structure;
      const radial = new GtoRadialIntegral(4, 0.3, 6, 4);
      const fc = shiftedCosine(4, 0.5);
      const values = new Float64Array(6 * 5);
      let largest = 0;
      let worst = 0;
      for (let i = 0; i < positions.length; i++) {
        const c = ref.species.map(() => new Float64Array(6));
        radial.compute(0, values);
        const own = ref.species.indexOf(numbers[i]);
        for (let n = 0; n < 6; n++) c[own][n] += values[n * 5] * Y00;
        for (let j = 0; j < positions.length; j++) {
          if (j === i) continue;
          const r = Math.hypot(...[0, 1, 2].map((k) => positions[j][k] - positions[i][k]));
          if (r > 4) continue;
          radial.compute(r, values);
          const a = ref.species.indexOf(numbers[j]);
          for (let n = 0; n < 6; n++) c[a][n] += fc.value(r) * values[n * 5] * Y00;
        }
        for (let a = 0; a < ref.species.length; a++) {
          for (let n = 0; n < 6; n++) {
            const want = ref.variants.exact.expansion[i][a][n][0];
            largest = Math.max(largest, Math.abs(want));
            worst = Math.max(worst, Math.abs(c[a][n] - want));
          }
        }
      }
      expect(largest).toBeGreaterThan(1e-3);
      expect(worst / largest, name).toBeLessThan(1e-10);
    }
  });

  it('has derivatives that match central finite differences, including r → 0 and beyond 1F1 asymptotic switch', () => {
    const radial = new GtoRadialIntegral(5, 0.3, 8, 6);
    const size = 8 * 7;
    const v = new Float64Array(size);
    const d = new Float64Array(size);
    const at = (r: number) => {
      const out = new Float64Array(size);
      radial.compute(r, out);
      return out;
    };
    // Richardson-extrapolated central differences: truncation O(h⁴) ≈ 1e-12, round-off ≈ ε/h ≈ 1e-13
    const h = 1e-3;
    for (const r of [2e-3, 0.05, 0.4, 1.3, 2.9, 4.4, 5.0, 6.5]) {
      radial.compute(r, v, d);
      const [p1, m1, p2, m2] = [at(r + h), at(r - h), at(r + h / 2), at(r - h / 2)];
      let scale = 0;
      for (let k = 0; k < size; k++) scale = Math.max(scale, Math.abs(d[k]));
      for (let k = 0; k < size; k++) {
        const fd = (4 * ((p2[k] - m2[k]) / h) - (p1[k] - m1[k]) / (2 * h)) / 3;
        expect(Math.abs(fd - d[k]), `r=${r} k=${k}`).toBeLessThan(1e-9 * Math.max(scale, 1e-3));
      }
    }
  });

  it('is exactly r^l-like at r = 0: only l = 0 is non-zero, and the l = 1 slope is finite', () => {
    const radial = new GtoRadialIntegral(4, 0.3, 6, 4);
    const v = new Float64Array(30);
    const d = new Float64Array(30);
    radial.compute(0, v, d);
    for (let n = 0; n < 6; n++) {
      expect(v[n * 5]).not.toBe(0);
      for (let l = 1; l < 5; l++) expect(v[n * 5 + l]).toBe(0);
      expect(d[n * 5]).toBe(0);
      expect(d[n * 5 + 1]).not.toBe(0);
      expect(d[n * 5 + 2]).toBe(0);
    }
  });
});
