// One structure through an ETN: the pair basis Q_ξ(r) Y_lm(r̂) with gradients, then per centre the
// moments, the embeddings, the bond chain h_0 → … → h_K and its reverse (adjoints R_k = ∂E/∂h_k).
// Site energies and ∂E_i/∂r_ij (reverse mode, for forces and stress), and, for the alternating
// least squares, the design vector of one block (∂E_i/∂block, with its derivatives along every
// neighbour displacement, by forward-mode tangents through the chain).
import { SphericalHarmonics } from '@equikit/o3';
import { chebyshevRadial } from '../mtp/radial-basis.js';
import type { StructureEnvironments } from '../mtp/environments.js';
import type { EtnArchitecture, EtnParameters } from './architecture.js';

export interface EtnRadial {
  minDist: number;
  maxDist: number;
  /** Multiplies every Q_ξ. */
  scaling: number;
}

/** Which block the design is for: the embedding W_k or the core G_k. */
export interface EtnBlock {
  core: number;
  kind: 'embedding' | 'core';
}

export class EtnEvaluator {
  private readonly sh: SphericalHarmonics;
  private readonly K2: number;
  private values = new Float64Array(0);
  private gradients = new Float64Array(0);
  private envs: StructureEnvironments | undefined;
  private readonly A: Float64Array;
  private readonly phi: Float64Array[];
  private readonly h: Float64Array[];
  private readonly R: Float64Array[];
  private readonly gPhi: Float64Array;
  private readonly gA: Float64Array;
  private AT = new Float64Array(0);
  private phiT: Float64Array[] = [];
  private hT: Float64Array[] = [];
  private RT: Float64Array[] = [];
  private gPhiT = new Float64Array(0);
  private tangentCapacity = 0;

  constructor(
    readonly arch: EtnArchitecture,
    readonly params: EtnParameters,
    readonly radial: EtnRadial,
  ) {
    const L = arch.shape.lMax;
    this.sh = new SphericalHarmonics(L);
    this.K2 = (L + 1) * (L + 1);
    this.A = new Float64Array(arch.moments.dim);
    this.phi = arch.cores.map(() => new Float64Array(arch.phys.dim));
    this.h = arch.bonds.map((b) => new Float64Array(b.dim));
    this.R = arch.bonds.map((b) => new Float64Array(b.dim));
    this.gPhi = new Float64Array(arch.phys.dim);
    this.gA = new Float64Array(arch.moments.dim);
  }

  /** Pair basis values and gradients of a structure's environments. */
  load(envs: StructureEnvironments): void {
    this.envs = envs;
    const pairs = envs.distances.length;
    const X = this.arch.shape.radialBasisSize;
    const K2 = this.K2;
    if (this.values.length < pairs * X * K2) {
      this.values = new Float64Array(pairs * X * K2);
      this.gradients = new Float64Array(3 * pairs * X * K2);
    }
    if (pairs === 0) return;
    const { values: Y, gradients: dY } = this.sh.computeWithGradients(envs.vectors);
    const q = new Float64Array(X);
    const dq = new Float64Array(X);
    const { minDist, maxDist, scaling } = this.radial;
    for (let p = 0; p < pairs; p++) {
      const r = envs.distances[p];
      chebyshevRadial(r, minDist, maxDist, X, q, dq);
      const u = [envs.vectors[3 * p] / r, envs.vectors[3 * p + 1] / r, envs.vectors[3 * p + 2] / r];
      for (let xi = 0; xi < X; xi++) {
        const qv = scaling * q[xi];
        const dv = scaling * dq[xi];
        const o = (p * X + xi) * K2;
        for (let k = 0; k < K2; k++) {
          const y = Y[p * K2 + k];
          this.values[o + k] = qv * y;
          for (let a = 0; a < 3; a++) this.gradients[((p * 3 + a) * X + xi) * K2 + k] = dv * u[a] * y + qv * dY[(3 * p + a) * K2 + k];
        }
      }
    }
  }

