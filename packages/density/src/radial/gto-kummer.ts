// The ₁F₁ values of the exact GTO radial integral, with every pair-independent constant
// precomputed (the same algorithm runs in assembly/density.ts gtoExact, reading these tables).
//
// For each n the integral needs G_l = e^{−a r²}₁F₁(α_l; β_l; z) and P_l = e^{−a r²}₁F₁(α_l+1; β_l+1; z),
// α_l = (n+l+3)/2, β_l = l+3/2, z = κ_n r², for l = 0 … lMax. Direct evaluations only at the two top
// l (the contiguous relations step (α, β) → (α−1, β−2), so each parity of l has its own chain), the
// other l by the downward recurrence (stable in that direction, as librascal's). A direct evaluation
// gives G and P together:
// - large z, where the asymptotic expansion reaches double precision (threshold precomputed per
//   (α, β) by bisection, and re-checked by the loop): e^{−a r²}₁F₁ = Γ(β)/Γ(α) z^{α−β} e^{−(a−κ)r²} Σ_k c_k z^{−k},
//   the c_k of α and of α+1 tabulated, z^{α−β} = (√z)^{n−l} (an integer power), so no log and
//   one exp per n shared by both chains;
// - otherwise the positive-term power series: below the switch, to the number of terms that converges
//   at the switch point (so at every smaller z), without per-term tests; elsewhere tested term by term
//   and rescaled as it goes. One term chain gives both,
//   as Σ k t_k = z d/dz ₁F₁ = z (α/β) ₁F₁(α+1; β+1; z).
// The values agree with direct hyp1f1Scaled (tested to mpmath) to ~1e-14 relative (test/gto-kummer.test.ts).
import { logGamma } from '../math/gamma.js';

const EPS = 1e-17;
const LOG_EPS = Math.log(EPS);
const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);
const MAX_SERIES_TERMS = 1_000_000;
/** Terms of the asymptotic expansion tabulated per (α, β); past this the series is used instead. */
export const ASYMPTOTIC_TERMS = 64;
/** Ratios of consecutive power-series terms tabulated per (α, β) (later ones are computed). */
export const SERIES_TERMS = 128;
/**
 * Per direct start (n, top l): α, β, z threshold, Γ(β)/Γ(α), Γ(β+1)/Γ(α+1), the number of series terms
 * that reaches EPS at every z up to the threshold (0: unknown, sum with tests), then c_k of α and of α+1,
 * then the series ratios (α+k)/((β+k)(k+1)).
 */
const HEADER = 6;
export const START_STRIDE = HEADER + 2 * ASYMPTOTIC_TERMS + SERIES_TERMS;
/** Per (n, l): α/β, then the four recurrence factors 1/β, α/(β(β−1)), α/((β−1)(β−2)), 1/(β−2) (used for l ≥ 2). */
export const NL_STRIDE = 5;

export interface GtoKummerTables {
  /** a²/(a+b_n): z = κ_n r². */
  kappa: Float64Array;
  /** a − κ_n = a b_n/(a+b_n) ≥ 0: the decay e^{−a r²}e^{z} = e^{−β_n r²}. */
  beta: Float64Array;
  /** [n][t] (t = 0: l = lMax, t = 1: l = lMax − 1), START_STRIDE each. */
  starts: Float64Array;
  /** [n][l], NL_STRIDE each. */
  perNL: Float64Array;
}

/** The asymptotic coefficients c_k = (β−α)_k (1−α)_k / k!, k < ASYMPTOTIC_TERMS (NaN past overflow). */
function asymptoticCoefficients(a: number, b: number, out: Float64Array, offset: number): void {
  let c = 1;
  for (let k = 0; k < ASYMPTOTIC_TERMS; k++) {
    out[offset + k] = Number.isFinite(c) ? c : NaN;
    c *= ((b - a + k) * (1 - a + k)) / (k + 1);
  }
}

/** Whether the tabulated asymptotic sums of start `at` reach EPS at z (the loop of directStart). */
/** Sums of the asymptotic series of start `at` at z (value in sums[0], partner in sums[1]); false if not converged. */
function asymptoticSums(starts: Float64Array, at: number, z: number, sums: Float64Array): boolean {
  const w = 1 / z;
  let wk = 1;
  let sV = 1;
  let sP = 1;
  for (let k = 1; k < ASYMPTOTIC_TERMS; k++) {
    wk *= w;
    const tV = starts[at + HEADER + k] * wk;
    const tP = starts[at + HEADER + ASYMPTOTIC_TERMS + k] * wk;
    sV += tV;
    sP += tP;
    if (Math.abs(tV) <= EPS * Math.abs(sV) && Math.abs(tP) <= EPS * Math.abs(sP)) {
      sums[0] = sV;
      sums[1] = sP;
      return true;
    }
  }
  return false;
}

