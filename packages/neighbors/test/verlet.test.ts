// The Verlet-skin list rebuilds exactly when some atom has moved more than skin / 2
// (or the cell, pbc or atom count changed), and always equals a fresh list.
import { describe, expect, it } from 'vitest';
import { neighborList, VerletNeighborList, type NeighborList } from '../src/index.js';
import { BACKENDS, firstDifference, referenceCases, rng, snapshot } from './helpers.js';

const cu = referenceCases()[0];
const slab = referenceCases().find((c) => c.name === 'pt111_slab_mixed_pbc')!;

function expectSameList(actual: NeighborList, fresh: NeighborList) {
  expect(actual.length).toBe(fresh.length);
  expect(Array.from(actual.i)).toEqual(Array.from(fresh.i));
  expect(Array.from(actual.j)).toEqual(Array.from(fresh.j));
  expect(Array.from(actual.shifts)).toEqual(Array.from(fresh.shifts));
  let worst = 0;
  for (let p = 0; p < fresh.length; p++) {
    worst = Math.max(worst, Math.abs(actual.distances[p] - fresh.distances[p]));
    for (let r = 0; r < 3; r++) worst = Math.max(worst, Math.abs(actual.vectors[3 * p + r] - fresh.vectors[3 * p + r]));
  }
  expect(worst).toBeLessThan(1e-12);
}

describe.each(BACKENDS)('VerletNeighborList, backend %s', (backend) => {
  it.each([
    ['bulk, full', cu, true],
    ['slab, half', slab, false],
  ] as const)('%s: rebuilds exactly when an atom moved over skin/2, and equals a fresh list every step', (_, system, full) => {
    const random = rng(full ? 3 : 4);
    const skin = 0.5;
    const verlet = new VerletNeighborList({ cutoff: system.cutoff, skin, full, sorted: true, backend });
    const positions = system.positions.slice();
    let atBuild = positions.slice();
    let rebuilds = 0;
    for (let step = 0; step < 40; step++) {
      if (step > 0) for (let k = 0; k < positions.length; k++) positions[k] += (random() - 0.5) * 0.06;
      let moved = 0;
      for (let k = 0; k < positions.length; k += 3) {
        moved = Math.max(moved, Math.hypot(positions[k] - atBuild[k], positions[k + 1] - atBuild[k + 1], positions[k + 2] - atBuild[k + 2]));
      }
      const structure = { positions, cell: system.cell, pbc: system.pbc };
      const list = verlet.update(structure);
      const expectRebuild = step === 0 || moved > skin / 2;
      expect(verlet.rebuilt, `step ${step}, moved ${moved}`).toBe(expectRebuild);
      if (expectRebuild) {
        atBuild = positions.slice();
        rebuilds++;
      }
      expectSameList(list, neighborList(structure, { cutoff: system.cutoff, full, sorted: true, backend }));
    }
    expect(verlet.builds).toBe(rebuilds);
    // The trajectory must exercise both paths.
    expect(rebuilds).toBeGreaterThan(1);
    expect(rebuilds).toBeLessThan(30);
  });

  it('rebuilds at a move just over skin/2, not at one just under', () => {
    const verlet = new VerletNeighborList({ cutoff: 4, skin: 1, backend, sorted: true });
    const structure = { positions: cu.positions.slice(), cell: cu.cell, pbc: cu.pbc };
    verlet.update(structure);
    structure.positions[3 * 5] += 0.499;
    verlet.update(structure);
    expect(verlet.rebuilt).toBe(false);
    structure.positions[3 * 5] += 0.002;
    verlet.update(structure);
    expect(verlet.rebuilt).toBe(true);
  });

  it('rebuilds when the cell, the periodicity or the number of atoms changes', () => {
    const verlet = new VerletNeighborList({ cutoff: 4, skin: 0.4, backend, sorted: true });
    verlet.update(cu);
    verlet.update(cu);
    expect(verlet.rebuilt).toBe(false);
    const strained = cu.cell.map((x) => x * 1.001);
    const list = verlet.update({ ...cu, cell: strained });
    expect(verlet.rebuilt).toBe(true);
    expectSameList(list, neighborList({ ...cu, cell: strained }, { cutoff: 4, sorted: true, backend }));
    verlet.update({ ...cu, cell: strained, pbc: [true, true, false] });
    expect(verlet.rebuilt).toBe(true);
    const fewer = { positions: cu.positions.slice(0, 3 * 50), cell: strained, pbc: [true, true, false] as [boolean, boolean, boolean] };
    expectSameList(verlet.update(fewer), neighborList(fewer, { cutoff: 4, sorted: true, backend }));
    expect(verlet.rebuilt).toBe(true);
    expect(verlet.builds).toBe(4);
  });

  it('validates the skin and the cutoff', () => {
    expect(() => new VerletNeighborList({ cutoff: 4, skin: -1, backend })).toThrow(/options\.skin must be a finite number ≥ 0/);
    expect(() => new VerletNeighborList({ cutoff: 4, skin: NaN, backend })).toThrow(/options\.skin/);
    expect(() => new VerletNeighborList({ cutoff: -4, skin: 1, backend })).toThrow(/options\.cutoff/);
  });
});

describe('VerletNeighborList across backends', () => {
  it('gives identical lists on js, wasm and wasm-simd, rebuilding or not', () => {
    const random = rng(21);
    const lists = BACKENDS.map((backend) => new VerletNeighborList({ cutoff: 4.5, skin: 0.4, full: false, backend }));
    const positions = cu.positions.slice();
    for (let step = 0; step < 12; step++) {
      for (let k = 0; k < positions.length; k++) positions[k] += (random() - 0.5) * 0.08;
      const structure = { positions, cell: cu.cell, pbc: cu.pbc };
      const [js, ...others] = lists.map((v) => snapshot(v.update(structure)));
      for (const other of others) expect(firstDifference(other, js)).toBeNull();
      expect(new Set(lists.map((v) => v.rebuilt)).size).toBe(1);
    }
    expect(lists[0].builds).toBeGreaterThan(1);
  });
});
