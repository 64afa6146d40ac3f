// One atomic environment through an MTP: radial functions, basic moments, products (the
// alpha_index_times program), and their derivatives — forward values, reverse-mode gradients
// (vector–Jacobian products, used for forces/stress and radial-coefficient gradients) and
// forward-mode Jacobians of the basis functions (used to assemble the linear least squares).
import { chebyshevRadial } from './radial-basis.js';
import type { MomentProgram } from './moment-program.js';

/** Radial part of an MTP: Chebyshev basis and per-species-pair coefficients. */
export interface RadialParameters {
  minDist: number;
  maxDist: number;
  basisSize: number;
  /** Multiplies every radial function (MLIP's `scaling`). */
  scaling: number;
  speciesCount: number;
  /** [centre species][neighbour species][μ][ξ]. */
  coeffs: Float64Array;
}

/** Neighbours of one centre: vectors r_ij (3 per neighbour), distances, species indices. */
export interface Environment {
  count: number;
  centreType: number;
  vectors: Float64Array;
  distances: Float64Array;
  types: Int32Array;
  /** First neighbour's offset into vectors/distances/types (so one buffer serves a whole structure). */
  offset: number;
}

export class SiteKernel {
  /** All moment values of the last `load`. */
  readonly moments: Float64Array;
  /** Adjoints of all moments (reverse mode). */
  readonly adjoint: Float64Array;
  private capacity = 0;
  /** Per neighbour: Q_ξ and Q'_ξ (basis), f_μ and f'_μ, û, 1/r, monomials g_b. */
  private q = new Float64Array(0);
  private dq = new Float64Array(0);
  private f = new Float64Array(0);
  private df = new Float64Array(0);
  private unit = new Float64Array(0);
  private inverse = new Float64Array(0);
  /** Per neighbour: the program's distinct monomials of û, then a 0 (the slot of absent derivatives). */
  private mono = new Float64Array(0);
  private readonly stride: number;
  private env: Environment | undefined;

  constructor(
    readonly program: MomentProgram,
    readonly radial: RadialParameters,
  ) {
    this.moments = new Float64Array(program.momentCount);
    this.adjoint = new Float64Array(program.momentCount);
    this.stride = program.monomialCount + 1;
  }

