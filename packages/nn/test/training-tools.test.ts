// Helpers of the training recipe: graphs merged into mini-batches, the data-based shift/scale
// initialisation, error metrics, and learning-rate schedules.
import { describe, expect, it } from 'vitest';
import { EquivariantPotential, buildGraph, energyForceErrors, fitEnergyForces, initializeShiftScale, mergeGraphs } from '../src/index.js';
import { seeded } from './helpers.js';
import { morseDataset, randomCluster } from './targets.js';

describe('mergeGraphs', () => {
  it('equals buildGraph of the concatenated structures (periodic and open)', () => {
    const rng = seeded(9);
    const open = randomCluster(rng, 5, [1, 8], 3, 0.9);
    const periodic = { ...randomCluster(rng, 4, [8], 3, 1.0), cell: [3.1, 0, 0, 0.2, 3.0, 0, 0, 0.1, 3.2], pbc: [true, true, true] as [boolean, boolean, boolean] };
    const third = randomCluster(rng, 3, [1], 2, 0.9);
    const list = [open, periodic, third];
    const merged = mergeGraphs(list.map((s) => buildGraph([s], 2.5)));
    const direct = buildGraph(list, 2.5);
    expect(merged.nEdges).toBeGreaterThan(0);
    for (const key of ['nAtoms', 'nStructures', 'nEdges'] as const) expect(merged[key]).toBe(direct[key]);
    for (const key of ['positions', 'numbers', 'structure', 'i', 'j', 'offsets'] as const) expect([...merged[key]]).toEqual([...direct[key]]);
    expect(() => mergeGraphs([])).toThrow(/mergeGraphs: graphs must be a non-empty array/);
  });
});

describe('initializeShiftScale', () => {
  it('recovers per-species energies exactly from energies linear in the composition, and sets the force-RMS scale', () => {
    const rng = seeded(5);
    const mu = [-3.25, -1.5];
    const structures = Array.from({ length: 6 }, (_, k) => randomCluster(rng, 3 + (k % 3), k % 2 === 0 ? [1, 8, 8] : [1, 1, 8], 3, 0.9));
    const energies = structures.map((s) => s.numbers.reduce((e, z) => e + (z === 1 ? mu[0] : mu[1]), 0));
    const forces = structures.map((s) => s.positions.map((_, i) => (i % 2 === 0 ? 0.5 : -1.5)));
    const model = new EquivariantPotential({ species: [1, 8], rMax: 2.5, lMax: 1, hidden: '4x0e+2x1o', numInteractions: 1 });
    const { shift, scale } = initializeShiftScale(model, { structures, energies, forces });
    expect(Math.abs(shift[0] - mu[0])).toBeLessThan(1e-12);
    expect(Math.abs(shift[1] - mu[1])).toBeLessThan(1e-12);
    expect([...model.shift.data]).toEqual([...shift]);
    // Components alternate 0.5, −1.5 within each structure (3N of them, N odd or even).
    const all = forces.flat();
    expect(scale).toBeCloseTo(Math.sqrt(all.reduce((s, f) => s + f * f, 0) / all.length), 14);
    expect(model.scaleFactor.data[0]).toBe(scale);
  });

  it('leaves an absent species at zero, keeps or sets the scale on request, and rejects bad input', () => {
    const data = morseDataset(3, 4, 3, 3);
    const model = new EquivariantPotential({ species: [1, 6], rMax: 3, lMax: 1, hidden: '4x0e', numInteractions: 1 });
    model.scaleFactor.data[0] = 0.75;
    const { shift, scale } = initializeShiftScale(model, data, { scale: 'keep' });
    const mean = data.energies.reduce((s, e) => s + e, 0) / (3 * data.energies.length);
    expect(shift[0]).toBeCloseTo(mean, 12);
    expect(shift[1]).toBe(0);
    expect(scale).toBe(0.75);
    expect(initializeShiftScale(model, data, { scale: 2 }).scale).toBe(2);
    expect(() => initializeShiftScale(model, { ...data, forces: undefined })).toThrow(/'forceRms' needs data.forces/);
    expect(() => initializeShiftScale(model, data, { scale: 'rms' as 'keep' })).toThrow(/options.scale/);
    const other = new EquivariantPotential({ species: [6], rMax: 3, lMax: 1, hidden: '4x0e', numInteractions: 1 });
    expect(() => initializeShiftScale(other, data)).toThrow(/atomic number 1, not among the model's species \[6\]/);
  });
});

describe('energyForceErrors', () => {
  it('equals errors computed from predict(), structure by structure, in any batch size', () => {
    const data = morseDataset(4, 5, 4, 3);
    const model = new EquivariantPotential({ species: [1], rMax: 3, lMax: 1, hidden: '4x0e+2x1o', numInteractions: 1, seed: 2 });
    let eAbs = 0;
    let fAbs = 0;
    let fSq = 0;
    data.structures.forEach((s, k) => {
      const p = model.predict(s);
      eAbs += Math.abs(p.energy - data.energies[k]) / 4;
      p.forces.forEach((f, i) => {
        fAbs += Math.abs(f - data.forces[k][i]);
        fSq += (f - data.forces[k][i]) ** 2;
      });
    });
    for (const batchSize of [1, 2, 8]) {
      const e = energyForceErrors(model, data, { batchSize });
      expect(e.nAtoms).toBe(20);
      expect(e.energyMae).toBeCloseTo(eAbs / 5, 12);
      expect(e.forceMae).toBeCloseTo(fAbs / 60, 12);
      expect(e.forceRmse).toBeCloseTo(Math.sqrt(fSq / 60), 12);
      expect(e.forceMae).toBeGreaterThan(0);
    }
    expect(() => energyForceErrors(model, data, { batchSize: 0 })).toThrow(/options.batchSize/);
  });
});

describe('fitEnergyForces schedule', () => {
  it('uses the learning rate of each epoch and rejects a bad schedule', () => {
    const data = morseDataset(1, 4, 3, 3);
    const make = () => new EquivariantPotential({ species: [1], rMax: 3, lMax: 1, hidden: '4x0e+2x1o', numInteractions: 1, seed: 1 });
    const constant = fitEnergyForces(make(), data, { epochs: 3, lr: 0.01, batchSize: 2 });
    const scheduled = fitEnergyForces(make(), data, { epochs: 3, lr: 0.5, batchSize: 2, schedule: () => 0.01 });
    expect(scheduled).toEqual(constant);
    const decayed = fitEnergyForces(make(), data, { epochs: 3, lr: 0.01, batchSize: 2, schedule: (e) => 0.01 / (1 + e) });
    expect(decayed[0]).toBe(constant[0]);
    expect(decayed[2]).not.toBe(constant[2]);
    expect(() => fitEnergyForces(make(), data, { epochs: 1, schedule: () => -1 })).toThrow(/schedule\(0\) must be a positive number/);
  });
});
