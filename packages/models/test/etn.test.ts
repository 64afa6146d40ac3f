// ETN: equivariance of every core (Wigner D with inversions), invariance of energies, exact
// forces and stress, the ALS design rows against the network itself, a fit on a small synthetic
// set on every solver backend, JSON round trip and input errors.
import { Structure } from '@equikit/core';
import { wignerD } from '@equikit/o3';
import { describe, expect, it } from 'vitest';
import { EquivariantTensorNetworkPotential, EtnArchitecture, IrrepLayout } from '../src/etn/index.js';
import { assembleBlock, sweepOrder } from '../src/etn/als.js';
import { EtnEvaluator } from '../src/etn/evaluator.js';
import { prepareTraining } from '../src/mtp/fit.js';
import { evaluate } from '../src/evaluate.js';
import {
  finiteDifferenceForces, finiteDifferenceStress, randomCluster, randomO3, randomPeriodic, relativeError, rotateRows, seeded, withGeometry,
} from './mtp-helpers.js';

const RADIAL = { minDist: 1.5, maxDist: 4.5, scaling: 0.1 };
const SHAPE = { radialBasisSize: 4, lMax: 2, cores: 3, rank: [2, 2, 1], channels: 2 };

/** x → D(R) x on every (l, channel) block of a layout. */
function rotateLayout(layout: IrrepLayout, x: Float64Array, R: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let l = 0; l <= layout.lMax; l++) {
    const D = wignerD(l, R);
    const w = 2 * l + 1;
    for (let u = 0; u < layout.mult[l]; u++) {
      const o = layout.offset[l] + u * w;
      for (let a = 0; a < w; a++) {
        let s = 0;
        for (let b = 0; b < w; b++) s += D[a * w + b] * x[o + b];
        out[o + a] = s;
      }
    }
  }
  return out;
}

describe('ETN cores', () => {
  const arch = new EtnArchitecture({ speciesCount: 2, ...SHAPE, lMax: 3, rank: [2, 2, 2, 1] });

  it('every core maps irreps to irreps: core(D x, D y) = D core(x, y) for rotations and inversions', () => {
    const rng = seeded(11);
    for (const core of arch.cores) {
      const w = Float64Array.from({ length: core.parameterCount }, () => 2 * rng() - 1);
      const x = Float64Array.from({ length: core.input.dim }, () => 2 * rng() - 1);
      const y = Float64Array.from({ length: core.phys.dim }, () => 2 * rng() - 1);
      const out = new Float64Array(core.output.dim);
      core.forward(w, x, y, out);
      for (const invert of [false, true]) {
        const R = randomO3(rng, invert);
        const rotated = new Float64Array(core.output.dim);
        core.forward(w, rotateLayout(core.input, x, R), rotateLayout(core.phys, y, R), rotated);
        expect(relativeError(rotated, rotateLayout(core.output, out, R))).toBeLessThan(1e-12);
      }
    }
  });

  it('uses only natural-parity paths (l1 + l2 + l3 even) and every allowed one', () => {
    const core = arch.cores[1];
    for (const p of core.paths) expect((p.l1 + p.l2 + p.l3) % 2).toBe(0);
    // bonds 0..3 × phys 0..3 → out 0..3 with triangle and parity: count by brute force
    let expected = 0;
    for (let a = 0; a <= 3; a++) for (let b = 0; b <= 3; b++) for (let c = Math.abs(a - b); c <= Math.min(a + b, 3); c++) if ((a + b + c) % 2 === 0) expected++;
    expect(core.paths.length).toBe(expected);
  });

  it('adjoints and design are the transposes of forward (⟨r, G(x, y)⟩ four ways)', () => {
    const rng = seeded(12);
    const core = arch.cores[1];
    const w = Float64Array.from({ length: core.parameterCount }, () => 2 * rng() - 1);
    const x = Float64Array.from({ length: core.input.dim }, () => 2 * rng() - 1);
    const y = Float64Array.from({ length: core.phys.dim }, () => 2 * rng() - 1);
    const r = Float64Array.from({ length: core.output.dim }, () => 2 * rng() - 1);
    const out = new Float64Array(core.output.dim);
    core.forward(w, x, y, out);
    const value = out.reduce((s, v, k) => s + v * r[k], 0);
    const gx = new Float64Array(core.input.dim);
    core.adjointInput(w, y, r, gx);
    const gy = new Float64Array(core.phys.dim);
    core.adjointPhys(w, x, r, gy);
    const d = new Float64Array(core.parameterCount);
    core.design(x, y, r, d);
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, k) => s + v * b[k], 0);
    expect(Math.abs(dot(gx, x) - value)).toBeLessThan(1e-12 * Math.abs(value));
    expect(Math.abs(dot(gy, y) - value)).toBeLessThan(1e-12 * Math.abs(value));
    expect(Math.abs(dot(d, w) - value)).toBeLessThan(1e-12 * Math.abs(value));
  });
});

