// Species compression: c̃[q] = Σ_a W[q][a]·c[a] before the power spectrum. Checked against the
// mixing done here by hand, finite differences, O(3)/permutation/translation invariance, the
// reproducibility and atomic-number keying of W, and the feature count.
import { SphericalExpansion } from '@equikit/density';
import { mulberry32 } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { PowerSpectrum, PowerSpectrumMap, randomSpeciesColumn, SpeciesCompression } from '../src/index.js';
import {
  BACKENDS,
  centralDifference,
  randomCluster,
  randomO3,
  randomPeriodic,
  relativeError,
  rotateStructure,
  seeded,
  strainStructure,
  type TestStructure,
} from './helpers.js';

const HYPERS = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.4 },
  basis: { maxAngular: 2, radial: { type: 'gto' as const, maxRadial: 3 } },
};
const N = 3;
const L = 3;

const rng = seeded(21);
const CASES: [string, TestStructure][] = [
  ['cluster, three species', randomCluster(rng, 6, [1, 6, 8], 2.8)],
  ['small periodic cell', randomPeriodic(rng, 3, [14, 6])],
];

function moved(s: TestStructure, atom: number, x: number, delta: number): TestStructure {
  const positions = s.positions.slice();
  positions[3 * atom + x] += delta;
  return { ...s, positions };
}

describe.each(BACKENDS)('PowerSpectrum with species compression (%s)', (backend) => {
  describe.each(CASES)('%s', (_, structure) => {
    for (const normalize of [false, true]) {
      const calc = new PowerSpectrum(HYPERS, { normalize, speciesCompression: { channels: 2, seed: 5 } });
      const dense = calc.computeDense(structure, { gradients: ['positions', 'strain'], backend });
      const n = dense.nAtoms;
      const F = dense.size;

      it(`normalize ${normalize}: values are the power spectrum of the hand-mixed coefficients`, () => {
        expect(F).toBe(3 * N * N * L); // d(d+1)/2 channel pairs
        const expansion = new SphericalExpansion(HYPERS).computeDense(structure, { backend });
        const S = expansion.species.length;
        const B = N * L * L;
        const map = new PowerSpectrumMap({ nSpecies: 2, maxRadial: N, maxAngular: L - 1 });
        const columns = Array.from(expansion.species, (z) => randomSpeciesColumn(5, z, 2));
        for (let i = 0; i < n; i++) {
          const mixed = new Float64Array(2 * B);
          for (let q = 0; q < 2; q++) for (let a = 0; a < S; a++) for (let k = 0; k < B; k++) mixed[q * B + k] += columns[a][q] * expansion.values[(i * S + a) * B + k];
          const want = new Float64Array(F);
          map.forward(mixed, 0, want, 0);
          if (normalize) {
            const norm = Math.hypot(...want);
            want.forEach((v, f) => (want[f] = v / norm));
          }
          expect(relativeError(dense.values.subarray(i * F, (i + 1) * F), want)).toBeLessThan(1e-13);
        }
      });

      it(`normalize ${normalize}: position and strain gradients equal central finite differences`, () => {
        for (let k = 0; k < n; k++) {
          for (let x = 0; x < 3; x++) {
            const fd = centralDifference((d) => calc.computeDense(moved(structure, k, x, d), { backend }).values, 1e-5);
            const ours = new Float64Array(n * F);
            for (let i = 0; i < n; i++) ours.set(dense.positionGradients!.subarray(((i * n + k) * 3 + x) * F, ((i * n + k) * 3 + x + 1) * F), i * F);
            expect(relativeError(ours, fd)).toBeLessThan(1e-7);
          }
        }
        for (let e = 0; e < 9; e++) {
          const fd = centralDifference((d) => {
            const eps = new Float64Array(9);
            eps[e] = d;
            return calc.computeDense(strainStructure(structure, eps), { backend }).values;
          }, 1e-5);
          const ours = new Float64Array(n * F);
          for (let i = 0; i < n; i++) ours.set(dense.strainGradients!.subarray((i * 9 + e) * F, (i * 9 + e + 1) * F), i * F);
          expect(relativeError(ours, fd)).toBeLessThan(1e-7);
        }
      });

      it(`normalize ${normalize}: invariant under rotations with inversion, translations and permutations`, () => {
        const r = seeded(13);
        for (let trial = 0; trial < 3; trial++) {
          expect(relativeError(calc.computeDense(rotateStructure(structure, randomO3(r)), { backend }).values, dense.values)).toBeLessThan(1e-12);
        }
        const translated = { ...structure, positions: structure.positions.map((v, k) => v + [0.7, -0.4, 1.9][k % 3]) };
        expect(relativeError(calc.computeDense(translated, { backend }).values, dense.values)).toBeLessThan(1e-12);
        const order = Array.from({ length: n }, (_, k) => (k + 2) % n);
        const permuted = { ...structure, positions: order.flatMap((k) => structure.positions.slice(3 * k, 3 * k + 3)), numbers: order.map((k) => structure.numbers[k]) };
        const p = calc.computeDense(permuted, { backend }).values;
        order.forEach((k, slot) => expect(relativeError(p.subarray(slot * F, (slot + 1) * F), dense.values.subarray(k * F, (k + 1) * F))).toBeLessThan(1e-12));
      });

      it(`normalize ${normalize}: the vector–Jacobian product (pullback through the mixing) agrees with the dense gradients`, () => {
        const g = new Float64Array(n * F).map(() => rng() - 0.5);
        const vjp = calc.vectorJacobianProduct(structure, g, { backend });
        const positions = new Float64Array(3 * n);
        const strain = new Float64Array(9);
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < 3 * n; k++) for (let f = 0; f < F; f++) positions[k] += g[i * F + f] * dense.positionGradients![(i * 3 * n + k) * F + f];
          for (let k = 0; k < 9; k++) for (let f = 0; f < F; f++) strain[k] += g[i * F + f] * dense.strainGradients![(i * 9 + k) * F + f];
        }
        expect(relativeError(vjp.positions, positions)).toBeLessThan(1e-11);
        expect(relativeError(vjp.strain, strain)).toBeLessThan(1e-11);
      });

      it(`normalize ${normalize}: compute() gives channel keys, every neighbour a gradient row, computeDense's entries`, () => {
        const tm = calc.compute(structure, { gradients: ['positions', 'strain'], backend });
        expect(tm.keys.names).toEqual(['center_type', 'neighbor_1_channel', 'neighbor_2_channel']);
        const centreTypes = [...new Set(structure.numbers)].sort((a, b) => a - b);
        expect(tm.keys.count).toBe(centreTypes.length * 3);
        const size = N * N * L;
        for (let k = 0; k < tm.keys.count; k++) {
          const [, q1, q2] = tm.keys.entry(k);
          const offset = (q1 === 0 ? q2 : 2) * size; // pairs (0,0), (0,1), (1,1)
          const block = tm.block(k);
          const positions = block.gradient('positions');
          for (let g = 0; g < positions.samples.count; g++) {
            const [sample, , atom] = positions.samples.entry(g);
            const [, centre] = block.samples.entry(sample);
            for (let x = 0; x < 3; x++) {
              const from = ((centre * n + atom) * 3 + x) * F + offset;
              expect(relativeError(positions.values.subarray((g * 3 + x) * size, (g * 3 + x + 1) * size), dense.positionGradients!.subarray(from, from + size), 1e-12)).toBeLessThan(1e-13);
            }
          }
          for (let r = 0; r < block.samples.count; r++) {
            const [, centre] = block.samples.entry(r);
            expect(relativeError(block.values.subarray(r * size, (r + 1) * size), dense.values.subarray(centre * F + offset, centre * F + offset + size))).toBeLessThan(1e-14);
            // rows: the centre and every neighbour with a nonzero dense gradient
            for (let atom = 0; atom < n; atom++) {
              const from = (centre * n + atom) * 3 * F + offset;
              let biggest = 0;
              for (let x = 0; x < 3; x++) for (let f = 0; f < size; f++) biggest = Math.max(biggest, Math.abs(dense.positionGradients![from + x * F + f]));
              if (biggest > 0) expect(positions.samples.contains([r, 0, atom])).toBe(true);
            }
          }
        }
      });
    }
  });
});

