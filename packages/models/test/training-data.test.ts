import { KBAR_IN_EV_PER_A3, readMlearnRecords, Structure } from '@equikit/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractTargets, resolveTargetNames } from '../src/training-data.js';

function cell(extra: Partial<ConstructorParameters<typeof Structure>[0]> = {}): Structure {
  return new Structure({
    positions: [0, 0, 0, 1.3, 1.4, 1.2],
    numbers: [14, 14],
    cell: [2.7, 0, 0, 0, 2.8, 0, 0, 0, 2.9],
    pbc: true,
    info: { energy: -10.5, stress: [0.01, 0.02, 0.03, 0.004, 0.005, 0.006] },
    arrays: { forces: new Float64Array([0.1, 0.2, 0.3, -0.1, -0.2, -0.3]) },
    ...extra,
  });
}

describe('extractTargets', () => {
  it('reads energy, forces and stress under the default names, as copies', () => {
    const s = cell();
    const [t] = extractTargets([s]);
    expect(t.energy).toBe(-10.5);
    expect(Array.from(t.forces!)).toEqual([0.1, 0.2, 0.3, -0.1, -0.2, -0.3]);
    expect(Array.from(t.stress!)).toEqual([0.01, 0.02, 0.03, 0.004, 0.005, 0.006]);
    t.forces![0] = 99;
    expect((s.arrays.forces as Float64Array)[0]).toBe(0.1);
  });

  it('uses configured keys and leaves out disabled targets', () => {
    const s = cell({ info: { E_dft: -3, virial: [1, 0.1, 0.2, 0.1, 2, 0.3, 0.2, 0.3, 3] }, arrays: { F_dft: new Float64Array(6).fill(1) } });
    const [t] = extractTargets([s], { targets: { energy: 'E_dft', forces: 'F_dft', stress: false, virial: 'virial' } });
    expect(t.energy).toBe(-3);
    expect(Array.from(t.forces!)).toEqual([1, 1, 1, 1, 1, 1]);
    // QUIP's virial = −V·stress, ASE Voigt order xx yy zz yz xz xy
    const V = 2.7 * 2.8 * 2.9;
    const expected = [1, 2, 3, 0.3, 0.2, 0.1].map((v) => -v / V);
    t.stress!.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 15));
    const [u] = extractTargets([s], { targets: { energy: 'E_dft', forces: false, stress: false } });
    expect(u).toEqual({ energy: -3 });
  });

  it('reads a 3×3 stress as Voigt', () => {
    const s = cell();
    (s.info as Record<string, unknown>).stress = new Float64Array([1, 6, 5, 6, 2, 4, 5, 4, 3]);
    expect(Array.from(extractTargets([s])[0].stress!)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('does not expect stress of a structure without a volume', () => {
    const molecule = new Structure({ positions: [0, 0, 0, 1, 0, 0], numbers: [1, 1], info: { energy: 1 }, arrays: { forces: new Float64Array(6) } });
    expect(extractTargets([molecule])[0].stress).toBeUndefined();
  });

  it('names the structure and field of bad training data', () => {
    const good = cell();
    const noEnergy = cell({ info: { stress: [0, 0, 0, 0, 0, 0] } });
    expect(() => extractTargets([good, noEnergy])).toThrow(/structures\[1\] has no energy: info.energy is missing/);
    const noForces = cell({ arrays: {} });
    expect(() => extractTargets([good, good, noForces])).toThrow(/structures\[2\] has no forces: arrays.forces is missing/);
    const noStress = cell({ info: { energy: 1 } });
    expect(() => extractTargets([noStress])).toThrow(/structures\[0\] has no stress: info.stress is missing/);
    expect(extractTargets([noStress], { targets: { stress: false } })[0].stress).toBeUndefined();
    // core checks forces at construction; arrays may be replaced afterwards
    const twoColumns = cell();
    twoColumns.arrays.forces = new Float64Array(4);
    expect(() => extractTargets([good, twoColumns])).toThrow(/structures\[1\]: arrays.forces must have 3 values per atom \(6 for 2 atoms\), got 4/);
    const intForces = cell();
    intForces.arrays.forces = new Int32Array(6);
    expect(() => extractTargets([intForces])).toThrow(/structures\[0\]: arrays.forces must be a Float64Array/);
    const nanForces = cell();
    (nanForces.arrays.forces as Float64Array)[4] = NaN;
    expect(() => extractTargets([good, nanForces])).toThrow(/structures\[1\]: arrays.forces must be finite, got NaN at atom 1, component y/);
    const nanEnergy = cell();
    nanEnergy.info.energy = NaN;
    expect(() => extractTargets([nanEnergy])).toThrow(/structures\[0\]: info.energy must be finite, got NaN/);
    const stringEnergy = cell({ info: { E: 'low', stress: [0, 0, 0, 0, 0, 0] } });
    expect(() => extractTargets([stringEnergy], { targets: { energy: 'E' } })).toThrow(/structures\[0\]: info.E must be a number/);
    const badStress = cell();
    badStress.info.stress = new Float64Array(5);
    expect(() => extractTargets([badStress])).toThrow(/structures\[0\]: info.stress must be 6 Voigt values/);
    const infStress = cell();
    (infStress.info.stress as Float64Array)[3] = Infinity;
    expect(() => extractTargets([infStress])).toThrow(/structures\[0\]: info.stress must be finite, got Infinity at component 3/);
  });

  it('skips missing targets when asked to', () => {
    const [t] = extractTargets([cell({ info: {}, arrays: {} })], { missing: 'skip' });
    expect(t).toEqual({});
  });

  it('rejects bad arguments with a message naming them', () => {
    expect(() => extractTargets([])).toThrow(/structures must hold at least one Structure/);
    expect(() => extractTargets('x')).toThrow(/structures must be an array of Structure/);
    expect(() => extractTargets([{ positions: [] }])).toThrow(/structures\[0\] must be a Structure/);
    expect(() => resolveTargetNames({ energie: 'e' })).toThrow(/unknown field 'energie'/);
    expect(() => resolveTargetNames({ energy: 3 })).toThrow(/targets.energy must be a non-empty string/);
    expect(() => extractTargets([cell()], { targets: { energy: false, forces: false, stress: false } })).toThrow(/at least one/);
    expect(() => extractTargets([cell()], { missing: 'ignore' as 'skip' })).toThrow(/options.missing/);
  });

  it('reads the mlearn records core parses (energy, forces, stress from virial_stress in kbar)', () => {
    const records = JSON.parse(readFileSync(new URL('../../../data/mlearn/Si/test.json', import.meta.url), 'utf8')).slice(0, 5);
    const structures = readMlearnRecords(records);
    const targets = extractTargets(structures);
    targets.forEach((t, k) => {
      expect(t.energy).toBe(records[k].outputs.energy);
      expect(t.forces!.length).toBe(3 * records[k].num_atoms);
      expect(t.forces![4]).toBe(records[k].outputs.forces[1][1]);
      // VASP xx component in kbar, compression positive → ASE sign in eV/Å³
      expect(t.stress![0]).toBeCloseTo(-records[k].outputs.virial_stress[0] * KBAR_IN_EV_PER_A3, 15);
    });
  });
});
