// Neighbour environments of every atom of a structure, grouped by centre, with MTP species indices.
import type { Structure } from '@equikit/core';
import { chemicalSymbol } from '@equikit/core';
import { neighborList } from '@equikit/neighbors';

export interface StructureEnvironments {
  atoms: number;
  /** Species index of each atom (position in the model's species list). */
  types: Int32Array;
  /** Neighbours of centre i are [start[i], start[i+1]). */
  start: Int32Array;
  /** Per pair: neighbour atom, vector r_j − r_i (+ shift), distance, neighbour species. */
  neighbour: Int32Array;
  vectors: Float64Array;
  distances: Float64Array;
  neighbourTypes: Int32Array;
}

/** Species index of every atom; throws naming the structure and atom for an unknown element. */
export function speciesIndices(structure: Structure, species: readonly number[], where: string): Int32Array {
  const index = new Map(species.map((z, k) => [z, k]));
  return Int32Array.from(structure.numbers, (z, atom) => {
    const t = index.get(z);
    if (t === undefined) {
      const known = species.map((s) => chemicalSymbol(s)).join(', ');
      throw new RangeError(`${where}: atom ${atom} is ${chemicalSymbol(z)}, which the MTP does not know (its species are ${known})`);
    }
    return t;
  });
}

export function structureEnvironments(structure: Structure, species: readonly number[], cutoff: number, where = 'structure'): StructureEnvironments {
  const types = speciesIndices(structure, species, where);
  const list = neighborList(structure, { cutoff, full: true });
  const n = structure.length;
  const start = new Int32Array(n + 1);
  for (let p = 0; p < list.length; p++) start[list.i[p] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const neighbour = new Int32Array(list.length);
  const vectors = new Float64Array(3 * list.length);
  const distances = new Float64Array(list.length);
  const neighbourTypes = new Int32Array(list.length);
  for (let p = 0; p < list.length; p++) {
    const q = fill[list.i[p]]++;
    neighbour[q] = list.j[p];
    vectors[3 * q] = list.vectors[3 * p];
    vectors[3 * q + 1] = list.vectors[3 * p + 1];
    vectors[3 * q + 2] = list.vectors[3 * p + 2];
    distances[q] = list.distances[p];
    neighbourTypes[q] = types[list.j[p]];
  }
  return { atoms: n, types, start, neighbour, vectors, distances, neighbourTypes };
}
