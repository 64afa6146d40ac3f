import { describe, expect, it } from 'vitest';
import { readMlearnRecords } from '../src/io/mlearn.js';
import { parseError } from './parse-error.js';

/** A minimal valid mlearn record with two Si sites. */
function record(): Record<string, any> {
  return {
    num_atoms: 2,
    group: 'Elastic',
    description: 'two atoms',
    structure: {
      lattice: { matrix: [[5.43, 0, 0], [0, 5.43, 0], [0, 0, 5.43]] },
      sites: [
        { species: [{ element: 'Si', occu: 1 }], xyz: [0, 0, 0] },
        { species: [{ element: 'Si', occu: 1 }], xyz: [1.3575, 1.3575, 1.3575] },
      ],
    },
    outputs: { energy: -10.8, forces: [[0.1, 0, 0], [-0.1, 0, 0]], virial_stress: [1, 1, 1, 0, 0, 0] },
  };
}

/** Two records, the second changed by `edit`: errors must name record 1. */
function broken(edit: (r: Record<string, any>) => void): unknown[] {
  const bad = record();
  edit(bad);
  return [record(), bad];
}


// [what is wrong, input, record index, expected message]
const CASES: [string, string | unknown[], number | undefined, RegExp][] = [
  ['invalid JSON', '[{"structure": ', undefined, /^mlearn: input is not valid JSON: /],
  ['not an array', '{"structure": {}}', undefined, /^mlearn: expected a JSON array of records, got an object/],
  ['record not an object', [record(), 42], 1, /^mlearn record 1: the record must be an object, got 42/],
  ['missing structure', broken((r) => delete r.structure), 1, /^mlearn record 1: missing structure \(a pymatgen Structure dict\)/],
  ['missing lattice', broken((r) => delete r.structure.lattice), 1, /missing structure.lattice$/],
  ['lattice matrix with 2 rows', broken((r) => r.structure.lattice.matrix.pop()), 1, /structure.lattice.matrix must be 3 rows of 3 numbers, got \[\[5.43,0,0\],\[0,5.43,0\]\]/],
  ['non-numeric lattice entry', broken((r) => (r.structure.lattice.matrix[1][1] = 'x')), 1, /structure.lattice.matrix\[1\] must be 3 finite numbers, got \[0,"x",0\]/],
  ['singular lattice', broken((r) => (r.structure.lattice.matrix[2] = [5.43, 5.43, 0])), 1, /invalid structure: cell must be non-singular along the periodic directions/],
  ['missing sites', broken((r) => delete r.structure.sites), 1, /structure.sites must be an array of sites, got nothing/],
  ['site without xyz', broken((r) => delete r.structure.sites[1].xyz), 1, /structure.sites\[1\].xyz must be 3 finite numbers, got nothing/],
  ['site with 2 coordinates', broken((r) => (r.structure.sites[0].xyz = [0, 0])), 1, /structure.sites\[0\].xyz must be 3 finite numbers, got \[0,0\]/],
  ['unknown element', broken((r) => (r.structure.sites[1].species[0].element = 'Xx')), 1, /structure.sites\[1\].species\[0\].element must be a known chemical symbol, got "Xx"/],
  ['disordered site', broken((r) => r.structure.sites[0].species.push({ element: 'Ge', occu: 0.5 })), 1, /structure.sites\[0\].species must list exactly one element \(ordered sites only\)/],
  ['num_atoms disagreeing with sites', broken((r) => (r.num_atoms = 3)), 1, /num_atoms is 3 but structure.sites has 2 sites/],
  ['missing outputs', broken((r) => delete r.outputs), 1, /missing outputs$/],
  ['missing energy', broken((r) => delete r.outputs.energy), 1, /outputs.energy must be a finite number \(eV\), got nothing/],
  ['energy as a string', broken((r) => (r.outputs.energy = '-10.8')), 1, /outputs.energy must be a finite number \(eV\), got "-10.8"/],
  ['forces length mismatch', broken((r) => r.outputs.forces.pop()), 1, /outputs.forces must have one 3-vector per site \(2\), got \[\[0.1,0,0\]\]/],
  ['force with 2 components', broken((r) => (r.outputs.forces[1] = [0, 0])), 1, /outputs.forces\[1\] must be 3 finite numbers, got \[0,0\]/],
  ['virial_stress with 5 values', broken((r) => r.outputs.virial_stress.pop()), 1, /outputs.virial_stress must be 6 finite numbers \(kbar\), got \[1,1,1,0,0\]/],
];

describe('malformed mlearn records', () => {
  it('has at least 20 distinct malformed inputs', () => {
    expect(new Set(CASES.map((c) => JSON.stringify(c[1]))).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('%s', (_what, input, frame, message) => {
    const error = parseError(() => readMlearnRecords(input as string));
    expect(error.message).toMatch(message);
    expect(error.frame).toBe(frame);
    expect(error.line).toBeUndefined();
  });

  it('reads the untouched records that the cases break', () => {
    const [s] = readMlearnRecords([record()]);
    expect(s.info.energy).toBe(-10.8);
    expect(s.symbols()).toEqual(['Si', 'Si']);
  });

  it('rejects an unknown shearOrder option', () => {
    expect(() => readMlearnRecords([record()], { shearOrder: 'zz' as 'auto' })).toThrow(/options.shearOrder must be 'auto', 'xy yz zx' or 'xy zx yz', got "zz"/);
  });
});
