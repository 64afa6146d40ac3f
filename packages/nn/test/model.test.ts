import { describe, expect, it } from 'vitest';
import { EquivariantPotential, Tensor, grad, noGrad, sub, sum, square, type AtomsLike, type PotentialConfig } from '../src/index.js';
import { BACKENDS, normals, randomO3s, relativeError, rotateIrreps, rotateVectors, seeded } from './helpers.js';

function cluster(seed: number, n: number, numbers: number[]): AtomsLike {
  const rng = seeded(seed);
  const positions: number[] = [];
  while (positions.length < 3 * n) {
    const p = [rng() * 3, rng() * 3, rng() * 3];
    let ok = true;
    for (let k = 0; k < positions.length; k += 3) if (Math.hypot(p[0] - positions[k], p[1] - positions[k + 1], p[2] - positions[k + 2]) < 1) ok = false;
    if (ok) positions.push(...p);
  }
  return { positions, numbers: Array.from({ length: n }, (_, k) => numbers[k % numbers.length]) };
}

const periodic: AtomsLike = {
  positions: [0.1, 0.2, 0.1, 1.4, 1.5, 1.2, 0.2, 1.6, 1.9],
  numbers: [14, 14, 8],
  cell: [3.1, 0.1, 0, -0.2, 3.0, 0.1, 0.1, 0.2, 3.2],
  pbc: [true, true, true],
};

const configs: Array<[string, PotentialConfig]> = [
  ['NequIP', { species: [8, 14], rMax: 3.2, lMax: 2, hidden: '4x0e+2x1o+2x1e+1x2e', numInteractions: 2, numBasis: 6, radialHidden: [8], seed: 1 }],
  ['MACE ν=3', { species: [8, 14], rMax: 3.2, lMax: 2, hidden: '3x0e+3x1o+3x2e', numInteractions: 2, numBasis: 6, radialHidden: [8], correlation: 3, seed: 2 }],
];

function rotateStructure(s: AtomsLike, R: Float64Array): AtomsLike {
  return { ...s, positions: rotateVectors(s.positions as number[], R), cell: s.cell ? rotateVectors(s.cell as number[], R) : undefined };
}

