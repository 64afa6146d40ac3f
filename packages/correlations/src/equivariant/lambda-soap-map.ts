// λ-SOAP of one centre: the density coupled with itself by real Clebsch–Gordan coefficients,
//   T^{λσ,ab}_{μ; l1 l2 n1 n2} = f_ab · Σ_{m1 m2} C^{l1 l2 λ}_{m1 m2 μ} · c^a_{n1 l1 m1} · c^b_{n2 l2 m2},
// f_ab = √2 for a < b, 1 for a = b (as PowerSpectrum: the pairs b > a are left out, and
// T^{ba}_{l2 l1 n2 n1} = σ·T^{ab}_{l1 l2 n1 n2}), σ = (−1)^{l1+l2+λ}.
// Feature axis: blocks [λ][σ = +1, −1][pairs a ≤ b], each [μ][(l1, l2) groups][n1][n2].
import { clebschGordanReal } from '@equikit/o3';
import type { CentreMap } from '../centre-map.js';

export interface LambdaSoapShape {
  nSpecies: number;
  maxRadial: number;
  /** Of the expansion: l1, l2 ≤ this. */
  maxAngular: number;
  /** λ ≤ this (≤ 2·maxAngular). */
  maxLambda: number;
}

/** The nonzero C^{l1 l2 λ}_{m1 m2 μ}: indices into a species' [l² + l + m] axis, μ + λ, value. */
interface Coupling {
  l1: number;
  l2: number;
  k1: Int32Array;
  k2: Int32Array;
  mu: Int32Array;
  value: Float64Array;
}

export interface LambdaSoapBlock {
  lambda: number;
  sigma: 1 | -1;
  a: number;
  b: number;
  /** The (l1, l2) of the property groups, in order. */
  groups: readonly (readonly [number, number])[];
  /** First feature; the block spans (2λ+1) × properties from here. */
  offset: number;
  /** groups × maxRadial². */
  properties: number;
}

export class LambdaSoapMap implements CentreMap {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly blocks: readonly LambdaSoapBlock[];
  private readonly couplings: Coupling[][];
  private readonly N: number;
  private readonly K: number;

  constructor(shape: LambdaSoapShape) {
    const { nSpecies, maxRadial: N, maxAngular: lx, maxLambda } = shape;
    this.N = N;
    this.K = (lx + 1) ** 2;
    this.inputSize = nSpecies * N * this.K;
    const blocks: LambdaSoapBlock[] = [];
    this.couplings = [];
    let offset = 0;
    for (let lambda = 0; lambda <= maxLambda; lambda++) {
      for (const sigma of [1, -1] as const) {
        const groups: [number, number][] = [];
        const couplings: Coupling[] = [];
        for (let l1 = 0; l1 <= lx; l1++) {
          for (let l2 = 0; l2 <= lx; l2++) {
            if (Math.abs(l1 - l2) > lambda || l1 + l2 < lambda || ((l1 + l2 + lambda) % 2 === 0 ? 1 : -1) !== sigma) continue;
            groups.push([l1, l2]);
            couplings.push(sparseCoupling(l1, l2, lambda));
          }
        }
        if (groups.length === 0) continue;
        for (let a = 0; a < nSpecies; a++) {
          for (let b = a; b < nSpecies; b++) {
            const properties = groups.length * N * N;
            blocks.push({ lambda, sigma, a, b, groups, offset, properties });
            this.couplings.push(couplings);
            offset += (2 * lambda + 1) * properties;
          }
        }
      }
    }
    this.blocks = blocks;
    this.outputSize = offset;
  }