describe('ETN energy, forces and stress', () => {
  const rng = seeded(21);
  const model = EquivariantTensorNetworkPotential.random([29, 79], SHAPE, RADIAL, 5);
  const periodic = randomPeriodic(rng, [29, 79]);
  const cluster = randomCluster(rng, 8, [29, 79], 4);

  it('forces are minus the finite-difference gradient (periodic cell and cluster)', () => {
    for (const s of [periodic, cluster]) {
      const p = model.predict(s);
      expect(relativeError(p.forces, finiteDifferenceForces((x) => model.predict(x).energy, s))).toBeLessThan(1e-7);
    }
  });

  it('stress is (1/V) ∂E/∂ε by finite differences', () => {
    expect(relativeError(model.predict(periodic).stress!, finiteDifferenceStress((x) => model.predict(x).energy, periodic))).toBeLessThan(1e-7);
  });

  it('energy is invariant and forces covariant under rotations with and without inversion, translations and permutations', () => {
    const ref = model.predict(periodic);
    expect(Math.abs(ref.energy)).toBeGreaterThan(1e-3); // a nonzero, non-trivial energy
    for (const invert of [false, true]) {
      const R = randomO3(rng, invert);
      const p = model.predict(withGeometry(periodic, rotateRows(periodic.positions, R), rotateRows(periodic.cell, R)));
      expect(Math.abs(p.energy - ref.energy)).toBeLessThan(1e-10 * Math.abs(ref.energy));
      expect(relativeError(p.forces, rotateRows(ref.forces, R))).toBeLessThan(1e-10);
    }
    const shifted = withGeometry(periodic, periodic.positions.map((v, k) => v + [0.3, -1.2, 2.1][k % 3]));
    expect(Math.abs(model.predict(shifted).energy - ref.energy)).toBeLessThan(1e-10 * Math.abs(ref.energy));
    const n = periodic.length;
    const perm = Array.from({ length: n }, (_, k) => (k * 5 + 3) % n);
    const permuted = new Structure({
      positions: perm.flatMap((k) => Array.from(periodic.positions.subarray(3 * k, 3 * k + 3))),
      numbers: perm.map((k) => periodic.numbers[k]), cell: periodic.cell, pbc: true,
    });
    const pp = model.predict(permuted);
    expect(Math.abs(pp.energy - ref.energy)).toBeLessThan(1e-10 * Math.abs(ref.energy));
    expect(relativeError(pp.forces, perm.flatMap((k) => Array.from(ref.forces.subarray(3 * k, 3 * k + 3))))).toBeLessThan(1e-10);
  });

  it('site energies sum to the energy; a chiral cluster and its mirror image have the same energy', () => {
    const sites = model.siteEnergies(periodic);
    expect(Math.abs(sites.reduce((s, v) => s + v, 0) - model.predict(periodic).energy)).toBeLessThan(1e-10 * Math.abs(model.predict(periodic).energy));
    const mirrored = withGeometry(cluster, cluster.positions.map((v, k) => (k % 3 === 0 ? -v : v)));
    const e = model.predict(cluster).energy;
    expect(Math.abs(model.predict(mirrored).energy - e)).toBeLessThan(1e-10 * Math.abs(e));
  });
});

