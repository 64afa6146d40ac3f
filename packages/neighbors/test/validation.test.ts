// Bad input gets a TypeError or RangeError naming the argument; inputs are never modified.
import { describe, expect, it } from 'vitest';
import { neighborList, NeighborSearch } from '../src/index.js';
import { BACKENDS, referenceCases } from './helpers.js';

const cu = referenceCases()[0];
const base = { positions: cu.positions, cell: cu.cell, pbc: cu.pbc };

describe.each(BACKENDS)('validation, backend %s', (backend) => {
  it('rejects a negative, zero, NaN, infinite or missing cutoff', () => {
    expect(() => neighborList(base, { cutoff: -1, backend })).toThrow(/options\.cutoff must be a finite, positive number/);
    expect(() => neighborList(base, { cutoff: 0, backend })).toThrow(RangeError);
    expect(() => neighborList(base, { cutoff: NaN, backend })).toThrow(/options\.cutoff must be a finite number/);
    expect(() => neighborList(base, { cutoff: Infinity, backend })).toThrow(TypeError);
    expect(() => neighborList(base, {} as { cutoff: number })).toThrow(/options\.cutoff/);
    expect(() => neighborList(base, { cutoff: '3' as unknown as number, backend })).toThrow(TypeError);
  });

  it('rejects NaN and infinite positions, naming the atom', () => {
    const positions = cu.positions.slice();
    positions[3 * 7 + 1] = NaN;
    expect(() => neighborList({ ...base, positions }, { cutoff: 3, backend })).toThrow(/structure\.positions\[7\]\[1\] must be finite, got NaN/);
    positions[3 * 7 + 1] = -Infinity;
    expect(() => neighborList({ ...base, positions }, { cutoff: 3, backend })).toThrow(RangeError);
  });

  it('rejects a singular cell along periodic directions, accepts it along open ones', () => {
    const flat = new Float64Array([3, 0, 0, 0, 3, 0, 6, 6, 0]);
    expect(() => neighborList({ positions: new Float64Array(3), cell: flat, pbc: [true, true, true] }, { cutoff: 2, backend })).toThrow(
      /structure\.cell: the periodic cell vectors .* linearly independent/,
    );
    expect(() => neighborList({ positions: new Float64Array(3), cell: new Float64Array(9), pbc: [true, false, false] }, { cutoff: 2, backend })).toThrow(RangeError);
    expect(() => neighborList({ positions: new Float64Array(3), cell: new Float64Array([3, 0, 0, 6, 0, 0, 0, 0, 0]), pbc: [true, true, false] }, { cutoff: 2, backend })).toThrow(RangeError);
    // Only a and b are periodic here and they are independent: fine.
    expect(neighborList({ positions: new Float64Array(3), cell: flat, pbc: [true, true, false] }, { cutoff: 3.5, backend }).length).toBe(4);
  });

  it('rejects lengths that do not match', () => {
    expect(() => neighborList({ ...base, positions: new Float64Array(7) }, { cutoff: 3, backend })).toThrow(/3 numbers per atom, got length 7/);
    expect(() => neighborList({ ...base, cell: new Float64Array(8) }, { cutoff: 3, backend })).toThrow(/structure\.cell must hold 9 numbers/);
    expect(() => neighborList({ ...base, pbc: [true, true] }, { cutoff: 3, backend })).toThrow(/structure\.pbc must be a boolean or an array of 3 booleans/);
    expect(() => neighborList({ ...base, positions: [[0, 0, 0], [1, 1]] }, { cutoff: 3, backend })).toThrow(/structure\.positions\[1\] must be a row of 3/);
    expect(() => neighborList({ ...base, pbc: [true, 1, true] as unknown as boolean[] }, { cutoff: 3, backend })).toThrow(/structure\.pbc\[1\] must be a boolean/);
  });

  it('rejects bad options and structures', () => {
    expect(() => neighborList(base, { cutoff: 3, full: 'yes' as unknown as boolean, backend })).toThrow(/options\.full must be a boolean/);
    expect(() => neighborList(base, { cutoff: 3, sorted: 1 as unknown as boolean, backend })).toThrow(/options\.sorted must be a boolean/);
    expect(() => neighborList(base, { cutoff: 3, maxPairs: 0, backend })).toThrow(/options\.maxPairs must be an integer/);
    expect(() => neighborList(base, { cutoff: 3, backend: 'webgpu' })).toThrow(/no 'webgpu' backend/);
    expect(() => neighborList(null as never, { cutoff: 3, backend })).toThrow(/structure must be an object/);
    expect(() => neighborList({} as never, { cutoff: 3, backend })).toThrow(/structure\.positions is required/);
  });

  it('refuses, before allocating, a cutoff whose pairs would exhaust memory', () => {
    const started = performance.now();
    expect(() => neighborList(base, { cutoff: 1e4, backend })).toThrow(/gives about .* pairs, over the limit options\.maxPairs = 33554432/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses when the pairs found outgrow maxPairs, and succeeds under a larger limit', () => {
    expect(() => neighborList(base, { cutoff: 5, maxPairs: 1000, backend })).toThrow(/over the limit options\.maxPairs = 1000/);
    expect(neighborList(base, { cutoff: 5, maxPairs: cu.pairs, backend }).length).toBe(cu.pairs);
  });

  it('never modifies its inputs, and accepts rows, plain arrays, Float32Array and pbc as one boolean', () => {
    const positions = cu.positions.slice(), cell = cu.cell.slice();
    const list = neighborList({ positions, cell, pbc: true }, { cutoff: cu.cutoff, backend });
    expect(positions).toEqual(cu.positions);
    expect(cell).toEqual(cu.cell);
    expect(list.length).toBe(cu.pairs);
    const rows = Array.from({ length: positions.length / 3 }, (_, a) => Array.from(positions.subarray(3 * a, 3 * a + 3)));
    const cellRows = [0, 1, 2].map((r) => Array.from(cell.subarray(3 * r, 3 * r + 3)));
    expect(neighborList({ positions: rows, cell: cellRows, pbc: [true, true, true] }, { cutoff: cu.cutoff, backend }).length).toBe(cu.pairs);
    expect(neighborList({ positions: Array.from(positions), cell: Array.from(cell), pbc: true }, { cutoff: cu.cutoff, backend }).length).toBe(cu.pairs);
    const f32 = new Float32Array([0, 0, 0, 1, 0, 0]);
    expect(neighborList({ positions: f32 }, { cutoff: 1.5, backend }).length).toBe(2);
  });

  it('handles no atoms and a single isolated atom', () => {
    expect(neighborList({ positions: new Float64Array(0) }, { cutoff: 3, backend }).length).toBe(0);
    expect(neighborList({ positions: new Float64Array(0), cell: cu.cell, pbc: true }, { cutoff: 3, backend }).length).toBe(0);
    expect(neighborList({ positions: new Float64Array([1, 2, 3]) }, { cutoff: 3, backend }).length).toBe(0);
  });

  it('NeighborSearch validates its options once, at construction', () => {
    expect(() => new NeighborSearch({ cutoff: -2, backend })).toThrow(/options\.cutoff/);
  });
});

describe('output growth', () => {
  it('grows from the pace so far, and refuses past maxPairs', async () => {
    const { grownCapacity } = await import('../src/pairs.js');
    // Stopped after 100 of 1000 atoms with 5000 pairs: about 55000 expected in all.
    expect(Math.abs(grownCapacity(5000, 5000, 100, 1000, 200, 1e6) - 55000)).toBeLessThanOrEqual(1);
    // Never beyond maxPairs, except to fit the next atom's candidates.
    expect(grownCapacity(5000, 5000, 100, 1000, 200, 8000)).toBe(8000);
    expect(grownCapacity(8000, 7900, 900, 1000, 200, 8000)).toBe(8100);
    expect(() => grownCapacity(8100, 8050, 950, 1000, 200, 8000)).toThrow(/more than 8000 pairs, over the limit options\.maxPairs = 8000/);
    expect(() => grownCapacity(100, 10, 1, 1000, 2 ** 31 - 1, 8000)).toThrow(/one atom alone has over 2\^31 candidate pairs/);
  });
});
