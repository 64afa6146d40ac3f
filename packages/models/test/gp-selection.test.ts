import { describe, expect, it } from 'vitest';
import { curSelection, farthestPointSampling } from '../src/index.js';
import { seeded } from './gp-helpers.js';

describe('farthest-point sampling', () => {
  // corners of the unit square, its centre, and a point near the first corner
  const square = new Float64Array([0, 0, 1, 0, 0, 1, 1, 1, 0.5, 0.5, 0.1, 0]);

  it('picks the known order on a toy set (ties to the lowest index)', () => {
    // from (0,0): (1,1) is farthest; then (1,0) and (0,1) tie at 1 → (1,0); then (0,1); then the centre (0.707 > 0.1)
    expect(Array.from(farthestPointSampling(square, 6, 6))).toEqual([0, 3, 1, 2, 4, 5]);
    // from the centre every corner ties (0.707): the first; then (1,0), (0,1), (1,1) tie again
    expect(Array.from(farthestPointSampling(square, 6, 3, 4))).toEqual([4, 0, 1]);
  });

  it('never picks a duplicate: stops early when only duplicates remain', () => {
    const withDuplicates = new Float64Array([...square, 0, 0, 1, 1]);
    expect(Array.from(farthestPointSampling(withDuplicates, 8, 8))).toEqual([0, 3, 1, 2, 4, 5]);
  });

  it('rejects bad arguments naming them', () => {
    expect(() => farthestPointSampling(square, 5, 2)).toThrow(/not a multiple of rows = 5/);
    expect(() => farthestPointSampling(square, 6, 0)).toThrow(/count must be an integer ≥ 1/);
    expect(() => farthestPointSampling(square, 6, 2, 6)).toThrow(/start must be an integer in \[0, 5\]/);
  });
});

describe('CUR selection', () => {
  it('picks the known order on a toy set, then completes by farthest points once the span is exhausted', () => {
    // rank 3: the dominant x row first, then y, then z; the fourth is only reachable by FPS
    const rows = new Float64Array([10, 0, 0, 0, 1, 0, 0, 0, 0.5, 9, 0.1, 0, 9.5, 0, 0]);
    expect(Array.from(curSelection(rows, 5, 3))).toEqual([0, 1, 2]);
    // after x, y, z: the farthest remaining from the chosen rows is (9, 0.1, 0) (distance ≈ 1.005 vs 0.5)
    expect(Array.from(curSelection(rows, 5, 4))).toEqual([0, 1, 2, 3]);
  });

  it('is deterministic given the seed, and picks distinct rows', () => {
    const r = seeded(5);
    const n = 60;
    const width = 8;
    const values = Float64Array.from({ length: n * width }, () => r() - 0.5);
    const a = curSelection(values, n, 20, { seed: 9 });
    const b = curSelection(values, n, 20, { seed: 9 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(new Set(a).size).toBe(20);
  });

  it('picks first the row that carries the top singular direction', () => {
    const r = seeded(6);
    const n = 30;
    const values = Float64Array.from({ length: n * 4 }, () => 0.1 * (r() - 0.5));
    values.set([3, 2, 0, 0], 17 * 4);
    expect(curSelection(values, n, 1)[0]).toBe(17);
  });

  it('rejects bad arguments naming them', () => {
    expect(() => curSelection(new Float64Array(4), 2, 1, { seed: -1 })).toThrow(/options.seed/);
    expect(() => curSelection(new Float64Array(4), 2, 1, { maxIterations: 0 })).toThrow(/options.maxIterations/);
  });
});
