import type { Structure } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { SparseGPPotential, evaluate, LennardJones } from '../src/index.js';
import { encodeFloat64 } from '../src/serialization.js';
import { BACKENDS, HYPERS, moved, randomCluster, randomO3, randomPeriodic, relativeError, rotate, rotateRows, seeded, strain, toStructure, type Plain } from './gp-helpers.js';

// Targets from a pair potential, so the data are smooth and physical (energies, forces, stresses).
const teacher = new LennardJones({ sigma: 1.1, epsilon: 0.1, rc: 3.5, smooth: true });
const rng = seeded(2024);
const PLAIN: Plain[] = [
  ...Array.from({ length: 4 }, () => randomCluster(rng, 5, [14, 6], 3.2)),
  ...Array.from({ length: 3 }, () => randomPeriodic(rng, 3, [14, 6])),
];
function labelled(s: Plain) {
  const p = teacher.predict(toStructure(s));
  return toStructure(s, p.stress ? { energy: p.energy, stress: p.stress } : { energy: p.energy }, { forces: p.forces });
}
const TRAIN = PLAIN.map(labelled);
const OPTIONS = { features: { type: 'power-spectrum' as const, expansion: HYPERS }, zeta: 3, sparsePoints: { count: 12 }, regularization: 1e-3 };
const model = await SparseGPPotential.fit(TRAIN, OPTIONS);
const CLUSTER = randomCluster(seeded(5), 5, [14, 6], 3.0);
const CELL = randomPeriodic(seeded(6), 3, [6, 14]);

describe.each(BACKENDS)('SparseGPPotential gradients (%s)', (backend) => {
  describe.each([
    ['cluster', CLUSTER],
    ['periodic cell', CELL],
  ] as const)('%s', (_, structure) => {
    const predicted = model.predict(structure, { backend });
    const n = structure.numbers.length;

    it('forces equal minus the central finite-difference gradient of the energy', () => {
      const h = 1e-5;
      const fd = new Float64Array(3 * n);
      for (let k = 0; k < n; k++) {
        for (let x = 0; x < 3; x++) {
          fd[3 * k + x] = -(model.predict(moved(structure, k, x, h), { backend }).energy - model.predict(moved(structure, k, x, -h), { backend }).energy) / (2 * h);
        }
      }
      expect(relativeError(predicted.forces, fd)).toBeLessThan(1e-6);
      expect(Math.max(...predicted.forces.map(Math.abs))).toBeGreaterThan(1e-3);
    });

    if (structure === CELL) {
      it('stress equals the finite-difference strain derivative over the volume (Voigt xx yy zz yz xz xy)', () => {
        const h = 1e-5;
        const volume = toStructure(structure).volume();
        const full = new Float64Array(9);
        for (let a = 0; a < 3; a++) {
          for (let b = 0; b < 3; b++) {
            const eps = (d: number) => Float64Array.from({ length: 9 }, (_, k) => (k === 3 * a + b ? d : 0));
            full[3 * a + b] = (model.predict(strain(structure, eps(h)), { backend }).energy - model.predict(strain(structure, eps(-h)), { backend }).energy) / (2 * h) / volume;
          }
        }
        const voigt = [full[0], full[4], full[8], (full[5] + full[7]) / 2, (full[2] + full[6]) / 2, (full[1] + full[3]) / 2];
        expect(relativeError(predicted.stress!, voigt)).toBeLessThan(1e-6);
        // an invariant energy has a symmetric strain derivative
        expect(Math.abs(full[1] - full[3])).toBeLessThan(1e-6 * Math.max(...full.map(Math.abs)));
      });
    } else {
      it('has no stress without a volume', () => expect(predicted.stress).toBeUndefined());
    }
  });
});

