// Per-species reference energies e0 by least squares of the total energies on the composition,
// with a tiny ridge so collinear compositions (one element, fixed stoichiometry) still solve:
// the GP then models what the composition alone does not explain.
import { cholesky, solveLower, solveUpper } from './cholesky.js';

/** e0 per species index minimising Σ_s (E_s − Σ_t n_st e0_t)² (+ 1e-10·trace ‖e0‖²). */
export function fitReferenceEnergies(counts: Float64Array[], energies: number[], nSpecies: number): Float64Array {
  const A = new Float64Array(nSpecies * nSpecies);
  const b = new Float64Array(nSpecies);
  counts.forEach((n, s) => {
    for (let a = 0; a < nSpecies; a++) {
      b[a] += n[a] * energies[s];
      for (let c = 0; c < nSpecies; c++) A[a * nSpecies + c] += n[a] * n[c];
    }
  });
  let trace = 0;
  for (let a = 0; a < nSpecies; a++) trace += A[a * nSpecies + a];
  for (let a = 0; a < nSpecies; a++) A[a * nSpecies + a] += 1e-10 * trace + 1e-300;
  const L = cholesky(A, nSpecies);
  if (!L) throw new RangeError('internal: the composition normal matrix is not positive definite');
  solveLower(L, nSpecies, b);
  solveUpper(L, nSpecies, b);
  return b;
}

/** Atoms of each species index in one structure. */
export function composition(typeOf: Int32Array, nSpecies: number): Float64Array {
  const n = new Float64Array(nSpecies);
  for (const t of typeOf) n[t]++;
  return n;
}
