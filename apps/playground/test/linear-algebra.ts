// Test helpers: seeded random numbers and random orthogonal matrices (Householder products).
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A random n×n orthogonal matrix (row-major), the product of n Householder reflections. */
export function randomOrthogonal(n: number, random: () => number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let step = 0; step < n; step++) {
    const v = Array.from({ length: n }, () => gaussian(random));
    const norm = Math.hypot(...v);
    const u = v.map((x) => x / norm);
    // q ← q (I − 2 u uᵀ)
    for (let r = 0; r < n; r++) {
      let dot = 0;
      for (let c = 0; c < n; c++) dot += q[r * n + c] * u[c];
      for (let c = 0; c < n; c++) q[r * n + c] -= 2 * dot * u[c];
    }
  }
  return q;
}

/** Q diag(values) Qᵀ: a symmetric matrix whose eigenvectors are Q's columns. */
export function withSpectrum(q: Float64Array, values: readonly number[]): Float64Array {
  const n = values.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += q[i * n + k] * values[k] * q[j * n + k];
    a[i * n + j] = sum;
  }
  return a;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
