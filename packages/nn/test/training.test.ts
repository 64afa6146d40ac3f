// A small model learns known equivariant targets with Adam, to stated accuracies on held-out
// structures: energies and forces of a Morse pair potential (forces enter the loss, so this
// runs the double-backward path every step), and dipoles of a point-charge model (a 1o output).
import { describe, expect, it } from 'vitest';
import { EquivariantPotential, cartesianToL1, fitEnergyForces, fitProperty } from '../src/index.js';
import { seeded } from './helpers.js';
import { morseDataset, pointChargeDipole, randomCluster, type Atoms } from './targets.js';

function rms(values: number[]): number {
  return Math.sqrt(values.reduce((s, x) => s + x * x, 0) / values.length);
}

// Timeouts are generous: seconds on a quiet machine, several times that on a loaded one.
describe('training', () => {
  it('learns energies and forces of a Morse pair potential: held-out force RMSE < 10% of the force scale', () => {
    const rc = 3;
    const train = morseDataset(1, 16, 4, rc);
    const test = morseDataset(2, 8, 4, rc);
    const model = new EquivariantPotential({ species: [1], rMax: rc, lMax: 1, hidden: '6x0e+2x1o', numInteractions: 1, numBasis: 6, radialHidden: [12], seed: 3 });
    const history = fitEnergyForces(model, train, { epochs: 150, lr: 0.02, seed: 1 });
    expect(history[history.length - 1]).toBeLessThan(history[0] / 100);
    const dF: number[] = [];
    const dE: number[] = [];
    test.structures.forEach((s, k) => {
      const p = model.predict(s);
      p.forces.forEach((f, i) => dF.push(f - test.forces[k][i]));
      dE.push(p.energy - test.energies[k]);
    });
    const forceScale = rms(test.forces.flat());
    const energyMean = test.energies.reduce((a, b) => a + b, 0) / test.energies.length;
    const energyScale = rms(test.energies.map((e) => e - energyMean));
    expect(rms(dF)).toBeLessThan(0.1 * forceScale);
    expect(rms(dE)).toBeLessThan(0.1 * energyScale);
  }, 120_000);

  it('learns point-charge dipoles (1o output): held-out RMSE < 10% of the dipole scale', () => {
    const rng = seeded(4);
    const make = (n: number): Atoms[] => Array.from({ length: n }, () => randomCluster(rng, 4, [11, 17], 2.2, 1.0));
    const train = make(24);
    const test = make(10);
    const targets = (ss: Atoms[]) => ss.map((s) => cartesianToL1(pointChargeDipole(s)));
    const model = new EquivariantPotential({ species: [11, 17], rMax: 4.5, lMax: 1, hidden: '6x0e+4x1o', numInteractions: 1, numBasis: 6, radialHidden: [12], output: '1x1o', seed: 3 });
    fitProperty(model, train, targets(train), { epochs: 120, lr: 0.02 });
    const predicted = model.evaluate(test);
    const errors: number[] = [];
    targets(test).forEach((t, k) => t.forEach((x, a) => errors.push(predicted[3 * k + a] - x)));
    expect(rms(errors)).toBeLessThan(0.1 * rms(targets(test).flatMap((t) => Array.from(t))));
  }, 120_000);
});
