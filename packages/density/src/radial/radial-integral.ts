/**
 * A radial integral I_nl(r): the part of one neighbour's density coefficient that depends
 * on the distance r only, so that c_nlm += weight(r) · I_nl(r) · Y_lm(r̂).
 * Layout of `values` and `derivatives`: [n][l], index n·(maxAngular+1) + l, as librascal's
 * n_max × (l_max+1) radial matrix. Entries of n beyond an l's own radial count are 0.
 */
export interface RadialIntegral {
  readonly maxRadial: number;
  readonly maxAngular: number;
  /** Writes I_nl(r) into values and, when given, dI_nl/dr into derivatives. r ≥ 0. */
  compute(r: number, values: Float64Array, derivatives?: Float64Array): void;
}
