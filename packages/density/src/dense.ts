// librascal's dense layout, for one-line reference checks (see README).
import type { Structure } from '@equikit/core';
import { expandPairs, findPairs, typeIndex, type ExpansionSetup } from './expansion/pair-expansion.js';

export interface DenseExpansion {
  /** [nAtoms][nSpecies][maxRadial][(maxAngular+1)²], c^{i,a}_{nlm} at l²+l+m. */
  values: Float64Array;
  /** The sorted atomic numbers indexing the second axis. */
  species: Int32Array;
  nAtoms: number;
  maxRadial: number;
  maxAngular: number;
  /**
   * [nAtoms i][nAtoms k][3][nSpecies·maxRadial·(maxAngular+1)²]: ∂ values of centre i / ∂ position
   * of atom k. Periodic images of i itself move with i and cancel out of this derivative.
   */
  positionGradients?: Float64Array;
}

export function computeDenseExpansion(structure: Structure, species: Int32Array, setup: ExpansionSetup, gradients: boolean): DenseExpansion {
  const { maxRadial, maxAngular } = setup;
  const nAtoms = structure.length;
  const typeOfAtom = typeIndex(structure, species);
  const pairs = findPairs(structure, setup.cutoff);
  const block = maxRadial * (maxAngular + 1) ** 2;
  const row = species.length * block;
  let positionGradients: Float64Array | undefined;
  let sink;
  if (gradients) {
    const out = (positionGradients = new Float64Array(nAtoms * nAtoms * 3 * row));
    sink = (p: number, g: Float64Array, offset: number) => {
      const i = pairs.i[p];
      const j = pairs.j[p];
      if (i === j) return; // an image of the centre: +g on i as neighbour, −g on i as centre
      const t = typeOfAtom[j];
      for (let x = 0; x < 3; x++) {
        const from = offset + x * block;
        const toJ = ((i * nAtoms + j) * 3 + x) * row + t * block;
        const toI = ((i * nAtoms + i) * 3 + x) * row + t * block;
        for (let e = 0; e < block; e++) {
          out[toJ + e] += g[from + e];
          out[toI + e] -= g[from + e];
        }
      }
    };
  }
  const values = expandPairs(structure, typeOfAtom, species.length, pairs, setup, sink);
  const dense: DenseExpansion = { values, species, nAtoms, maxRadial, maxAngular };
  if (positionGradients) dense.positionGradients = positionGradients;
  return dense;
}
