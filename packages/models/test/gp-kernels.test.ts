// The GP's WebAssembly row kernels (assembly/gp-kernels.ts) against the TypeScript reference
// (kernelRowsJs: each pair's tangent dotted with every point), both algebras on both builds.
import { describe, expect, it } from 'vitest';
import { Structure, type BackendName } from '@equikit/core';
import { PowerSpectrum } from '@equikit/correlations';
import { atomFeatures, kernelRows, kernelRowsJs, type FeatureContext, type SparseSet } from '../src/gp/kernel.js';
import { cheaperAlgebra, type RowAlgebra } from '../src/gp/kernel-wasm.js';
import { HYPERS, randomCluster, randomPeriodic, relativeError, seeded, toStructure } from './gp-helpers.js';

const WASM: readonly BackendName[] = ['wasm', 'wasm-simd'];
const ALGEBRAS: readonly RowAlgebra[] = ['pullback', 'tangent'];
const TOLERANCE = 1e-12;

/** Sparse points per species with counts that are not multiples of the kernels' tile of 4. */
function sparseSet(F: number, species: Int32Array, counts: number[], rng: () => number): SparseSet {
  const offsets = new Int32Array(counts.length + 1);
  counts.forEach((c, s) => (offsets[s + 1] = offsets[s] + c));
  const points = Float64Array.from({ length: offsets[counts.length] * F }, () => rng() - 0.3);
  return { species, width: F, offsets, points };
}

function context(hypers: object, S: number, backend: BackendName): FeatureContext {
  const spectrum = new PowerSpectrum(hypers as never, { normalize: true });
  return { expansion: spectrum.expansion, map: spectrum.mapFor(S), backend };
}

function compare(structure: Structure, hypers: object, species: Int32Array, counts: number[], zeta: number, seed: number) {
  const rng = seeded(seed);
  const reference = context(hypers, species.length, 'js');
  const { coefficients, values } = atomFeatures(reference, structure, species);
  const set = sparseSet(reference.map.outputSize, species, counts, rng);
  const want = { forces: true, strain: true };
  const expected = kernelRowsJs(reference, set, zeta, structure, coefficients, values, want);
  return (backend: BackendName, algebra: RowAlgebra) => {
    const got = kernelRows(context(hypers, species.length, backend), set, zeta, structure, coefficients, values, want, algebra);
    return {
      energy: relativeError(got.energy, expected.energy),
      forces: relativeError(got.forces!, expected.forces!),
      strain: relativeError(got.strain!, expected.strain!),
    };
  };
}

const THREE = Int32Array.from([6, 8, 14]);
const triclinic = toStructure(randomPeriodic(seeded(11), 9, [6, 14, 8], 4.2));
const cluster = toStructure(randomCluster(seeded(12), 8, [14, 6], 4.5));
// two atoms in a small cell with a long cutoff: ~180 neighbours of one type per centre, more than
// the kernels stage at once (128), so a centre's pairs go through in two calls
const crowded = new Structure({ positions: [0, 0, 0, 0.9, 1.0, 0.8], numbers: [14, 14], cell: [1.8, 0, 0, 0.1, 1.9, 0, 0, 0.2, 1.85], pbc: true });
const LONG = { ...HYPERS, cutoff: { radius: 5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } } };

