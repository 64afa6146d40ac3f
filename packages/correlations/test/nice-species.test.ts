// DensityCorrelations under a species compression: the iteration (and its PCA) runs on d mixed
// channels c̃[q] = Σ_a W[q][a]·c[a]. Checked against the mixing done here by hand, identity
// weights against the uncompressed features, finite differences, symmetries, the feature count,
// the JSON state and refitting.
import { describe, expect, it } from 'vitest';
import { SphericalExpansion } from '@equikit/density';
import { DensityCorrelations, SpeciesCompression } from '../src/index.js';
import { BACKENDS, centralDifference, randomCluster, randomO3, relativeError, rotateStructure, seeded, strainStructure, type TestStructure } from './helpers.js';

const HYPERS = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.4 },
  basis: { maxAngular: 2, radial: { type: 'gto' as const, maxRadial: 3 }, splineAccuracy: 0 },
};
const rng = seeded(90);
const TRAINING = [randomCluster(rng, 6, [1, 6, 8], 2.6), randomCluster(rng, 5, [8, 1, 6], 2.4), randomCluster(rng, 5, [1, 8], 2.5)];
const STRUCTURE = randomCluster(rng, 5, [8, 1, 6], 2.3);

function det(R: ArrayLike<number>): number {
  return R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
}

function moved(s: TestStructure, atom: number, x: number, delta: number): TestStructure {
  const positions = s.positions.slice();
  positions[3 * atom + x] += delta;
  return { ...s, positions };
}

function calculators(): [string, DensityCorrelations][] {
  return [
    ['ν ≤ 3 exact, d = 2', new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, speciesCompression: { channels: 2, seed: 7 } })],
    [
      'ν ≤ 4, PCA and preselection, d = 2',
      new DensityCorrelations(HYPERS, { maxCorrelationOrder: 4, compression: { components: 6, expand: 30 }, speciesCompression: { channels: 2 } }).fit(TRAINING),
    ],
  ];
}

