// The TypeScript path has two implementations: straight-line code generated per lMax and
// the generic loops (used for large lMax, Hessians, and where eval is forbidden). They
// must agree with each other.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/index.js';
import { generateKernel, MAX_GENERATED_L } from '../src/sh/kernel-codegen.js';
import { computeJs } from '../src/sh/kernel-js.js';
import { buildPrefactors } from '../src/sh/prefactors.js';
import { maxAbsDiff, randomPoints } from './helpers.js';

describe('generated and generic TypeScript kernels', () => {
  it.each([0, 1, 2, 3, 5, 8, MAX_GENERATED_L])('agree for lMax %i (values and gradients, normalized and solid)', (L) => {
    const pre = buildPrefactors(L);
    const K = (L + 1) ** 2;
    const n = 11;
    const xyz = randomPoints(n, mulberry32(L + 1), 1.7);
    xyz.fill(0, 6, 9); // one point at the origin
    for (const normalized of [true, false]) {
      const generic = { values: new Float64Array(n * K), gradients: new Float64Array(3 * n * K) };
      expect(computeJs(pre, normalized, xyz, 0, n, generic)).toBe(false);
      const kernel = generateKernel(pre, normalized, true)!;
      expect(kernel).toBeTypeOf('function');
      const values = new Float64Array(n * K);
      const gradients = new Float64Array(3 * n * K);
      expect(kernel(xyz, 0, n, values, gradients)).toBe(false);
      expect(maxAbsDiff(values, generic.values)).toBeLessThan(1e-15 * 4 ** L);
      expect(maxAbsDiff(gradients, generic.gradients)).toBeLessThan(1e-14 * 4 ** L);
      const valuesOnly = new Float64Array(n * K);
      generateKernel(pre, normalized, false)!(xyz, 0, n, valuesOnly, undefined);
      expect(maxAbsDiff(valuesOnly, values)).toBe(0);
    }
  });

  it('both flag non-finite points', () => {
    const pre = buildPrefactors(2);
    const xyz = new Float64Array([0, 0, 1, NaN, 0, 0]);
    expect(computeJs(pre, true, xyz, 0, 2, { values: new Float64Array(18) })).toBe(true);
    expect(generateKernel(pre, true, false)!(xyz, 0, 2, new Float64Array(18), undefined)).toBe(true);
  });

  it('generation is skipped beyond MAX_GENERATED_L', () => {
    expect(generateKernel(buildPrefactors(MAX_GENERATED_L + 1), true, false)).toBeUndefined();
  });
});
