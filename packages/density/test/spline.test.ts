import { describe, expect, it } from 'vitest';
import { shiftedCosine } from '../src/cutoff.js';
import { GtoRadialIntegral } from '../src/radial/gto.js';
import { HermiteSplineRadialIntegral, NaturalSplineRadialIntegral } from '../src/radial/spline.js';
import type { RadialIntegral } from '../src/radial/radial-integral.js';
import { loadLibrascal } from './librascal.js';

const Y00 = 1 / Math.sqrt(4 * Math.PI);

function worstError(a: RadialIntegral, b: RadialIntegral, from: number, to: number, samples: number) {
  const size = a.maxRadial * (a.maxAngular + 1);
  const [va, da, vb, db] = [0, 0, 0, 0].map(() => new Float64Array(size));
  let values = 0;
  let derivatives = 0;
  for (let s = 0; s < samples; s++) {
    const r = from + ((to - from) * (s + 0.5)) / samples;
    a.compute(r, va, da);
    b.compute(r, vb, db);
    for (let e = 0; e < size; e++) {
      values = Math.max(values, Math.abs(va[e] - vb[e]));
      derivatives = Math.max(derivatives, Math.abs(da[e] - db[e]));
    }
  }
  return { values, derivatives };
}

describe('natural cubic spline (librascal scheme)', () => {
  it('reproduces librascal spline-variant l = 0 coefficients of methane and water to 1e-12', () => {
    const exact = new GtoRadialIntegral(4, 0.3, 6, 4);
    const spline = NaturalSplineRadialIntegral.tabulate(exact, 1e-5, 4, 1e-8);
    const fc = shiftedCosine(4, 0.5);
    const v = new Float64Array(30);
    for (const name of ['c_methane__h1', 'a_water_trimer__h1']) {
      const ref = loadLibrascal(name);
      const { positions, numbers } = ref.structure;
      let worst = 0;
      let worstExact = 0;
      for (let i = 0; i < positions.length; i++) {
        const c = ref.species.map(() => new Float64Array(6));
        const cExact = ref.species.map(() => new Float64Array(6));
        exact.compute(0, v); // the centre term is exact in librascal's spline variant too
        const own = ref.species.indexOf(numbers[i]);
        for (let n = 0; n < 6; n++) {
          c[own][n] += v[n * 5] * Y00;
          cExact[own][n] += v[n * 5] * Y00;
        }
        for (let j = 0; j < positions.length; j++) {
          const r = Math.hypot(...[0, 1, 2].map((k) => positions[j][k] - positions[i][k]));
          if (j === i || r > 4) continue;
          const a = ref.species.indexOf(numbers[j]);
          spline.compute(r, v);
          for (let n = 0; n < 6; n++) c[a][n] += fc.value(r) * v[n * 5] * Y00;
          exact.compute(r, v);
          for (let n = 0; n < 6; n++) cExact[a][n] += fc.value(r) * v[n * 5] * Y00;
        }
        for (let a = 0; a < ref.species.length; a++) {
          for (let n = 0; n < 6; n++) {
            worst = Math.max(worst, Math.abs(c[a][n] - ref.variants.spline.expansion[i][a][n][0]));
            worstExact = Math.max(worstExact, Math.abs(cExact[a][n] - ref.variants.spline.expansion[i][a][n][0]));
          }
        }
      }
      expect(worst, name).toBeLessThan(1e-12);
      // and the spline really differs from the exact integral: the comparison can tell them apart
      expect(worstExact, name).toBeGreaterThan(1e-11);
    }
  });

  it('meets its mean-error target against the exact integral', () => {
    const exact = new GtoRadialIntegral(5, 0.3, 8, 6);
    const spline = NaturalSplineRadialIntegral.tabulate(exact, 1e-5, 5, 1e-8);
    const { values } = worstError(spline, exact, 0.5, 4.5, 997);
    expect(values).toBeLessThan(1e-6); // max error: the mean one is what librascal bounds
    expect(spline.gridSize).toBeGreaterThanOrEqual(64);
  });
});

describe('continuity (the price of librascal equality)', () => {
  it("librascal's lookup makes steps of the order of the accuracy; the Hermite spline has none", () => {
    const exact = new GtoRadialIntegral(4, 0.3, 6, 4);
    const natural = NaturalSplineRadialIntegral.tabulate(exact, 1e-5, 4, 1e-8);
    const hermite = HermiteSplineRadialIntegral.tabulate(exact, 4, 1e-8);
    // what is left of f(r + δ) − f(r − δ) after the slope's share, across each point where
    // librascal's lookup changes interval (r = r₀ + k/pointsPerUnit) and each grid node
    const { start, pointsPerUnit, grid } = natural.tables();
    // from 0.7 Å, where neighbours can be (closer, the natural end condition dominates)
    const probes = [...Array.from({ length: 256 }, (_, k) => start + k / pointsPerUnit), ...Array.from(grid)].filter((r) => r > 0.7 && r < 4);
    const jump = (spline: RadialIntegral) => {
      const [a, d, b] = [new Float64Array(30), new Float64Array(30), new Float64Array(30)];
      const delta = 1e-10;
      let worst = 0;
      for (const r of probes) {
        spline.compute(r - delta, a, d);
        spline.compute(r + delta, b);
        for (let e = 0; e < 30; e++) worst = Math.max(worst, Math.abs(b[e] - a[e] - 2 * delta * d[e]));
      }
      return worst;
    };
    const steps = jump(natural);
    expect(steps).toBeGreaterThan(1e-10); // real steps where the lookup changes piece…
    expect(steps).toBeLessThan(1e-7); // …of the order of the accuracy asked (1e-8, on values up to 2e-2)
    expect(jump(hermite)).toBeLessThan(1e-14); // continuous: only round-off and curvature × δ²
  });
});

describe('cubic Hermite spline', () => {
  it('bounds the error of values and derivatives by the accuracy everywhere', () => {
    const exact = new GtoRadialIntegral(5, 0.3, 8, 6);
    for (const accuracy of [1e-6, 1e-9]) {
      const spline = HermiteSplineRadialIntegral.tabulate(exact, 5, accuracy);
      const { values, derivatives } = worstError(spline, exact, 0, 5, 3001);
      expect(values).toBeLessThan(accuracy);
      expect(derivatives).toBeLessThan(accuracy * 1.5); // probes sit at the derivative-error peaks, sampling is denser here
      expect(values).toBeGreaterThan(accuracy * 1e-4); // a real interpolation, not the exact function
    }
  });

  it('interpolates non-uniform user points exactly at the nodes and cubics everywhere', () => {
    const positions = Float64Array.from([0, 0.3, 1.1, 1.5, 2.6, 4]);
    // f(r) = r³ − 2r for one (n, l): Hermite cubics reproduce a cubic exactly
    const values = positions.map((r) => r ** 3 - 2 * r);
    const derivatives = positions.map((r) => 3 * r * r - 2);
    const spline = new HermiteSplineRadialIntegral(positions, values, derivatives, 1, 0);
    const v = new Float64Array(1);
    const d = new Float64Array(1);
    for (const r of [0, 0.1, 0.3, 0.77, 2.0, 3.99, 4]) {
      spline.compute(r, v, d);
      expect(v[0]).toBeCloseTo(r ** 3 - 2 * r, 12);
      expect(d[0]).toBeCloseTo(3 * r * r - 2, 12);
    }
  });
});