describe('ETN alternating least squares', () => {
  const rng = seeded(31);
  const teacher = EquivariantTensorNetworkPotential.random([29, 79], SHAPE, RADIAL, 9);
  const label = (s: Structure, m: { predict(s: Structure): { energy: number; forces: Float64Array; stress?: Float64Array } } = teacher) => {
    const p = m.predict(s);
    return new Structure({ positions: s.positions, numbers: s.numbers, cell: s.cell, pbc: s.pbc, info: p.stress ? { energy: p.energy, stress: p.stress } : { energy: p.energy }, arrays: { forces: p.forces } });
  };

  it('the design rows of every block reproduce the network: offset + rows · (constants, block) = energies, forces, V·stress', () => {
    const model = EquivariantTensorNetworkPotential.random([29, 79], SHAPE, RADIAL, 7);
    model.params.speciesCoeffs.set([-0.7, 0.4]);
    const structures = [label(randomPeriodic(rng, [29, 79]), model), label(randomCluster(rng, 6, [29, 79], 4), model)];
    const items = prepareTraining(structures, [29, 79], RADIAL.maxDist, undefined);
    const evaluator = new EtnEvaluator(model.architecture, model.params, model.radial);
    for (const block of sweepOrder(SHAPE.cores, 0)) {
      const w = block.kind === 'core' ? model.params.cores[block.core] : model.params.embeddings[block.core];
      let worst = 0;
      let scale = 0;
      const rows = assembleBlock(items, evaluator, block, { energy: 1, forces: 1, stress: 1 }, (row, target) => {
        let v = row[0] * -0.7 + row[1] * 0.4;
        for (let p = 0; p < w.length; p++) v += row[2 + p] * w[p];
        worst = Math.max(worst, Math.abs(v - target));
        scale = Math.max(scale, Math.abs(target));
      });
      expect(rows).toBe(2 + 3 * (16 + 6) + 6);
      expect(worst / scale).toBeLessThan(1e-10);
    }
  });

  const train = [...Array.from({ length: 6 }, () => label(randomPeriodic(rng, [29, 79]))), label(randomCluster(rng, 6, [29, 79], 4))];
  const test = Array.from({ length: 3 }, () => label(randomPeriodic(rng, [29, 79])));
  const options = { ...SHAPE, species: [29, 79], minDist: 1.5, maxDist: 4.5, sweeps: 4 };

  it('lowers the loss at every block solve and learns an ETN teacher of the same shape from another start (held-out force error well below the force scale)', async () => {
    const losses: number[] = [];
    const model = await EquivariantTensorNetworkPotential.fit(train, { ...options, onProgress: (stage, _d, _t, loss) => stage === 'sweep' && losses.push(loss!) });
    expect(losses.length).toBe(4 * 2 * SHAPE.cores);
    for (let k = 1; k < losses.length; k++) expect(losses[k]).toBeLessThanOrEqual(losses[k - 1] * (1 + 1e-6));
    expect(losses[losses.length - 1]).toBeLessThan(0.1 * losses[0]);
    const forceScale = Math.sqrt(test.flatMap((s) => Array.from(s.arrays.forces as Float64Array)).reduce((s, v) => s + v * v, 0) / (3 * test.reduce((n, s) => n + s.length, 0)));
    const score = evaluate(model, test);
    expect(score.forces!.rmse).toBeLessThan(0.4 * forceScale);
  });
});

describe.each(['js', 'wasm', 'wasm-simd'] as const)('ETN fit with the %s solver', (backend) => {
  const rng = seeded(41);
  const teacher = EquivariantTensorNetworkPotential.random([29, 79], SHAPE, RADIAL, 3);
  const train = Array.from({ length: 3 }, () => {
    const s = randomPeriodic(rng, [29, 79]);
    const p = teacher.predict(s);
    return new Structure({ positions: s.positions, numbers: s.numbers, cell: s.cell, pbc: true, info: { energy: p.energy, stress: p.stress! }, arrays: { forces: p.forces } });
  });
  const options = { ...SHAPE, species: [29, 79], minDist: 1.5, maxDist: 4.5, sweeps: 1 };

  it('gives the same model as the js solver (one sweep)', async () => {
    const ours = await EquivariantTensorNetworkPotential.fit(train, { ...options, backend });
    const reference = await EquivariantTensorNetworkPotential.fit(train, { ...options, backend: 'js' });
    const s = randomPeriodic(rng, [29, 79]);
    const a = ours.predict(s);
    const b = reference.predict(s);
    // Six successive solves of systems with condition numbers up to ~1/ridge: rounding differences
    // of the Cholesky kernels grow to ~1e-6 in the forces, not more.
    expect(Math.abs(a.energy - b.energy)).toBeLessThan(1e-7 * Math.abs(b.energy));
    expect(relativeError(a.forces, b.forces)).toBeLessThan(1e-5);
  });
});