describe('SparseGPPotential symmetries', () => {
  it('rotations with and without inversion leave the energy unchanged and rotate forces and stress', () => {
    const r = seeded(31);
    for (const s of [CLUSTER, CELL]) {
      const base = model.predict(s);
      for (const inversion of [false, true]) {
        const R = randomO3(r, inversion);
        const p = model.predict(rotate(s, R));
        expect(Math.abs(p.energy - base.energy)).toBeLessThan(1e-10 * Math.abs(base.energy) + 1e-12);
        expect(relativeError(p.forces, rotateRows(base.forces, R))).toBeLessThan(1e-9);
        if (base.stress) {
          const [xx, yy, zz, yz, xz, xy] = base.stress;
          const S = [xx, xy, xz, xy, yy, yz, xz, yz, zz];
          // R S Rᵀ
          const RS = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => [0, 1, 2].reduce((acc, k) => acc + R[3 * i + k] * S[3 * k + j], 0)));
          const RSR = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => [0, 1, 2].reduce((acc, k) => acc + RS[3 * i + k] * R[3 * j + k], 0)));
          expect(relativeError(p.stress!, [RSR[0], RSR[4], RSR[8], RSR[5], RSR[2], RSR[1]])).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('translations leave everything unchanged, permutations permute the forces', () => {
    const base = model.predict(CLUSTER);
    const shifted = model.predict({ ...CLUSTER, positions: CLUSTER.positions.map((v, k) => v + [0.7, -1.3, 2.1][k % 3]) });
    expect(Math.abs(shifted.energy - base.energy)).toBeLessThan(1e-12 * Math.abs(base.energy) + 1e-13);
    expect(relativeError(shifted.forces, base.forces)).toBeLessThan(1e-10);
    const order = [3, 0, 4, 1, 2];
    const permuted = model.predict({ positions: order.flatMap((a) => CLUSTER.positions.slice(3 * a, 3 * a + 3)), numbers: order.map((a) => CLUSTER.numbers[a]) });
    expect(Math.abs(permuted.energy - base.energy)).toBeLessThan(1e-12 * Math.abs(base.energy) + 1e-13);
    expect(relativeError(permuted.forces, order.flatMap((a) => Array.from(base.forces.slice(3 * a, 3 * a + 3))))).toBeLessThan(1e-10);
  });
});

describe('SparseGPPotential fit', () => {
  it.each(BACKENDS)('recovers a target that is itself a GP of its sparse points (energies, forces, stress; solver on %s)', async (backend) => {
    // the teacher: the fitted model's sparse points with new random weights
    const json = model.toJSON();
    const r = seeded(77);
    const alpha = Float64Array.from({ length: model.weights.length }, () => r() - 0.5);
    const gp = SparseGPPotential.fromJSON({ ...json, weights: encodeFloat64(alpha) });
    const train = PLAIN.map((s) => {
      const p = gp.predict(s);
      return toStructure(s, p.stress ? { energy: p.energy, stress: p.stress } : { energy: p.energy }, { forces: p.forces });
    });
    // same structures, same FPS → same sparse points; given e0 = the teacher's (zero after the fit above? use its own)
    const e0 = Object.fromEntries(Array.from(model.species, (z, k) => [z === 14 ? 'Si' : 'C', model.referenceEnergies[k]]));
    const student = await SparseGPPotential.fit(train, { ...OPTIONS, regularization: 1e-12, referenceEnergies: e0, backend });
    // the same environments (features agree across backends to rounding)
    expect(relativeError(student.sparse.points, model.sparse.points)).toBeLessThan(1e-12);
    expect(relativeError(student.weights, alpha)).toBeLessThan(1e-5);
    for (const s of [CLUSTER, CELL]) {
      const want = gp.predict(s);
      const got = student.predict(s);
      expect(Math.abs(got.energy - want.energy)).toBeLessThan(1e-7 * Math.abs(want.energy) + 1e-9);
      expect(relativeError(got.forces, want.forces)).toBeLessThan(1e-6);
    }
  });

  it('fits the pair potential it was trained on, and evaluate scores it', () => {
    const trainScore = evaluate(model, TRAIN);
    const test = [randomCluster(seeded(8), 5, [14, 6], 3.2), randomPeriodic(seeded(9), 3, [14, 6])].map(labelled);
    const testScore = evaluate(model, test);
    expect(trainScore.structures).toBe(TRAIN.length);
    expect(trainScore.forces!.count).toBe(TRAIN.reduce((n, s) => n + 3 * s.length, 0));
    // clearly better than zero forces and than the composition alone (the e0 fit) for energies
    const rms = Math.sqrt(TRAIN.flatMap((s) => Array.from(s.arrays.forces as Float64Array)).reduce((a, f) => a + f * f, 0) / trainScore.forces!.count);
    expect(trainScore.forces!.rmse).toBeLessThan(0.8 * rms);
    const e0Only = { predict: (s: Structure) => ({ energy: Array.from(s.numbers).reduce((e, z) => e + model.referenceEnergies[z === 6 ? 0 : 1], 0), forces: new Float64Array(3 * s.length) }) };
    expect(trainScore.energy!.mae).toBeLessThan(0.1 * evaluate(e0Only, TRAIN, { targets: { stress: false } }).energy!.mae);
    expect(Number.isFinite(testScore.forces!.mae)).toBe(true);
  });

  it("selects the regularization by cross-validation, uses CUR, and reports progress by stage", async () => {
    const stages = new Set<string>();
    const auto = await SparseGPPotential.fit(TRAIN, { ...OPTIONS, regularization: 'auto', folds: 3, sparsePoints: { count: 5, method: 'cur', seed: 3 }, onProgress: (p) => stages.add(p.stage) });
    expect(auto.regularization).toBeGreaterThan(0);
    expect(auto.sparseMethod).toBe('cur');
    expect(auto.sparse.offsets[2]).toBe(10);
    expect([...stages]).toEqual(['features', 'sparse', 'assembly', 'solve']);
    const again = await SparseGPPotential.fit(TRAIN, { ...OPTIONS, regularization: 'auto', folds: 3, sparsePoints: { count: 5, method: 'cur', seed: 3 } });
    expect(Array.from(again.weights)).toEqual(Array.from(auto.weights));
  });

  it('takes the expansion hypers alone as features, and reference energies keyed by atomic number, with the same result', async () => {
    const e0 = { 6: -1.5, 14: -2.5 };
    const a = await SparseGPPotential.fit(TRAIN, { ...OPTIONS, referenceEnergies: e0 });
    const b = await SparseGPPotential.fit(TRAIN, { ...OPTIONS, features: HYPERS, referenceEnergies: { C: -1.5, Si: -2.5 } });
    expect(Array.from(a.referenceEnergies)).toEqual([-1.5, -2.5]);
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
  });

  it('fits forces alone (no energies) and then has zero reference energies', async () => {
    const forcesOnly = await SparseGPPotential.fit(TRAIN, { ...OPTIONS, targets: { energy: false, stress: false } });
    expect(Array.from(forcesOnly.referenceEnergies)).toEqual([0, 0]);
    expect(evaluate(forcesOnly, TRAIN).forces!.rmse).toBeLessThan(evaluate(model, TRAIN).forces!.rmse * 3);
  });
});

describe('SparseGPPotential serialisation', () => {
  it('round-trips through JSON text bit for bit', () => {
    const text = JSON.stringify(model);
    const back = SparseGPPotential.fromJSON(text);
    expect(JSON.stringify(back)).toBe(text);
    for (const s of [CLUSTER, CELL]) {
      const a = model.predict(s);
      const b = back.predict(s);
      expect(Object.is(a.energy, b.energy)).toBe(true);
      expect(Array.from(b.forces)).toEqual(Array.from(a.forces));
      if (a.stress) expect(Array.from(b.stress!)).toEqual(Array.from(a.stress));
    }
  });

  it('rejects malformed JSON naming the field', () => {
    const json = model.toJSON();
    expect(() => SparseGPPotential.fromJSON({ ...json, format: 'x' })).toThrow(/json.format/);
    expect(() => SparseGPPotential.fromJSON({ ...json, version: 9 })).toThrow(/json.version/);
    expect(() => SparseGPPotential.fromJSON({ ...json, weights: encodeFloat64(new Float64Array(3)) })).toThrow(new RegExp(`json.weights must hold ${model.weights.length} values`));
    expect(() => SparseGPPotential.fromJSON({ ...json, species: [14, 6] })).toThrow(/json.species/);
    expect(() => SparseGPPotential.fromJSON({ ...json, weights: encodeFloat64(new Float64Array(model.weights.length).fill(NaN)) })).toThrow(/json.weights\[0\] must be finite/);
  });
});

describe('SparseGPPotential bad input', () => {
  it('names the structure with missing or malformed targets', async () => {
    const bad = TRAIN.slice();
    bad[2] = toStructure(PLAIN[2], {}, { forces: TRAIN[2].arrays.forces as Float64Array });
    await expect(SparseGPPotential.fit(bad, OPTIONS)).rejects.toThrow(/train\[2\] has no energy/);
    bad[2] = toStructure(PLAIN[2], { energy: 1 }, { forces: new Float64Array(3 * PLAIN[2].numbers.length).fill(0.1) });
    bad[3] = toStructure(PLAIN[3], { energy: 1 }, { f: new Float64Array(2 * PLAIN[3].numbers.length) });
    await expect(SparseGPPotential.fit(bad, { ...OPTIONS, targets: { forces: 'f' } })).rejects.toThrow(/train\[0\] has no forces: arrays.f is missing/);
    await expect(SparseGPPotential.fit([bad[2], bad[3]], { ...OPTIONS, targets: { forces: 'f', stress: false } })).rejects.toThrow(/train\[0\] has no forces/);
    const mismatched = [toStructure(PLAIN[0], { energy: 1 }, { f: new Float64Array(6 * PLAIN[0].numbers.length) })];
    await expect(SparseGPPotential.fit(mismatched, { ...OPTIONS, targets: { forces: 'f' } })).rejects.toThrow(/train\[0\]: arrays.f must have 3 values per atom/);
  });

  it('names the bad option', async () => {
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, zeta: 2.5 })).rejects.toThrow(/options.zeta must be an integer/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, zeta: 9 })).rejects.toThrow(/options.zeta must be an integer in \[1, 6\]/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, sparsePoints: { count: 0 } })).rejects.toThrow(/options.sparsePoints.count/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, sparsePoints: { count: 3, method: 'random' as 'fps' } })).rejects.toThrow(/options.sparsePoints.method must be one of 'fps', 'cur'/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, regularization: -1 })).rejects.toThrow(/options.regularization/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, weights: { forces: -1 } })).rejects.toThrow(/options.weights.forces/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, referenceEnergies: { Si: 1 } })).rejects.toThrow(/options.referenceEnergies has no energy for C/);
    await expect(SparseGPPotential.fit(TRAIN.slice(0, 1), { ...OPTIONS, regularization: 'auto' })).rejects.toThrow(/needs at least 2/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, sparsePoints: { count: { Xx: 3 } } })).rejects.toThrow(/chemical symbols/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, features: { type: 'power-spectrum', expansion: HYPERS, normalize: false } })).rejects.toThrow(/options.features.normalize must be true or absent/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, features: { type: 'density-correlations' } as never })).rejects.toThrow(/options.features.type must be 'power-spectrum'/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, seed: -2 })).rejects.toThrow(/options.seed/);
    await expect(SparseGPPotential.fit(TRAIN, { ...OPTIONS, nonsense: 1 } as never)).rejects.toThrow(/options has an unknown field 'nonsense'/);
  });

  it('refuses to predict an element it was not trained on', () => {
    expect(() => model.predict({ positions: [0, 0, 0, 1.5, 0, 0], numbers: [14, 8] })).toThrow(/atom 1 is O, which this model was not trained on \(it knows C, Si\)/);
  });
});
