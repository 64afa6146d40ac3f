// Pair sets (i, j, S) identical to ASE's neighbor_list('ijSdD', self_interaction=False)
// on every case of data/reference/neighbors.json; distances and vectors to 1e-12 Å.
import { describe, expect, it } from 'vitest';
import { Structure } from '@equikit/core';
import { neighborList } from '../src/index.js';
import { BACKENDS, key, pairMap, referenceCases } from './helpers.js';

const cases = referenceCases();

describe.each(BACKENDS)('ASE reference lists, backend %s', (backend) => {
  it('covers the cases the issue names', () => {
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['si_primitive_cutoff_gt_cell', 'triclinic_skewed_4', 'pt111_slab_mixed_pbc', 'wire_1d_pbc', 'benzene_open', 'single_atom_periodic_images']),
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: sorted list equals ASE pair for pair', (_, c) => {
    const list = neighborList(c, { cutoff: c.cutoff, sorted: true, backend });
    expect(list.length).toBe(c.pairs);
    expect(Array.from(list.i)).toEqual(c.i);
    expect(Array.from(list.j)).toEqual(c.j);
    expect(Array.from(list.shifts)).toEqual(c.S);
    let worst = 0;
    for (let p = 0; p < c.pairs; p++) {
      worst = Math.max(worst, Math.abs(list.distances[p] - c.d[p]));
      for (let r = 0; r < 3; r++) worst = Math.max(worst, Math.abs(list.vectors[3 * p + r] - c.D[3 * p + r]));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: unsorted list holds the same pairs', (_, c) => {
    const mine = pairMap(neighborList(c, { cutoff: c.cutoff, backend }));
    expect(mine.size).toBe(c.pairs);
    const missing: string[] = [];
    let worst = 0;
    for (let p = 0; p < c.pairs; p++) {
      const k = key(c.i[p], c.j[p], c.S.slice(3 * p, 3 * p + 3));
      const found = mine.get(k);
      if (found) worst = Math.max(worst, Math.abs(found.d - c.d[p]));
      else missing.push(k);
    }
    expect(missing).toEqual([]);
    expect(worst).toBeLessThan(1e-12);
  });

  it('accepts a core Structure', () => {
    for (const c of cases) {
      const structure = new Structure({ positions: c.positions, numbers: (c as unknown as { numbers: number[] }).numbers, cell: c.cell, pbc: c.pbc });
      expect(neighborList(structure, { cutoff: c.cutoff, backend }).length).toBe(c.pairs);
    }
  });
});
