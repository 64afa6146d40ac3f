// The SOAP power spectrum of one centre in librascal's layout and scaling:
// p[(a ≤ b)][n1][n2][l] = f_ab / √(2l+1) · Σ_m c[a][n1][lm] · c[b][n2][lm], f_ab = √2 for a < b.
import { resolveBackend, type BackendName, type WasmFlavor } from '@equikit/core';
import type { CentreMap } from './centre-map.js';
import { forwardWasm, pullbackWasm, pushforwardWasm } from './wasm/map-kernels.js';

const WASM_OR_JS: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];

export interface PowerSpectrumShape {
  nSpecies: number;
  maxRadial: number;
  maxAngular: number;
}

export interface PowerSpectrumMapOptions {
  /** 'js', 'wasm' or 'wasm-simd' for every call; default the forced backend, else the best available. */
  backend?: BackendName;
}

export class PowerSpectrumMap implements CentreMap {
  readonly nSpecies: number;
  readonly maxRadial: number;
  readonly maxAngular: number;
  readonly backend: BackendName | undefined;
  readonly inputSize: number;
  readonly outputSize: number;
  /** The species pairs (a, b), a ≤ b, in librascal's (lexicographic) order. */
  readonly pairs: readonly (readonly [number, number])[];
  private readonly N: number;
  private readonly L: number;
  private readonly K: number;
  /** f_ab / √(2l+1) for each pair index and l. */
  readonly factor: Float64Array;
  private readonly siblings = new Map<BackendName | undefined, PowerSpectrumMap>();

  constructor(shape: PowerSpectrumShape, options: PowerSpectrumMapOptions = {}) {
    const { nSpecies, maxRadial: N, maxAngular } = shape;
    this.nSpecies = nSpecies;
    this.maxRadial = N;
    this.maxAngular = maxAngular;
    if (options.backend !== undefined) resolveBackend('PowerSpectrumMap', WASM_OR_JS, options.backend);
    this.backend = options.backend;
    this.N = N;
    this.L = maxAngular + 1;
    this.K = this.L * this.L;
    const pairs: [number, number][] = [];
    for (let a = 0; a < nSpecies; a++) for (let b = a; b < nSpecies; b++) pairs.push([a, b]);
    this.pairs = pairs;
    this.inputSize = nSpecies * N * this.K;
    this.outputSize = pairs.length * N * N * this.L;
    this.factor = new Float64Array(pairs.length * this.L);
    pairs.forEach(([a, b], p) => {
      for (let l = 0; l < this.L; l++) this.factor[p * this.L + l] = (a < b ? Math.SQRT2 : 1) / Math.sqrt(2 * l + 1);
    });
  }

  /** The same map running on `backend` (cached; undefined: the forced, else the best available). */
  withBackend(backend: BackendName | undefined): PowerSpectrumMap {
    if (backend === this.backend) return this;
    let map = this.siblings.get(backend);
    if (!map) this.siblings.set(backend, (map = new PowerSpectrumMap(this, { backend })));
    return map;
  }

  forward(c: Float64Array, cOffset: number, out: Float64Array, outOffset: number): void {
    const flavor = this.flavor();
    if (flavor) return forwardWasm(flavor, this, c, cOffset, out, outOffset);
    const { N, L, K } = this;
    const NK = N * K;
    let o = outOffset;
    for (let p = 0; p < this.pairs.length; p++) {
      const [a, b] = this.pairs[p];
      for (let n1 = 0; n1 < N; n1++) {
        const ca = cOffset + a * NK + n1 * K;
        for (let n2 = 0; n2 < N; n2++) {
          const cb = cOffset + b * NK + n2 * K;
          for (let l = 0; l < L; l++) {
            let sum = 0;
            for (let k = l * l; k < (l + 1) * (l + 1); k++) sum += c[ca + k] * c[cb + k];
            out[o++] = this.factor[p * L + l] * sum;
          }
        }
      }
    }
  }

  pushforward(c: Float64Array, cOffset: number, dc: Float64Array, t: number, out: Float64Array): void {
    const flavor = this.flavor();
    if (flavor) return pushforwardWasm(flavor, this, c, cOffset, dc, t, out);
    const { N, L, K, inputSize: C, outputSize: F } = this;
    const NK = N * K;
    const NNL = N * N * L;
    out.fill(0, 0, 3 * F);
    for (let p = 0; p < this.pairs.length; p++) {
      const [a, b] = this.pairs[p];
      if (t >= 0 && a !== t && b !== t) continue; // t < 0: dc is dense (DENSE_TANGENT)
      for (let x = 0; x < 3; x++) {
        const d = x * C;
        let o = x * F + p * NNL;
        for (let n1 = 0; n1 < N; n1++) {
          const ia = a * NK + n1 * K;
          for (let n2 = 0; n2 < N; n2++) {
            const ib = b * NK + n2 * K;
            for (let l = 0; l < L; l++) {
              let sum = 0;
              for (let k = l * l; k < (l + 1) * (l + 1); k++) {
                sum += dc[d + ia + k] * c[cOffset + ib + k] + c[cOffset + ia + k] * dc[d + ib + k];
              }
              out[o++] = this.factor[p * L + l] * sum;
            }
          }
        }
      }
    }
  }

  pullback(c: Float64Array, cOffset: number, gX: Float64Array, gOffset: number, out: Float64Array): void {
    const flavor = this.flavor();
    if (flavor) return pullbackWasm(flavor, this, c, cOffset, gX, gOffset, out);
    const { N, L, K } = this;
    const NK = N * K;
    out.fill(0, 0, this.inputSize);
    let g = gOffset;
    for (let p = 0; p < this.pairs.length; p++) {
      const [a, b] = this.pairs[p];
      for (let n1 = 0; n1 < N; n1++) {
        const ia = a * NK + n1 * K;
        for (let n2 = 0; n2 < N; n2++) {
          const ib = b * NK + n2 * K;
          for (let l = 0; l < L; l++) {
            const w = this.factor[p * L + l] * gX[g++];
            if (w === 0) continue;
            for (let k = l * l; k < (l + 1) * (l + 1); k++) {
              out[ia + k] += w * c[cOffset + ib + k];
              out[ib + k] += w * c[cOffset + ia + k];
            }
          }
        }
      }
    }
  }

  /** The wasm build this call runs on, or undefined for the TypeScript reference below. */
  private flavor(): WasmFlavor | undefined {
    const backend = resolveBackend('PowerSpectrumMap', WASM_OR_JS, this.backend);
    return backend === 'js' ? undefined : (backend as WasmFlavor);
  }
}
