// LinearPotential on concatenated features: the power spectrum (ν = 2) beside PCA-compressed
// ν ≤ 3 NICE invariants, each part with its own expansion.
import { DensityCorrelations, PowerSpectrum } from '@equikit/correlations';
import { init as initDensity, type SphericalExpansionHypers } from '@equikit/density';
import { Structure } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { ConcatenatedFeatures, LinearPotential, type FeatureConfig } from '../src/linear/index.js';
import { moved, randomO3, randomStructure, rotate, seeded, strain, transformed, withTargets } from './structures.js';

await initDensity();

const BACKENDS = ['js', 'wasm', 'wasm-simd'] as const;

const expansion = (radius: number, maxRadial: number, maxAngular: number): SphericalExpansionHypers => ({
  cutoff: { radius, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.5 },
  basis: { maxAngular, radial: { type: 'gto', maxRadial } },
});
const POWER: FeatureConfig = { type: 'power-spectrum', expansion: expansion(3.5, 3, 2) };
const NICE_OPTIONS = { maxCorrelationOrder: 3, compression: { components: 4 }, invariantOrders: [3] };
const NICE: FeatureConfig = { type: 'density-correlations', expansion: expansion(3.2, 2, 1), options: NICE_OPTIONS };
const FEATURES: FeatureConfig = { type: 'concatenation', parts: [POWER, NICE] };

/** Energies, forces and stress from a smooth pair potential plus a three-body term (so ν = 3 has something to fit). */
function labelled(seed: number, count: number): Structure[] {
  const r = seeded(seed);
  return Array.from({ length: count }, (_, k) => {
    const s = randomStructure(r, 3 + (k % 3), [14, 8], true, 3.7);
    const energyOf = (t: Structure) => {
      let e = 0;
      for (let i = 0; i < t.length; i++) for (let j = i + 1; j < t.length; j++) {
        const d = Math.hypot(...[0, 1, 2].map((x) => t.positions[3 * j + x] - t.positions[3 * i + x]));
        e += Math.exp(-d);
      }
      return e - 2 * t.length;
    };
    const h = 1e-5;
    const forces = new Float64Array(3 * s.length);
    for (let a = 0; a < s.length; a++) for (let x = 0; x < 3; x++) forces[3 * a + x] = -(energyOf(moved(s, a, x, h)) - energyOf(moved(s, a, x, -h))) / (2 * h);
    return withTargets(s, energyOf(s), forces);
  });
}

function derivative(f: (d: number) => number, h = 1e-3): number {
  const central = (step: number) => (f(step) - f(-step)) / (2 * step);
  return (4 * central(h / 2) - central(h)) / 3;
}

describe.each(BACKENDS)('ConcatenatedFeatures on %s', (backend) => {
  const train = labelled(1, 6);
  const species = Int32Array.of(8, 14);
  const power = new PowerSpectrum((POWER as { expansion: SphericalExpansionHypers }).expansion);
  const nice = new DensityCorrelations((NICE as { expansion: SphericalExpansionHypers }).expansion, NICE_OPTIONS).fit(train, { species });
  const both = new ConcatenatedFeatures([power, nice]);
  const s = labelled(2, 1)[0];
  const Fp = power.sizeFor(2);
  const Fn = nice.sizeFor(2);

  it('puts each atom’s (and species’) features part after part, gradients included', () => {
    expect(both.sizeFor(2)).toBe(Fp + Fn);
    const options = { species, gradients: ['positions', 'strain'] as ('positions' | 'strain')[], backend };
    const [a, b, c] = [power.computeSpeciesSums(s, options), nice.computeSpeciesSums(s, options), both.computeSpeciesSums(s, options)];
    const F = Fp + Fn;
    for (let q = 0; q < 2; q++) {
      expect(c.values.subarray(q * F, q * F + Fp)).toEqual(a.values.subarray(q * Fp, (q + 1) * Fp));
      expect(c.values.subarray(q * F + Fp, (q + 1) * F)).toEqual(b.values.subarray(q * Fn, (q + 1) * Fn));
    }
    const rows = 2 * s.length * 3;
    expect(c.positionGradients!.length).toBe(rows * F);
    for (let r = 0; r < rows; r++) {
      expect(c.positionGradients!.subarray(r * F, r * F + Fp)).toEqual(a.positionGradients!.subarray(r * Fp, (r + 1) * Fp));
      expect(c.positionGradients!.subarray(r * F + Fp, (r + 1) * F)).toEqual(b.positionGradients!.subarray(r * Fn, (r + 1) * Fn));
    }
    for (let r = 0; r < 18; r++) expect(c.strainGradients!.subarray(r * F + Fp, (r + 1) * F)).toEqual(b.strainGradients!.subarray(r * Fn, (r + 1) * Fn));
    const dense = both.computeDense(s, { species, backend });
    for (let i = 0; i < s.length; i++) expect(dense.values.subarray(i * F + Fp, (i + 1) * F)).toEqual(nice.computeDense(s, { species, backend }).values.subarray(i * Fn, (i + 1) * Fn));
  });

  it('its VJP is the sum of the parts’ VJPs on the split cotangent', () => {
    const r = seeded(5);
    const F = Fp + Fn;
    const g = Float64Array.from({ length: s.length * F }, () => r() - 0.5);
    const gp = new Float64Array(s.length * Fp);
    const gn = new Float64Array(s.length * Fn);
    for (let i = 0; i < s.length; i++) {
      gp.set(g.subarray(i * F, i * F + Fp), i * Fp);
      gn.set(g.subarray(i * F + Fp, (i + 1) * F), i * Fn);
    }
    const [a, b, c] = [power.vectorJacobianProduct(s, gp, { species, backend }), nice.vectorJacobianProduct(s, gn, { species, backend }), both.vectorJacobianProduct(s, g, { species, backend })];
    expect(c.total).toBeCloseTo(a.total + b.total, 12);
    c.positions.forEach((v, k) => expect(v).toBeCloseTo(a.positions[k] + b.positions[k], 12));
    c.strain.forEach((v, k) => expect(v).toBeCloseTo(a.strain[k] + b.strain[k], 12));
    // without species given, the structure's own species set the sizes
    expect(both.vectorJacobianProduct(s, g, { backend }).total).toBeCloseTo(c.total, 12);
    expect(() => both.vectorJacobianProduct(s, g.subarray(1), { species, backend })).toThrow(/cotangent must have \d+ values per atom/);
  });
});

