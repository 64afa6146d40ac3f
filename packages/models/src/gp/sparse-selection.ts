// Choosing the sparse (inducing) points of a sparse GP among the training environments:
// farthest-point sampling covers feature space evenly; CUR keeps the rows that carry the most
// of the feature matrix's top singular direction, removing each chosen row's direction before
// the next pick (scikit-matter's iterative CUR with one singular vector, found by Lanczos). Both work on a
// row-major matrix of `rows` × `width` values and return row indices in the order chosen.
import { assertInteger, mulberry32, symmetricEigen } from '@equikit/core';

/** Rows closer than this (squared Euclidean) to a chosen one count as duplicates: never chosen. */
const DUPLICATE_DISTANCE2 = 1e-20;

/**
 * Farthest-point sampling: starts at row `start` (default 0), then repeatedly takes the row
 * whose Euclidean distance to the nearest chosen row is largest (the lowest index on a tie).
 * Stops early, with fewer than `count` rows, when every remaining row duplicates a chosen one.
 */
export function farthestPointSampling(values: Float64Array, rows: number, count: number, start = 0): Int32Array {
  const width = checkMatrix(values, rows, count);
  assertInteger(start, 'start', 0, rows - 1);
  const chosen: number[] = [];
  const nearest = new Float64Array(rows).fill(Infinity);
  let next = start;
  while (chosen.length < Math.min(count, rows)) {
    chosen.push(next);
    const o = next * width;
    let best = -1;
    let bestDistance = DUPLICATE_DISTANCE2;
    for (let r = 0; r < rows; r++) {
      let d2 = 0;
      const q = r * width;
      for (let f = 0; f < width; f++) {
        const d = values[q + f] - values[o + f];
        d2 += d * d;
      }
      if (d2 < nearest[r]) nearest[r] = d2;
      if (nearest[r] > bestDistance) {
        bestDistance = nearest[r];
        best = r;
      }
    }
    if (best < 0) break;
    next = best;
  }
  return Int32Array.from(chosen);
}

export interface CurOptions {
  /** Seed of the eigen-solver's start vector: same seed, same selection. Default 0. */
  seed?: number;
  /** Lanczos restarts per pick at most (each stops early once converged). Default 5. */
  maxIterations?: number;
}

/**
 * CUR row selection: at each pick, the leverage score of row r is (x_r · v)², v the top right
 * singular vector of the current matrix; the row with the largest score is chosen and its
 * direction projected out of every row (the Gram matrix is deflated, so each pick costs
 * width² + rows·width). When the rows' span is exhausted (rank < count), the remaining picks
 * continue by farthest-point sampling from the chosen set, since a ζ > 1 kernel still gains
 * from points the linear span already contains. Deterministic given `seed`.
 */
export function curSelection(values: Float64Array, rows: number, count: number, options: CurOptions = {}): Int32Array {
  const width = checkMatrix(values, rows, count);
  const { seed = 0, maxIterations = 5 } = options;
  assertInteger(seed, 'options.seed', 0, 2 ** 32 - 1);
  assertInteger(maxIterations, 'options.maxIterations', 1);
  const target = Math.min(count, rows);
  // G = XᵀX, deflated after each pick: G ← (I − uuᵀ) G (I − uuᵀ)
  const G = new Float64Array(width * width);
  for (let r = 0; r < rows; r++) {
    const q = r * width;
    for (let a = 0; a < width; a++) {
      const xa = values[q + a];
      if (xa === 0) continue;
      for (let b = a; b < width; b++) G[a * width + b] += xa * values[q + b];
    }
  }
  for (let a = 0; a < width; a++) for (let b = 0; b < a; b++) G[a * width + b] = G[b * width + a];
  const initialTrace = trace(G, width);
  const chosen: number[] = [];
  const taken = new Uint8Array(rows);
  const basis: Float64Array[] = []; // orthonormal directions of the chosen rows
  const rng = mulberry32(seed);
  let v: Float64Array = new Float64Array(width);
  for (let f = 0; f < width; f++) v[f] = rng() - 0.5;
  while (chosen.length < target) {
    if (!(trace(G, width) > 1e-12 * initialTrace)) break;
    v = topEigenvector(G, width, v, maxIterations, rng);
    let best = -1;
    let bestScore = -1;
    for (let r = 0; r < rows; r++) {
      if (taken[r]) continue;
      let s = 0;
      const q = r * width;
      for (let f = 0; f < width; f++) s += values[q + f] * v[f];
      if (s * s > bestScore) {
        bestScore = s * s;
        best = r;
      }
    }
    // the chosen row's direction, orthogonal to those already removed
    const u = values.slice(best * width, (best + 1) * width);
    for (const e of basis) {
      const c = dot(u, e, width);
      for (let f = 0; f < width; f++) u[f] -= c * e[f];
    }
    const norm = Math.sqrt(dot(u, u, width));
    chosen.push(best);
    taken[best] = 1;
    if (!(norm > 1e-10 * Math.sqrt(initialTrace / Math.max(rows, 1)))) break;
    for (let f = 0; f < width; f++) u[f] /= norm;
    basis.push(u);
    deflate(G, width, u);
  }
  if (chosen.length >= target) return Int32Array.from(chosen);
  return Int32Array.from(extendByFarthestPoints(values, rows, width, chosen, target));
}

