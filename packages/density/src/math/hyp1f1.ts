// Kummer's confluent hypergeometric function ₁F₁(a; b; z).
//
// For z ≥ 0 and a, b > 0 every term of the power series is positive, so summing it is
// stable, only slow for large z; there the asymptotic expansion
//   e^{-z} ₁F₁(a; b; z) ≈ Γ(b)/Γ(a) z^{a-b} Σ_k (b-a)_k (1-a)_k / (k! z^k)
// converges to full precision quickly. It is used only when its truncation error and the
// dropped, exponentially small second solution are both below double precision; in every
// other case the series is summed, rescaled as it goes so that z ≫ 700 cannot overflow.
// Negative z goes through Kummer's transformation ₁F₁(a; b; z) = e^z ₁F₁(b-a; b; -z).
import { assertFiniteNumber } from '@equikit/core';
import { logGamma } from './gamma.js';

const EPS = 1e-17;
const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);
const MAX_TERMS = 1_000_000;

/** ln|Γ(x)| for any real x that is not a pole, by reflection below 1/2. */
function logAbsGamma(x: number): number {
  if (x >= 0.5) return logGamma(x);
  return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
}

/** e^{-z} Σ_k (a)_k/(b)_k z^k/k!, z ≥ 0, rescaling the partial sums to stay finite. */
function seriesScaled(a: number, b: number, z: number): number {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let k = 0; k < MAX_TERMS; k++) {
    const ratio = ((a + k) / (b + k)) * (z / (k + 1));
    term *= ratio;
    sum += term;
    // stop once the terms are negligible and shrinking (ratio < 1 from here on as k grows)
    if (Math.abs(term) <= EPS * Math.abs(sum) && Math.abs(ratio) < 1) {
      return sum * Math.exp(logScale - z);
    }
    if (Math.abs(sum) > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      logScale += LOG_RESCALE;
    }
  }
  throw new Error(`hyp1f1: the series did not converge for a = ${a}, b = ${b}, z = ${z}`);
}

/**
 * e^{-z} ₁F₁(a; b; z) from the asymptotic expansion, or NaN when it cannot reach
 * double precision at this z (diverging too early, or second solution not negligible).
 */
function asymptoticScaled(a: number, b: number, z: number): number {
  const bMinusA = b - a;
  // The second solution is Γ(b)/Γ(b-a) (-z)^{-a}: relative size Γ(a)/Γ(b-a) e^{-z} z^{b-2a}.
  // It vanishes when b - a is a non-positive integer (1/Γ(b-a) = 0).
  const secondVanishes = bMinusA <= 0 && Number.isInteger(bMinusA);
  if (!secondVanishes) {
    const logSecond = logGamma(a) - logAbsGamma(bMinusA) - z + (b - 2 * a) * Math.log(z);
    if (logSecond > Math.log(EPS)) return NaN;
  }
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 500; k++) {
    const next = (term * (bMinusA + k) * (1 - a + k)) / ((k + 1) * z);
    if (next === 0) break; // the expansion terminates
    if (Math.abs(next) > Math.abs(term) && k > Math.abs(bMinusA) + Math.abs(1 - a)) return NaN; // diverging
    term = next;
    sum += term;
    if (Math.abs(term) <= EPS * Math.abs(sum)) break;
    if (k === 499) return NaN;
  }
  return sum * Math.exp(logGamma(b) - logGamma(a) + (a - b) * Math.log(z));
}

/** ₁F₁ for a a non-positive integer: a polynomial of degree -a, summed as it is. */
function polynomial(a: number, b: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < -a; k++) {
    term *= ((a + k) / (b + k)) * (z / (k + 1));
    sum += term;
  }
  return sum;
}

/** e^{-z} ₁F₁(a; b; z) for z ≥ 0, a real, b > 0. No argument checks. */
export function hyp1f1ScaledUnchecked(a: number, b: number, z: number): number {
  if (z === 0) return 1;
  if (a > 0 && z > 20) {
    const asymptotic = asymptoticScaled(a, b, z);
    if (!Number.isNaN(asymptotic)) return asymptotic;
  }
  return seriesScaled(a, b, z);
}