/** Scratch for asymptoticSums (JS runs one evaluation at a time). */
const SUMS = new Float64Array(2);

/**
 * Terms after which the series of start `at` has converged (the test of directStart) at z = zMax, hence at
 * every smaller z (the tail's share of the positive sum grows with z); 0 if not within SERIES_TERMS or if
 * the sum could need rescaling.
 */
function seriesTermsUpTo(starts: Float64Array, at: number, zMax: number): number {
  if (!(zMax < 500)) return 0;
  let term = 1;
  let sum = 1;
  let sumK = 0;
  for (let k = 0; k < SERIES_TERMS; k++) {
    const ratio = starts[at + HEADER + 2 * ASYMPTOTIC_TERMS + k] * zMax;
    term *= ratio;
    sum += term;
    sumK += (k + 1) * term;
    if (term <= EPS * sum && (k + 1) * term <= EPS * sumK && ratio < 1) return k + 1;
  }
  return 0;
}

/** Smallest z (to bisection precision, from above) with predicate true, assuming it stays true above; ∞ if never. */
function threshold(low: number, predicate: (z: number) => boolean): number {
  if (predicate(low)) return low;
  let high = low;
  while (!predicate(high)) {
    high *= 2;
    if (high > 1e8) return Infinity;
  }
  for (let i = 0; i < 60 && high - low > 1e-9 * high; i++) {
    const mid = 0.5 * (low + high);
    if (predicate(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/** ln|Γ(x)| for x not a pole (reflection below 1/2). */
function logAbsGamma(x: number): number {
  if (x >= 0.5) return logGamma(x);
  return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
}

/** z above which the second solution of ₁F₁(a; b; z) is below EPS relative (monotone: b − 2a < 0 here). */
function secondSolutionThreshold(a: number, b: number): number {
  const bMinusA = b - a;
  if (bMinusA <= 0 && Number.isInteger(bMinusA)) return 0; // 1/Γ(b−a) = 0: no second solution
  const logSecond = logGamma(a) - logAbsGamma(bMinusA);
  return threshold(1e-3, (z) => logSecond - z + (b - 2 * a) * Math.log(z) <= LOG_EPS);
}

export function gtoKummerTables(alpha: number, b: Float64Array, maxAngular: number): GtoKummerTables {
  const N = b.length;
  const L = maxAngular + 1;
  const kappa = new Float64Array(N);
  const beta = new Float64Array(N);
  const starts = new Float64Array(2 * N * START_STRIDE);
  const perNL = new Float64Array(N * L * NL_STRIDE);
  for (let n = 0; n < N; n++) {
    kappa[n] = (alpha * alpha) / (alpha + b[n]);
    beta[n] = (alpha * b[n]) / (alpha + b[n]);
    for (let l = 0; l < L; l++) {
      const A = (n + l + 3) / 2;
      const B = l + 1.5;
      const at = (n * L + l) * NL_STRIDE;
      perNL.set([A / B, 1 / B, A / (B * (B - 1)), A / ((B - 1) * (B - 2)), 1 / (B - 2)], at);
    }
    for (let t = 0; t < Math.min(2, L); t++) {
      const l = maxAngular - t;
      const A = (n + l + 3) / 2;
      const B = l + 1.5;
      const at = (2 * n + t) * START_STRIDE;
      const ratio = Math.exp(logGamma(B) - logGamma(A));
      starts.set([A, B, 0, ratio, (ratio * B) / A], at);
      asymptoticCoefficients(A, B, starts, at + HEADER);
      asymptoticCoefficients(A + 1, B + 1, starts, at + HEADER + ASYMPTOTIC_TERMS);
      for (let k = 0; k < SERIES_TERMS; k++) starts[at + HEADER + 2 * ASYMPTOTIC_TERMS + k] = (A + k) / ((B + k) * (k + 1));
      // the expansion is tried only above z = 20 (as hyp1f1Scaled), where both second solutions are negligible and the sums converge
      const low = Math.max(20, secondSolutionThreshold(A, B), secondSolutionThreshold(A + 1, B + 1));
      starts[at + 2] = threshold(low, (z) => asymptoticSums(starts, at, z, SUMS));
      starts[at + 5] = seriesTermsUpTo(starts, at, starts[at + 2]);
    }
  }
  return { kappa, beta, starts, perNL };
}

/**
 * Fills G[l] = e^{−a r²}₁F₁(α_l; β_l; κ_n r²) and P[l] = e^{−a r²}₁F₁(α_l+1; β_l+1; κ_n r²) for l ≤ maxAngular.
 * x2 = r².
 */
export function gtoKummerColumn(tables: GtoKummerTables, n: number, maxAngular: number, x2: number, G: Float64Array, P: Float64Array): void {
  const { starts, perNL } = tables;
  const L = maxAngular + 1;
  const z = tables.kappa[n] * x2;
  const decay = Math.exp(-tables.beta[n] * x2);
  for (let t = 0; t < Math.min(2, L); t++) {
    const top = maxAngular - t;
    directStart(starts, (2 * n + t) * START_STRIDE, n - top, z, decay, G, P, top);
    let g = G[top];
    let q = P[top];
    for (let l = top - 2; l >= 0; l -= 2) {
      // from (α, β) at l + 2 to (α−1, β−2) at l by Gauss's contiguous relations (DLMF 13.3), M = ₁F₁:
      //   M(α+1, β) = M + (z/β) M(α+1, β+1)               M(α, β−1) = M + αz/(β(β−1)) M(α+1, β+1)
      //   M(α, β−2) = M(α, β−1) + αz/((β−1)(β−2)) M(α+1, β)   M(α−1, β−2) = M(α, β−2) − z/(β−2) M(α, β−1)
      // (linear and homogeneous: they hold as well for e^{−a r²}M)
      const c = (n * L + l + 2) * NL_STRIDE;
      const up = g + z * perNL[c + 1] * q; // M(α+1, β)
      const p2 = g + z * perNL[c + 2] * q; // M(α, β−1)
      const r2 = p2 + z * perNL[c + 3] * up; // M(α, β−2)
      g = r2 - z * perNL[c + 4] * p2; // M(α−1, β−2)
      q = p2;
      G[l] = g;
      P[l] = q;
    }
  }
}

/** The direct evaluation of one start (α, β at `at`), G and P at index `l`; m = n − l, so z^{α−β} = (√z)^m. */
function directStart(starts: Float64Array, at: number, m: number, z: number, decay: number, G: Float64Array, P: Float64Array, l: number): void {
  if (z === 0) {
    G[l] = 1;
    P[l] = 1;
    return;
  }
  const a = starts[at];
  const b = starts[at + 1];
  if (z > starts[at + 2] && asymptoticSums(starts, at, z, SUMS)) {
    const root = m >= 0 ? Math.sqrt(z) : 1 / Math.sqrt(z);
    let power = 1;
    for (let k = Math.abs(m); k > 0; k--) power *= root;
    G[l] = starts[at + 3] * power * decay * SUMS[0];
    P[l] = starts[at + 4] * power * decay * SUMS[1];
    return;
  }
  // Σ t_k and Σ k t_k, t_k = (α)_k/(β)_k z^k/k!, all positive
  let term = 1;
  let sum = 1;
  let sumK = 0;
  let logScale = 0;
  const ratios = at + HEADER + 2 * ASYMPTOTIC_TERMS;
  const count = starts[at + 5];
  if (count > 0 && z <= starts[at + 2]) {
    // a known number of terms: no tests
    for (let k = 0; k < count; k++) {
      term *= starts[ratios + k] * z;
      sum += term;
      sumK += (k + 1) * term;
    }
    const scale = Math.exp(-z) * decay;
    G[l] = sum * scale;
    P[l] = ((b / (a * z)) * sumK) * scale;
    return;
  }
  for (let k = 0; k < MAX_SERIES_TERMS; k++) {
    const ratio = (k < SERIES_TERMS ? starts[ratios + k] : (a + k) / ((b + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    const kTerm = (k + 1) * term;
    sumK += kTerm;
    if (term <= EPS * sum && kTerm <= EPS * sumK && ratio < 1) {
      const scale = Math.exp(logScale - z) * decay;
      G[l] = sum * scale;
      P[l] = ((b / (a * z)) * sumK) * scale;
      return;
    }
    if (sum > RESCALE) {
      sum /= RESCALE;
      sumK /= RESCALE;
      term /= RESCALE;
      logScale += LOG_RESCALE;
    }
  }
  throw new Error(`GTO radial integral: the ₁F₁ series did not converge for a = ${a}, b = ${b}, z = ${z}`);
}
