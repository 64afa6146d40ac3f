// The arithmetic shared by fit() and NiceMap: reading a ν = 1 channel from the dense
// coefficients, one term's Clebsch–Gordan expansion, and the PCA projection and its transpose.
import type { NicePlan, Term } from './plan.js';

/**
 * The ν = 1 channel l of one centre: target[base + m·Q + (a·N_l + n)] = c[cOffset + (a·N + n)·K + l² + m]
 * (Q = nSpecies·N_l, K = (maxAngular+1)²), for species `only` or all of them.
 */
export function readDensity(
  shape: NicePlan['shape'],
  N: number,
  c: Float64Array,
  cOffset: number,
  l: number,
  target: Float64Array,
  base: number,
  only = -1,
): void {
  const K = (shape.maxAngular + 1) ** 2;
  const nl = shape.radialPerAngular[l];
  const Q = shape.nSpecies * nl;
  const width = 2 * l + 1;
  const first = only < 0 ? 0 : only;
  const last = only < 0 ? shape.nSpecies : only + 1;
  for (let a = first; a < last; a++) {
    for (let n = 0; n < nl; n++) {
      const from = cOffset + (a * N + n) * K + l * l;
      const q = a * nl + n;
      for (let m = 0; m < width; m++) target[base + m * Q + q] = c[from + m];
    }
  }
}

/** out[cOffset + (a·N + n)·K + l² + m] += g[base + m·Q + (a·N_l + n)], the transpose of readDensity. */
export function writeDensity(shape: NicePlan['shape'], N: number, g: Float64Array, base: number, l: number, out: Float64Array, outOffset: number): void {
  const K = (shape.maxAngular + 1) ** 2;
  const nl = shape.radialPerAngular[l];
  const Q = shape.nSpecies * nl;
  const width = 2 * l + 1;
  for (let a = 0; a < shape.nSpecies; a++) {
    for (let n = 0; n < nl; n++) {
      const to = outOffset + (a * N + n) * K + l * l;
      const q = a * nl + n;
      for (let m = 0; m < width; m++) out[to + m] += g[base + m * Q + q];
    }
  }
}

/**
 * One term's products: T[base + M·P + offset + k] += Σ w · X[m1][p_k] · Y[m2][q_k] over its CG
 * entries, for the term's pairs k (every (p, q), q fastest, when it has no pair list).
 */
export function expandTerm(t: Term, X: Float64Array, xOff: number, P1: number, Y: Float64Array, yOff: number, Q: number, T: Float64Array, base: number, P: number): void {
  const pairs = t.pairs;
  for (let e = 0; e < t.w.length; e++) {
    const w = t.w[e];
    const xRow = xOff + t.m1[e] * P1;
    const yRow = yOff + t.m2[e] * Q;
    const oRow = base + t.M[e] * P + t.offset;
    if (pairs) {
      const { p, q } = pairs;
      for (let k = 0; k < p.length; k++) T[oRow + k] += w * X[xRow + p[k]] * Y[yRow + q[k]];
      continue;
    }
    for (let p = 0; p < P1; p++) {
      const a = w * X[xRow + p];
      if (a === 0) continue;
      const o = oRow + p * Q;
      for (let q = 0; q < Q; q++) T[o + q] += a * Y[yRow + q];
    }
  }
}

/** Z[zOff + M·R + r] = Σ_j W[r·P + j] · E[eOff + M·P + j]. */
export function project(W: Float64Array, R: number, P: number, width: number, E: Float64Array, eOff: number, Z: Float64Array, zOff: number): void {
  for (let M = 0; M < width; M++) {
    const e = eOff + M * P;
    for (let r = 0; r < R; r++) {
      const row = r * P;
      let sum = 0;
      for (let j = 0; j < P; j++) sum += W[row + j] * E[e + j];
      Z[zOff + M * R + r] = sum;
    }
  }
}
