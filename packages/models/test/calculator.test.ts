import { readFileSync } from 'node:fs';
import { Structure } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { Calculator, LennardJones, SparseGPPotential, type Prediction, type Predictor } from '../src/index.js';
import { HYPERS, moved, randomCluster, randomPeriodic, relativeError, seeded, strain, toStructure } from './gp-helpers.js';

// Written by tools/fixtures/make_md_reference.py with ASE's LennardJones.
interface LjCase { params: { sigma: number; epsilon: number; rc: number; ro?: number; smooth: boolean }; numbers: number[]; positions: number[]; cell: number[]; pbc: boolean[]; energy: number; forces: number[]; stress?: number[] }
const reference = JSON.parse(readFileSync(new URL('./fixtures/md-reference.json', import.meta.url), 'utf8')) as { lj: LjCase[] };

describe('LennardJones', () => {
  it.each(reference.lj.map((c, k) => [`${k}: ${c.pbc[0] ? 'periodic' : 'cluster'}, ${c.params.smooth ? 'smooth' : 'shifted'}`, c] as const))(
    "equals ASE's LennardJones (%s)",
    (_, c) => {
      const lj = new LennardJones(c.params);
      const p = lj.predict({ positions: c.positions, numbers: c.numbers, cell: c.cell, pbc: c.pbc });
      expect(Math.abs(p.energy - c.energy)).toBeLessThan(1e-13);
      expect(relativeError(p.forces, c.forces)).toBeLessThan(1e-11);
      if (c.stress) expect(relativeError(p.stress!, c.stress)).toBeLessThan(1e-11);
      else expect(p.stress).toBeUndefined();
    },
  );

  it('smooth: forces and stress are exact derivatives (central finite differences)', () => {
    const lj = new LennardJones({ sigma: 1.1, epsilon: 0.1, rc: 3.5, smooth: true });
    const s = randomPeriodic(seeded(3), 4, [18]);
    const p = lj.predict(s);
    const h = 1e-6;
    const fd = Float64Array.from({ length: 12 }, (_, k) => -(lj.predict(moved(s, Math.floor(k / 3), k % 3, h)).energy - lj.predict(moved(s, Math.floor(k / 3), k % 3, -h)).energy) / (2 * h));
    expect(relativeError(p.forces, fd)).toBeLessThan(1e-7);
    const volume = toStructure(s).volume();
    const e = (a: number, b: number, d: number) => lj.predict(strain(s, Float64Array.from({ length: 9 }, (_, k) => (k === 3 * a + b ? d : 0)))).energy;
    const voigt = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]].map(([a, b]) => (e(a, b, h) - e(a, b, -h)) / (2 * h) / volume);
    expect(relativeError(p.stress!, voigt)).toBeLessThan(1e-7);
  });

  it('rejects bad parameters naming them', () => {
    expect(() => new LennardJones({ sigma: -1 })).toThrow(/options.sigma/);
    expect(() => new LennardJones({ rc: 2, ro: 3 })).toThrow(/options.ro must be smaller than options.rc/);
    expect(() => new LennardJones({ smooth: 1 as unknown as boolean })).toThrow(/options.smooth must be a boolean/);
  });
});

/** Counts predictions, to see the cache at work. */
class Counting implements Predictor {
  calls = 0;
  constructor(private readonly inner: Predictor) {}
  predict(s: Structure): Prediction {
    this.calls++;
    return this.inner.predict(s);
  }
}

