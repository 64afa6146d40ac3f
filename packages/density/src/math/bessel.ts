// Spherical Bessel functions for the Laplacian-eigenstate basis and its Gaussian-density
// radial integral: j_l (the basis), the zeros z_ln of j_l (its wave numbers) and the
// exponentially scaled modified function e^{-z} i_l(z) (the Gaussian's angular projection).
// Each evaluates every order 0..maxL at once, by the recurrence that is stable there.

/** Series x^l/(2l+1)!! Σ_k (∓x²/2)^k / (k! (2l+3)(2l+5)…(2l+2k+1)); sign −1 for j_l, +1 for i_l. */
function seriesAll(maxL: number, x: number, sign: number, out: Float64Array): void {
  let lead = 1; // x^l/(2l+1)!!
  const half = (sign * x * x) / 2;
  for (let l = 0; l <= maxL; l++) {
    let term = 1;
    let sum = 1;
    for (let k = 1; k < 200; k++) {
      term *= half / (k * (2 * l + 2 * k + 1));
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    out[l] = lead * sum;
    lead *= x / (2 * l + 3);
  }
}

/**
 * Miller's downward recurrence f_{l−1} = (2l+1)/x f_l ∓ f_{l+1} from far above maxL, where the
 * wanted solution dominates, normalised at the end by `normalise`.
 */
/** Reused by millerAll (single-threaded JS: no call can interleave with another). */
let millerScratch = new Float64Array(128);

function millerAll(maxL: number, x: number, sign: number, out: Float64Array, normalise: (f0: number, f1: number) => number): void {
  const start = maxL + 20 + Math.ceil(Math.sqrt(40 * x));
  if (millerScratch.length < start + 2) millerScratch = new Float64Array(2 * (start + 2));
  const f = millerScratch;
  f[start + 1] = 0;
  f[start] = 1e-300;
  for (let l = start; l >= 1; l--) {
    f[l - 1] = ((2 * l + 1) / x) * f[l] + sign * f[l + 1];
    if (Math.abs(f[l - 1]) > 1e250) {
      for (let k = l - 1; k <= start; k++) f[k] *= 1e-250; // keep the recurrence finite
    }
  }
  const scale = normalise(f[0], f[1]);
  for (let l = 0; l <= maxL; l++) out[l] = f[l] * scale;
}

/** j_l(x) for l = 0..maxL into out (length ≥ maxL+1). */
export function sphericalBesselJ(maxL: number, x: number, out: Float64Array): void {
  if (Math.abs(x) < 0.5) return seriesAll(maxL, x, -1, out);
  const j0 = Math.sin(x) / x;
  const j1 = Math.sin(x) / (x * x) - Math.cos(x) / x;
  if (x > maxL) {
    // upward recurrence is stable while l < x
    out[0] = j0;
    if (maxL >= 1) out[1] = j1;
    for (let l = 1; l < maxL; l++) out[l + 1] = ((2 * l + 1) / x) * out[l] - out[l - 1];
    return;
  }
  // normalise on whichever of j0, j1 is larger, since each has zeros
  millerAll(maxL, x, -1, out, (f0, f1) => (Math.abs(j0) > Math.abs(j1) ? j0 / f0 : j1 / f1));
}

/** e^{-z} i_l(z) for l = 0..maxL, z ≥ 0: finite for any z. */
export function scaledModifiedSphericalBesselI(maxL: number, z: number, out: Float64Array): void {
  if (z < 0.5) {
    seriesAll(maxL, z, 1, out);
    const decay = Math.exp(-z);
    for (let l = 0; l <= maxL; l++) out[l] *= decay;
    return;
  }
  const e2 = Math.exp(-2 * z);
  const i0 = -Math.expm1(-2 * z) / (2 * z);
  if (z > maxL * maxL + 10) {
    // far beyond l², the growing unwanted solution k_l stays negligible: upward is stable
    out[0] = i0;
    if (maxL >= 1) out[1] = ((z * (1 + e2)) / 2 - (1 - e2) / 2) / (z * z);
    for (let l = 1; l < maxL; l++) out[l + 1] = out[l - 1] - ((2 * l + 1) / z) * out[l];
    return;
  }
  millerAll(maxL, z, 1, out, (f0) => i0 / f0);
}

/** The first `count` positive zeros of j_l for l = 0..maxL, row-major [l][k]. */
export function sphericalBesselZeros(maxL: number, count: number): Float64Array {
  const zeros = new Float64Array((maxL + 1) * count);
  // zeros of j_l interlace those of j_{l−1}: one zero of j_l lies between consecutive zeros of j_{l−1}
  let previous = Array.from({ length: count + maxL + 1 }, (_, k) => (k + 1) * Math.PI);
  for (let k = 0; k < count; k++) zeros[k] = previous[k];
  const values = new Float64Array(maxL + 1);
  for (let l = 1; l <= maxL; l++) {
    const current: number[] = [];
    const f = (x: number) => {
      sphericalBesselJ(l, x, values);
      return values[l];
    };
    for (let k = 0; k + 1 < previous.length; k++) current.push(bisect(f, previous[k], previous[k + 1]));
    previous = current;
    for (let k = 0; k < count; k++) zeros[l * count + k] = current[k];
  }
  return zeros;
}

function bisect(f: (x: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  for (let iteration = 0; iteration < 200 && hi - lo > 4e-16 * hi; iteration++) {
    const mid = 0.5 * (lo + hi);
    const fmid = f(mid);
    if (fmid === 0) return mid;
    if (Math.sign(fmid) === Math.sign(flo)) {
      lo = mid;
      flo = fmid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}
