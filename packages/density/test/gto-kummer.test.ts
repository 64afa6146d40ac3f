// The fast ₁F₁ path of the exact GTO integral (tabulated asymptotic expansion, joint series, downward
// recurrence) against direct hyp1f1Scaled at every (n, l) (itself tested against mpmath), over r from 0
// to beyond the cutoff, so that every switch between expansion and series is crossed.
import { describe, expect, it } from 'vitest';
import { gammaHalfInteger } from '../src/math/gamma.js';
import { hyp1f1Scaled } from '../src/math/hyp1f1.js';
import { gtoBasis, GtoRadialIntegral } from '../src/radial/gto.js';
import { ASYMPTOTIC_TERMS, gtoKummerColumn, gtoKummerTables, SERIES_TERMS, START_STRIDE } from '../src/radial/gto-kummer.js';
import { wasmModule } from '../src/wasm.js';

const cases = [
  { cutoff: 5, sigma: 0.3, maxRadial: 8, maxAngular: 6 }, // the benchmark hypers
  { cutoff: 5.5, sigma: 0.2, maxRadial: 6, maxAngular: 12 },
  { cutoff: 4, sigma: 0.5, maxRadial: 12, maxAngular: 4 },
  { cutoff: 6, sigma: 0.1, maxRadial: 4, maxAngular: 9 },
  { cutoff: 3, sigma: 0.4, maxRadial: 3, maxAngular: 0 },
];

/** raw I_nl and dI_nl/dr straight from the definition (README), ₁F₁ evaluated directly at every (n, l). */
function directIntegral(c: (typeof cases)[number], r: number): { values: Float64Array; derivatives: Float64Array } {
  const { b, orthoNorm } = gtoBasis(c.cutoff, c.maxRadial);
  const a = 1 / (2 * c.sigma * c.sigma);
  const L = c.maxAngular + 1;
  const raw = new Float64Array(c.maxRadial * L);
  const rawD = new Float64Array(c.maxRadial * L);
  for (let n = 0; n < c.maxRadial; n++) {
    const kappa = (a * a) / (a + b[n]);
    const z = kappa * r * r;
    for (let l = 0; l < L; l++) {
      const alpha = (n + l + 3) / 2;
      const beta = l + 1.5;
      const pre = (Math.pow(a + b[n], -alpha) * gammaHalfInteger(n + l + 3)) / gammaHalfInteger(2 * l + 3);
      // e^{z − a r²} without the cancellation of two large exponents; d/dz e^{−z}₁F₁ by DLMF 13.3.4 (no cancellation)
      const decay = Math.exp(-((a * b[n]) / (a + b[n])) * r * r);
      const S = hyp1f1Scaled(alpha, beta, z);
      const dS = ((alpha - beta) / beta) * hyp1f1Scaled(alpha, beta + 1, z);
      const g = decay * S;
      const dg = 2 * r * ((kappa - a) * g + kappa * decay * dS);
      raw[n * L + l] = pre * Math.pow(a * r, l) * g;
      rawD[n * L + l] = pre * ((l === 0 ? 0 : l * a * Math.pow(a * r, l - 1)) * g + Math.pow(a * r, l) * dg);
    }
  }
  const ortho = (input: Float64Array) => {
    const out = new Float64Array(input.length);
    for (let n = 0; n < c.maxRadial; n++) {
      for (let l = 0; l < L; l++) {
        for (let m = 0; m < c.maxRadial; m++) out[n * L + l] += orthoNorm[n * c.maxRadial + m] * input[m * L + l];
      }
    }
    return out;
  };
  return { values: ortho(raw), derivatives: ortho(rawD) };
}

const radii = (cutoff: number) => Array.from({ length: 401 }, (_, k) => (k * 1.2 * cutoff) / 400);

