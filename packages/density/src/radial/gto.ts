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
import { inverseSqrtSymmetric } from '../math/symmetric.js';
import { type GtoKummerTables, gtoKummerColumn, gtoKummerTables, NL_STRIDE } from './gto-kummer.js';
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
  /** The pair-independent constants of the ₁F₁ evaluations (gto-kummer.ts), shared with the wasm kernel. */
  private readonly kummer: GtoKummerTables;
  private readonly raw: Float64Array;
  private readonly rawDerivative: Float64Array;
  /** Per l, for the current n: e^{−a r²}₁F₁(α; β; z) and e^{−a r²}₁F₁(α+1; β+1; z), α = (n+l+3)/2, β = l+3/2. */
  private readonly G: Float64Array;
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
    for (let n = 0; n < maxRadial; n++) {
      const apb = this.a + this.basis.b[n];
      for (let l = 0; l <= maxAngular; l++) {
        const k = n + l + 3;
        this.prefactor[n * this.lSize + l] = (Math.pow(apb, -k / 2) * gammaHalfInteger(k)) / gammaHalfInteger(2 * l + 3);
      }
    }
    this.kummer = gtoKummerTables(this.a, this.basis.b, maxAngular);
    this.G = new Float64Array(this.lSize);
    this.P = new Float64Array(this.lSize);
    this.raw = new Float64Array(maxRadial * this.lSize);
    this.rawDerivative = new Float64Array(maxRadial * this.lSize);
  }

  /** The constants of this integral for the WebAssembly kernel that evaluates it (assembly/density.ts gtoExact). */
  wasmTables(): { alpha: number; prefactor: Float64Array; ortho: Float64Array } & GtoKummerTables {
    return { alpha: this.a, prefactor: this.prefactor, ortho: this.basis.orthoNorm, ...this.kummer };
  }

  compute(r: number, values: Float64Array, derivatives?: Float64Array): void {
    const { a, lSize, maxRadial, raw, rawDerivative, G, P } = this;
    const ar = a * r;
    const x2 = r * r;
    const perNL = this.kummer.perNL;
    for (let n = 0; n < maxRadial; n++) {
      gtoKummerColumn(this.kummer, n, this.maxAngular, x2, G, P);
      const kappa = this.kummer.kappa[n];
      let arPowL = 1; // (a r)^l
      let arPowLm1 = 0; // (a r)^{l−1}, 0 for l = 0
      for (let l = 0; l <= this.maxAngular; l++) {
        const g = G[l];
        const p = this.prefactor[n * lSize + l];
        raw[n * lSize + l] = p * arPowL * g;
        if (derivatives) {
          // g = e^{(κ−a)r²} S(z), S = e^{−z}₁F₁(α;β;z), dS/dz = (α/β) e^{−z}₁F₁(α+1;β+1;z) − S
          const dg = 2 * r * ((kappa - a) * g + kappa * (perNL[(n * lSize + l) * NL_STRIDE] * P[l] - g));
          rawDerivative[n * lSize + l] = p * (l * a * arPowLm1 * g + arPowL * dg);
        }
        arPowLm1 = arPowL;
        arPowL *= ar;
      }
    }
    applyOrtho(this.basis.orthoNorm, maxRadial, lSize, raw, values);
    if (derivatives) applyOrtho(this.basis.orthoNorm, maxRadial, lSize, rawDerivative, derivatives);
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
