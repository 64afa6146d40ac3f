import { describe, expect, it } from 'vitest';
import { PowerSpectrum } from '../src/index.js';
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
  cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.4 },
  basis: { maxAngular: 3, radial: { type: 'gto' as const, maxRadial: 4 } },
};

const rng = seeded(7);
const CASES: [string, TestStructure][] = [
  ['cluster, two species', randomCluster(rng, 7, [1, 8], 3.2)],
  ['small periodic cell (images of the centre are neighbours)', randomPeriodic(rng, 3, [14, 6])],
];

function moved(s: TestStructure, atom: number, x: number, delta: number): TestStructure {
  const positions = s.positions.slice();
  positions[3 * atom + x] += delta;
  return { ...s, positions };
}

describe.each(BACKENDS)('PowerSpectrum gradients and symmetries (%s)', (backend) => {
  describe.each(CASES)('%s', (_, structure) => {
    for (const normalize of [false, true]) {
      const calc = new PowerSpectrum(HYPERS, { normalize });
      const species = [...new Set(structure.numbers)].sort((a, b) => a - b);
      const dense = calc.computeDense(structure, { gradients: ['positions', 'strain'], backend });
      const n = dense.nAtoms;
      const F = dense.size;

      it(`normalize ${normalize}: position gradients equal central finite differences`, () => {
        for (let k = 0; k < n; k++) {
          for (let x = 0; x < 3; x++) {
            const fd = centralDifference((d) => calc.computeDense(moved(structure, k, x, d), { backend }).values, 1e-5);
            const ours = new Float64Array(n * F);
            for (let i = 0; i < n; i++) ours.set(dense.positionGradients!.subarray(((i * n + k) * 3 + x) * F, ((i * n + k) * 3 + x + 1) * F), i * F);
            expect(relativeError(ours, fd)).toBeLessThan(1e-7);
          }
        }
      });

      it(`normalize ${normalize}: strain gradients equal central finite differences`, () => {
        for (let a = 0; a < 3; a++) {
          for (let b = 0; b < 3; b++) {
            const fd = centralDifference((d) => {
              const eps = new Float64Array(9);
              eps[3 * a + b] = d;
              return calc.computeDense(strainStructure(structure, eps), { backend }).values;
            }, 1e-5);
            const ours = new Float64Array(n * F);
            for (let i = 0; i < n; i++) ours.set(dense.strainGradients!.subarray((i * 9 + 3 * a + b) * F, (i * 9 + 3 * a + b + 1) * F), i * F);
            expect(relativeError(ours, fd)).toBeLessThan(1e-7);
          }
        }
      });

      it(`normalize ${normalize}: invariant under rotations with inversion, translations and permutations`, () => {
        const r = seeded(11);
        for (let trial = 0; trial < 3; trial++) {
          const R = randomO3(r);
          const rotated = calc.computeDense(rotateStructure(structure, R), { backend, species });
          expect(relativeError(rotated.values, dense.values)).toBeLessThan(1e-12);
        }
        const shift = [0.3, -1.2, 2.5];
        const translated = { ...structure, positions: structure.positions.map((v, k) => v + shift[k % 3]) };
        expect(relativeError(calc.computeDense(translated, { backend }).values, dense.values)).toBeLessThan(1e-12);
        const order = Array.from({ length: n }, (_, k) => n - 1 - k);
        const permuted = {
          ...structure,
          positions: order.flatMap((k) => structure.positions.slice(3 * k, 3 * k + 3)),
          numbers: order.map((k) => structure.numbers[k]),
        };
        const p = calc.computeDense(permuted, { backend }).values;
        order.forEach((k, slot) => expect(relativeError(p.subarray(slot * F, (slot + 1) * F), dense.values.subarray(k * F, (k + 1) * F))).toBeLessThan(1e-12));
      });

      it(`normalize ${normalize}: species sums and the vector–Jacobian product agree with the dense gradients`, () => {
        const sums = calc.computeSpeciesSums(structure, { gradients: ['positions', 'strain'], backend });
        const S = species.length;
        const expectValues = new Float64Array(S * F);
        const expectPositions = new Float64Array(S * n * 3 * F);
        const expectStrain = new Float64Array(S * 9 * F);
        for (let i = 0; i < n; i++) {
          const s = species.indexOf(structure.numbers[i]);
          for (let f = 0; f < F; f++) expectValues[s * F + f] += dense.values[i * F + f];
          for (let k = 0; k < n * 3 * F; k++) expectPositions[s * n * 3 * F + k] += dense.positionGradients![i * n * 3 * F + k];
          for (let k = 0; k < 9 * F; k++) expectStrain[s * 9 * F + k] += dense.strainGradients![i * 9 * F + k];
        }
        expect(relativeError(sums.values, expectValues)).toBeLessThan(1e-13);
        expect(relativeError(sums.positionGradients!, expectPositions)).toBeLessThan(1e-12);
        expect(relativeError(sums.strainGradients!, expectStrain)).toBeLessThan(1e-12);

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
    }
  });
});

describe('PowerSpectrum options', () => {
  it('rejects bad options with a message naming the field', () => {
    expect(() => new PowerSpectrum(HYPERS, { normalize: 'yes' as unknown as boolean })).toThrow(/options.normalize/);
    expect(() => new PowerSpectrum(HYPERS, null as unknown as {})).toThrow(/options must be an object/);
    const calc = new PowerSpectrum(HYPERS);
    const s = CASES[0][1];
    expect(() => calc.computeDense(s, { gradients: ['forces' as 'positions'] })).toThrow(/options.gradients\[0\]/);
    expect(() => calc.computeDense(s, { species: [1] })).toThrow(/atomic number 8|Z = 8/);
    expect(() => calc.vectorJacobianProduct(s, new Float64Array(3))).toThrow(/cotangent/);
  });

  it('never modifies its input', () => {
    const s = CASES[1][1];
    const copy = JSON.parse(JSON.stringify(s));
    new PowerSpectrum(HYPERS, { normalize: true }).computeDense(s, { gradients: ['positions', 'strain'] });
    expect(s).toEqual(copy);
  });
});
