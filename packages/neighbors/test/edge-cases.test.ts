// Structures that stress the grid: flat and linear arrangements, atoms very far apart,
// huge offsets from the origin, atoms on top of each other, a cutoff many cells deep,
// and relabelled atoms (a permutation relabels the pairs and changes nothing else).
import { describe, expect, it } from 'vitest';
import { neighborList } from '../src/index.js';
import { BACKENDS, bruteForce, compareWithBruteForce, firstDifference, pairMap, randomCell, rng, type TestStructure } from './helpers.js';

const open = [false, false, false] as [boolean, boolean, boolean];

function points(random: () => number, n: number, f: (k: number) => number): Float64Array {
  return new Float64Array(3 * n).map((_, k) => f(k % 3) * random());
}

describe.each(BACKENDS)('edge cases, backend %s', (backend) => {
  const random = rng(11);
  const cases: Array<[string, TestStructure, number]> = [
    ['atoms in a plane, no cell', { positions: points(random, 60, (k) => (k === 2 ? 0 : 10)), cell: new Float64Array(9), pbc: open }, 2.5],
    ['atoms on a line, no cell', { positions: points(random, 40, (k) => (k === 0 ? 30 : 0)), cell: new Float64Array(9), pbc: open }, 2],
    ['two clusters 10⁴ Å apart', {
      positions: new Float64Array([...points(random, 20, () => 4), ...points(random, 20, () => 4).map((x, k) => x + (k % 3 === 1 ? -1e4 : 0))]),
      cell: new Float64Array(9), pbc: open,
    }, 3],
    ['a slab 10⁵ Å from the origin along its open direction', {
      positions: points(random, 30, (k) => (k === 2 ? 6 : 5)).map((x, k) => x + (k % 3 === 2 ? 1e5 : 0)),
      cell: new Float64Array([5, 0, 0, 1, 5, 0, 0, 0, 0]), pbc: [true, true, false],
    }, 3.3],
    ['atoms on top of each other and on cell faces', {
      positions: new Float64Array([0, 0, 0, 0, 0, 0, 3, 0, 0, 3, 3, 3, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]),
      cell: new Float64Array([3, 0, 0, 0, 3, 0, 0, 0, 3]), pbc: [true, true, true],
    }, 2.7],
    ['a cutoff five cells deep in a skewed cell', { positions: points(random, 3, () => 1.5), cell: randomCell(random, 1.5, 0.9), pbc: [true, true, true] }, 7],
    ['one periodic direction, cutoff past the period', { positions: points(random, 8, () => 3), cell: new Float64Array([0.9, 0.2, 0, 0, 0, 0, 0, 0, 0]), pbc: [true, false, false] }, 2.2],
  ];

  it.each(cases)('%s', (_, structure, cutoff) => {
    // The brute force needs a non-singular cell when any direction is periodic: complete it.
    const cell = structure.cell.slice();
    if (structure.pbc.some((p) => p)) {
      if (cell.slice(3, 6).every((x) => x === 0)) cell.set([-0.2, 1.3, 0.1], 3);
      if (cell.slice(6, 9).every((x) => x === 0)) cell.set([0.3, -0.1, 1.7], 6);
    }
    const ref = bruteForce({ ...structure, cell }, cutoff);
    const list = neighborList(structure, { cutoff, backend });
    expect(list.length).toBeGreaterThan(0);
    expect(compareWithBruteForce(list, ref, 1e-9)).toEqual([]);
  });

  it('relabelling the atoms relabels the pairs, and nothing else', () => {
    for (const [, structure, cutoff] of cases) {
      const n = structure.positions.length / 3;
      const perm = Array.from({ length: n }, (_, a) => a).sort(() => random() - 0.5);
      const positions = new Float64Array(3 * n);
      perm.forEach((from, to) => positions.set(structure.positions.subarray(3 * from, 3 * from + 3), 3 * to));
      const original = pairMap(neighborList(structure, { cutoff, backend }));
      const relabelled = pairMap(neighborList({ ...structure, positions }, { cutoff, backend }));
      expect(relabelled.size).toBe(original.size);
      for (const [key, value] of relabelled) {
        const [i, j, ...S] = key.split(',').map(Number);
        const back = original.get(`${perm[i]},${perm[j]},${S.join(',')}`);
        expect(back, key).toBeDefined();
        expect(Math.abs(back!.d - value.d)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('signed zeros', () => {
  it('every backend gives the same bits when coordinates and cell entries are -0', () => {
    // Atoms on the plane x = 0, half of them at x = -0: x_j - x_i is -0 for some pairs
    // unless the grid normalises the zeros.
    const random = rng(17);
    const positions = new Float64Array(3 * 40).map((_, k) => (k % 3 === 0 ? (random() < 0.5 ? -0 : 0) : 3 * random()));
    const structure = { positions, cell: new Float64Array([-0, -0, -0, -0, 4, -0, 0.3, -0, -4.2]), pbc: [false, true, true] as [boolean, boolean, boolean] };
    for (const full of [true, false]) {
      const js = neighborList(structure, { cutoff: 2.6, full, backend: 'js' });
      expect(js.length).toBeGreaterThan(4);
      for (const backend of ['wasm', 'wasm-simd'] as const) {
        expect(firstDifference(neighborList(structure, { cutoff: 2.6, full, backend }), js)).toBeNull();
      }
    }
  });
});