  /** Moments of centre i (and, with tangents, their derivatives along each neighbour's x, y, z). */
  private moments(i: number, tangents: boolean): number {
    const envs = this.envs!;
    const { radialBasisSize: X, lMax: L } = this.arch.shape;
    const K2 = this.K2;
    const lay = this.arch.moments;
    const start = envs.start[i];
    const count = envs.start[i + 1] - start;
    const T = 3 * count;
    this.A.fill(0);
    if (tangents) {
      this.reserveTangents(T);
      this.AT.fill(0, 0, lay.dim * T);
    }
    for (let jl = 0; jl < count; jl++) {
      const p = start + jl;
      const s = envs.neighbourTypes[p];
      for (let xi = 0; xi < X; xi++) {
        const qIndex = s * X + xi;
        for (let l = 0; l <= L; l++) {
          const w = 2 * l + 1;
          const base = lay.offset[l] + qIndex * w;
          for (let mm = 0; mm < w; mm++) {
            const k = l * l + mm;
            this.A[base + mm] += this.values[(p * X + xi) * K2 + k];
            if (tangents) for (let a = 0; a < 3; a++) this.AT[(base + mm) * T + 3 * jl + a] = this.gradients[((p * 3 + a) * X + xi) * K2 + k];
          }
        }
      }
    }
    return T;
  }

  private reserveTangents(T: number): void {
    if (T <= this.tangentCapacity) return;
    const cap = Math.max(T, Math.ceil(1.5 * this.tangentCapacity), 48);
    const arch = this.arch;
    this.AT = new Float64Array(arch.moments.dim * cap);
    this.phiT = arch.cores.map(() => new Float64Array(arch.phys.dim * cap));
    this.hT = arch.bonds.map((b) => new Float64Array(b.dim * cap));
    this.RT = arch.bonds.map((b) => new Float64Array(b.dim * cap));
    this.gPhiT = new Float64Array(arch.phys.dim * cap);
    this.tangentCapacity = cap;
  }

  /** Forward chain h_0 … h_K of centre i (moments and embeddings must be loaded). */
  private chain(i: number, upTo: number): void {
    const { cores } = this.arch;
    this.h[0].fill(0);
    this.h[0][this.envs!.types[i]] = 1;
    for (let k = 0; k < upTo; k++) {
      this.h[k + 1].fill(0);
      cores[k].forward(this.params.cores[k], this.h[k], this.phi[k], this.h[k + 1]);
    }
  }

  /** Reverse chain R_K = 1, R_k = G_kᵀ(φ_k, R_{k+1}) down to R_{downTo}. */
  private reverse(downTo: number): void {
    const { cores } = this.arch;
    const K = cores.length;
    this.R[K][0] = 1;
    for (let k = K - 1; k >= Math.max(downTo, 1); k--) {
      this.R[k].fill(0);
      cores[k].adjointInput(this.params.cores[k], this.phi[k], this.R[k + 1], this.R[k]);
    }
  }

  /** Site energy of centre i, without the species constant. */
  siteEnergy(i: number): number {
    this.moments(i, false);
    const K = this.arch.cores.length;
    for (let k = 0; k < K; k++) this.arch.embed(this.params.embeddings[k], this.A, this.phi[k]);
    this.chain(i, K);
    return this.h[K][0];
  }

  /** Site energy of centre i (no species constant) and ∂E_i/∂r_ij into pairGrad[3·pair + axis]. */
  siteGradient(i: number, pairGrad: Float64Array): number {
    const e = this.siteEnergy(i);
    const arch = this.arch;
    const K = arch.cores.length;
    this.reverse(1);
    this.gA.fill(0);
    for (let k = 0; k < K; k++) {
      this.gPhi.fill(0);
      arch.cores[k].adjointPhys(this.params.cores[k], this.h[k], this.R[k + 1], this.gPhi);
      arch.embedAdjoint(this.params.embeddings[k], this.gPhi, this.gA);
    }
    const envs = this.envs!;
    const { radialBasisSize: X, lMax: L } = arch.shape;
    const K2 = this.K2;
    for (let p = envs.start[i]; p < envs.start[i + 1]; p++) {
      const s = envs.neighbourTypes[p];
      let gx = 0;
      let gy = 0;
      let gz = 0;
      for (let xi = 0; xi < X; xi++) {
        for (let l = 0; l <= L; l++) {
          const w = 2 * l + 1;
          const base = arch.moments.offset[l] + (s * X + xi) * w;
          for (let mm = 0; mm < w; mm++) {
            const g = this.gA[base + mm];
            if (g === 0) continue;
            const k = l * l + mm;
            gx += g * this.gradients[((p * 3) * X + xi) * K2 + k];
            gy += g * this.gradients[((p * 3 + 1) * X + xi) * K2 + k];
            gz += g * this.gradients[((p * 3 + 2) * X + xi) * K2 + k];
          }
        }
      }
      pairGrad[3 * p] = gx;
      pairGrad[3 * p + 1] = gy;
      pairGrad[3 * p + 2] = gz;
    }
    return e;
  }

