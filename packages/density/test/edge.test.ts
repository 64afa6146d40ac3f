import { describe, expect, it } from 'vitest';
import { SphericalExpansion } from '../src/index.js';

const calculator = new SphericalExpansion({
  cutoff: { radius: 3.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.3 },
  basis: { maxAngular: 2, radial: { type: 'gto', maxRadial: 3 } },
});

describe.each(['js', 'wasm', 'wasm-simd'] as const)('edge cases (%s)', (backend) => {
  it('an isolated atom has only its own l = 0 density and no gradient', () => {
    const dense = calculator.computeDense({ positions: [1, 2, 3], numbers: [8] }, { gradients: true, backend });
    expect(dense.values.length).toBe(3 * 9);
    for (let n = 0; n < 3; n++) {
      expect(dense.values[n * 9]).not.toBe(0);
      for (let lm = 1; lm < 9; lm++) expect(dense.values[n * 9 + lm]).toBe(0);
    }
    expect(Array.from(dense.positionGradients!).every((v) => v === 0)).toBe(true);
    const map = calculator.compute({ positions: [1, 2, 3], numbers: [8] }, { gradients: ['positions', 'strain'], backend });
    expect(map.keys.count).toBe(3); // (8, λ, 1, 8) for λ = 0, 1, 2
    expect(map.block({ center_type: 8, o3_lambda: 0, o3_sigma: 1, neighbor_type: 8 }).gradient('positions').samples.count).toBe(0);
  });

  it('atoms further apart than the cutoff do not see each other, and an empty list of structures gives an empty map', () => {
    const far = calculator.computeDense({ positions: [0, 0, 0, 10, 0, 0], numbers: [1, 8] }, { backend });
    const alone = calculator.computeDense({ positions: [0, 0, 0], numbers: [1] }, { backend, species: [1, 8] });
    expect(Array.from(far.values.slice(0, 54))).toEqual(Array.from(alone.values));
    const empty = calculator.compute([], { backend });
    expect(empty.keys.count).toBe(0);
  });
});

describe('exact GTO integral in the kernels', () => {
  it('equals the JS reference on wasm and wasm-simd at high l and a narrow density (deep ₁F₁ recurrence, large z)', () => {
    const exact = new SphericalExpansion({
      cutoff: { radius: 5.5, smoothing: { type: 'shifted-cosine', width: 0.5 } },
      density: { type: 'gaussian', width: 0.2 },
      basis: { maxAngular: 12, radial: { type: 'gto', maxRadial: 6 }, splineAccuracy: 0 },
    });
    const structure = { positions: [0, 0, 0, 1.1, 0.3, -0.2, -2.5, 1.9, 0.7, 0.4, -3.9, 3.1, 4.9, 0.1, 0.2], numbers: [8, 1, 1, 6, 1] };
    const reference = exact.computeDense(structure, { gradients: true, backend: 'js' });
    const largest = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const scale = largest(reference.values);
    const gscale = largest(reference.positionGradients!);
    expect(scale).toBeGreaterThan(1e-4);
    for (const backend of ['wasm', 'wasm-simd'] as const) {
      const got = exact.computeDense(structure, { gradients: true, backend });
      const worst = (a: Float64Array, b: Float64Array) => a.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k])), 0);
      expect(worst(got.values, reference.values), backend).toBeLessThan(1e-12 * scale); // libm exp/log differ by ulps, the recurrence amplifies a little
      expect(worst(got.positionGradients!, reference.positionGradients!), backend).toBeLessThan(1e-12 * gscale);
    }
  });
});
