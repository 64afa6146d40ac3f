// librascal's GTO radial basis and its analytic radial integral for a Gaussian density.
//
// Primitive  R_n(r) = N_n rⁿ exp(−b_n r²), σ_n = cutoff·max(√n, 1)/maxRadial, b_n = 1/(2σ_n²),
// N_n = √(2/(Γ(n+3/2) σ_n^{2n+3})) (unit L2 norm with weight r² on [0, ∞)).
// Orthonormalised by Löwdin's S^{−1/2} with the analytic overlap on [0, ∞).
// Raw integral with a = 1/(2σ²) (σ the density width):
//   I_nl(r) = (a+b_n)^{−(n+l+3)/2} (a r)^l Γ((n+l+3)/2)/Γ(l+3/2) e^{−a r²} ₁F₁((n+l+3)/2; l+3/2; a²r²/(a+b_n))
// and the result is S^{−1/2} · diag(N_n/4) · I, the ¼ being librascal's density prefactor
// (together with Y_lm it makes the unnormalised Gaussian's 1/(4π^{3/2})).
import { gammaHalfInteger } from '../math/gamma.js';
import { Hyp1f1Scaled } from '../math/hyp1f1.js';
import { inverseSqrtSymmetric } from '../math/symmetric.js';
import type { RadialIntegral } from './radial-integral.js';

/** The orthonormalised GTO basis: σ_n, b_n, N_n and the matrix S^{−1/2}·diag(N/4). */
export interface GtoBasis {
  maxRadial: number;
  sigmas: Float64Array;
  b: Float64Array;
  norms: Float64Array;
  /** S_{nn'} = ∫₀^∞ r² R_n R_{n'} dr of the normalised primitives. */
  overlap: Float64Array;
  /** S^{−1/2} · diag(N/4), row-major maxRadial × maxRadial: applied to the raw integrals. */
  orthoNorm: Float64Array;
}

export function gtoBasis(cutoff: number, maxRadial: number): GtoBasis {
  const sigmas = new Float64Array(maxRadial);
  const b = new Float64Array(maxRadial);
  const norms = new Float64Array(maxRadial);
  for (let n = 0; n < maxRadial; n++) {
    sigmas[n] = (cutoff * Math.max(Math.sqrt(n), 1)) / maxRadial;
    b[n] = 1 / (2 * sigmas[n] * sigmas[n]);
    norms[n] = Math.sqrt(2 / (gammaHalfInteger(2 * n + 3) * Math.pow(sigmas[n], 2 * n + 3)));
  }
  const overlap = new Float64Array(maxRadial * maxRadial);
  for (let n = 0; n < maxRadial; n++) {
    for (let m = 0; m < maxRadial; m++) {
      const k = n + m + 3;
      overlap[n * maxRadial + m] =
        (norms[n] * norms[m] * gammaHalfInteger(k)) / (2 * Math.pow(b[n] + b[m], k / 2));
    }
  }
  const inverseSqrt = inverseSqrtSymmetric(overlap, maxRadial, 'GTO radial basis');
  const orthoNorm = new Float64Array(maxRadial * maxRadial);
  for (let n = 0; n < maxRadial; n++) {
    for (let m = 0; m < maxRadial; m++) orthoNorm[n * maxRadial + m] = inverseSqrt[n * maxRadial + m] * 0.25 * norms[m];
  }
  return { maxRadial, sigmas, b, norms, overlap, orthoNorm };
}

/** The exact GTO radial integral for a Gaussian density of width `sigma`, evaluated with ₁F₁ at every call. */
export class GtoRadialIntegral implements RadialIntegral {
  readonly basis: GtoBasis;
  private readonly a: number;
  private readonly lSize: number;
  /** Per (n, l): (a+b_n)^{−(n+l+3)/2} Γ((n+l+3)/2)/Γ(l+3/2). */
  private readonly prefactor: Float64Array;
  /** Per n: a²/(a+b_n), so that z = kappa·r². */
  private readonly kappa: Float64Array;
  private readonly raw: Float64Array;
  private readonly rawDerivative: Float64Array;
  /**
   * Per n, for l = maxAngular and maxAngular − 1: e^{-z}₁F₁(α; β; z) and e^{-z}₁F₁(α+1; β+1; z) with
   * α = (n+l+3)/2, β = l+3/2. Lower l follow by recurrence (see kummerByRecurrence).
   */
  private readonly kummerTop: Hyp1f1Scaled[];
  private readonly V: Float64Array;
  private readonly P: Float64Array;

  constructor(
    cutoff: number,
    sigma: number,
    readonly maxRadial: number,
    readonly maxAngular: number,
  ) {
    this.basis = gtoBasis(cutoff, maxRadial);
    this.a = 1 / (2 * sigma * sigma);
    this.lSize = maxAngular + 1;
    this.prefactor = new Float64Array(maxRadial * this.lSize);
    this.kappa = new Float64Array(maxRadial);
    for (let n = 0; n < maxRadial; n++) {
      const apb = this.a + this.basis.b[n];
      this.kappa[n] = (this.a * this.a) / apb;
      for (let l = 0; l <= maxAngular; l++) {
        const k = n + l + 3;
        this.prefactor[n * this.lSize + l] = (Math.pow(apb, -k / 2) * gammaHalfInteger(k)) / gammaHalfInteger(2 * l + 3);
      }
    }
    this.kummerTop = [];
    for (let n = 0; n < maxRadial; n++) {
      for (const l of [maxAngular, maxAngular - 1]) {
        const alpha = (n + l + 3) / 2;
        const beta = l + 1.5;
        // l = −1 (maxAngular = 0) is never used; keep valid parameters
        this.kummerTop.push(new Hyp1f1Scaled(Math.max(alpha, 1), Math.max(beta, 0.5)), new Hyp1f1Scaled(Math.max(alpha, 1) + 1, Math.max(beta, 0.5) + 1));
      }
    }
    this.V = new Float64Array(this.lSize);
    this.P = new Float64Array(this.lSize);
    this.raw = new Float64Array(maxRadial * this.lSize);
    this.rawDerivative = new Float64Array(maxRadial * this.lSize);
  }

