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
  const K = (maxAngular + 1) ** 2;
  const block = maxRadial * K;
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
      // from the sink's [l][x][m][n] layout to librascal's [x][n][lm]
      for (let l = 0; l <= maxAngular; l++) {
        const width = 2 * l + 1;
        for (let x = 0; x < 3; x++) {
          const toJ = ((i * nAtoms + j) * 3 + x) * row + t * block + l * l;
          const toI = ((i * nAtoms + i) * 3 + x) * row + t * block + l * l;
          for (let m = 0; m < width; m++) {
            const from = offset + 3 * maxRadial * l * l + (x * width + m) * maxRadial;
            for (let n = 0; n < maxRadial; n++) {
              out[toJ + n * K + m] += g[from + n];
              out[toI + n * K + m] -= g[from + n];
            }
          }
        }
      }
    };
  }
  const values = expandPairs(structure, typeOfAtom, species.length, pairs, setup, sink);
  const dense: DenseExpansion = { values, species, nAtoms, maxRadial, maxAngular };
  if (positionGradients) dense.positionGradients = positionGradients;
  return dense;
}
