// librascal's dense layout, for one-line reference checks (see README).
import type { PairExpansion } from './expansion/pair-expansion.js';

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

export function denseFromPairs(expansion: PairExpansion, maxRadial: number, maxAngular: number): DenseExpansion {
  const { nAtoms, types, values } = expansion;
  const dense: DenseExpansion = { values, species: types, nAtoms, maxRadial, maxAngular };
  const pairs = expansion.pairs;
  const pairGradients = pairs.gradients;
  if (!pairGradients) return dense;
  const K = (maxAngular + 1) ** 2;
  const block = maxRadial * K;
  const row = types.length * block;
  const gradients = new Float64Array(nAtoms * nAtoms * 3 * row);
  for (let p = 0; p < pairs.length; p++) {
    const i = pairs.i[p];
    const j = pairs.j[p];
    if (i === j) continue; // an image of the centre: +g on i as neighbour, −g on i as centre
    const t = expansion.typeOfAtom[j];
    for (let x = 0; x < 3; x++) {
      const from = (p * 3 + x) * block;
      const toJ = ((i * nAtoms + j) * 3 + x) * row + t * block;
      const toI = ((i * nAtoms + i) * 3 + x) * row + t * block;
      for (let e = 0; e < block; e++) {
        const g = pairGradients[from + e];
        gradients[toJ + e] += g;
        gradients[toI + e] -= g;
      }
    }
  }
  dense.positionGradients = gradients;
  return dense;
}
