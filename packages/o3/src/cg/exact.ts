// Clebsch–Gordan coefficients in exact integer arithmetic (BigInt), rounded once to
// float64 at the end: no factorial overflows and no cancellation in Racah's alternating
// sum, so the values are correctly rounded (within an ulp) for any l.
//
// Racah's formula, with a = l1+l2−L, b = l1−m1, c = l2+m2, d = L−l2+m1, e = L−l1−m2:
//   <l1 m1 l2 m2|L M> = √[(2L+1)(L+l1−l2)!(L−l1+l2)! a! / (l1+l2+L+1)!]
//                     · √[(L+M)!(L−M)!(l1−m1)!(l1+m1)!(l2−m2)!(l2+m2)!]
//                     · Σ_k (−1)^k / [k!(a−k)!(b−k)!(c−k)!(d+k)!(e+k)!]
// Multiplying the sum by D = a!·b!·c!·(d+kmax)!·(e+kmax)! makes every term an integer:
//   C(a,k)·b!/(b−k)!·c!/(c−k)!·(d+kmax)!/(d+k)!·(e+kmax)!/(e+k)!.

const factorials: bigint[] = [1n];

function factorial(n: number): bigint {
  for (let k = factorials.length; k <= n; k++) factorials.push(factorials[k - 1] * BigInt(k));
  return factorials[n];
}

/** p/q (positive BigInts) as the double nearest √(p/q), to within an ulp. */
function sqrtRatio(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  // Scale so the integer quotient keeps ~120 significant bits, with an even shift.
  let shift = q.toString(2).length - p.toString(2).length + 120;
  if (shift % 2 !== 0) shift++;
  const quotient = shift >= 0 ? (p << BigInt(shift)) / q : p / (q << BigInt(-shift));
  const half = shift / 2;
  // 2^−half in two steps so neither underflows nor overflows for large shifts.
  const h1 = Math.trunc(half / 2);
  return Math.sqrt(Number(quotient)) * 2 ** -h1 * 2 ** -(half - h1);
}

/** <l1 m1 l2 m2 | L M>, complex basis, Condon–Shortley phase; 0 when selection rules fail. */
export function clebschGordanCoefficient(l1: number, m1: number, l2: number, m2: number, L: number, M: number): number {
  if (m1 + m2 !== M) return 0;
  if (Math.abs(m1) > l1 || Math.abs(m2) > l2 || Math.abs(M) > L) return 0;
  if (L < Math.abs(l1 - l2) || L > l1 + l2) return 0;
  const a = l1 + l2 - L;
  const b = l1 - m1;
  const c = l2 + m2;
  const d = L - l2 + m1;
  const e = L - l1 - m2;
  const kmin = Math.max(0, -d, -e);
  const kmax = Math.min(a, b, c);
  if (kmin > kmax) return 0;
  let sum = 0n;
  for (let k = kmin; k <= kmax; k++) {
    const term =
      (factorial(a) / (factorial(k) * factorial(a - k))) *
      (factorial(b) / factorial(b - k)) *
      (factorial(c) / factorial(c - k)) *
      (factorial(d + kmax) / factorial(d + k)) *
      (factorial(e + kmax) / factorial(e + k));
    sum += k % 2 === 0 ? term : -term;
  }
  if (sum === 0n) return 0;
  const denominatorOfSum = factorial(a) * factorial(b) * factorial(c) * factorial(d + kmax) * factorial(e + kmax);
  // value² = num / den, all exact
  const num =
    BigInt(2 * L + 1) *
    factorial(L + l1 - l2) *
    factorial(L - l1 + l2) *
    factorial(a) *
    factorial(L + M) *
    factorial(L - M) *
    factorial(l1 - m1) *
    factorial(l1 + m1) *
    factorial(l2 - m2) *
    factorial(l2 + m2) *
    sum *
    sum;
  const den = factorial(l1 + l2 + L + 1) * denominatorOfSum * denominatorOfSum;
  const magnitude = sqrtRatio(num, den);
  return sum > 0n ? magnitude : -magnitude;
}
