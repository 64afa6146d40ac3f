// Generated structures against the brute-force reference of helpers.ts: random
// triclinic cells and cutoffs, every pbc combination, atoms outside the cell and far
// away (negative coordinates too) along open directions, rotated and translated copies.
import { describe, expect, it } from 'vitest';
import { neighborList } from '../src/index.js';
import {
  BACKENDS, bruteForce, compareWithBruteForce, pairMap, randomCell, randomRotation, rng, transform, type TestStructure,
} from './helpers.js';

const PBCS: Array<[boolean, boolean, boolean]> = [
  [true, true, true], [false, false, false], [true, false, false], [false, true, false],
  [false, false, true], [true, true, false], [true, false, true], [false, true, true],
];

/** Atoms spread over [-1, 2) in fractional coordinates (outside the cell too), with a few far away along open directions. */
function randomStructure(random: () => number, n: number, cell: Float64Array, pbc: [boolean, boolean, boolean], far = true): TestStructure {
  const positions = new Float64Array(3 * n);
  for (let a = 0; a < n; a++) {
    const f = [0, 1, 2].map(() => 3 * random() - 1);
    if (far && a % 7 === 3) {
      for (let k = 0; k < 3; k++) if (!pbc[k]) f[k] += (random() < 0.5 ? -1 : 1) * (20 + 40 * random());
    }
    for (let r = 0; r < 3; r++) positions[3 * a + r] = f[0] * cell[r] + f[1] * cell[3 + r] + f[2] * cell[6 + r];
  }
  return { positions, cell, pbc };
}

interface Generated { label: string; structure: TestStructure; cutoff: number }

function generatedCases(): Generated[] {
  const random = rng(20261123);
  const out: Generated[] = [];
  for (let t = 0; t < 24; t++) {
    const pbc = PBCS[t % PBCS.length];
    const size = 2 + 6 * random();
    const cell = randomCell(random, size, t % 3 === 0 ? 0.9 : 0.5);
    const n = 1 + Math.floor(random() * (t % 4 === 0 ? 4 : 24));
    // Cutoffs from a fraction of the cell to well over its size (many images).
    const cutoff = size * (0.2 + (t % 5 === 0 ? 2 : 1.2) * random());
    out.push({ label: `#${t} pbc=${pbc.map(Number).join('')} n=${n} rc=${cutoff.toFixed(2)}`, structure: randomStructure(random, n, cell, pbc), cutoff });
  }
  // No cell at all: molecules and clusters, far apart atoms, negative coordinates.
  for (let t = 0; t < 4; t++) {
    const n = 5 + Math.floor(30 * random());
    const positions = new Float64Array(3 * n).map(() => (random() - 0.7) * 12 * (t + 1));
    out.push({ label: `open #${t} n=${n}`, structure: { positions, cell: new Float64Array(9), pbc: [false, false, false] }, cutoff: 2 + 4 * random() });
  }
  return out;
}

const cases = generatedCases();

describe.each(BACKENDS)('generated structures against brute force, backend %s', (backend) => {
  it.each(cases.map((c) => [c.label, c] as const))('%s', (_, c) => {
    const ref = bruteForce(c.structure, c.cutoff);
    const list = neighborList(c.structure, { cutoff: c.cutoff, backend });
    expect(compareWithBruteForce(list, ref, 1e-9)).toEqual([]);
  });

  it('gives the same pairs for rotated (with and without inversion) and translated copies', () => {
    const random = rng(7);
    for (let t = 0; t < 12; t++) {
      const c = cases[t];
      const R = randomRotation(random, t % 2 === 1);
      const shift = [0, 1, 2].map(() => 30 * (random() - 0.5));
      const moved = { positions: transform(c.structure.positions, R, shift), cell: transform(c.structure.cell, R), pbc: c.structure.pbc };
      const before = pairMap(neighborList(c.structure, { cutoff: c.cutoff, backend }));
      const after = pairMap(neighborList(moved, { cutoff: c.cutoff, backend }));
      // Pairs within rounding of the cutoff may come and go; none exist in these random cases.
      expect([...after.keys()].sort(), c.label).toEqual([...before.keys()].sort());
      for (const [k, p] of before) {
        const q = after.get(k)!;
        expect(Math.abs(q.d - p.d)).toBeLessThan(1e-9);
        const rotated = transform(new Float64Array(p.v), R);
        for (let r = 0; r < 3; r++) expect(Math.abs(q.v[r] - rotated[r])).toBeLessThan(1e-9);
      }
    }
  });

  it('half lists hold each pair of the full list once, oriented i < j (or S > 0 for i == j)', () => {
    for (const c of cases) {
      const full = pairMap(neighborList(c.structure, { cutoff: c.cutoff, backend }));
      const halfList = neighborList(c.structure, { cutoff: c.cutoff, full: false, backend });
      const half = pairMap(halfList);
      expect(half.size * 2).toBe(full.size);
      for (let p = 0; p < halfList.length; p++) {
        const [i, j] = [halfList.i[p], halfList.j[p]];
        const S = Array.from(halfList.shifts.subarray(3 * p, 3 * p + 3));
        const firstNonZero = S.find((x) => x !== 0) ?? 0;
        expect(i < j || (i === j && firstNonZero > 0), `${c.label}: ${i} ${j} ${S}`).toBe(true);
        const forward = full.get(`${i},${j},${S.join(',')}`);
        const backward = full.get(`${j},${i},${S.map((x) => -x).join(',')}`);
        expect(forward?.d).toBe(halfList.distances[p]);
        expect(backward?.d).toBe(halfList.distances[p]);
        for (let r = 0; r < 3; r++) {
          expect(forward!.v[r]).toBe(halfList.vectors[3 * p + r]);
          expect(backward!.v[r]).toBe(-halfList.vectors[3 * p + r]);
        }
      }
    }
  });

  it('sorted lists are sorted by (i, j, S) and hold the same pairs', () => {
    for (const c of cases.slice(0, 12)) {
      for (const full of [true, false]) {
        const sorted = neighborList(c.structure, { cutoff: c.cutoff, full, sorted: true, backend });
        const plain = neighborList(c.structure, { cutoff: c.cutoff, full, backend });
        expect(new Map([...pairMap(sorted)].sort())).toEqual(new Map([...pairMap(plain)].sort()));
        for (let p = 1; p < sorted.length; p++) {
          const a = [sorted.i[p - 1], sorted.j[p - 1], ...sorted.shifts.subarray(3 * p - 3, 3 * p)];
          const b = [sorted.i[p], sorted.j[p], ...sorted.shifts.subarray(3 * p, 3 * p + 3)];
          const order = a.map((x, k) => x - b[k]).find((x) => x !== 0) ?? 0;
          expect(order).toBeLessThan(0);
        }
      }
    }
  });
});