describe.each(WASM)('GP row kernels (%s) equal the TypeScript reference', (backend) => {
  describe.each(ALGEBRAS)('%s algebra', (algebra) => {
    it('three species in a triclinic cell, ζ = 3, 5/2/7 points per species', () => {
      const errors = compare(triclinic, HYPERS, THREE, [5, 2, 7], 3, 1)(backend, algebra);
      expect(errors.energy).toBeLessThan(TOLERANCE);
      expect(errors.forces).toBeLessThan(TOLERANCE);
      expect(errors.strain).toBeLessThan(TOLERANCE);
    });

    it('a cluster with a species that has one sparse point, ζ = 1 and 4', () => {
      for (const zeta of [1, 4]) {
        const errors = compare(cluster, HYPERS, Int32Array.from([6, 14]), [1, 6], zeta, 2)(backend, algebra);
        expect(errors.energy).toBeLessThan(TOLERANCE);
        expect(errors.forces).toBeLessThan(TOLERANCE);
        expect(errors.strain).toBeLessThan(TOLERANCE);
      }
    });

    it('a centre with more pairs than one staging batch holds', () => {
      const errors = compare(crowded, LONG, Int32Array.from([14]), [9], 2, 3)(backend, algebra);
      expect(errors.forces).toBeLessThan(TOLERANCE);
      expect(errors.strain).toBeLessThan(TOLERANCE);
    });
  });

  it('an isolated atom (no neighbours) has an energy row and zero force rows', () => {
    const lonely = new Structure({ positions: [0, 0, 0, 20, 0, 0, 21.5, 0, 0], numbers: [14, 14, 14] });
    const species = Int32Array.from([14]);
    const ctx = context(HYPERS, 1, backend);
    const { coefficients, values } = atomFeatures(ctx, lonely, species);
    const set = sparseSet(ctx.map.outputSize, species, [3], seeded(4));
    const expected = kernelRowsJs({ ...ctx, backend: 'js' }, set, 2, lonely, coefficients, values, { forces: true, strain: false });
    const got = kernelRows(ctx, set, 2, lonely, coefficients, values, { forces: true, strain: false });
    expect(relativeError(got.energy, expected.energy)).toBeLessThan(TOLERANCE);
    expect(relativeError(got.forces!, expected.forces!)).toBeLessThan(TOLERANCE);
    expect(Array.from(got.forces!.subarray(0, 9))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(got.strain).toBeUndefined();
  });
});

describe('GP row kernels: choice of algebra', () => {
  it('pulls back through the coefficients when N·(l+1)² < F (N > l + 1), else contracts tangents', () => {
    const set = (F: number) => ({ species: Int32Array.from([14]), width: F, offsets: Int32Array.from([0, 1]), points: new Float64Array(F) });
    const hypers = (n: number, l: number) => ({ ...HYPERS, basis: { maxAngular: l, radial: { type: 'gto' as const, maxRadial: n } } });
    const wide = context(hypers(8, 6), 1, 'wasm');
    const deep = context(hypers(4, 8), 1, 'wasm');
    expect(cheaperAlgebra(wide, set(wide.map.outputSize), 30)).toBe('pullback');
    expect(cheaperAlgebra(deep, set(deep.map.outputSize), 30)).toBe('tangent');
  });
});

describe('GP prediction cotangents', () => {
  it('predict on wasm and wasm-simd equals the TypeScript path (energy, forces, stress) to 1e-12', async () => {
    const { SparseGPPotential } = await import('../src/index.js');
    const rng = seeded(21);
    const train = [0, 1, 2].map(() => {
      const s = randomPeriodic(rng, 4, [14, 6]);
      return toStructure(s, { energy: rng(), stress: Float64Array.from({ length: 6 }, () => 0.01 * rng()) }, { forces: Float64Array.from({ length: 12 }, () => rng() - 0.5) });
    });
    const model = await SparseGPPotential.fit(train, { features: HYPERS, zeta: 3, sparsePoints: { count: 5 }, regularization: 1e-2 });
    const probe = toStructure(randomPeriodic(seeded(22), 5, [6, 14]));
    const expected = model.predict(probe, { backend: 'js' });
    for (const backend of WASM) {
      const got = model.predict(probe, { backend });
      expect(Math.abs(got.energy - expected.energy)).toBeLessThan(1e-12 * Math.abs(expected.energy));
      expect(relativeError(got.forces, expected.forces)).toBeLessThan(TOLERANCE);
      expect(relativeError(got.stress!, expected.stress!)).toBeLessThan(TOLERANCE);
    }
  });
});
