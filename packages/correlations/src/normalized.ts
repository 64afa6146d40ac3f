// X̃ = X / ‖X‖ per centre (librascal's and featomic's `normalize`), as a wrapper of any map:
// dX̃ = (dX − X̃ (X̃·dX)) / ‖X‖.
import type { BackendName } from '@equikit/core';
import type { CentreMap } from './centre-map.js';
import { bindBackend } from './wasm/bind-backend.js';

export class NormalizedMap implements CentreMap {
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly x: Float64Array;

  constructor(private readonly inner: CentreMap) {
    this.inputSize = inner.inputSize;
    this.outputSize = inner.outputSize;
    this.x = new Float64Array(inner.outputSize);
  }

  /** The same normalisation of the inner map run on `backend` (where the inner map has a withBackend). */
  withBackend(backend: BackendName): NormalizedMap {
    const inner = bindBackend(this.inner, backend);
    return inner === this.inner ? this : new NormalizedMap(inner);
  }

  forward(c: Float64Array, cOffset: number, out: Float64Array, outOffset: number): void {
    this.inner.forward(c, cOffset, out, outOffset);
    const norm = Math.sqrt(dot(out, outOffset, out, outOffset, this.outputSize));
    // an empty environment (norm 0) stays 0 rather than NaN
    const scale = norm > 0 ? 1 / norm : 0;
    for (let f = 0; f < this.outputSize; f++) out[outOffset + f] *= scale;
  }

  pushforward(c: Float64Array, cOffset: number, dc: Float64Array, t: number, out: Float64Array): void {
    const F = this.outputSize;
    const norm = this.unitAndNorm(c, cOffset);
    this.inner.pushforward(c, cOffset, dc, t, out);
    if (norm === 0) {
      out.fill(0, 0, 3 * F);
      return;
    }
    for (let x = 0; x < 3; x++) {
      const along = dot(this.x, 0, out, x * F, F);
      for (let f = 0; f < F; f++) out[x * F + f] = (out[x * F + f] - this.x[f] * along) / norm;
    }
  }

  pullback(c: Float64Array, cOffset: number, gX: Float64Array, gOffset: number, out: Float64Array): void {
    const F = this.outputSize;
    const norm = this.unitAndNorm(c, cOffset);
    if (norm === 0) {
      out.fill(0, 0, this.inputSize);
      return;
    }
    // Jᵀ of the normalisation: (g − X̃ (X̃·g)) / ‖X‖, then the inner map's Jᵀ
    const along = dot(this.x, 0, gX, gOffset, F);
    const g = new Float64Array(F);
    for (let f = 0; f < F; f++) g[f] = (gX[gOffset + f] - this.x[f] * along) / norm;
    this.inner.pullback(c, cOffset, g, 0, out);
  }

  /** this.x ← X̃(c); returns ‖X(c)‖. */
  private unitAndNorm(c: Float64Array, cOffset: number): number {
    this.inner.forward(c, cOffset, this.x, 0);
    const norm = Math.sqrt(dot(this.x, 0, this.x, 0, this.outputSize));
    if (norm > 0) for (let f = 0; f < this.outputSize; f++) this.x[f] /= norm;
    return norm;
  }
}

function dot(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, length: number): number {
  let sum = 0;
  for (let k = 0; k < length; k++) sum += a[aOffset + k] * b[bOffset + k];
  return sum;
}