describe('ETN serialisation and errors', () => {
  const model = EquivariantTensorNetworkPotential.random(['Cu', 'Au'], SHAPE, RADIAL, 13);
  model.params.speciesCoeffs.set([-3.1, -2.2]);

  it('toJSON/fromJSON is bit for bit (through JSON text)', () => {
    const back = EquivariantTensorNetworkPotential.fromJSON(JSON.stringify(model.toJSON()));
    expect(back.toJSON()).toEqual(model.toJSON());
    const s = randomPeriodic(seeded(51), [29, 79]);
    const a = model.predict(s);
    const b = back.predict(s);
    expect(b.energy).toBe(a.energy);
    expect(Array.from(b.forces)).toEqual(Array.from(a.forces));
    expect(back.parameterCount).toBe(model.parameterCount);
  });

  it('counts its parameters: constants, embeddings (lMax+1)·channels·S·Ξ per core and the core weights', () => {
    const arch = model.architecture;
    expect(arch.embeddingSize).toBe(3 * 2 * 2 * 4);
    expect(model.parameterCount).toBe(2 + 3 * arch.embeddingSize + arch.cores.reduce((s, c) => s + c.parameterCount, 0));
    expect(arch.bonds.map((b) => b.toString())).toEqual(['2x0e', '2x0e+2x1o+1x2e', '2x0e+2x1o+1x2e', '1x0e']);
  });

  it('names bad options, input and JSON', async () => {
    const s = new Structure({ positions: [0, 0, 0, 2, 0, 0], numbers: [29, 26] });
    expect(() => model.predict(s)).toThrow(/atom 1 is Fe, which the MTP does not know/);
    expect(() => model.predict({} as Structure)).toThrow(/structure must be a Structure/);
    expect(() => EquivariantTensorNetworkPotential.random([29], { ...SHAPE, rank: [2, 2] }, RADIAL)).toThrow(/options.rank must be a number or 3 numbers/);
    expect(() => EquivariantTensorNetworkPotential.random([29], { ...SHAPE, cores: 0 }, RADIAL)).toThrow(/options.cores must be an integer in \[1, 8\]/);
    const train = [new Structure({ positions: [0, 0, 0, 2.5, 0, 0], numbers: [29, 29], info: { energy: -1 }, arrays: { forces: Float64Array.from([0.1, 0, 0, -0.1, 0, 0]) } })];
    await expect(EquivariantTensorNetworkPotential.fit(train, { sweeps: 0 })).rejects.toThrow(/options.sweeps must be an integer ≥ 1/);
    await expect(EquivariantTensorNetworkPotential.fit(train, { maxDist: 4, minDist: 5 })).rejects.toThrow(/options.minDist must be a number in \[0, maxDist = 4\)/);
    await expect(EquivariantTensorNetworkPotential.fit([new Structure({ positions: [0, 0, 0], numbers: [29] })])).rejects.toThrow(/train\[0\] has no energy/);
    const json = model.toJSON();
    expect(() => EquivariantTensorNetworkPotential.fromJSON({ ...json, format: 'x' })).toThrow(/json must be what EquivariantTensorNetworkPotential.toJSON returned/);
    expect(() => EquivariantTensorNetworkPotential.fromJSON({ ...json, cores: json.cores.slice(1) })).toThrow(/embeddings and cores must list 3 arrays/);
    expect(() => EquivariantTensorNetworkPotential.fromJSON({ ...json, speciesCoeffs: [NaN, 0] })).toThrow(/speciesCoeffs\[0\] must be finite/);
  });
});
