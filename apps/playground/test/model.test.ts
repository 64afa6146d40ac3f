import { readFileSync } from 'node:fs';
import { readExtxyz } from '@equikit/core';
import { evaluate } from '@equikit/models';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MdFrame, MdRequestOptions } from '../src/protocol.js';
import { fitPotential, type Fitted } from '../src/worker/fit.js';
import { checkMdOptions, runDynamics } from '../src/worker/md.js';

const structures = readExtxyz(readFileSync(new URL('../src/sample/si-mlearn-test.xyz', import.meta.url), 'utf8'));
const rmse = (a: Float64Array, b: Float64Array, scale = 1) => Math.sqrt(a.reduce((s, x, i) => s + (scale * (x - b[i])) ** 2, 0) / a.length);

describe('fitting in the worker', () => {
  let fitted: Fitted;
  const progress: number[] = [];

  beforeAll(async () => {
    fitted = await fitPotential(structures, { testEvery: 4, regularization: 1e-3, forces: true }, (fraction) => progress.push(fraction));
  });

  it('trains on 6 frames and tests on frames 4 and 8', () => {
    const { result } = fitted;
    expect(result.train.structures).toBe(6);
    expect(result.test.structures).toBe(2);
    expect(Array.from(result.energy.test)).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
    expect(result.energy.reference.length).toBe(8);
    expect(result.forces.reference.length).toBe(3 * 442);
    expect(result.forces.test.reduce((a, b) => a + b, 0)).toBe(3 * (structures[3].length + structures[7].length));
    expect(result.description).toMatch(/on 6 frames, ridge λ = 1e-3; 2 test frames/);
  });

  it('plots what the model predicts against the references in the file', () => {
    const { model, result } = fitted;
    structures.forEach((s, k) => {
      expect(result.energy.reference[k]).toBe((s.info.energy as number) / s.length);
      expect(result.energy.predicted[k]).toBeCloseTo(model.predict(s).energy / s.length, 12);
    });
    const forces = structures[5].arrays.forces as Float64Array;
    const offset = 3 * structures.slice(0, 5).reduce((n, s) => n + s.length, 0);
    expect(Array.from(result.forces.reference.subarray(offset, offset + forces.length))).toEqual(Array.from(forces));
  });

  it('reports the errors of models’ evaluate(), which the parity points reproduce', () => {
    const { model, result } = fitted;
    const test = evaluate(model, [structures[3], structures[7]]);
    expect(result.test.energyRmse).toBeCloseTo(test.energy!.rmse, 9);
    expect(result.test.forceRmse).toBeCloseTo(test.forces!.rmse, 12);
    expect(result.test.stressRmse).toBeCloseTo(test.stress!.rmse, 9);
    // recomputed from the plotted test points: meV/atom and eV/Å
    const pick = (set: typeof result.energy) => {
      const keep = Array.from(set.test, (t, i) => (t ? i : -1)).filter((i) => i >= 0);
      return [Float64Array.from(keep, (i) => set.reference[i]), Float64Array.from(keep, (i) => set.predicted[i])];
    };
    const [er, ep] = pick(result.energy);
    expect(rmse(er, ep, 1000)).toBeCloseTo(result.test.energyRmse!, 9);
    const [fr, fp] = pick(result.forces);
    expect(rmse(fr, fp)).toBeCloseTo(result.test.forceRmse!, 12);
    // a linear SOAP model on 6 frames: not GAP, but far better than predicting the mean
    expect(result.train.energyRmse!).toBeLessThan(50);
    expect(result.test.forceRmse!).toBeLessThan(0.5);
  });

  it('reports progress from 0 to 1 without going back', () => {
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1] - 1e-12)).toBe(true);
    expect(progress.at(-1)).toBeCloseTo(1, 12);
  });

  it('needs two training frames', async () => {
    await expect(fitPotential(structures.slice(0, 2), { testEvery: 2, regularization: 1e-3, forces: true })).rejects.toThrow(/at least 2 training frames; this split of 2 frames leaves 1/);
  });

  describe('molecular dynamics', () => {
    const base: MdRequestOptions = { frame: 3, steps: 10, timestep: 1, temperature: 300, integrator: 'velocity-verlet', every: 5 };

    it('runs velocity Verlet in chunks, conserving the total energy', async () => {
      const frames: MdFrame[] = [];
      const result = await runDynamics(structures[3], fitted.model, base, (f) => frames.push(f), () => false);
      expect(result).toMatchObject({ steps: 10, atoms: 24 });
      expect(result.atomStepsPerSecond).toBeGreaterThan(0);
      expect(frames.map((f) => f.step)).toEqual([0, 5, 10]);
      expect(frames.map((f) => f.time)).toEqual([0, 5, 10]);
      // seeded Maxwell–Boltzmann start at 300 K, drift removed
      expect(frames[0].temperature).toBeGreaterThan(100);
      expect(frames[0].temperature).toBeLessThan(600);
      const total = frames.map((f) => f.potentialEnergy + f.kineticEnergy);
      // 1 fs steps: the total energy wanders by well under 5 meV (0.2 meV/atom) while E_kin changes by much more
      expect(Math.max(...total) - Math.min(...total)).toBeLessThan(5e-3);
      expect(Math.abs(frames[2].kineticEnergy - frames[0].kineticEnergy)).toBeGreaterThan(5e-3);
      expect(frames[2].positions).not.toEqual(frames[0].positions);
    });

    it('stops between chunks when asked, and runs Langevin', async () => {
      let chunks = 0;
      const stopped = await runDynamics(structures[3], fitted.model, { ...base, steps: 50 }, () => chunks++, () => chunks >= 2);
      expect(stopped.steps).toBe(5);
      const frames: MdFrame[] = [];
      const langevin = await runDynamics(structures[3], fitted.model, { ...base, integrator: 'langevin' }, (f) => frames.push(f), () => false);
      expect(langevin.steps).toBe(10);
      expect(frames.every((f) => Number.isFinite(f.temperature))).toBe(true);
    });

    it('rejects bad options naming them', () => {
      expect(() => checkMdOptions({ ...base, frame: 8 }, 8)).toThrow(/frame must be an integer in \[0, 7\], got 8/);
      expect(() => checkMdOptions({ ...base, steps: 0 }, 8)).toThrow(/steps must be an integer in \[1, 100000\], got 0/);
      expect(() => checkMdOptions({ ...base, timestep: -1 }, 8)).toThrow(/time step must be in \(0, 10\] fs, got -1/);
      expect(() => checkMdOptions({ ...base, temperature: NaN }, 8)).toThrow(/temperature must be in \[0, 10000\] K, got NaN/);
      expect(() => checkMdOptions({ ...base, every: 0 }, 8)).toThrow(/every must be a positive integer/);
      expect(() => checkMdOptions({ ...base, integrator: 'euler' as 'langevin' }, 8)).toThrow(/integrator must be 'velocity-verlet' or 'langevin', got "euler"/);
      expect(() => checkMdOptions(base, 8)).not.toThrow();
    });
  });
});
