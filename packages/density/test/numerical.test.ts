import { describe, expect, it } from 'vitest';
import { compositeGaussLegendre, gaussLegendre } from '../src/math/quadrature.js';
import { GtoRadialIntegral } from '../src/radial/gto.js';
import { NumericalRadialIntegral } from '../src/radial/numerical.js';
import { laplacianEigenstateShape, sphericalBesselBasis } from '../src/radial/spherical-bessel.js';

describe('Gauss–Legendre quadrature', () => {
  it('integrates polynomials of degree 2n−1 exactly', () => {
    const { nodes, weights } = gaussLegendre(7);
    for (let degree = 0; degree <= 13; degree++) {
      let sum = 0;
      for (let k = 0; k < 7; k++) sum += weights[k] * nodes[k] ** degree;
      expect(sum).toBeCloseTo(degree % 2 ? 0 : 2 / (degree + 1), 14);
    }
    const composite = compositeGaussLegendre(0, Math.PI, 5, 10);
    let sine = 0;
    composite.nodes.forEach((x, k) => (sine += composite.weights[k] * Math.sin(x)));
    expect(sine).toBeCloseTo(2, 14);
  });
});

describe('numerical radial integral of a Gaussian density', () => {
  it.each([
    [5, 0.3, 8, 6],
    [6, 0.2, 6, 12], // high l and a narrow density: the l recurrence of ₁F₁ runs 6 steps at z up to ~400
  ])('equals the analytic ₁F₁ GTO integral when given the GTO basis (cutoff %s, σ %s, n_max %s, l_max %s)', (cutoff, sigma, nMax, lMax) => {
    const L = lMax + 1;
    const exact = new GtoRadialIntegral(cutoff, sigma, nMax, lMax);
    const { orthoNorm, b } = exact.basis;
    // R̃_n(x) = Σ_m (S^{-1/2})_{nm} N_m x^m e^{-b_m x²}; orthoNorm holds S^{-1/2}·diag(N/4)
    const basis = (x: number, out: Float64Array) => {
      for (let n = 0; n < nMax; n++) {
        let value = 0;
        for (let m = 0; m < nMax; m++) value += 4 * orthoNorm[n * nMax + m] * x ** m * Math.exp(-b[m] * x * x);
        for (let l = 0; l < L; l++) out[n * L + l] = value;
      }
    };
    const numerical = new NumericalRadialIntegral(basis, 6 * cutoff, sigma, nMax, lMax);
    const size = nMax * L;
    const [ve, de, vn, dn] = [0, 0, 0, 0].map(() => new Float64Array(size));
    const radii = [0, 0.2, 1.1, 2.5, 3.9, cutoff];
    const results = radii.map((r) => {
      exact.compute(r, ve, de);
      numerical.compute(r, vn, dn);
      return [ve.slice(), de.slice(), vn.slice(), dn.slice()];
    });
    // errors relative to the largest value and slope over all radii
    const scale = Math.max(...results.flatMap(([v]) => Array.from(v, Math.abs)));
    const dscale = Math.max(...results.flatMap(([, d]) => Array.from(d, Math.abs)));
    results.forEach(([v, d, nv, nd], k) => {
      for (let e = 0; e < size; e++) {
        expect(Math.abs(nv[e] - v[e]), `r=${radii[k]} e=${e}`).toBeLessThan(1e-12 * scale);
        expect(Math.abs(nd[e] - d[e]), `r=${radii[k]} e=${e}`).toBeLessThan(1e-11 * dscale);
      }
    });
  });
});

describe('spherical-Bessel basis', () => {
  it('is orthonormal on [0, cutoff] with weight r² and vanishes at the cutoff', () => {
    const cutoff = 4.5;
    const maxRadial = 6;
    const maxAngular = 4;
    const { evaluate } = sphericalBesselBasis(cutoff, maxRadial, maxAngular, Array(maxAngular + 1).fill(maxRadial));
    const { nodes, weights } = compositeGaussLegendre(0, cutoff, 40, 12);
    const size = maxRadial * (maxAngular + 1);
    const values = Array.from(nodes, (x) => {
      const out = new Float64Array(size);
      evaluate(x, out);
      return out;
    });
    for (let l = 0; l <= maxAngular; l++) {
      for (let n = 0; n < maxRadial; n++) {
        for (let m = 0; m < maxRadial; m++) {
          let sum = 0;
          for (let q = 0; q < nodes.length; q++) sum += weights[q] * nodes[q] ** 2 * values[q][n * 5 + l] * values[q][m * 5 + l];
          expect(sum, `l=${l} n=${n} m=${m}`).toBeCloseTo(n === m ? 1 : 0, 12);
        }
      }
    }
    const atCutoff = new Float64Array(size);
    evaluate(cutoff, atCutoff);
    for (const v of atCutoff) expect(Math.abs(v)).toBeLessThan(1e-13);
  });

  it('has the Laplacian-eigenstate shape: fewer radial functions as l grows (featomic LaplacianEigenstate)', () => {
    // z_ln ≤ 6π: j_1 zeros 4.49, 7.73, 10.90, 14.07, 17.22 (< 18.85) and 20.37 > 18.85
    const shape = laplacianEigenstateShape(6, 8);
    expect(shape[0]).toBe(6);
    expect(shape[1]).toBe(5);
    for (let l = 1; l <= 8; l++) expect(shape[l]).toBeLessThanOrEqual(shape[l - 1]);
    expect(shape[8]).toBeGreaterThan(0);
    expect(laplacianEigenstateShape(2, 6)[6]).toBe(0); // j_6's first zero 11.66 > 2π
  });
});
