// Gamma functions for the radial integrals. Half-integer arguments (all the GTO needs)
// are exact products; general positive arguments use Stirling's series after shifting
// the argument above 20, where the truncated series is accurate to ~1e-17.

const SQRT_PI = Math.sqrt(Math.PI);
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Γ(k/2) for a positive integer k, by the recurrence from Γ(1/2) = √π and Γ(1) = 1. */
export function gammaHalfInteger(k: number): number {
  let x = k % 2 === 0 ? 1 : 0.5;
  let value = k % 2 === 0 ? 1 : SQRT_PI;
  while (x < k / 2) {
    value *= x;
    x += 1;
  }
  return value;
}

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  let shift = 0;
  while (x < 20) {
    shift += Math.log(x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Stirling: B_2k / (2k(2k−1) x^(2k−1)) for k = 1..6
  const series =
    inv *
    (1 / 12 +
      inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - shift;
}

/** Γ(x) for x > 0 (finite up to x ≈ 171). */
export function gamma(x: number): number {
  if (x >= 1 && x <= 30 && Number.isInteger(2 * x)) return gammaHalfInteger(2 * x);
  return Math.exp(logGamma(x));
}
