import { getBackend } from '@equikit/core';
import { NeighborSearch } from '@equikit/neighbors';
import type { Structure } from '@equikit/core';

export interface CoordinationStats {
  pairs: number;
  min: number;
  max: number;
  mean: number;
  backend: string;
}

/** Neighbour counts per atom within `cutoff` over all frames (full lists, periodic images included). */
export function coordinationStats(structures: readonly Structure[], cutoff: number): CoordinationStats {
  const search = new NeighborSearch({ cutoff, full: true });
  let pairs = 0;
  let atoms = 0;
  let min = Infinity;
  let max = 0;
  for (const structure of structures) {
    const list = search.compute(structure);
    const counts = new Int32Array(structure.numbers.length);
    for (let p = 0; p < list.length; p++) counts[list.i[p]]++;
    for (const c of counts) {
      min = Math.min(min, c);
      max = Math.max(max, c);
    }
    pairs += list.length;
    atoms += counts.length;
  }
  return { pairs, min: atoms ? min : 0, max, mean: atoms ? pairs / atoms : 0, backend: getBackend() };
}