function checkArguments(a: number, b: number, z: number, name: string): void {
  assertFiniteNumber(a, `${name}: a`);
  assertFiniteNumber(b, `${name}: b`);
  assertFiniteNumber(z, `${name}: z`);
  if (!(b > 0)) throw new RangeError(`${name}: b must be > 0, got ${b}`);
}

/** e^{-z} ₁F₁(a; b; z): finite for large positive z where ₁F₁ itself overflows. Needs b > 0. */
export function hyp1f1Scaled(a: number, b: number, z: number): number {
  checkArguments(a, b, z, 'hyp1f1Scaled');
  // Kummer with w = -z > 0: e^{-z} ₁F₁(a; b; z) = ₁F₁(b-a; b; w) = e^{w} [e^{-w} ₁F₁(b-a; b; w)]
  if (z < 0) return Math.exp(-z) * hyp1f1ScaledUnchecked(b - a, b, -z);
  return hyp1f1ScaledUnchecked(a, b, z);
}

/** ₁F₁(a; b; z) for real a, z and b > 0. Overflows to Infinity only where the value does. */
export function hyp1f1(a: number, b: number, z: number): number {
  checkArguments(a, b, z, 'hyp1f1');
  // Kummer with w = -z > 0: ₁F₁(a; b; z) = e^{-w} ₁F₁(b-a; b; w), exactly the scaled value
  if (z < 0) return hyp1f1ScaledUnchecked(b - a, b, -z);
  if (a <= 0 && Number.isInteger(a)) return polynomial(a, b, z);
  const scaled = hyp1f1ScaledUnchecked(a, b, z);
  if (z < 700) return scaled * Math.exp(z);
  // e^z alone overflows: combine in the log domain
  return Math.sign(scaled) * Math.exp(Math.log(Math.abs(scaled)) + z);
}

/**
 * e^{-z} ₁F₁(a; b; z) for one fixed (a, b > 0) and many z ≥ 0: the Γ-function constants of the
 * asymptotic expansion and of its validity test are computed once (the GTO radial integral
 * evaluates the same few (a, b) at every pair).
 */
export class Hyp1f1Scaled {
  /** ln(Γ(b)/Γ(a)). */
  readonly logPrefactor: number;
  /** ln|Γ(a)/Γ(b−a)|, or −∞ when the second solution vanishes (b − a a non-positive integer). */
  readonly logSecond: number;

  constructor(
    readonly a: number,
    readonly b: number,
  ) {
    this.logPrefactor = logGamma(b) - logGamma(a);
    const bMinusA = b - a;
    this.logSecond = bMinusA <= 0 && Number.isInteger(bMinusA) ? -Infinity : logGamma(a) - logAbsGamma(bMinusA);
  }

  evaluate(z: number): number {
    const { a, b } = this;
    if (z === 0) return 1;
    if (a > 0 && z > 20 && this.logSecond - z + (b - 2 * a) * Math.log(z) <= LOG_EPS) {
      const bMinusA = b - a;
      let term = 1;
      let sum = 1;
      let converged = false;
      for (let k = 0; k < 500; k++) {
        const next = (term * (bMinusA + k) * (1 - a + k)) / ((k + 1) * z);
        if (next === 0) {
          converged = true;
          break;
        }
        if (Math.abs(next) > Math.abs(term) && k > Math.abs(bMinusA) + Math.abs(1 - a)) break; // diverging
        term = next;
        sum += term;
        if (Math.abs(term) <= EPS * Math.abs(sum)) {
          converged = true;
          break;
        }
      }
      if (converged) return sum * Math.exp(this.logPrefactor + (a - b) * Math.log(z));
    }
    return seriesScaled(a, b, z);
  }
}

const LOG_EPS = Math.log(EPS);