  private reserve(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, 2 * this.capacity, 16);
    const R = this.radial.basisSize;
    const K = this.program.radialFuncsCount;
    this.q = new Float64Array(cap * R);
    this.dq = new Float64Array(cap * R);
    this.f = new Float64Array(cap * K);
    this.df = new Float64Array(cap * K);
    this.unit = new Float64Array(cap * 3);
    this.inverse = new Float64Array(cap);
    this.mono = new Float64Array(cap * this.stride);
    this.capacity = cap;
  }

  /** Computes every moment of the environment (kept for the derivative methods). */
  load(env: Environment): void {
    this.env = env;
    const prog = this.program;
    const { minDist, maxDist, basisSize: R, scaling, speciesCount: C, coeffs } = this.radial;
    const K = prog.radialFuncsCount;
    this.reserve(env.count);
    const m = this.moments;
    m.fill(0);
    const { monoParent, monoAxis, monomialCount, basicMono, basicMu } = prog;
    const stride = this.stride;
    const nb = prog.basicCount;
    for (let j = 0; j < env.count; j++) {
      const p = env.offset + j;
      const r = env.distances[p];
      const inv = 1 / r;
      this.inverse[j] = inv;
      const u0 = env.vectors[3 * p] * inv;
      const u1 = env.vectors[3 * p + 1] * inv;
      const u2 = env.vectors[3 * p + 2] * inv;
      this.unit[3 * j] = u0;
      this.unit[3 * j + 1] = u1;
      this.unit[3 * j + 2] = u2;
      chebyshevRadial(r, minDist, maxDist, R, this.q, this.dq, j * R);
      const block = (env.centreType * C + env.types[p]) * K * R;
      for (let mu = 0; mu < K; mu++) {
        let v = 0;
        let d = 0;
        const row = block + mu * R;
        for (let xi = 0; xi < R; xi++) {
          v += coeffs[row + xi] * this.q[j * R + xi];
          d += coeffs[row + xi] * this.dq[j * R + xi];
        }
        this.f[j * K + mu] = scaling * v;
        this.df[j * K + mu] = scaling * d;
      }
      const base = j * stride;
      const mono = this.mono;
      mono[base] = 1;
      for (let k = 1; k < monomialCount; k++) {
        const ax = monoAxis[k];
        mono[base + k] = mono[base + monoParent[k]] * (ax === 0 ? u0 : ax === 1 ? u1 : u2);
      }
      mono[base + monomialCount] = 0;
      const fBase = j * K;
      for (let b = 0; b < nb; b++) m[b] += this.f[fBase + basicMu[b]] * mono[base + basicMono[b]];
    }
    const { timesI, timesJ, timesK, timesW, timesCount } = prog;
    for (let t = 0; t < timesCount; t++) m[timesK[t]] += timesW[t] * m[timesI[t]] * m[timesJ[t]];
  }

  /** Σ_s θ_s B_s of the loaded environment. */
  energy(theta: Float64Array): number {
    const map = this.program.mapping;
    let e = 0;
    for (let s = 0; s < map.length; s++) e += theta[s] * this.moments[map[s]];
    return e;
  }

  /** Values of the basis functions B_s of the loaded environment into out[offset + s]. */
  basis(out: Float64Array, offset = 0): void {
    const map = this.program.mapping;
    for (let s = 0; s < map.length; s++) out[offset + s] = this.moments[map[s]];
  }

  /**
   * Reverse mode: with adjoint[map[s]] = θ_s seeded, propagates to the basic moments. Leaves the
   * basic moments' adjoints in `adjoint[0..basicCount)`.
   */
  backpropagate(theta: Float64Array): void {
    const prog = this.program;
    const a = this.adjoint;
    const m = this.moments;
    a.fill(0);
    for (let s = 0; s < prog.mapping.length; s++) a[prog.mapping[s]] += theta[s];
    const { timesI, timesJ, timesK, timesW } = prog;
    for (let t = prog.timesCount - 1; t >= 0; t--) {
      const ak = a[timesK[t]];
      if (ak === 0) continue;
      const w = timesW[t] * ak;
      const i = timesI[t];
      const j = timesJ[t];
      a[i] += w * m[j];
      a[j] += w * m[i];
    }
  }

  /** dE/dr_ij for each neighbour (3 per neighbour into grad[3·(offset+j)]), after backpropagate. */
  neighbourGradients(grad: Float64Array): void {
    const env = this.env!;
    const prog = this.program;
    const K = prog.radialFuncsCount;
    const nb = prog.basicCount;
    const a = this.adjoint;
    const { basicMu, basicMono, basicDx, basicDy, basicDz, basicA, basicB, basicC, basicDegree } = prog;
    const mono = this.mono;
    for (let j = 0; j < env.count; j++) {
      const inv = this.inverse[j];
      const base = j * this.stride;
      const fBase = j * K;
      let radialPart = 0;
      let gx = 0;
      let gy = 0;
      let gz = 0;
      for (let b = 0; b < nb; b++) {
        const ab = a[b];
        if (ab === 0) continue;
        const mu = basicMu[b];
        const fv = this.f[fBase + mu] * ab;
        // d g/d r = (1/r) (∇_u monomial − k g û); the −k g û part joins the radial term.
        radialPart += (this.df[fBase + mu] * ab - basicDegree[b] * fv * inv) * mono[base + basicMono[b]];
        const s = fv * inv;
        gx += s * basicA[b] * mono[base + basicDx[b]];
        gy += s * basicB[b] * mono[base + basicDy[b]];
        gz += s * basicC[b] * mono[base + basicDz[b]];
      }
      const p = env.offset + j;
      grad[3 * p] = radialPart * this.unit[3 * j] + gx;
      grad[3 * p + 1] = radialPart * this.unit[3 * j + 1] + gy;
      grad[3 * p + 2] = radialPart * this.unit[3 * j + 2] + gz;
    }
  }

  /**
   * dE/dc for the radial coefficients of this centre's species pairs, added into
   * grad[(centre·C + neighbour)·K·R + μ·R + ξ], after backpropagate.
   */
  radialCoefficientGradient(grad: Float64Array): void {
    const env = this.env!;
    const prog = this.program;
    const { basisSize: R, scaling, speciesCount: C } = this.radial;
    const K = prog.radialFuncsCount;
    const nb = prog.basicCount;
    const a = this.adjoint;
    const perMu = new Float64Array(K);
    for (let j = 0; j < env.count; j++) {
      perMu.fill(0);
      for (let b = 0; b < nb; b++) perMu[prog.basicMu[b]] += a[b] * this.mono[j * this.stride + prog.basicMono[b]];
      const block = (env.centreType * C + env.types[env.offset + j]) * K * R;
      for (let mu = 0; mu < K; mu++) {
        const w = scaling * perMu[mu];
        if (w === 0) continue;
        for (let xi = 0; xi < R; xi++) grad[block + mu * R + xi] += w * this.q[j * R + xi];
      }
    }
  }

  /**
   * Forward mode: dB_s/dr_ij for every basis function s and neighbour j, into
   * out[(s·count + j)·3 + axis]. `work` must hold momentCount·count·3 values.
   */
  basisJacobian(out: Float64Array, work: Float64Array): void {
    const env = this.env!;
    const prog = this.program;
    const n = env.count;
    const n3 = 3 * n;
    const K = prog.radialFuncsCount;
    const nb = prog.basicCount;
    const m = this.moments;
    const { basicMu, basicMono, basicDx, basicDy, basicDz, basicA, basicB, basicC, basicDegree } = prog;
    const mono = this.mono;
    work.fill(0, 0, prog.momentCount * n3);
    for (let j = 0; j < n; j++) {
      const ux = this.unit[3 * j];
      const uy = this.unit[3 * j + 1];
      const uz = this.unit[3 * j + 2];
      const inv = this.inverse[j];
      const base = j * this.stride;
      for (let b = 0; b < nb; b++) {
        const mu = basicMu[b];
        const fv = this.f[j * K + mu];
        const radialPart = (this.df[j * K + mu] - basicDegree[b] * fv * inv) * mono[base + basicMono[b]];
        const s = fv * inv;
        const o = b * n3 + 3 * j;
        work[o] = radialPart * ux + s * basicA[b] * mono[base + basicDx[b]];
        work[o + 1] = radialPart * uy + s * basicB[b] * mono[base + basicDy[b]];
        work[o + 2] = radialPart * uz + s * basicC[b] * mono[base + basicDz[b]];
      }
    }
    const { timesI, timesJ, timesK, timesW } = prog;
    for (let t = 0; t < prog.timesCount; t++) {
      const i = timesI[t];
      const jj = timesJ[t];
      const w = timesW[t];
      const wi = w * m[jj];
      const wj = w * m[i];
      const oi = i * n3;
      const oj = jj * n3;
      const ok = timesK[t] * n3;
      for (let x = 0; x < n3; x++) work[ok + x] += wi * work[oi + x] + wj * work[oj + x];
    }
    const map = prog.mapping;
    for (let s = 0; s < map.length; s++) out.set(work.subarray(map[s] * n3, map[s] * n3 + n3), s * n3);
  }

  /**
   * Gradient, with θ fixed, of G = α·E_i + Σ_j (∂E_i/∂r_ij)·u_j (E_i = Σ_s θ_s B_s) with respect
   * to the radial coefficients (added into radialGrad, laid out as RadialParameters.coeffs) and
   * to θ (thetaGrad[s] += α B_s + Σ_j ∂B_s/∂r_ij · u_j). Forward-over-reverse: a tangent pass
   * along u through the products, then one reverse pass carrying the adjoints of the values and of
   * the tangents. Used for the losses on forces and stress, whose gradients are such G.
   * `u` holds 3 values per pair at the environment's offsets; `tangent` and `tangentAdjoint` are
   * scratch of momentCount values.
   */
  tangentGradient(theta: Float64Array, alpha: number, u: Float64Array, radialGrad: Float64Array, thetaGrad: Float64Array, tangent: Float64Array, tangentAdjoint: Float64Array): void {
    const env = this.env!;
    const prog = this.program;
    const { basisSize: R, scaling, speciesCount: C } = this.radial;
    const K = prog.radialFuncsCount;
    const nb = prog.basicCount;
    const m = this.moments;
    const a = this.adjoint;
    const { basicMu, basicMono, basicDx, basicDy, basicDz, basicA, basicB, basicC, basicDegree } = prog;
    const mono = this.mono;
    tangent.fill(0);
    // h[j·nb + b] = ∇g_b · u_j, and ṁ_b = Σ_j f'_μ g_b (û·u_j) + f_μ h_b.
    const h = this.scratchH(env.count * nb);
    const along = this.scratchAlong(env.count);
    for (let j = 0; j < env.count; j++) {
      const p = env.offset + j;
      const vx = u[3 * p];
      const vy = u[3 * p + 1];
      const vz = u[3 * p + 2];
      const inv = this.inverse[j];
      const radialDot = this.unit[3 * j] * vx + this.unit[3 * j + 1] * vy + this.unit[3 * j + 2] * vz;
      along[j] = radialDot;
      const base = j * this.stride;
      for (let b = 0; b < nb; b++) {
        const g = mono[base + basicMono[b]];
        const hb = inv * (basicA[b] * mono[base + basicDx[b]] * vx + basicB[b] * mono[base + basicDy[b]] * vy + basicC[b] * mono[base + basicDz[b]] * vz - basicDegree[b] * g * radialDot);
        h[j * nb + b] = hb;
        const mu = basicMu[b];
        tangent[b] += this.df[j * K + mu] * g * radialDot + this.f[j * K + mu] * hb;
      }
    }
    const { timesI, timesJ, timesK, timesW } = prog;
    for (let t = 0; t < prog.timesCount; t++) {
      const i = timesI[t];
      const jj = timesJ[t];
      tangent[timesK[t]] += timesW[t] * (tangent[i] * m[jj] + m[i] * tangent[jj]);
    }
    a.fill(0);
    tangentAdjoint.fill(0);
    const map = prog.mapping;
    for (let s = 0; s < map.length; s++) {
      a[map[s]] += alpha * theta[s];
      tangentAdjoint[map[s]] += theta[s];
      thetaGrad[s] += alpha * m[map[s]] + tangent[map[s]];
    }
    for (let t = prog.timesCount - 1; t >= 0; t--) {
      const k = timesK[t];
      const ak = a[k];
      const bk = tangentAdjoint[k];
      if (ak === 0 && bk === 0) continue;
      const w = timesW[t];
      const i = timesI[t];
      const jj = timesJ[t];
      a[i] += w * (ak * m[jj] + bk * tangent[jj]);
      a[jj] += w * (ak * m[i] + bk * tangent[i]);
      tangentAdjoint[i] += w * bk * m[jj];
      tangentAdjoint[jj] += w * bk * m[i];
    }
    const valuePart = new Float64Array(K);
    const derivPart = new Float64Array(K);
    for (let j = 0; j < env.count; j++) {
      valuePart.fill(0);
      derivPart.fill(0);
      for (let b = 0; b < nb; b++) {
        const mu = basicMu[b];
        const g = mono[j * this.stride + basicMono[b]];
        valuePart[mu] += a[b] * g + tangentAdjoint[b] * h[j * nb + b];
        derivPart[mu] += tangentAdjoint[b] * g * along[j];
      }
      const block = (env.centreType * C + env.types[env.offset + j]) * K * R;
      for (let mu = 0; mu < K; mu++) {
        const wv = scaling * valuePart[mu];
        const wd = scaling * derivPart[mu];
        for (let xi = 0; xi < R; xi++) radialGrad[block + mu * R + xi] += wv * this.q[j * R + xi] + wd * this.dq[j * R + xi];
      }
    }
  }

  private hBuffer = new Float64Array(0);
  private alongBuffer = new Float64Array(0);
  private scratchH(n: number): Float64Array {
    if (this.hBuffer.length < n) this.hBuffer = new Float64Array(2 * n);
    return this.hBuffer;
  }
  private scratchAlong(n: number): Float64Array {
    if (this.alongBuffer.length < n) this.alongBuffer = new Float64Array(2 * n);
    return this.alongBuffer;
  }
}