describe('Calculator', () => {
  const cell = randomPeriodic(seeded(4), 4, [18]);
  const lj = new LennardJones({ sigma: 1.1, epsilon: 0.1, rc: 3.5, smooth: true });

  it('computes once per structure (ASE check_state: positions, numbers, cell, pbc), returning copies', () => {
    const model = new Counting(lj);
    const calc = new Calculator(model);
    const energy = calc.getPotentialEnergy(cell);
    const forces = calc.getForces(cell);
    calc.getStress(cell);
    expect(model.calls).toBe(1);
    forces.fill(0);
    expect(calc.getForces(cell)).toEqual(lj.predict(cell).forces);
    calc.getPotentialEnergy(moved(cell, 1, 2, 1e-9));
    expect(model.calls).toBe(2);
    calc.getPotentialEnergy({ ...cell, cell: cell.cell.map((v, k) => (k === 0 ? v + 1e-9 : v)) });
    expect(model.calls).toBe(3);
    calc.getPotentialEnergy({ ...cell, numbers: [18, 18, 18, 10] });
    expect(model.calls).toBe(4);
    expect(calc.getPotentialEnergy(cell)).toBe(energy);
    expect(model.calls).toBe(5);
    calc.reset();
    calc.getPotentialEnergy(cell);
    expect(model.calls).toBe(6);
  });

  it("gives ASE's Voigt stress by default and the symmetric 3×3 on request; none without a volume", () => {
    const calc = new Calculator(lj);
    const voigt = calc.getStress(cell);
    const full = calc.getStress(cell, { voigt: false });
    expect(Array.from(voigt)).toEqual(Array.from(lj.predict(cell).stress!));
    expect(Array.from(full)).toEqual([voigt[0], voigt[5], voigt[4], voigt[5], voigt[1], voigt[3], voigt[4], voigt[3], voigt[2]]);
    expect(() => calc.getStress({ positions: [0, 0, 0, 1.5, 0, 0], numbers: [18, 18] })).toThrow(/atoms: stress needs a cell periodic in all three directions/);
  });

  it('keeps a Verlet neighbour list with a skin for models that take one, with unchanged results', () => {
    const calc = new Calculator(lj, { skin: 0.4 });
    const r = seeded(12);
    let s = randomCluster(r, 10, [18], 5);
    for (let step = 0; step < 12; step++) {
      s = { ...s, positions: s.positions.map((v) => v + 0.03 * (r() - 0.5)) };
      const p = calc.calculate(s);
      const fresh = lj.predict(s);
      expect(Math.abs(p.energy - fresh.energy)).toBeLessThan(1e-14);
      expect(relativeError(p.forces, fresh.forces)).toBeLessThan(1e-12);
    }
    expect(calc.calls).toBe(12);
    expect(calc.neighborListBuilds).toBe(1); // no atom moved skin / 2 = 0.2 Å
    calc.calculate(moved(s, 0, 0, 0.5));
    expect(calc.neighborListBuilds).toBe(2);
  });

  it('drives a SparseGPPotential (model.calculator()) with the same numbers as predict', async () => {
    const train = [randomCluster(seeded(1), 4, [14], 3), randomCluster(seeded(2), 4, [14], 3)].map((s) => {
      const p = lj.predict(s);
      return toStructure(s, { energy: p.energy }, { forces: p.forces });
    });
    const gp = await SparseGPPotential.fit(train, { features: HYPERS, sparsePoints: { count: 4 }, regularization: 1e-3 });
    const calc = gp.calculator();
    const s = randomCluster(seeded(9), 4, [14], 3);
    expect(calc.getPotentialEnergy(s)).toBe(gp.predict(s).energy);
    expect(Array.from(calc.getForces(s))).toEqual(Array.from(gp.predict(s).forces));
    expect(calc.neighborListBuilds).toBe(0);
  });

  it('rejects a non-model and bad options', () => {
    expect(() => new Calculator({} as Predictor)).toThrow(/model must be an object with a predict\(structure\) method/);
    expect(() => new Calculator(lj, { skin: -1 })).toThrow(/options.skin/);
    expect(() => new Calculator(lj).getStress(cell, { voigt: 'yes' as unknown as boolean })).toThrow(/options.voigt must be a boolean/);
    expect(() => new Calculator(lj).getForces({ positions: [0, 0], numbers: [18] })).toThrow(/positions must have 3N values/);
  });
});
