import { Structure } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { evaluate, EV_PER_A3_IN_GPA, type Prediction } from '../src/evaluate.js';

function structure(n: number, energy: number, forces: number[], stress?: number[]): Structure {
  return new Structure({
    positions: Array.from({ length: 3 * n }, (_, k) => k * 0.7),
    numbers: new Array(n).fill(14),
    cell: stress ? [9, 0, 0, 0, 9, 0, 0, 0, 9] : undefined,
    pbc: stress !== undefined,
    info: stress ? { energy, stress } : { energy },
    arrays: { forces: new Float64Array(forces) },
  });
}

/** A model predicting fixed offsets from the references, so every error is known in advance. */
const offsetModel = {
  predict(s: Structure): Prediction {
    const forces = (s.arrays.forces as Float64Array).map((f, k) => f + (k % 2 === 0 ? 0.1 : -0.3));
    const stress = s.info.stress ? (s.info.stress as Float64Array).map((v) => v + 0.01) : undefined;
    return { energy: (s.info.energy as number) + 0.002 * s.length * (s.length === 2 ? 1 : -2), forces, stress };
  },
};

describe('evaluate', () => {
  it('computes MAE and RMSE in meV/atom, eV/Å and GPa, with counts', () => {
    const test = [structure(2, -5, [0, 0, 0, 1, 1, 1], [0.1, 0, 0, 0, 0, 0]), structure(1, -3, [0.5, 0.5, 0.5])];
    const result = evaluate(offsetModel, test);
    expect(result.structures).toBe(2);
    expect(result.atoms).toBe(3);
    // per-atom energy errors: +2 meV/atom and −4 meV/atom
    expect(result.energy!.count).toBe(2);
    expect(result.energy!.mae).toBeCloseTo(3, 10);
    expect(result.energy!.rmse).toBeCloseTo(Math.sqrt((4 + 16) / 2), 10);
    expect(result.energy!.max).toBeCloseTo(4, 10);
    // force components: +0.1 on even flat indices, −0.3 on odd, over 9 components (5 even, 4 odd)
    expect(result.forces!.count).toBe(9);
    expect(result.forces!.mae).toBeCloseTo((5 * 0.1 + 4 * 0.3) / 9, 12);
    expect(result.forces!.rmse).toBeCloseTo(Math.sqrt((5 * 0.01 + 4 * 0.09) / 9), 12);
    // stress only for the periodic structure: 6 components, 0.01 eV/Å³ each
    expect(result.stress!.count).toBe(6);
    expect(result.stress!.mae).toBeCloseTo(0.01 * EV_PER_A3_IN_GPA, 10);
  });

  it('leaves out stats with nothing to compare', () => {
    const result = evaluate(offsetModel, [structure(1, -3, [0, 0, 0])], { targets: { forces: false } });
    expect(result.forces).toBeUndefined();
    expect(result.stress).toBeUndefined();
    expect(result.energy!.count).toBe(1);
  });

  it('reports progress and names the structure a model gets wrong', () => {
    const calls: number[] = [];
    evaluate(offsetModel, [structure(1, -3, [0, 0, 0]), structure(1, -3, [0, 0, 0])], { onProgress: (done) => calls.push(done) });
    expect(calls).toEqual([1, 2]);
    const bad = { predict: (s: Structure) => ({ energy: NaN, forces: new Float64Array(3 * s.length) }) };
    expect(() => evaluate(bad, [structure(1, 0, [0, 0, 0])])).toThrow(/model.predict\(test\[0\]\).energy must be a finite number, got NaN/);
    const short = { predict: () => ({ energy: 0, forces: new Float64Array(2) }) };
    expect(() => evaluate(short, [structure(1, 0, [0, 0, 0])])).toThrow(/forces must be a Float64Array of 3 values/);
    const noStress = { predict: (s: Structure) => ({ energy: 0, forces: new Float64Array(3 * s.length) }) };
    expect(() => evaluate(noStress, [structure(1, 0, [0, 0, 0], [0, 0, 0, 0, 0, 0])])).toThrow(/test\[0\]\) returned no stress/);
    expect(() => evaluate({} as never, [structure(1, 0, [0, 0, 0])])).toThrow(/predict\(structure\) method/);
    expect(() => evaluate(offsetModel, [])).toThrow(/test must hold at least one Structure/);
  });
});