  forward(c: Float64Array, cOffset: number, out: Float64Array, outOffset: number): void {
    const { N, K } = this;
    const NK = N * K;
    out.fill(0, outOffset, outOffset + this.outputSize);
    this.blocks.forEach((block, index) => {
      const { a, b, offset, properties: P } = block;
      const f = a < b ? Math.SQRT2 : 1;
      this.couplings[index].forEach((cg, g) => {
        for (let n1 = 0; n1 < N; n1++) {
          const ia = cOffset + a * NK + n1 * K;
          for (let n2 = 0; n2 < N; n2++) {
            const ib = cOffset + b * NK + n2 * K;
            const o = outOffset + offset + (g * N + n1) * N + n2;
            for (let e = 0; e < cg.value.length; e++) out[o + cg.mu[e] * P] += f * cg.value[e] * c[ia + cg.k1[e]] * c[ib + cg.k2[e]];
          }
        }
      });
    });
  }

  pushforward(c: Float64Array, cOffset: number, dc: Float64Array, t: number, out: Float64Array): void {
    const { N, K, inputSize: C, outputSize: F } = this;
    const NK = N * K;
    out.fill(0, 0, 3 * F);
    this.blocks.forEach((block, index) => {
      const { a, b, offset, properties: P } = block;
      if (t >= 0 && a !== t && b !== t) return; // dc is zero in both factors
      const f = a < b ? Math.SQRT2 : 1;
      this.couplings[index].forEach((cg, g) => {
        for (let x = 0; x < 3; x++) {
          for (let n1 = 0; n1 < N; n1++) {
            const ia = a * NK + n1 * K;
            for (let n2 = 0; n2 < N; n2++) {
              const ib = b * NK + n2 * K;
              const o = x * F + offset + (g * N + n1) * N + n2;
              for (let e = 0; e < cg.value.length; e++) {
                const k1 = ia + cg.k1[e];
                const k2 = ib + cg.k2[e];
                out[o + cg.mu[e] * P] += f * cg.value[e] * (dc[x * C + k1] * c[cOffset + k2] + c[cOffset + k1] * dc[x * C + k2]);
              }
            }
          }
        }
      });
    });
  }

  pullback(c: Float64Array, cOffset: number, gX: Float64Array, gOffset: number, out: Float64Array): void {
    const { N, K } = this;
    const NK = N * K;
    out.fill(0, 0, this.inputSize);
    this.blocks.forEach((block, index) => {
      const { a, b, offset, properties: P } = block;
      const f = a < b ? Math.SQRT2 : 1;
      this.couplings[index].forEach((cg, g) => {
        for (let n1 = 0; n1 < N; n1++) {
          const ia = a * NK + n1 * K;
          for (let n2 = 0; n2 < N; n2++) {
            const ib = b * NK + n2 * K;
            const o = gOffset + offset + (g * N + n1) * N + n2;
            for (let e = 0; e < cg.value.length; e++) {
              const w = f * cg.value[e] * gX[o + cg.mu[e] * P];
              const k1 = ia + cg.k1[e];
              const k2 = ib + cg.k2[e];
              out[k1] += w * c[cOffset + k2];
              out[k2] += w * c[cOffset + k1];
            }
          }
        }
      });
    });
  }
}

function sparseCoupling(l1: number, l2: number, lambda: number): Coupling {
  const table = clebschGordanReal(l1, l2, lambda);
  const w2 = 2 * l2 + 1;
  const wL = 2 * lambda + 1;
  const k1: number[] = [];
  const k2: number[] = [];
  const mu: number[] = [];
  const value: number[] = [];
  for (let m1 = 0; m1 < 2 * l1 + 1; m1++) {
    for (let m2 = 0; m2 < w2; m2++) {
      for (let M = 0; M < wL; M++) {
        const v = table[(m1 * w2 + m2) * wL + M];
        // exact zeros of the selection rules, and round-off of the basis change
        if (Math.abs(v) < 1e-15) continue;
        k1.push(l1 * l1 + m1);
        k2.push(l2 * l2 + m2);
        mu.push(M);
        value.push(v);
      }
    }
  }
  return { l1, l2, k1: Int32Array.from(k1), k2: Int32Array.from(k2), mu: Int32Array.from(mu), value: Float64Array.from(value) };
}