  /** The constants of this integral for the WebAssembly kernel that evaluates it (assembly/density.ts gtoExact). */
  wasmTables(): { alpha: number; kappa: Float64Array; prefactor: Float64Array; kummer: Float64Array; ortho: Float64Array } {
    const kummer = new Float64Array(this.kummerTop.length * 4);
    this.kummerTop.forEach((k, i) => kummer.set([k.a, k.b, k.logPrefactor, k.logSecond], 4 * i));
    return { alpha: this.a, kappa: this.kappa, prefactor: this.prefactor, kummer, ortho: this.basis.orthoNorm };
  }

  compute(r: number, values: Float64Array, derivatives?: Float64Array): void {
    const { a, lSize, maxRadial, raw, rawDerivative } = this;
    const ar = a * r;
    for (let n = 0; n < maxRadial; n++) {
      const z = this.kappa[n] * r * r;
      // e^{−a r²} ₁F₁ = e^{z − a r²}·(e^{−z} ₁F₁): the exponent is −a b_n r²/(a+b_n) ≤ 0, never overflowing
      const decay = Math.exp(z - a * r * r);
      this.kummerByRecurrence(n, z);
      const { V, P } = this;
      let arPowL = 1; // (a r)^l
      let arPowLm1 = 0; // (a r)^{l−1}, 0 for l = 0
      for (let l = 0; l <= this.maxAngular; l++) {
        const alpha = (n + l + 3) / 2;
        const beta = l + 1.5;
        const g = decay * V[l];
        const p = this.prefactor[n * lSize + l];
        raw[n * lSize + l] = p * arPowL * g;
        if (derivatives) {
          // G = e^{(κ−a)r²} S(z), S = e^{−z}₁F₁(α;β;z), dS/dz = (α/β) e^{−z}₁F₁(α+1;β+1;z) − S
          const kappa = this.kappa[n];
          const dg = 2 * r * ((kappa - a) * g + kappa * decay * ((alpha / beta) * P[l] - V[l]));
          rawDerivative[n * lSize + l] = p * (l * a * arPowLm1 * g + arPowL * dg);
        }
        arPowLm1 = arPowL;
        arPowL *= ar;
      }
    }
    applyOrtho(this.basis.orthoNorm, maxRadial, lSize, raw, values);
    if (derivatives) applyOrtho(this.basis.orthoNorm, maxRadial, lSize, rawDerivative, derivatives);
  }

  /**
   * V[l] = e^{−z}₁F₁(a_l; b_l; z), P[l] = e^{−z}₁F₁(a_l+1; b_l+1; z), a_l = (n+l+3)/2, b_l = l+3/2, for
   * every l: two direct evaluations each at l = maxAngular and maxAngular − 1, then two steps down
   * at a time with (a, b) → (a−1, b−2), from Gauss's contiguous relations (DLMF 13.3):
   *   M(a+1, b) = M + (z/b) M(a+1, b+1)              M(a, b−1) = M + az/(b(b−1)) M(a+1, b+1)
   *   M(a, b−2) = M(a, b−1) + az/((b−1)(b−2)) M(a+1, b)   M(a−1, b−2) = M(a, b−2) − z/(b−2) M(a, b−1)
   * (as librascal's recursion; 3.6e-14 relative against mpmath to l = 10, z = 300).
   */
  private kummerByRecurrence(n: number, z: number): void {
    const { V, P, maxAngular } = this;
    for (let start = maxAngular; start >= Math.max(0, maxAngular - 1); start--) {
      const top = 2 * (2 * n + (maxAngular - start));
      let v = this.kummerTop[top].evaluate(z);
      let q = this.kummerTop[top + 1].evaluate(z);
      V[start] = v;
      P[start] = q;
      let a = (n + start + 3) / 2;
      let b = start + 1.5;
      for (let l = start - 2; l >= 0; l -= 2) {
        const up = v + (z / b) * q; // M(a+1, b)
        const p2 = v + ((a * z) / (b * (b - 1))) * q; // M(a, b−1)
        const r2 = p2 + ((a * z) / ((b - 1) * (b - 2))) * up; // M(a, b−2)
        v = r2 - (z / (b - 2)) * p2; // M(a−1, b−2)
        q = p2;
        a -= 1;
        b -= 2;
        V[l] = v;
        P[l] = q;
      }
    }
  }
}

/** out[n][l] = Σ_m M[n][m] · input[m][l]. */
function applyOrtho(matrix: Float64Array, maxRadial: number, lSize: number, input: Float64Array, out: Float64Array): void {
  for (let n = 0; n < maxRadial; n++) {
    for (let l = 0; l < lSize; l++) {
      let sum = 0;
      for (let m = 0; m < maxRadial; m++) sum += matrix[n * maxRadial + m] * input[m * lSize + l];
      out[n * lSize + l] = sum;
    }
  }
}
