// The shape of an equivariant tensor network potential: the one-particle moments, the per-core
// embeddings and physical spaces, the bonds between cores, and the cores themselves.
//
//   moments    A[l][q][m] = Σ_j Q_ξ(r_ij) [z_j = s] Y_lm(r̂_ij),   q = (s, ξ): S·Ξ channels per l
//   embedding  φ_k[l][c][m] = Σ_q W_k[l][c][q] A[l][q][m]  (c < channels), plus φ_k[0][channels] = 1
//   bonds      h_0 = one-hot of the centre's species (S × 0e); h_k = G_k(h_{k−1} ⊗ φ_k);
//              h_K is 1 × 0e, the site energy (besides a per-species constant)
// Every W_k and G_k occurs once, so the site energy is multilinear in the blocks
// (W_1, G_1, …, W_K, G_K): the alternating least squares solves one block at a time.
import { EquivariantCore } from './core.js';
import { IrrepLayout } from './layout.js';

export interface EtnShape {
  speciesCount: number;
  /** Chebyshev radial functions per neighbour species (Ξ). */
  radialBasisSize: number;
  /** Largest degree of the harmonics and of the bonds. */
  lMax: number;
  /** Number of cores K: the largest power of the moments in the energy. */
  cores: number;
  /** Bond multiplicity per degree l = 0 … lMax (between cores). */
  rank: number[];
  /** Embedded channels per degree in each core's physical space. */
  channels: number;
}

export class EtnArchitecture {
  readonly moments: IrrepLayout;
  readonly phys: IrrepLayout;
  readonly bonds: IrrepLayout[];
  readonly cores: EquivariantCore[];
  /** Moment channels per degree (S·Ξ). */
  readonly momentChannels: number;
  /** Weights of one embedding W_k: (lMax+1) · channels · S·Ξ, at ((l·channels + c)·S·Ξ + q). */
  readonly embeddingSize: number;
  /** Index of the constant 1 in the physical space. */
  readonly constantIndex: number;

  constructor(readonly shape: EtnShape) {
    const { speciesCount: S, radialBasisSize: X, lMax: L, cores: K, rank, channels: n } = shape;
    this.momentChannels = S * X;
    this.moments = new IrrepLayout(Array.from({ length: L + 1 }, () => S * X));
    this.phys = new IrrepLayout(Array.from({ length: L + 1 }, (_, l) => (l === 0 ? n + 1 : n)));
    this.constantIndex = this.phys.index(0, n, 0);
    this.embeddingSize = (L + 1) * n * S * X;
    this.bonds = [new IrrepLayout([S])];
    for (let k = 1; k < K; k++) this.bonds.push(new IrrepLayout(rank.slice(0, L + 1)));
    this.bonds.push(new IrrepLayout([1]));
    this.cores = Array.from({ length: K }, (_, k) => new EquivariantCore(this.bonds[k], this.phys, this.bonds[k + 1]));
  }

  /** Parameters of the network: embeddings and cores (the per-species constants not included). */
  get networkParameters(): number {
    return this.cores.reduce((s, c) => s + c.parameterCount + this.embeddingSize, 0);
  }

  /** φ = W A (values), the constant channel set to 1. */
  embed(W: Float64Array, A: Float64Array, phi: Float64Array): void {
    const { lMax, channels: n } = this.shape;
    const Q = this.momentChannels;
    phi.fill(0);
    for (let l = 0; l <= lMax; l++) {
      const w = 2 * l + 1;
      const aBase = this.moments.offset[l];
      const pBase = this.phys.offset[l];
      for (let c = 0; c < n; c++) {
        const row = (l * n + c) * Q;
        const o = pBase + c * w;
        for (let q = 0; q < Q; q++) {
          const wq = W[row + q];
          if (wq === 0) continue;
          const a = aBase + q * w;
          for (let m = 0; m < w; m++) phi[o + m] += wq * A[a + m];
        }
      }
    }
    phi[this.constantIndex] = 1;
  }

  /** φ̇ = W Ȧ (T tangents per entry). */
  embedTangent(W: Float64Array, AT: Float64Array, phiT: Float64Array, T: number): void {
    const { lMax, channels: n } = this.shape;
    const Q = this.momentChannels;
    phiT.fill(0, 0, this.phys.dim * T);
    for (let l = 0; l <= lMax; l++) {
      const w = 2 * l + 1;
      const aBase = this.moments.offset[l];
      const pBase = this.phys.offset[l];
      for (let c = 0; c < n; c++) {
        const row = (l * n + c) * Q;
        for (let q = 0; q < Q; q++) {
          const wq = W[row + q];
          if (wq === 0) continue;
          for (let m = 0; m < w; m++) {
            const src = (aBase + q * w + m) * T;
            const dst = (pBase + c * w + m) * T;
            for (let t = 0; t < T; t++) phiT[dst + t] += wq * AT[src + t];
          }
        }
      }
    }
  }

  /** gA += Wᵀ gφ (the constant channel carries no moment). */
  embedAdjoint(W: Float64Array, gPhi: Float64Array, gA: Float64Array): void {
    const { lMax, channels: n } = this.shape;
    const Q = this.momentChannels;
    for (let l = 0; l <= lMax; l++) {
      const w = 2 * l + 1;
      for (let c = 0; c < n; c++) {
        const row = (l * n + c) * Q;
        const p = this.phys.offset[l] + c * w;
        for (let q = 0; q < Q; q++) {
          const a = this.moments.offset[l] + q * w;
          const wq = W[row + q];
          for (let m = 0; m < w; m++) gA[a + m] += wq * gPhi[p + m];
        }
      }
    }
  }
}

/** Parameters of an ETN: per-species constants, embeddings W_k and core weights G_k. */
export interface EtnParameters {
  speciesCoeffs: Float64Array;
  embeddings: Float64Array[];
  cores: Float64Array[];
}