describe.each(BACKENDS)('EquivariantPotential on %s', { timeout: 60_000 }, (backend) => {
  for (const [name, config] of configs) {
    describe(name, () => {
      const model = new EquivariantPotential(config, { backend });
      const structures = [cluster(3, 5, [8, 14]), periodic];

      it('energy is invariant and forces equivariant under O(3) (with inversion), translations and permutations', () => {
        for (const s of structures) {
          const { energy, forces } = model.predict(s);
          expect(Math.abs(energy)).toBeGreaterThan(1e-6);
          for (const R of randomO3s(17, 2)) {
            const r = model.predict(rotateStructure(s, R));
            expect(Math.abs(r.energy - energy)).toBeLessThan(1e-11 * Math.max(1, Math.abs(energy)));
            expect(relativeError(r.forces, rotateVectors(forces, R))).toBeLessThan(1e-10);
          }
          const shifted = { ...s, positions: (s.positions as number[]).map((x, k) => x + [0.3, -1.1, 2.5][k % 3]) };
          expect(Math.abs(model.predict(shifted).energy - energy)).toBeLessThan(1e-11 * Math.max(1, Math.abs(energy)));
          const n = s.numbers.length;
          const perm = Array.from({ length: n }, (_, k) => (k + 2) % n);
          const permuted = { ...s, positions: perm.flatMap((a) => (s.positions as number[]).slice(3 * a, 3 * a + 3)), numbers: perm.map((a) => s.numbers[a]) };
          const p = model.predict(permuted);
          expect(Math.abs(p.energy - energy)).toBeLessThan(1e-11 * Math.max(1, Math.abs(energy)));
          expect(relativeError(p.forces, Float64Array.from(perm.flatMap((a) => Array.from(forces.subarray(3 * a, 3 * a + 3)))))).toBeLessThan(1e-10);
        }
      });

      it('forces are −∂E/∂r (central differences)', () => {
        for (const s of structures) {
          const { forces } = model.predict(s);
          const pos = Float64Array.from(s.positions as number[]);
          const h = 1e-5;
          const fd = pos.map((_, k) => {
            const p = pos.slice();
            const m = pos.slice();
            p[k] += h;
            m[k] -= h;
            const e = (q: Float64Array) => noGrad(() => model.evaluate([{ ...s, positions: Array.from(q) }])[0]);
            return -(e(p) - e(m)) / (2 * h);
          });
          expect(relativeError(forces, fd)).toBeLessThan(1e-7);
        }
      });

      it('gradient of a force loss with respect to weights (double backward) against central differences', () => {
        const graph = model.graph(structures);
        const target = normals(seeded(5), 3 * graph.nAtoms);
        const loss = (createGraph: boolean) => {
          const { forces } = model.energyAndForces(graph, { createGraph });
          return sum(square(sub(forces, Tensor.from(target, forces.shape))));
        };
        const params = model.namedParameters();
        const grads = grad(loss(true), params.map(([, t]) => t));
        const rng = seeded(6);
        let checked = 0;
        params.forEach(([pname, t], k) => {
          if (pname === 'shift' || rng() > 0.35) return; // shifts do not move forces; a sample of the rest
          const idx = Math.floor(rng() * t.size);
          const v0 = t.data[idx];
          const h = 1e-5;
          t.data[idx] = v0 + h;
          const lp = loss(false).item();
          t.data[idx] = v0 - h;
          const lm = loss(false).item();
          t.data[idx] = v0;
          const fd = (lp - lm) / (2 * h);
          expect(Math.abs(grads[k].data[idx] - fd), `${pname}[${idx}]`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
          checked++;
        });
        expect(checked).toBeGreaterThan(3);
      });
    });
  }

  it('a vector output (1x1o per atom, summed) rotates by the O(3) matrix itself with odd parity', () => {
    const model = new EquivariantPotential({ ...configs[0][1], output: '1x1o' }, { backend });
    const s = cluster(8, 5, [8, 14]);
    const v = model.evaluate([s]);
    expect(Math.hypot(...v)).toBeGreaterThan(1e-6);
    for (const R of randomO3s(23, 3)) {
      expect(relativeError(model.evaluate([rotateStructure(s, R)]), rotateIrreps('1x1o', R, v))).toBeLessThan(1e-11);
    }
  });
});

describe('EquivariantPotential tensor outputs', { timeout: 60_000 }, () => {
  it('a polarisability-like output (1x0e + 1x2e, λ = 0 and 2) transforms by wignerD per irrep, also with MACE products', () => {
    for (const config of configs.map(([, c]) => c)) {
      const model = new EquivariantPotential({ ...config, output: '1x0e+1x2e' });
      const s = cluster(12, 5, [8, 14]);
      const v = model.evaluate([s]);
      expect(Math.hypot(...v.subarray(1))).toBeGreaterThan(1e-6);
      for (const R of randomO3s(29, 3)) {
        expect(relativeError(model.evaluate([rotateStructure(s, R)]), rotateIrreps('1x0e+1x2e', R, v))).toBeLessThan(1e-11);
      }
    }
  });
});

describe('EquivariantPotential across backends and inputs', { timeout: 60_000 }, () => {
  it('wasm and wasm-simd equal the js reference (energies, forces)', () => {
    const s = cluster(9, 6, [8, 14]);
    const ref = new EquivariantPotential(configs[1][1], { backend: 'js' }).predict(s);
    for (const backend of ['wasm', 'wasm-simd'] as const) {
      const r = new EquivariantPotential(configs[1][1], { backend }).predict(s);
      expect(Math.abs(r.energy - ref.energy)).toBeLessThan(1e-12 * Math.max(1, Math.abs(ref.energy)));
      expect(relativeError(r.forces, ref.forces)).toBeLessThan(1e-12);
    }
  });

  it('rejects unknown elements and bad configurations, naming them', () => {
    const model = new EquivariantPotential(configs[0][1]);
    expect(() => model.predict({ positions: [0, 0, 0, 1, 0, 0], numbers: [8, 6] })).toThrow(/atom 1 has atomic number 6/);
    expect(() => new EquivariantPotential({ ...configs[0][1], rMax: -1 })).toThrow(/config.rMax/);
    expect(() => new EquivariantPotential({ ...configs[0][1], hidden: '4x1o' })).toThrow(/needs some 0e/);
    expect(() => new EquivariantPotential({ ...configs[0][1], correlation: 2 })).toThrow(/equal multiplicities/);
    expect(() => model.predict({ positions: [0, 0, NaN], numbers: [8] })).toThrow(/positions\[0\]\[2\] must be finite/);
  });
});