  /** Number of weights in a block. */
  blockSize(block: EtnBlock): number {
    return block.kind === 'core' ? this.arch.cores[block.core].parameterCount : this.arch.embeddingSize;
  }

  /**
   * The site energy of centre i as offset + d·w_block (no species constant), with
   * d = ∂E_i/∂w_block into `d`, its tangents along every neighbour's x, y, z into `dT`
   * ([weight][3·neighbour + axis]) and the offset's tangents into `offsetT`. Returns
   * { offset, tangents T = 3 · neighbours }.
   */
  siteDesign(i: number, block: EtnBlock, d: Float64Array, dT: Float64Array, offsetT: Float64Array): { offset: number; T: number } {
    const arch = this.arch;
    const K = arch.cores.length;
    const k = block.core;
    const T = this.moments(i, true);
    const { cores: G, embeddings: W } = this.params;
    for (let j = 0; j < K; j++) {
      arch.embed(W[j], this.A, this.phi[j]);
      arch.embedTangent(W[j], this.AT, this.phiT[j], T);
    }
    // Left: h_0 … h_k with tangents (h_0, the species one-hot, has none).
    this.h[0].fill(0);
    this.h[0][this.envs!.types[i]] = 1;
    for (let j = 0; j < k; j++) {
      this.h[j + 1].fill(0);
      this.hT[j + 1].fill(0, 0, arch.bonds[j + 1].dim * T);
      arch.cores[j].forward(G[j], this.h[j], this.phi[j], this.h[j + 1]);
      arch.cores[j].forwardTangent(G[j], this.h[j], j === 0 ? null : this.hT[j], this.phi[j], this.phiT[j], this.hT[j + 1], T);
    }
    // Right: R_K … R_{k+1} with tangents (R_K = 1 has none).
    this.R[K][0] = 1;
    this.RT[K].fill(0, 0, T);
    for (let j = K - 1; j > k; j--) {
      this.R[j].fill(0);
      this.RT[j].fill(0, 0, arch.bonds[j].dim * T);
      arch.cores[j].adjointInput(G[j], this.phi[j], this.R[j + 1], this.R[j]);
      arch.cores[j].adjointInputTangent(G[j], this.phi[j], this.phiT[j], this.R[j + 1], this.RT[j + 1], this.RT[j], T);
    }
    const hk = this.h[k];
    const hkT = k === 0 ? null : this.hT[k];
    const P = this.blockSize(block);
    d.fill(0, 0, P);
    dT.fill(0, 0, P * T);
    offsetT.fill(0, 0, T);
    if (block.kind === 'core') {
      arch.cores[k].design(hk, this.phi[k], this.R[k + 1], d);
      arch.cores[k].designTangent(hk, hkT, this.phi[k], this.phiT[k], this.R[k + 1], this.RT[k + 1], dT, T);
      return { offset: 0, T };
    }
    // Embedding block: E = ⟨gφ, φ_k⟩ with gφ = ∂E/∂φ_k, so d_W[l][c][q] = Σ_m gφ[l][c][m] A[l][q][m]
    // and the constant channel gives the offset gφ[const].
    const g = this.gPhi;
    const gT = this.gPhiT;
    g.fill(0);
    gT.fill(0, 0, arch.phys.dim * T);
    arch.cores[k].adjointPhys(G[k], hk, this.R[k + 1], g);
    arch.cores[k].adjointPhysTangent(G[k], hk, hkT, this.R[k + 1], this.RT[k + 1], gT, T);
    const { lMax: L, channels: n } = arch.shape;
    const Q = arch.momentChannels;
    for (let l = 0; l <= L; l++) {
      const w = 2 * l + 1;
      for (let c = 0; c < n; c++) {
        const pg = arch.phys.offset[l] + c * w;
        for (let q = 0; q < Q; q++) {
          const pa = arch.moments.offset[l] + q * w;
          const p = (l * n + c) * Q + q;
          let v = 0;
          for (let mm = 0; mm < w; mm++) {
            const gv = g[pg + mm];
            const av = this.A[pa + mm];
            v += gv * av;
            const o = p * T;
            const gs = (pg + mm) * T;
            const as = (pa + mm) * T;
            for (let t = 0; t < T; t++) dT[o + t] += gT[gs + t] * av + gv * this.AT[as + t];
          }
          d[p] = v;
        }
      }
    }
    const ci = arch.constantIndex;
    for (let t = 0; t < T; t++) offsetT[t] = gT[ci * T + t];
    return { offset: g[ci], T };
  }
}
