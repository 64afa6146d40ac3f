// Every invariant built from the density is a function of one centre's ν = 1 coefficients
// c_i only: X_i = f(c_i). A CentreMap is that f with its two derivative products. The
// structure-level drivers (dense arrays, species sums, vector–Jacobian products, TensorMaps)
// only ever call these three, so any feature (power spectrum, NICE, a normalised variant)
// gets positions and strain gradients for free.

/** The `t` of a pushforward whose dc may be nonzero in every species block. */
export const DENSE_TANGENT = -1;

/**
 * f: c_i ↦ X_i for one centre. `c` holds the centre's coefficients in the density package's
 * dense layout [species a][n][l² + l + m] (`inputSize` = nSpecies · maxRadial · (maxAngular+1)²).
 */
export interface CentreMap {
  readonly inputSize: number;
  readonly outputSize: number;
  /** out[outOffset + f] = X_f(c). */
  forward(c: Float64Array, cOffset: number, out: Float64Array, outOffset: number): void;
  /**
   * Three tangents at once: out[x·F + f] = Σ_k ∂X_f/∂c_k · dc[x·C + k] for x = 0, 1, 2.
   * `dc` is zero outside species block `t` (one pair moves one neighbour type), which the map
   * may exploit; t = DENSE_TANGENT (−1) says `dc` may be nonzero in every block (after a
   * species mixing, one neighbour moves every channel).
   */
  pushforward(c: Float64Array, cOffset: number, dc: Float64Array, t: number, out: Float64Array): void;
  /** out[k] = Σ_f gX[gOffset + f] · ∂X_f/∂c_k (overwrites out[0 .. C)). */
  pullback(c: Float64Array, cOffset: number, gX: Float64Array, gOffset: number, out: Float64Array): void;
}
