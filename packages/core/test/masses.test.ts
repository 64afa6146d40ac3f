import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { atomicMass } from '../src/masses.js';

// Written by tools/fixtures/make_md_reference.py from ase.data.atomic_masses.
const reference = JSON.parse(readFileSync(new URL('./fixtures/atomic-masses.json', import.meta.url), 'utf8')) as { masses: number[] };

describe('atomic masses', () => {
  it("equal ASE's default table (IUPAC 2016) for every element", () => {
    expect(reference.masses).toHaveLength(118);
    reference.masses.forEach((m, k) => expect(atomicMass(k + 1)).toBe(m));
    // landmarks from the IUPAC table itself
    expect(atomicMass(1)).toBe(1.008);
    expect(atomicMass(14)).toBe(28.085);
    expect(atomicMass(18)).toBe(39.948);
  });

  it('rejects what is not an atomic number, naming it', () => {
    expect(() => atomicMass(0)).toThrow(/atomic number must be an integer in \[1, 118\], got 0/);
    expect(() => atomicMass(119)).toThrow(/atomic number/);
    expect(() => atomicMass(1.5)).toThrow(/atomic number must be an integer/);
  });
});