describe('LinearPotential with concatenated features', () => {
  const train = labelled(1, 8);

  it('fits, predicts forces = −∇E and stress = ∂E/∂ε / V, is O(3) invariant, and saves and restores bit for bit', async () => {
    const model = await LinearPotential.fit(train, { features: FEATURES, targets: { stress: false }, regularization: 1e-6 });
    const Fp = new PowerSpectrum((POWER as { expansion: SphericalExpansionHypers }).expansion).sizeFor(2);
    // the power spectrum's features, then at most 4 principal ν = 3 invariants
    expect(model.size - Fp).toBeGreaterThan(0);
    expect(model.size - Fp).toBeLessThanOrEqual(4);
    const s = labelled(3, 1)[0];
    const p = model.predict(s);
    for (let k = 0; k < s.length; k++) {
      for (let x = 0; x < 3; x++) {
        const fd = derivative((d) => model.predict(moved(s, k, x, d)).energy);
        expect(Math.abs(p.forces[3 * k + x] + fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      }
    }
    const V = s.volume();
    [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]].forEach(([a, b], v) => {
      const fd = derivative((d) => {
        const eps = new Float64Array(9);
        eps[3 * a + b] += a === b ? d : d / 2;
        if (a !== b) eps[3 * b + a] += d / 2;
        return model.predict(transformed(s, strain(eps))).energy;
      }) / V;
      expect(Math.abs(p.stress![v] - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
    });
    const r = seeded(4);
    for (const invert of [false, true]) {
      const q = model.predict(transformed(s, rotate(randomO3(r, invert))));
      expect(q.energy).toBeCloseTo(p.energy, 9);
    }
    const atomic = model.atomicEnergies(s);
    expect(atomic.reduce((x, y) => x + y, 0)).toBeCloseTo(p.energy, 10);

    const json = model.toJSON();
    expect(Array.isArray(json.featureState)).toBe(true);
    expect((json.featureState as unknown[])[0]).toBeNull();
    expect((json.featureState as unknown[])[1]).not.toBeNull();
    const text = JSON.stringify(json);
    const back = LinearPotential.fromJSON(text);
    expect(JSON.stringify(back.toJSON())).toBe(text);
    const q = back.predict(s);
    expect(Object.is(q.energy, p.energy)).toBe(true);
    q.forces.forEach((v, k) => expect(Object.is(v, p.forces[k])).toBe(true));
  });

  it('fits its training set at least as well as the power spectrum alone (it contains it)', async () => {
    const fits = await Promise.all([FEATURES, POWER].map((features) => LinearPotential.fit(train, { features, targets: { stress: false }, regularization: 1e-8 })));
    expect(fits[0].size).toBeGreaterThan(fits[1].size);
    expect(fits[0].report!.trainingResidual).toBeLessThan(fits[1].report!.trainingResidual * (1 + 1e-6));
  });

  it('names bad configurations', async () => {
    await expect(LinearPotential.fit(train, { features: { type: 'concatenation', parts: [] } as never })).rejects.toThrow(/options.features.parts must be a non-empty array/);
    await expect(LinearPotential.fit(train, { features: { type: 'concatenation', parts: [FEATURES] } as never })).rejects.toThrow(/options.features.parts\[0\] is a concatenation/);
    await expect(LinearPotential.fit(train, { features: { type: 'concatenation', parts: [POWER, { type: 'soap' }] } as never })).rejects.toThrow(/options.features.parts\[1\].type must be/);
    await expect(LinearPotential.fit(train, { features: { type: 'concatenation', parts: [POWER], expansion: {} } as never })).rejects.toThrow(/unknown field 'expansion'/);
    const json = (await LinearPotential.fit(train, { features: FEATURES, targets: { stress: false }, regularization: 1e-6 })).toJSON();
    expect(() => LinearPotential.fromJSON({ ...json, featureState: null })).toThrow(/feature state of a concatenation must be an array of 2 part states/);
  });
});
