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

/** The nonzero C^{l1 l2 λ}_{m1 m2 μ}, as offsets m1 + l1, m2 + l2, μ + λ and value. */
interface Coupling {
  l1: number;
  l2: number;
  m1: Int32Array;
  m2: Int32Array;
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
  /** Scratch u[m2][μ] = Σ_m1 C·c^a (and its three tangents, and the pullback's v). */
  private readonly u: Float64Array;
  private readonly ux: Float64Array;
  private readonly v: Float64Array;
  private readonly stride: number;

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
    this.stride = (2 * lx + 1) * (2 * maxLambda + 1);
    this.u = new Float64Array(this.stride);
    this.ux = new Float64Array(3 * this.stride);
    this.v = new Float64Array(this.stride);
  }

  // Each product is contracted in two steps: u[m2][μ] = Σ_m1 C[m1 m2 μ]·c^a_{n1 l1 m1} once per n1,
  // then Σ_m2 u[m2][μ]·c^b_{n2 l2 m2} per n2: N·nnz(C) + N²·(2l2+1)(2λ+1) instead of N²·nnz(C).

  forward(c: Float64Array, cOffset: number, out: Float64Array, outOffset: number): void {
    const { N, K, u } = this;
    const NK = N * K;
    out.fill(0, outOffset, outOffset + this.outputSize);
    for (let index = 0; index < this.blocks.length; index++) {
      const { a, b, offset, properties: P, lambda } = this.blocks[index];
      const w = 2 * lambda + 1;
      const f = a < b ? Math.SQRT2 : 1;
      const couplings = this.couplings[index];
      for (let g = 0; g < couplings.length; g++) {
        const cg = couplings[g];
        const W2 = 2 * cg.l2 + 1;
        for (let n1 = 0; n1 < N; n1++) {
          contractFirst(cg, w, c, cOffset + a * NK + n1 * K + cg.l1 * cg.l1, u, 0);
          for (let n2 = 0; n2 < N; n2++) {
            const ib = cOffset + b * NK + n2 * K + cg.l2 * cg.l2;
            const o = outOffset + offset + (g * N + n1) * N + n2;
            for (let mu = 0; mu < w; mu++) {
              let sum = 0;
              for (let m2 = 0; m2 < W2; m2++) sum += u[m2 * w + mu] * c[ib + m2];
              out[o + mu * P] = f * sum;
            }
          }
        }
      }
    }
  }

  pushforward(c: Float64Array, cOffset: number, dc: Float64Array, t: number, out: Float64Array): void {
    const { N, K, inputSize: C, outputSize: F, u, ux, stride } = this;
    const NK = N * K;
    out.fill(0, 0, 3 * F);
    for (let index = 0; index < this.blocks.length; index++) {
      const { a, b, offset, properties: P, lambda } = this.blocks[index];
      // dc lives in species block t only (t < 0: anywhere)
      const movesA = t < 0 || a === t;
      const movesB = t < 0 || b === t;
      if (!movesA && !movesB) continue;
      const w = 2 * lambda + 1;
      const f = a < b ? Math.SQRT2 : 1;
      const couplings = this.couplings[index];
      for (let g = 0; g < couplings.length; g++) {
        const cg = couplings[g];
        const W2 = 2 * cg.l2 + 1;
        for (let n1 = 0; n1 < N; n1++) {
          const ia = a * NK + n1 * K + cg.l1 * cg.l1;
          if (movesB) contractFirst(cg, w, c, cOffset + ia, u, 0);
          if (movesA) for (let x = 0; x < 3; x++) contractFirst(cg, w, dc, x * C + ia, ux, x * stride);
          for (let n2 = 0; n2 < N; n2++) {
            const ib = b * NK + n2 * K + cg.l2 * cg.l2;
            for (let x = 0; x < 3; x++) {
              const o = x * F + offset + (g * N + n1) * N + n2;
              const ud = x * stride;
              const db = x * C + ib;
              for (let mu = 0; mu < w; mu++) {
                let sum = 0;
                if (movesA) for (let m2 = 0; m2 < W2; m2++) sum += ux[ud + m2 * w + mu] * c[cOffset + ib + m2];
                if (movesB) for (let m2 = 0; m2 < W2; m2++) sum += u[m2 * w + mu] * dc[db + m2];
                out[o + mu * P] = f * sum;
              }
            }
          }
        }
      }
    }
  }

  pullback(c: Float64Array, cOffset: number, gX: Float64Array, gOffset: number, out: Float64Array): void {
    const { N, K, u, v } = this;
    const NK = N * K;
    out.fill(0, 0, this.inputSize);
    for (let index = 0; index < this.blocks.length; index++) {
      const { a, b, offset, properties: P, lambda } = this.blocks[index];
      const w = 2 * lambda + 1;
      const f = a < b ? Math.SQRT2 : 1;
      const couplings = this.couplings[index];
      for (let g = 0; g < couplings.length; g++) {
        const cg = couplings[g];
        const W2 = 2 * cg.l2 + 1;
        for (let n1 = 0; n1 < N; n1++) {
          const ia = a * NK + n1 * K + cg.l1 * cg.l1;
          contractFirst(cg, w, c, cOffset + ia, u, 0);
          // v[m2][μ] = Σ_n2 f·g[μ; n1 n2]·c^b_{n2 l2 m2}, then out^a[m1] += Σ C[m1 m2 μ]·v[m2][μ]
          v.fill(0, 0, W2 * w);
          for (let n2 = 0; n2 < N; n2++) {
            const ib = b * NK + n2 * K + cg.l2 * cg.l2;
            const o = gOffset + offset + (g * N + n1) * N + n2;
            for (let mu = 0; mu < w; mu++) {
              const gm = f * gX[o + mu * P];
              if (gm === 0) continue;
              for (let m2 = 0; m2 < W2; m2++) {
                out[ib + m2] += u[m2 * w + mu] * gm;
                v[m2 * w + mu] += c[cOffset + ib + m2] * gm;
              }
            }
          }
          for (let e = 0; e < cg.value.length; e++) out[ia + cg.m1[e]] += cg.value[e] * v[cg.m2[e] * w + cg.mu[e]];
        }
      }
    }
  }
}

