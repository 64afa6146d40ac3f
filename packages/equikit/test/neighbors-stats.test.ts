import { describe, expect, it } from 'vitest';
import { Structure } from '@equikit/core';
import { coordinationStats } from '../src/cli/neighbors.js';

describe('coordination statistics', () => {
  it('count 12 nearest neighbours in FCC and 18 with the second shell', () => {
    const a = 3.61;
    const basis = [0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0].map((f) => f * a);
    const fcc = new Structure({
      positions: new Float64Array(basis),
      numbers: new Int32Array([29, 29, 29, 29]),
      cell: new Float64Array([a, 0, 0, 0, a, 0, 0, 0, a]),
      pbc: [true, true, true],
    });
    // Shells at a/√2 = 2.55 Å (12 atoms) and a = 3.61 Å (6 atoms).
    expect(coordinationStats([fcc], 3)).toMatchObject({ pairs: 48, min: 12, max: 12, mean: 12 });
    expect(coordinationStats([fcc], 4)).toMatchObject({ pairs: 72, min: 18, max: 18, mean: 18 });
  });
});
