// The js, wasm and wasm-simd backends give identical lists: same pairs, same order,
// bit-identical distances and vectors (the kernels do the same operations in the same order).
import { describe, expect, it } from 'vitest';
import { NeighborSearch, neighborList } from '../src/index.js';
import { firstDifference, randomCell, referenceCases, rng, snapshot } from './helpers.js';

function structures() {
  const random = rng(99);
  const out = referenceCases().map((c) => ({ structure: c as { positions: Float64Array; cell: Float64Array; pbc: [boolean, boolean, boolean] }, cutoff: c.cutoff }));
  for (let t = 0; t < 10; t++) {
    const cell = randomCell(random, 4 + 8 * random(), 0.8);
    const n = 20 + Math.floor(200 * random());
    const positions = new Float64Array(3 * n).map(() => (3 * random() - 1) * 8);
    const pbc = [0, 1, 2].map(() => random() < 0.7) as [boolean, boolean, boolean];
    out.push({ structure: { positions, cell, pbc }, cutoff: 1.5 + 5 * random() });
  }
  return out;
}

describe('backends', () => {
  const cases = structures();
  it.each([true, false])('give identical output (full = %s), sorted or not', (full) => {
    for (const { structure, cutoff } of cases) {
      for (const sorted of [false, true]) {
        const js = neighborList(structure, { cutoff, full, sorted, backend: 'js' });
        expect(js.length).toBeGreaterThan(0);
        expect(firstDifference(neighborList(structure, { cutoff, full, sorted, backend: 'wasm' }), js)).toBeNull();
        expect(firstDifference(neighborList(structure, { cutoff, full, sorted, backend: 'wasm-simd' }), js)).toBeNull();
      }
    }
  });

  it.each(['js', 'wasm', 'wasm-simd'] as const)('%s: a reused NeighborSearch gives the same lists as fresh calls, growing its buffers as needed', (backend) => {
    const search = new NeighborSearch({ cutoff: 4, backend });
    // Small to large and back: the reused buffers must grow and then be reused.
    for (const k of [0, 5, 2, 9, 1]) {
      const { structure } = cases[k];
      const fresh = snapshot(neighborList(structure, { cutoff: 4, backend }));
      expect(firstDifference(search.compute(structure), fresh)).toBeNull();
    }
  });

  it.each(['js', 'wasm', 'wasm-simd'] as const)('%s: output is complete when the first capacity guess is far too small', (backend) => {
    // A dense clump inside a dilute gas: the density estimate per bin undershoots.
    const random = rng(5);
    const positions = new Float64Array(3 * 400).map((_, k) => (k < 600 ? random() * 3 : random() * 60));
    const structure = { positions, cell: new Float64Array(9), pbc: [false, false, false] as [boolean, boolean, boolean] };
    const list = neighborList(structure, { cutoff: 3.5, backend });
    let brute = 0;
    for (let a = 0; a < 400; a++) for (let b = 0; b < 400; b++) {
      if (a === b) continue;
      const d2 = (positions[3 * a] - positions[3 * b]) ** 2 + (positions[3 * a + 1] - positions[3 * b + 1]) ** 2 + (positions[3 * a + 2] - positions[3 * b + 2]) ** 2;
      if (d2 < 3.5 ** 2) brute++;
    }
    expect(list.length).toBe(brute);
  });

  it.each(['js', 'wasm', 'wasm-simd'] as const)('%s: lists from neighborList() are independent of later calls', (backend) => {
    const first = neighborList(cases[0].structure, { cutoff: 4, backend });
    const kept = snapshot(first);
    const search = new NeighborSearch({ cutoff: 6, backend });
    for (const k of [1, 2, 3]) {
      neighborList(cases[k].structure, { cutoff: 5, backend });
      search.compute(cases[k].structure);
    }
    expect(firstDifference(first, kept)).toBeNull();
  });

  it.each(['js', 'wasm', 'wasm-simd'] as const)('%s: two NeighborSearch objects do not share buffers', (backend) => {
    const a = new NeighborSearch({ cutoff: 4, backend }), b = new NeighborSearch({ cutoff: 4, backend });
    const listA = a.compute(cases[0].structure);
    const kept = snapshot(listA);
    b.compute(cases[5].structure);
    expect(firstDifference(listA, kept)).toBeNull();
  });
});