/** u[uOffset + m2·w + μ] = Σ_m1 C[m1 m2 μ]·x[xOffset + m1] (m1, m2, μ counted from −l1, −l2, −λ). */
function contractFirst(cg: Coupling, w: number, x: Float64Array, xOffset: number, u: Float64Array, uOffset: number): void {
  u.fill(0, uOffset, uOffset + (2 * cg.l2 + 1) * w);
  const { m1, m2, mu, value } = cg;
  for (let e = 0; e < value.length; e++) u[uOffset + m2[e] * w + mu[e]] += value[e] * x[xOffset + m1[e]];
}

function sparseCoupling(l1: number, l2: number, lambda: number): Coupling {
  const table = clebschGordanReal(l1, l2, lambda);
  const w2 = 2 * l2 + 1;
  const wL = 2 * lambda + 1;
  const m1s: number[] = [];
  const m2s: number[] = [];
  const mu: number[] = [];
  const value: number[] = [];
  for (let m1 = 0; m1 < 2 * l1 + 1; m1++) {
    for (let m2 = 0; m2 < w2; m2++) {
      for (let M = 0; M < wL; M++) {
        const v = table[(m1 * w2 + m2) * wL + M];
        // exact zeros of the selection rules, and round-off of the basis change
        if (Math.abs(v) < 1e-15) continue;
        m1s.push(m1);
        m2s.push(m2);
        mu.push(M);
        value.push(v);
      }
    }
  }
  return { l1, l2, m1: Int32Array.from(m1s), m2: Int32Array.from(m2s), mu: Int32Array.from(mu), value: Float64Array.from(value) };
}
