// A CentreMap behind a linear species mixing: X(c) = f(W·c), with c̃[q][n][lm] = Σ_a W[q][a]·c[a][n][lm]
// and f the inner map over d = W's rows "species". One neighbour of type t then moves every
// channel (dc̃[q] = W[q][t]·dc[t]), so the inner pushforward is told DENSE_TANGENT.
import type { BackendName } from '@equikit/core';
import type { CentreMap } from '../centre-map.js';
import { DENSE_TANGENT } from '../centre-map.js';

export class SpeciesMixingMap implements CentreMap {
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly block: number;
  private readonly mixed: Float64Array;
  private readonly dmixed: Float64Array;
  private readonly gmixed: Float64Array;
  private readonly siblings = new Map<BackendName, SpeciesMixingMap>();

  /**
   * @param inner the map over d channels (its inputSize = d · block)
   * @param weights W, d × nSpecies row-major
   * @param nSpecies the species of the coefficients this map reads
   */
  constructor(
    private readonly inner: CentreMap,
    private readonly weights: Float64Array,
    private readonly nSpecies: number,
  ) {
    const d = weights.length / nSpecies;
    if (!Number.isInteger(d) || inner.inputSize % d !== 0) throw new Error(`internal: ${weights.length} weights for ${nSpecies} species do not fit a map of input ${inner.inputSize}`);
    this.block = inner.inputSize / d;
    this.inputSize = nSpecies * this.block;
    this.outputSize = inner.outputSize;
    this.mixed = new Float64Array(inner.inputSize);
    this.dmixed = new Float64Array(3 * inner.inputSize);
    this.gmixed = new Float64Array(inner.inputSize);
  }

  /** The same mixing in front of the inner map on `backend` (for maps that run on several backends). */
  withBackend(backend: BackendName): CentreMap {
    const inner = this.inner as CentreMap & { withBackend?: (backend: BackendName) => CentreMap };
    if (typeof inner.withBackend !== 'function') return this;
    let map = this.siblings.get(backend);
    if (!map) this.siblings.set(backend, (map = new SpeciesMixingMap(inner.withBackend(backend), this.weights, this.nSpecies)));
    return map;
  }

  forward(c: Float64Array, cOffset: number, out: Float64Array, outOffset: number): void {
    this.mix(c, cOffset);
    this.inner.forward(this.mixed, 0, out, outOffset);
  }

  pushforward(c: Float64Array, cOffset: number, dc: Float64Array, t: number, out: Float64Array): void {
    const { block: B, nSpecies: S, weights: W, inputSize: C } = this;
    const D = this.inner.inputSize;
    const d = D / B;
    this.mix(c, cOffset);
    const dm = this.dmixed;
    dm.fill(0);
    for (let x = 0; x < 3; x++) {
      for (let q = 0; q < d; q++) {
        const to = x * D + q * B;
        for (let a = t >= 0 ? t : 0; a < (t >= 0 ? t + 1 : S); a++) {
          const w = W[q * S + a];
          if (w === 0) continue;
          const from = x * C + a * B;
          for (let k = 0; k < B; k++) dm[to + k] += w * dc[from + k];
        }
      }
    }
    this.inner.pushforward(this.mixed, 0, dm, DENSE_TANGENT, out);
  }

  pullback(c: Float64Array, cOffset: number, gX: Float64Array, gOffset: number, out: Float64Array): void {
    const { block: B, nSpecies: S, weights: W } = this;
    const d = this.inner.inputSize / B;
    this.mix(c, cOffset);
    this.inner.pullback(this.mixed, 0, gX, gOffset, this.gmixed);
    // Wᵀ: g[a] = Σ_q W[q][a]·g̃[q]
    out.fill(0, 0, this.inputSize);
    for (let a = 0; a < S; a++) {
      for (let q = 0; q < d; q++) {
        const w = W[q * S + a];
        if (w === 0) continue;
        for (let k = 0; k < B; k++) out[a * B + k] += w * this.gmixed[q * B + k];
      }
    }
  }

  private mix(c: Float64Array, cOffset: number): void {
    const { block: B, nSpecies: S, weights: W } = this;
    const d = this.inner.inputSize / B;
    const m = this.mixed;
    m.fill(0);
    for (let q = 0; q < d; q++) {
      for (let a = 0; a < S; a++) {
        const w = W[q * S + a];
        if (w === 0) continue;
        for (let k = 0; k < B; k++) m[q * B + k] += w * c[cOffset + a * B + k];
      }
    }
  }
}