describe.each(BACKENDS)('DensityCorrelations with species compression (%s)', (backend) => {
  for (const [name, calc] of calculators()) {
    const dense = calc.computeDense(STRUCTURE, { gradients: ['positions', 'strain'], backend });
    const n = dense.nAtoms;
    const F = dense.size;

    it(`${name}: values are the iteration of the hand-mixed coefficients`, () => {
      const species = Int32Array.from([1, 6, 8]);
      const W = calc.speciesCompression!.weightsFor(species);
      const c = new SphericalExpansion(HYPERS).computeDense(STRUCTURE, { species, backend }).values;
      const B = c.length / (n * 3);
      const map = calc.mapFor(2);
      expect(map.inputSize).toBe(2 * B);
      const expected = new Float64Array(n * F);
      const mixed = new Float64Array(2 * B);
      for (let i = 0; i < n; i++) {
        mixed.fill(0);
        for (let q = 0; q < 2; q++) for (let a = 0; a < 3; a++) for (let k = 0; k < B; k++) mixed[q * B + k] += W[q * 3 + a] * c[(i * 3 + a) * B + k];
        map.forward(mixed, 0, expected, i * F);
      }
      expect(relativeError(dense.values, expected)).toBeLessThan(1e-13);
    });

    it(`${name}: position and strain gradients equal central finite differences`, () => {
      for (let k = 0; k < n; k++) {
        for (let x = 0; x < 3; x++) {
          const fd = centralDifference((d) => calc.computeDense(moved(STRUCTURE, k, x, d), { backend }).values, 1e-5);
          const ours = new Float64Array(n * F);
          for (let i = 0; i < n; i++) ours.set(dense.positionGradients!.subarray(((i * n + k) * 3 + x) * F, ((i * n + k) * 3 + x + 1) * F), i * F);
          expect(relativeError(ours, fd, 1e-10)).toBeLessThan(1e-7);
        }
      }
      for (let ab = 0; ab < 9; ab++) {
        const fd = centralDifference((d) => {
          const eps = new Float64Array(9);
          eps[ab] = d;
          return calc.computeDense(strainStructure(STRUCTURE, eps), { backend }).values;
        }, 1e-5);
        const ours = new Float64Array(n * F);
        for (let i = 0; i < n; i++) ours.set(dense.strainGradients!.subarray((i * 9 + ab) * F, (i * 9 + ab + 1) * F), i * F);
        expect(relativeError(ours, fd, 1e-10)).toBeLessThan(1e-7);
      }
    });

    it(`${name}: invariant under rotations with inversion, translations and permutations; the VJP agrees with the dense gradients`, () => {
      const r = seeded(8);
      let improper = 0;
      for (let trial = 0; trial < 3; trial++) {
        const R = randomO3(r);
        if (det(R) < 0) improper++;
        expect(relativeError(calc.computeDense(rotateStructure(STRUCTURE, R), { backend }).values, dense.values)).toBeLessThan(1e-11);
      }
      expect(improper).toBeGreaterThan(0);
      const translated = { ...STRUCTURE, positions: STRUCTURE.positions.map((v, k) => v + [0.4, -1.1, 2.2][k % 3]) };
      expect(relativeError(calc.computeDense(translated, { backend }).values, dense.values)).toBeLessThan(1e-11);
      const order = Array.from({ length: n }, (_, k) => (k + 3) % n);
      const permuted = { ...STRUCTURE, positions: order.flatMap((k) => STRUCTURE.positions.slice(3 * k, 3 * k + 3)), numbers: order.map((k) => STRUCTURE.numbers[k]) };
      const p = calc.computeDense(permuted, { backend }).values;
      order.forEach((k, slot) => expect(relativeError(p.subarray(slot * F, (slot + 1) * F), dense.values.subarray(k * F, (k + 1) * F))).toBeLessThan(1e-11));
      const g = new Float64Array(n * F).map(() => r() - 0.5);
      const vjp = calc.vectorJacobianProduct(STRUCTURE, g, { backend });
      const positions = new Float64Array(3 * n);
      for (let i = 0; i < n; i++) for (let k = 0; k < 3 * n; k++) for (let f = 0; f < F; f++) positions[k] += g[i * F + f] * dense.positionGradients![(i * 3 * n + k) * F + f];
      expect(relativeError(vjp.positions, positions)).toBeLessThan(1e-11);
    });

    it(`${name}: compute() blocks hold computeDense's invariants, with a gradient row for every neighbour`, () => {
      const map = calc.compute(STRUCTURE, { gradients: ['positions'], backend });
      const orders = calc.invariantOrderOf(3);
      expect(orders.length).toBe(F);
      let checked = 0;
      for (let k = 0; k < map.keys.count; k++) {
        const [nu, lambda, sigma, centre] = map.keys.entry(k);
        if (lambda !== 0 || sigma !== 1) continue;
        const block = map.block(k);
        const first = orders.indexOf(nu);
        const P = block.properties.count;
        for (let s = 0; s < block.samples.count; s++) {
          const atom = block.samples.entry(s)[1];
          expect(STRUCTURE.numbers[atom]).toBe(centre);
          expect(relativeError(block.values.subarray(s * P, (s + 1) * P), dense.values.subarray(atom * F + first, atom * F + first + P))).toBeLessThan(1e-13);
          checked++;
        }
        // the clusters are small: every other atom is a neighbour, of whatever species
        const rows = block.gradient('positions').samples;
        expect(rows.count).toBe(block.samples.count * n);
      }
      expect(checked).toBe(n * calc.invariantOrders.length);
    });
  }
});

