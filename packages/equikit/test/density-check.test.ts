import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readExtxyz, Structure } from '@equikit/core';
import { SphericalExpansion } from '@equikit/density';
import { DEMO_HYPERS, expansionCheck, powerInvariants, rotateStructure } from '../src/cli/density.js';
import { EXAMPLE_FILE } from '../src/cli/main.js';

const [silicon] = readExtxyz(readFileSync(EXAMPLE_FILE, 'utf8'));

describe('demo density check', () => {
  it('sums |c|² over m for each l', () => {
    // maxAngular 1: one row of K = 4 coefficients (l=0: c0; l=1: c1..c3).
    expect(Array.from(powerInvariants(new Float64Array([2, 1, -2, 2]), 1))).toEqual([4, 9]);
  });

  it('finds the invariants unchanged under a rotation with inversion', () => {
    const check = expansionCheck(silicon);
    expect(check.coefficientsPerAtom).toBe(6 * 25); // one species × maxRadial × (maxAngular+1)²
    expect(check.invariantDeviation).toBeLessThan(1e-12);
  });

  it('would notice a broken transformation (cell left unrotated)', () => {
    const R = new Float64Array([0, -1, 0, 1, 0, 0, 0, 0, 1]); // 90° about z
    const rotated = rotateStructure(silicon, R);
    const broken = new Structure({ positions: rotated.positions, numbers: silicon.numbers, cell: silicon.cell, pbc: silicon.pbc });
    const calculator = new SphericalExpansion(DEMO_HYPERS);
    const a = powerInvariants(calculator.computeDense(silicon).values, 4);
    const b = powerInvariants(calculator.computeDense(broken).values, 4);
    const c = powerInvariants(calculator.computeDense(rotated).values, 4);
    const maxDiff = (x: Float64Array, y: Float64Array) => x.reduce((m, v, k) => Math.max(m, Math.abs(v - y[k])), 0);
    expect(maxDiff(a, b)).toBeGreaterThan(1e-6);
    expect(maxDiff(a, c)).toBeLessThan(1e-12);
  });
});