describe('exact GTO integral: tabulated ₁F₁ path', () => {
  it.each(cases)('e^{−a r²}₁F₁ at every l equals direct hyp1f1Scaled to 1e-12 relative (%o)', (c) => {
    const { b } = gtoBasis(c.cutoff, c.maxRadial);
    const a = 1 / (2 * c.sigma * c.sigma);
    const tables = gtoKummerTables(a, b, c.maxAngular);
    const L = c.maxAngular + 1;
    const G = new Float64Array(L);
    const P = new Float64Array(L);
    let worst = 0;
    let asymptotic = 0;
    let series = 0;
    for (const r of radii(c.cutoff)) {
      for (let n = 0; n < c.maxRadial; n++) {
        const z = tables.kappa[n] * r * r;
        for (let t = 0; t < Math.min(2, L); t++) {
          if (z > tables.starts[(2 * n + t) * START_STRIDE + 2]) asymptotic++;
          else series++;
        }
        gtoKummerColumn(tables, n, c.maxAngular, r * r, G, P);
        const decay = Math.exp(-((a * b[n]) / (a + b[n])) * r * r); // e^{z − a r²}, accurately
        for (let l = 0; l < L; l++) {
          const wantG = decay * hyp1f1Scaled((n + l + 3) / 2, l + 1.5, z);
          const wantP = decay * hyp1f1Scaled((n + l + 5) / 2, l + 2.5, z);
          worst = Math.max(worst, Math.abs(G[l] - wantG) / wantG, Math.abs(P[l] - wantP) / wantP);
        }
      }
    }
    expect(worst).toBeLessThan(1e-12); // measured ≤ 6e-13, as the previous per-(n, l) path (4.6e-13 at σ = 0.1)
    // both direct methods were exercised (every case's grid crosses the switch for some start)
    expect(asymptotic).toBeGreaterThan(0);
    expect(series).toBeGreaterThan(0);
  });

  it.each(cases)('values and r-derivatives of the orthonormalised integral equal the direct definition to 2e-11 (values) and 3e-9 (derivatives) of the largest entry (%o)', (c) => {
    const integral = new GtoRadialIntegral(c.cutoff, c.sigma, c.maxRadial, c.maxAngular);
    const L = c.maxAngular + 1;
    const values = new Float64Array(c.maxRadial * L);
    const derivatives = new Float64Array(c.maxRadial * L);
    let worst = 0;
    let worstD = 0;
    for (const r of radii(c.cutoff)) {
      integral.compute(r, values, derivatives);
      const want = directIntegral(c, r);
      // relative to the largest entry at this r, as the librascal comparisons (S^{−1/2} mixes n with large weights)
      const scale = want.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const scaleD = want.derivatives.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      for (let k = 0; k < values.length; k++) {
        if (scale > 0) worst = Math.max(worst, Math.abs(values[k] - want.values[k]) / scale);
        if (scaleD > 0) worstD = Math.max(worstD, Math.abs(derivatives[k] - want.derivatives[k]) / scaleD);
      }
    }
    // measured: values ≤ 9e-12 (n_max 12: S^{−1/2} has large entries), derivatives ≤ 1e-9 (σ = 0.1: the r-derivative
    // (κ−a)g + κ((α/β)P − g) cancels ~z·a/b_n-fold); the previous per-(n, l) ₁F₁ path measured 1.1e-11 and 6.9e-10
    expect(worst).toBeLessThan(2e-11);
    expect(worstD).toBeLessThan(3e-9);
  });
});

describe.each(['wasm', 'wasm-simd'] as const)('exact GTO integral kernel (gtoExact) on %s', (flavor) => {
  it.each(cases)('equals the JS path at every r to 1e-11 (values) and 3e-9 (derivatives) of the largest entry (%o)', (c) => {
    const integral = new GtoRadialIntegral(c.cutoff, c.sigma, c.maxRadial, c.maxAngular);
    const t = integral.wasmTables();
    const L = c.maxAngular + 1;
    const NL = c.maxRadial * L;
    const r = Float64Array.from(radii(c.cutoff));
    const inst = wasmModule.instance(flavor);
    inst.reset();
    try {
      const ptr = [r, t.kappa, t.beta, t.prefactor, t.starts, t.perNL, t.ortho].map((a) => inst.put(a));
      const out = inst.alloc(r.length * NL * 8);
      const dOut = inst.alloc(r.length * NL * 8);
      const scratch = inst.alloc((2 * L + 2 * NL) * 8);
      const failed = inst.exports.gtoExact(r.length, ptr[0], c.maxRadial, L, t.alpha, ptr[1], ptr[2], ptr[3], ptr[4], ptr[5], ASYMPTOTIC_TERMS, SERIES_TERMS, ptr[6], out, dOut, scratch);
      expect(failed).toBe(0);
      const got = inst.f64(out, r.length * NL).slice();
      const gotD = inst.f64(dOut, r.length * NL).slice();
      const values = new Float64Array(NL);
      const derivatives = new Float64Array(NL);
      let worst = 0;
      let worstD = 0;
      r.forEach((x, p) => {
        integral.compute(x, values, derivatives);
        const scale = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        const scaleD = derivatives.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        for (let k = 0; k < NL; k++) {
          if (scale > 0) worst = Math.max(worst, Math.abs(got[p * NL + k] - values[k]) / scale);
          if (scaleD > 0) worstD = Math.max(worstD, Math.abs(gotD[p * NL + k] - derivatives[k]) / scaleD);
        }
      });
      // libm exp (AssemblyScript's vs the engine's) differs by ulps, amplified as against the direct definition
      // above (measured ≤ 2.7e-12 and ≤ 6.2e-10 at σ = 0.1)
      expect(worst).toBeLessThan(1e-11);
      expect(worstD).toBeLessThan(3e-9);
    } finally {
      inst.reset();
    }
  });
});
