import { wignerD } from '@equikit/o3';
import { describe, expect, it } from 'vitest';
import { SphericalExpansion, type SphericalExpansionHypers } from '../src/index.js';
import { cluster, randomRotation, rattledRockSalt, representationMatrix, rotateRows, seeded, smallSiliconCell } from './helpers.js';

const HYPERS: SphericalExpansionHypers[] = [
  {
    cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
    density: { type: 'gaussian', width: 0.3 },
    basis: { maxAngular: 5, radial: { type: 'gto', maxRadial: 5 } },
  },
  {
    cutoff: { radius: 3.8, smoothing: { type: 'step' } },
    density: { type: 'gaussian', width: 0.5, centerAtomWeight: 0.5 },
    basis: { maxAngular: 4, radial: { type: 'laplacian-eigenstate', maxRadial: 5 } },
  },
];

const STRUCTURES = [
  ['cluster', cluster(seeded(1))],
  ['rock salt', rattledRockSalt(seeded(2))],
  ['small Si cell', smallSiliconCell(seeded(3))],
] as const;

const BACKENDS = ['js', 'wasm', 'wasm-simd'] as const;

describe.each(BACKENDS.flatMap((backend) => HYPERS.map((h) => [backend, h.basis.radial.type, h] as const)))('symmetries (%s), %s basis', (backend, _, hypers) => {
  const calculator = new SphericalExpansion(hypers);
  const L = hypers.basis.maxAngular;
  const K = (L + 1) ** 2;

  it.each(STRUCTURES)('%s: rotations (with and without inversion) act by wignerD(l, R) on each l', (_, structure) => {
    const rng = seeded(11);
    const before = calculator.computeDense(structure, { backend });
    const N = before.maxRadial;
    const scale = Math.max(...before.values.map(Math.abs));
    for (const invert of [false, true]) {
      const R = randomRotation(rng, invert);
      const rotated = { ...structure, positions: Array.from(rotateRows(structure.positions, R)) } as typeof structure & { cell?: number[] };
      if ('cell' in structure) rotated.cell = Array.from(rotateRows(structure.cell, R));
      const after = calculator.computeDense(rotated, { backend });
      const D = Array.from({ length: L + 1 }, (__, l) => wignerD(l, R));
      // o3's wignerD agrees with the representation fitted from the harmonics (independent of it)
      for (let l = 0; l <= L; l++) {
        const fitted = representationMatrix(l, R, rng);
        fitted.forEach((v, k) => expect(Math.abs(v - D[l][k])).toBeLessThan(1e-10));
      }
      const rows = before.values.length / (N * K);
      let worst = 0;
      for (let row = 0; row < rows; row++) {
        for (let n = 0; n < N; n++) {
          const base = (row * N + n) * K;
          for (let l = 0; l <= L; l++) {
            const w = 2 * l + 1;
            for (let m = 0; m < w; m++) {
              let expected = 0;
              for (let k = 0; k < w; k++) expected += D[l][m * w + k] * before.values[base + l * l + k];
              worst = Math.max(worst, Math.abs(after.values[base + l * l + m] - expected));
            }
          }
        }
      }
      expect(worst / scale, `invert=${invert}`).toBeLessThan(1e-10);
    }
  });

  it.each(STRUCTURES)('%s: translations and permutations leave the coefficients unchanged', (_, structure) => {
    const before = calculator.computeDense(structure, { backend });
    const scale = Math.max(...before.values.map(Math.abs));
    const shifted = { ...structure, positions: structure.positions.map((x, k) => x + [3.1, -7.4, 0.9][k % 3]) };
    const translated = calculator.computeDense(shifted, { backend }).values;
    translated.forEach((v, k) => expect(Math.abs(v - before.values[k])).toBeLessThan(1e-11 * scale));

    const n = structure.numbers.length;
    const permutation = Array.from({ length: n }, (__, k) => (k * 5 + 3) % n); // new atom k is old atom permutation[k]
    expect(new Set(permutation).size).toBe(n);
    const permuted = {
      ...structure,
      positions: permutation.flatMap((old) => structure.positions.slice(3 * old, 3 * old + 3)),
      numbers: permutation.map((old) => structure.numbers[old]),
    };
    const after = calculator.computeDense(permuted, { backend }).values;
    const row = before.values.length / n;
    permutation.forEach((old, k) => {
      for (let e = 0; e < row; e++) expect(Math.abs(after[k * row + e] - before.values[old * row + e])).toBeLessThan(1e-11 * scale);
    });
  });
});

describe('smoothness at the cutoff', () => {
  it('a neighbour crossing the cutoff takes its contribution to zero with a continuous first derivative', () => {
    const calculator = new SphericalExpansion({
      cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
      density: { type: 'gaussian', width: 0.3 },
      basis: { maxAngular: 3, radial: { type: 'gto', maxRadial: 4 } },
    });
    const direction = [0.48, -0.6, 0.64];
    const at = (r: number) => {
      const dense = calculator.computeDense({ positions: [0, 0, 0, ...direction.map((d) => d * r)], numbers: [6, 1] }, { gradients: true, species: [1, 6] });
      // centre 0, hydrogen channel, and its derivative along the direction
      const row = dense.values.length / 2;
      const values = dense.values.slice(0, row / 2);
      const grads = dense.positionGradients!;
      const along = values.map((_, e) => direction.reduce((sum, d, x) => sum + d * grads[((0 * 2 + 1) * 3 + x) * row + e], 0));
      return { values, along };
    };
    const inside = at(4.0 - 1e-7);
    const outside = at(4.0 + 1e-7);
    const justInside = at(4.0 - 1e-4);
    const deep = at(3.2);
    const scale = Math.max(...deep.values.map(Math.abs));
    const slopeScale = Math.max(...deep.along.map(Math.abs));
    expect(scale).toBeGreaterThan(1e-4);
    for (let e = 0; e < inside.values.length; e++) {
      expect(outside.values[e]).toBe(0);
      expect(outside.along[e]).toBe(0);
      expect(Math.abs(inside.values[e])).toBeLessThan(1e-12 * scale); // value ∝ (r_c − r)²
      expect(Math.abs(inside.along[e])).toBeLessThan(1e-5 * slopeScale); // slope ∝ (r_c − r)
      expect(Math.abs(justInside.along[e])).toBeLessThan(1e-2 * slopeScale);
    }
    // the slope vanishes linearly: 1000× closer to the cutoff, 1000× smaller
    const ratio = Math.max(...justInside.along.map(Math.abs)) / Math.max(...inside.along.map(Math.abs));
    expect(ratio).toBeGreaterThan(900);
    expect(ratio).toBeLessThan(1100);
  });
});
