import { describe, expect, it } from 'vitest';
import { Labels } from '@equikit/core';
import { SphericalExpansion } from '@equikit/density';
import { DensityCorrelations, type DensityCorrelationsJSON } from '../src/index.js';
import { BACKENDS, randomCluster, seeded } from './helpers.js';

const HYPERS = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.4 },
  basis: { maxAngular: 2, radial: { type: 'gto' as const, maxRadial: 3 } },
};

const rng = seeded(44);
const TRAINING = [randomCluster(rng, 6, [1, 8], 2.6), randomCluster(rng, 5, [8, 1, 1], 2.4), randomCluster(rng, 5, [1, 8], 2.5)];
const TEST = randomCluster(rng, 4, [8, 1], 2.2);

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, k) => Object.is(v, b[k]));
}

describe.each(BACKENDS)('DensityCorrelations fit and JSON state (%s)', (backend) => {
  const calc = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 4, skipRedundant: true, compression: { components: 5 } }).fit(TRAINING, { backend });

  it('keeps at most `components` orthonormal principal directions per channel', () => {
    const plan = calc.planFor(2);
    let compressed = 0;
    plan.channels.forEach((ch, c) => {
      const W = plan.projections[c];
      if (ch.nu === 1) return expect(W).toBeNull();
      expect(W).not.toBeNull();
      compressed++;
      const R = ch.size;
      const P = ch.expandedSize;
      expect(R).toBeLessThanOrEqual(5);
      for (let r = 0; r < R; r++) {
        for (let s = 0; s <= r; s++) {
          let dot = 0;
          for (let j = 0; j < P; j++) dot += W![r * P + j] * W![s * P + j];
          expect(Math.abs(dot - (r === s ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    });
    expect(compressed).toBeGreaterThan(10);
  });

  it('toJSON → text → fromJSON gives the same features bit for bit', () => {
    const text = JSON.stringify(calc.toJSON());
    const restored = DensityCorrelations.fromJSON(JSON.parse(text) as DensityCorrelationsJSON);
    expect(restored.isFitted).toBe(true);
    expect(JSON.stringify(restored.toJSON())).toBe(text);
    const a = calc.computeDense(TEST, { gradients: ['positions', 'strain'], backend });
    const b = restored.computeDense(TEST, { gradients: ['positions', 'strain'], backend });
    expect(a.size).toBeGreaterThan(0);
    expect(sameBits(a.values, b.values)).toBe(true);
    expect(sameBits(a.positionGradients!, b.positionGradients!)).toBe(true);
    expect(sameBits(a.strainGradients!, b.strainGradients!)).toBe(true);
    const ta = calc.compute(TEST, { backend });
    const tb = restored.compute(TEST, { backend });
    expect(tb.keys.equals(ta.keys)).toBe(true);
    for (let k = 0; k < ta.keys.count; k++) expect(sameBits(ta.block(k).values, tb.block(k).values)).toBe(true);
  });

  it('a refit on the same data gives the same bits; a variance threshold keeps fewer components', () => {
    const again = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 4, skipRedundant: true, compression: { components: 5 } }).fit(TRAINING, { backend });
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(calc.toJSON()));
    const loose = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 4, skipRedundant: true, compression: { components: 5, varianceThreshold: 0.9 } }).fit(TRAINING, { backend });
    expect(loose.sizeFor(2)).toBeLessThan(calc.sizeFor(2));
  });
});

describe('DensityCorrelations options and state errors', () => {
  it('rejects bad options with a message naming the option', () => {
    const make = (options: unknown) => () => new DensityCorrelations(HYPERS, options as never);
    expect(make({})).toThrow(/options.maxCorrelationOrder/);
    expect(make({ maxCorrelationOrder: 9 })).toThrow(/options.maxCorrelationOrder/);
    expect(make({ maxCorrelationOrder: 2.5 })).toThrow(/options.maxCorrelationOrder/);
    expect(make({ maxCorrelationOrder: 3, angularCutoff: -1 })).toThrow(/options.angularCutoff/);
    expect(make({ maxCorrelationOrder: 3, skipRedundant: 'yes' })).toThrow(/options.skipRedundant/);
    expect(make({ maxCorrelationOrder: 3, compression: { components: 0 } })).toThrow(/options.compression.components/);
    expect(make({ maxCorrelationOrder: 3, compression: { components: [4, 4] } })).toThrow(/options.compression.components must have one entry per order/);
    expect(make({ maxCorrelationOrder: 3, compression: { components: 4, varianceThreshold: 1.5 } })).toThrow(/options.compression.varianceThreshold/);
    expect(make({ maxCorrelationOrder: 3, compression: { n: 4 } })).toThrow(/options.compression.n/);
    expect(make({ maxCorrelationOrder: 3, invariantOrders: [3, 2] })).toThrow(/options.invariantOrders/);
    expect(make({ maxCorrelationOrder: 3, invariantOrders: [4] })).toThrow(/options.invariantOrders\[0\]/);
    expect(make({ maxCorrelationOrder: 3, selectedKeys: new Labels(['l_1'], [[1]]) })).toThrow(/options.selectedKeys/);
    expect(make({ maxCorrelationOrder: 3, compresion: null })).toThrow(/options.compresion/);
    expect(make(null)).toThrow(/options must be an object/);
  });

  it('explains what is missing: fit before compute, the fitted species, hypers for fromJSON', () => {
    const calc = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2, compression: { components: 3 } });
    expect(() => calc.computeDense(TEST)).toThrow(/call fit\(structures\)/);
    expect(() => new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2 }).fit(TRAINING)).toThrow(/options.compression/);
    calc.fit(TRAINING);
    expect(() => calc.computeDense(TEST, { species: [1, 6, 8] })).toThrow(/fitted species \[1, 8\]/);
    expect(() => calc.computeDense({ positions: [0, 0, 0, 1, 0, 0], numbers: [1, 6] })).toThrow(/Z = 6/);
    const fromExpansion = new DensityCorrelations(new SphericalExpansion(HYPERS), { maxCorrelationOrder: 2, compression: { components: 3 } }).fit(TRAINING);
    const json = fromExpansion.toJSON();
    expect(() => DensityCorrelations.fromJSON(json)).toThrow(/pass the expansion/);
    expect(DensityCorrelations.fromJSON(json, HYPERS).computeDense(TEST).values).toEqual(fromExpansion.computeDense(TEST).values);
    const other = { ...HYPERS, basis: { ...HYPERS.basis, maxAngular: 3 } };
    expect(() => DensityCorrelations.fromJSON(json, other)).toThrow(/json.fitted.channels\[\d+\] does not match/);
    expect(() => DensityCorrelations.fromJSON({ ...json, version: 2 } as unknown as DensityCorrelationsJSON)).toThrow(/json.format/);
  });

  it('never modifies its input', () => {
    const copy = JSON.parse(JSON.stringify(TRAINING));
    const calc = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, compression: { components: 4 } }).fit(TRAINING);
    calc.computeDense(TRAINING[0], { gradients: ['positions', 'strain'] });
    calc.compute(TRAINING, { gradients: ['positions', 'strain'] });
    expect(TRAINING).toEqual(copy);
  });
});
