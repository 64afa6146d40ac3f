import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hyp1f1Scaled, hyp1f1, hyp1f1Scaled } from '../src/math/hyp1f1.js';
import { gamma, gammaHalfInteger, logGamma } from '../src/math/gamma.js';

interface Case {
  a: number;
  b: number;
  z: number;
  scaled: number;
  value?: number;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/hyp1f1.json', import.meta.url), 'utf8')) as { cases: Case[] };

function relativeError(got: number, want: number): number {
  return Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);
}

describe('hyp1f1 against mpmath (tools/fixtures/make_density_hyp1f1.py)', () => {
  it('has a fixture spanning small, intermediate, asymptotic and negative z', () => {
    const zs = fixture.cases.map((c) => c.z);
    expect(Math.max(...zs)).toBeGreaterThanOrEqual(1e5);
    expect(Math.min(...zs)).toBeLessThan(-50);
    expect(fixture.cases.length).toBeGreaterThan(1000);
  });

  it('matches e^{-z} 1F1 to 2e-13 relative for z ≥ 0 (where the series has positive terms)', () => {
    let worst = 0;
    for (const c of fixture.cases) {
      if (c.z < 0 || c.a < 0) continue;
      const got = hyp1f1Scaled(c.a, c.b, c.z);
      const err = relativeError(got, c.scaled);
      if (err > worst) worst = err;
      expect(err, `a=${c.a} b=${c.b} z=${c.z}: got ${got}, want ${c.scaled}`).toBeLessThan(2e-13);
    }
    expect(worst).toBeGreaterThan(0); // the comparison really ran on non-trivial values
  });

  it('gives the same e^{-z} 1F1 through the prepared fixed-(a, b) evaluator the GTO uses', () => {
    const prepared = new Map<string, Hyp1f1Scaled>();
    let checked = 0;
    for (const c of fixture.cases) {
      if (c.z < 0 || c.a < 0) continue;
      const key = `${c.a},${c.b}`;
      if (!prepared.has(key)) prepared.set(key, new Hyp1f1Scaled(c.a, c.b));
      const got = prepared.get(key)!.evaluate(c.z);
      expect(relativeError(got, c.scaled), `a=${c.a} b=${c.b} z=${c.z}`).toBeLessThan(2e-13);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('matches 1F1 itself wherever it fits in a double, including negative a and z', () => {
    for (const c of fixture.cases) {
      if (c.value === undefined) continue;
      const got = hyp1f1(c.a, c.b, c.z);
      // negative z or a: alternating terms, so measure against the largest term scale as well
      const tolerance = c.z < 0 || c.a < 0 ? 1e-11 : 2e-13;
      const err = Math.abs(got - c.value) / Math.max(Math.abs(c.value), c.z < 0 || c.a < 0 ? 1e-3 : 1e-300);
      expect(err, `a=${c.a} b=${c.b} z=${c.z}: got ${got}, want ${c.value}`).toBeLessThan(tolerance);
    }
  });

  it('stays finite where 1F1 overflows a double', () => {
    const scaled = hyp1f1Scaled(12.5, 9.5, 5000);
    expect(Number.isFinite(scaled)).toBe(true);
    expect(hyp1f1(12.5, 9.5, 5000)).toBe(Infinity);
  });

  it('has the closed forms 1F1(a; a; z) = e^z and 1F1(1; 2; z) = (e^z − 1)/z', () => {
    for (const z of [0.3, 7, 42, 300]) {
      expect(relativeError(hyp1f1(2.5, 2.5, z), Math.exp(z))).toBeLessThan(1e-14);
      expect(relativeError(hyp1f1(1, 2, z), Math.expm1(z) / z)).toBeLessThan(1e-14);
    }
  });

  it('rejects bad arguments by name', () => {
    expect(() => hyp1f1(1, -1, 2)).toThrow(/b must be > 0, got -1/);
    expect(() => hyp1f1(NaN, 1, 2)).toThrow(/hyp1f1: a must be a finite number, got NaN/);
    expect(() => hyp1f1Scaled(1, 1, Infinity)).toThrow(TypeError);
  });
});

describe('gamma', () => {
  it('matches factorials and half-integers exactly enough', () => {
    expect(gammaHalfInteger(1)).toBeCloseTo(Math.sqrt(Math.PI), 15);
    expect(gammaHalfInteger(10)).toBe(24);
    expect(relativeError(gammaHalfInteger(7), (15 / 8) * Math.sqrt(Math.PI))).toBeLessThan(1e-15);
    expect(relativeError(gamma(0.3), 2.991568987687590962)).toBeLessThan(1e-14);
    expect(relativeError(gamma(45.7), Math.exp(logGamma(45.7)))).toBeLessThan(1e-15);
    expect(relativeError(logGamma(100), 359.1342053695753987760)).toBeLessThan(1e-15);
  });
});