describe('species compression weights', () => {
  const s = CASES[0][1];

  it('identity weights over every species reproduce the uncompressed power spectrum', () => {
    const full = new PowerSpectrum(HYPERS).computeDense(s, { gradients: ['positions'] });
    const identity = new PowerSpectrum(HYPERS, {
      speciesCompression: { channels: 3, species: [8, 1, 6], weights: [[0, 1, 0], [0, 0, 1], [1, 0, 0]] }, // columns O, H, C: channel q = q-th element by Z
    }).computeDense(s, { gradients: ['positions'] });
    expect(relativeError(identity.values, full.values)).toBeLessThan(1e-15);
    expect(relativeError(identity.positionGradients!, full.positionGradients!)).toBeLessThan(1e-15);
  });

  it('are keyed by atomic number: an element absent from a structure changes nothing', () => {
    const hydrogenOxygen = { positions: s.positions.slice(0, 9), numbers: [1, 8, 1] };
    const calc = new PowerSpectrum(HYPERS, { speciesCompression: { channels: 2, seed: 9 } });
    const own = calc.computeDense(hydrogenOxygen);
    const wider = calc.computeDense(hydrogenOxygen, { species: [1, 6, 8, 14] });
    expect(own.size).toBe(wider.size);
    expect(relativeError(wider.values, own.values)).toBeLessThan(1e-14);
  });

  it('random columns are reproducible, follow the documented Box–Muller on mulberry32, and depend on the seed', () => {
    const z = 26;
    const rngRef = mulberry32((7 + Math.imul(z, 0x9e3779b1)) >>> 0);
    const want = Array.from({ length: 4 }, () => {
      const u1 = rngRef();
      const u2 = rngRef();
      return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    });
    expect(Array.from(randomSpeciesColumn(7, z, 4))).toEqual(want);
    const a = new PowerSpectrum(HYPERS, { speciesCompression: { channels: 2, seed: 7 } }).computeDense(s).values;
    const b = new PowerSpectrum(HYPERS, { speciesCompression: { channels: 2, seed: 7 } }).computeDense(s).values;
    const c = new PowerSpectrum(HYPERS, { speciesCompression: { channels: 2, seed: 8 } }).computeDense(s).values;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(relativeError(c, a)).toBeGreaterThan(1e-3);
    // the default is 'random' with seed 0
    const d = new PowerSpectrum(HYPERS, { speciesCompression: { channels: 2 } }).computeDense(s).values;
    const e = new PowerSpectrum(HYPERS, { speciesCompression: { channels: 2, weights: 'random', seed: 0 } }).computeDense(s).values;
    expect(Array.from(d)).toEqual(Array.from(e));
  });

  it('feature counts stay linear in the number of elements (quadratic without compression)', () => {
    const full = new PowerSpectrum(HYPERS);
    const compressed = new PowerSpectrum(HYPERS, { speciesCompression: { channels: 4 } });
    const elements = [1, 6, 7, 8, 9, 14, 16, 17];
    for (let S = 1; S <= elements.length; S++) {
      expect(compressed.sizeFor(S)).toBe(10 * N * N * L);
      expect(full.sizeFor(S)).toBe(((S * (S + 1)) / 2) * N * N * L);
      // TensorMap: one block per (centre type, channel pair): features summed over keys = S · const
      const structure = { positions: elements.slice(0, S).flatMap((_, k) => [1.1 * k, 0.3 * (k % 2), 0]), numbers: elements.slice(0, S) };
      const tm = compressed.compute(structure);
      let total = 0;
      for (let k = 0; k < tm.keys.count; k++) total += tm.block(k).properties.count;
      expect(total).toBe(S * 10 * N * N * L);
    }
  });

  it('bad options get a clear error', () => {
    const make = (speciesCompression: unknown) => () => new PowerSpectrum(HYPERS, { speciesCompression: speciesCompression as { channels: number } });
    expect(make(3)).toThrow(/options\.speciesCompression must be an object/);
    expect(make({})).toThrow(/options\.speciesCompression\.channels must be an integer/);
    expect(make({ channels: 0 })).toThrow(/options\.speciesCompression\.channels must be an integer in \[1, 1024\], got 0/);
    expect(make({ channels: 2, chanels: 3 })).toThrow(/options\.speciesCompression\.chanels is not an option/);
    expect(make({ channels: 2, seed: -1 })).toThrow(/options\.speciesCompression\.seed/);
    expect(make({ channels: 2, seed: 1.5 })).toThrow(/options\.speciesCompression\.seed must be an integer/);
    expect(make({ channels: 2, species: [1] })).toThrow(/random weights are keyed by atomic number/);
    expect(make({ channels: 2, weights: 'learned' })).toThrow(/options\.speciesCompression\.weights must be 'random' or an array/);
    expect(make({ channels: 2, weights: [[1], [2]] })).toThrow(/options\.speciesCompression\.species must list the atomic number/);
    expect(make({ channels: 2, weights: [[1]], species: [1] })).toThrow(/weights must have 2 rows/);
    expect(make({ channels: 1, weights: [[1, 2]], species: [1] })).toThrow(/weights\[0\] must have 1 entries/);
    expect(make({ channels: 1, weights: [[NaN]], species: [1] })).toThrow(/weights\[0\]\[0\] must be a finite number/);
    expect(make({ channels: 1, weights: [[1, 2]], species: [1, 1] })).toThrow(/must not repeat an atomic number/);
    expect(make({ channels: 1, weights: [[1]], species: [1], seed: 3 })).toThrow(/seed only applies to random weights/);
    expect(make({ channels: 1, weights: [[1]], species: [0] })).toThrow(/species\[0\] must be an integer in \[1, 118\]/);
    expect(() => new PowerSpectrum(HYPERS, { normalise: true } as unknown as {})).toThrow(/options\.normalise is not a PowerSpectrum option/);
    const explicit = new PowerSpectrum(HYPERS, { speciesCompression: { channels: 1, weights: [[1, 2]], species: [1, 6] } });
    expect(() => explicit.computeDense(s)).toThrow(/no weight column for atomic number 8/);
    expect(SpeciesCompression.parse({ channels: 3 }).channels).toBe(3);
  });

  it('never modifies the weights given', () => {
    const weights = [[0.5, -1], [2, 0.25]];
    const copy = JSON.parse(JSON.stringify(weights));
    const calc = new PowerSpectrum(HYPERS, { speciesCompression: { channels: 2, weights, species: [1, 8] } });
    calc.computeDense({ positions: [0, 0, 0, 1, 0, 0], numbers: [1, 8] }, { gradients: ['positions'] });
    expect(weights).toEqual(copy);
  });
});