describe('DensityCorrelations species compression: counts, weights and state', () => {
  it('identity weights over every species give the uncompressed features', () => {
    const species = [1, 6, 8];
    const identity = species.map((_, q) => species.map((__, a) => (a === q ? 1 : 0)));
    const mixed = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, speciesCompression: { channels: 3, weights: identity, species } });
    const plain = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3 });
    const a = mixed.computeDense(STRUCTURE, { gradients: ['strain'] });
    const b = plain.computeDense(STRUCTURE, { species, gradients: ['strain'] });
    expect(relativeError(a.values, b.values)).toBeLessThan(1e-14);
    expect(relativeError(a.strainGradients!, b.strainGradients!)).toBeLessThan(1e-14);
  });

  it('feature counts do not grow with the number of elements (they do without compression)', () => {
    const compressed = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, speciesCompression: { channels: 2 } });
    const plain = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3 });
    const sizes = [1, 2, 3, 4].map((S) => compressed.sizeFor(S));
    expect(new Set(sizes).size).toBe(1);
    expect(plain.sizeFor(2)).toBeGreaterThan(plain.sizeFor(1));
    expect(plain.sizeFor(4)).toBeGreaterThan(plain.sizeFor(3));
    // a structure with an element absent from the fit still gets the same features per atom (W is keyed by atomic number)
    const fitted = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, compression: { components: 5, expand: 20 }, speciesCompression: { channels: 2 } }).fit(TRAINING.slice(2));
    const withCarbon = fitted.computeDense(STRUCTURE);
    expect(withCarbon.size).toBe(fitted.sizeFor(2));
    expect(withCarbon.values.every(Number.isFinite)).toBe(true);
    // and a compute() over two structures has one set of blocks per centre type: linear in the elements
    const tm = fitted.compute([STRUCTURE, TRAINING[2]]);
    const centreTypes = new Set(Array.from({ length: tm.keys.count }, (_, k) => tm.keys.entry(k)[3]));
    expect([...centreTypes].sort()).toEqual([1, 6, 8]);
    const perType = tm.keys.count / 3;
    expect(Number.isInteger(perType)).toBe(true);
  });

  it('a refit replaces the cached mixed maps; toJSON → text → fromJSON is bit for bit', () => {
    const options = { maxCorrelationOrder: 3, compression: { components: 5, expand: 25 }, speciesCompression: { channels: 2, seed: 3 } };
    const calc = new DensityCorrelations(HYPERS, options).fit(TRAINING.slice(0, 1));
    const before = calc.computeDense(STRUCTURE).values;
    calc.fit(TRAINING.slice(1));
    const fresh = new DensityCorrelations(HYPERS, options).fit(TRAINING.slice(1));
    const after = calc.computeDense(STRUCTURE).values;
    expect(after).toEqual(fresh.computeDense(STRUCTURE).values);
    expect(relativeError(after, before)).toBeGreaterThan(1e-6);
    const json = JSON.parse(JSON.stringify(calc.toJSON()));
    expect(json.options.speciesCompression).toEqual({ channels: 2, seed: 3 });
    const restored = DensityCorrelations.fromJSON(json);
    expect(restored.computeDense(STRUCTURE).values.every((v, k) => Object.is(v, after[k]))).toBe(true);
    // an explicit weight matrix round-trips too; a SpeciesCompression object of random weights becomes { channels, seed }
    const weights = { channels: 2, weights: [[1, 0.5, -0.2], [0.3, -1, 0.8]], species: [1, 6, 8] };
    const explicit = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2, speciesCompression: weights });
    expect(DensityCorrelations.fromJSON(JSON.parse(JSON.stringify(explicit.toJSON()))).computeDense(STRUCTURE).values).toEqual(explicit.computeDense(STRUCTURE).values);
    const object = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2, speciesCompression: SpeciesCompression.parse({ channels: 2, seed: 5 }) });
    expect(object.toJSON().options.speciesCompression).toEqual({ channels: 2, weights: 'random', seed: 5 });
  });

  it('bad options get a clear error', () => {
    expect(() => new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2, speciesCompression: { channels: 0 } })).toThrow(/options.speciesCompression.channels/);
    expect(() => new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2, speciesCompression: { channels: 2, weights: [[1], [2]], species: [1] } }).computeDense(STRUCTURE)).toThrow(
      /no weight column for atomic number/,
    );
    const fitted = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2, compression: { components: 3 }, speciesCompression: { channels: 2 } }).fit(TRAINING);
    expect(() => fitted.planFor(3)).toThrow(/fitted for 2 species-compression channels/);
  });
});