/** Completes `chosen` to `target` rows by farthest-point sampling from the chosen set. */
function extendByFarthestPoints(values: Float64Array, rows: number, width: number, chosen: number[], target: number): number[] {
  const nearest = new Float64Array(rows).fill(Infinity);
  const update = (o: number) => {
    for (let r = 0; r < rows; r++) {
      let d2 = 0;
      for (let f = 0; f < width; f++) {
        const d = values[r * width + f] - values[o * width + f];
        d2 += d * d;
      }
      if (d2 < nearest[r]) nearest[r] = d2;
    }
  };
  for (const c of chosen) update(c);
  const out = chosen.slice();
  while (out.length < target) {
    let best = -1;
    let bestDistance = DUPLICATE_DISTANCE2;
    for (let r = 0; r < rows; r++) {
      if (nearest[r] > bestDistance) {
        bestDistance = nearest[r];
        best = r;
      }
    }
    if (best < 0) break;
    out.push(best);
    update(best);
  }
  return out;
}

/**
 * The top eigenvector of symmetric G by Lanczos with full reorthogonalisation (at most 30 steps,
 * restarted from the Ritz vector until the residual is below 1e-6·θ, at most `maxRestarts` times).
 * Power iteration stalls when the top eigenvalues are close, which power spectra make common.
 */
function topEigenvector(G: Float64Array, width: number, start: Float64Array, maxRestarts: number, rng: () => number): Float64Array {
  let v: Float64Array = start.slice();
  if (!(normalise(v, width) > 0)) for (let f = 0; f < width; f++) v[f] = rng() - 0.5;
  const w = new Float64Array(width);
  for (let restart = 0; restart < maxRestarts; restart++) {
    const { vector, value } = lanczos(G, width, v, Math.min(width, 30));
    v = vector;
    multiply(G, width, v, w);
    let residual = 0;
    for (let f = 0; f < width; f++) residual += (w[f] - value * v[f]) ** 2;
    if (!(value > 0) || Math.sqrt(residual) <= 1e-6 * value) break;
  }
  return v;
}

function lanczos(G: Float64Array, width: number, start: Float64Array, steps: number): { vector: Float64Array; value: number } {
  const Q: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = start.slice();
  normalise(q, width);
  for (let j = 0; j < steps; j++) {
    Q.push(q);
    const w = new Float64Array(width);
    multiply(G, width, q, w);
    alpha.push(dot(q, w, width));
    // full reorthogonalisation, twice (Kahan's "twice is enough")
    for (let pass = 0; pass < 2; pass++) {
      for (const qi of Q) {
        const c = dot(qi, w, width);
        for (let f = 0; f < width; f++) w[f] -= c * qi[f];
      }
    }
    const b = Math.sqrt(dot(w, w, width));
    if (j === steps - 1 || !(b > 1e-12 * Math.abs(alpha[0]))) break;
    beta.push(b);
    for (let f = 0; f < width; f++) w[f] /= b;
    q = w;
  }
  const k = alpha.length;
  const T = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    T[a * k + a] = alpha[a];
    if (a + 1 < k) T[a * k + a + 1] = T[(a + 1) * k + a] = beta[a];
  }
  // descending order: the top eigenpair of T is the first row
  const { values, vectors } = symmetricEigen(T, k);
  const vector = new Float64Array(width);
  for (let a = 0; a < k; a++) {
    const y = vectors[a];
    for (let f = 0; f < width; f++) vector[f] += y * Q[a][f];
  }
  normalise(vector, width);
  return { vector, value: values[0] };
}

function deflate(G: Float64Array, width: number, u: Float64Array): void {
  // G' = G − u gᵀ − g uᵀ + (uᵀGu) u uᵀ, g = G u
  const g = new Float64Array(width);
  multiply(G, width, u, g);
  const ugu = dot(u, g, width);
  for (let a = 0; a < width; a++) {
    for (let b = 0; b < width; b++) G[a * width + b] += -u[a] * g[b] - g[a] * u[b] + ugu * u[a] * u[b];
  }
}

function checkMatrix(values: Float64Array, rows: number, count: number): number {
  if (!(values instanceof Float64Array)) throw new TypeError(`values must be a Float64Array (rows × width, row-major), got ${typeof values}`);
  assertInteger(rows, 'rows', 1);
  if (values.length % rows !== 0) throw new RangeError(`values must hold rows × width entries: ${values.length} is not a multiple of rows = ${rows}`);
  assertInteger(count, 'count', 1);
  return values.length / rows;
}

function multiply(G: Float64Array, width: number, v: Float64Array, out: Float64Array): void {
  for (let a = 0; a < width; a++) {
    let s = 0;
    for (let b = 0; b < width; b++) s += G[a * width + b] * v[b];
    out[a] = s;
  }
}

function trace(G: Float64Array, width: number): number {
  let t = 0;
  for (let a = 0; a < width; a++) t += G[a * width + a];
  return t;
}

function dot(a: Float64Array, b: Float64Array, width: number): number {
  let s = 0;
  for (let f = 0; f < width; f++) s += a[f] * b[f];
  return s;
}

function normalise(v: Float64Array, width: number): number {
  const n = Math.sqrt(dot(v, v, width));
  if (n > 0) for (let f = 0; f < width; f++) v[f] /= n;
  return n;
}
