// Stress through the autodiff: the virial ∂E/∂D of a homogeneous deformation (positions and
// cell times I + D) against central differences of energies of deformed structures (neighbour
// lists rebuilt), σ = W/V; its covariance σ → R σ Rᵀ under rotations with inversion; batches
// equal single structures; gradients of a stress loss with respect to weights (double backward).
import { describe, expect, it } from 'vitest';
import { EquivariantPotential, grad, noGrad, sum, square, type AtomsLike } from '../src/index.js';
import { BACKENDS, det3, randomO3s, relativeError, rotateVectors } from './helpers.js';

const crystal: AtomsLike = {
  positions: [0.1, 0.2, 0.1, 1.4, 1.5, 1.2, 0.2, 1.6, 1.9, 2.3, 0.4, 2.2],
  numbers: [14, 14, 8, 14],
  cell: [3.1, 0.1, 0, -0.2, 3.0, 0.1, 0.1, 0.2, 3.2],
  pbc: [true, true, true],
};
const second: AtomsLike = {
  positions: [0, 0, 0, 1.3, 1.2, 1.4, 2.5, 0.3, 1.1],
  numbers: [8, 14, 14],
  cell: [2.9, 0, 0.2, 0, 3.3, 0, 0.3, -0.1, 2.8],
  pbc: [true, true, true],
};
const config = { species: [8, 14], rMax: 2.8, lMax: 2, hidden: '4x0e+2x1o+1x2e', numInteractions: 2, numBasis: 6, radialHidden: [8], seed: 5 };

/** Positions and cell (rows) times (I + eps). */
function deform(s: AtomsLike, eps: ArrayLike<number>): AtomsLike {
  const M = [1 + eps[0], eps[1], eps[2], eps[3], 1 + eps[4], eps[5], eps[6], eps[7], 1 + eps[8]];
  const rowsTimes = (x: ArrayLike<number>) => Float64Array.from(x, (_, k) => {
    const r = k - (k % 3);
    const c = k % 3;
    return x[r] * M[c] + x[r + 1] * M[3 + c] + x[r + 2] * M[6 + c];
  });
  return { ...s, positions: rowsTimes(s.positions as number[]), cell: rowsTimes(s.cell as number[]) };
}

const volume = (s: AtomsLike) => Math.abs(det3(s.cell as number[]));

describe.each(BACKENDS)('stress on %s', { timeout: 60_000 }, (backend) => {
  const model = new EquivariantPotential(config, { backend });
  const energy = (s: AtomsLike) => noGrad(() => model.evaluate([s])[0]);

  it('virial equals central differences of the energy of deformed structures, every component', () => {
    const { virial, stress } = model.energyForcesStress(model.graph([crystal]));
    const h = 1e-5;
    const fd = new Float64Array(9);
    for (let c = 0; c < 9; c++) {
      const e = new Float64Array(9);
      e[c] = h;
      const plus = energy(deform(crystal, e));
      e[c] = -h;
      fd[c] = (plus - energy(deform(crystal, e))) / (2 * h);
    }
    expect(Math.max(...fd.map(Math.abs))).toBeGreaterThan(1e-3);
    expect(relativeError(virial.data, fd)).toBeLessThan(1e-7);
    expect(relativeError(stress.data, fd.map((w) => w / volume(crystal)))).toBeLessThan(1e-7);
    // A rotation-invariant energy has a symmetric virial.
    const W = virial.data;
    expect(relativeError([W[1], W[2], W[5]], [W[3], W[6], W[7]])).toBeLessThan(1e-10);
  });

  it('stress is covariant under rotations with inversion, σ → R σ Rᵀ; Voigt order xx yy zz yz xz xy', () => {
    const base = model.predict(crystal, { stress: true });
    const full = model.energyForcesStress(model.graph([crystal])).stress.data;
    expect(Array.from(base.stress!)).toEqual([full[0], full[4], full[8], (full[5] + full[7]) / 2, (full[2] + full[6]) / 2, (full[1] + full[3]) / 2]);
    for (const R of randomO3s(17, 3)) {
      const rotated = { ...crystal, positions: rotateVectors(crystal.positions as number[], R), cell: rotateVectors(crystal.cell as number[], R) };
      const s = model.energyForcesStress(model.graph([rotated])).stress.data;
      const expected = new Float64Array(9);
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
        let v = 0;
        for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) v += R[3 * a + p] * full[3 * p + q] * R[3 * b + q];
        expected[3 * a + b] = v;
      }
      expect(relativeError(s, expected)).toBeLessThan(1e-10);
    }
  });

  it('a batch gives each structure its own stress, equal to the structure alone', () => {
    const both = model.energyForcesStress(model.graph([crystal, second])).stress.data;
    const a = model.energyForcesStress(model.graph([crystal])).stress.data;
    const b = model.energyForcesStress(model.graph([second])).stress.data;
    expect(relativeError(both, [...a, ...b])).toBeLessThan(1e-12);
  });

  it('gradients of a stress loss with respect to a weight match central differences (double backward)', () => {
    const w = model.readout.weight!;
    const loss = () => sum(square(model.energyForcesStress(model.graph([crystal]), { createGraph: true }).stress));
    const [g] = grad(loss(), [w]);
    const k = 1;
    const h = 1e-5;
    const x0 = w.data[k];
    w.data[k] = x0 + h;
    const plus = loss().item();
    w.data[k] = x0 - h;
    const minus = loss().item();
    w.data[k] = x0;
    const fd = (plus - minus) / (2 * h);
    expect(Math.abs(fd)).toBeGreaterThan(1e-8);
    expect(Math.abs(g.data[k] - fd)).toBeLessThan(1e-6 * Math.abs(fd));
  });

  it('refuses a structure without a cell, naming it', () => {
    const open = { positions: [0, 0, 0, 1.5, 0, 0], numbers: [14, 14] };
    expect(() => model.energyForcesStress(model.graph([crystal, open]))).toThrow(/structure 1 has no cell/);
  });
});
