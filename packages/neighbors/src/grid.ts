// The cell list shared by every backend: atoms wrapped into the cell along periodic
// directions, binned into a grid whose bins are at least one cutoff thick, and sorted
// by bin with their coordinates in separate x, y, z arrays. Computed here, once, in
// TypeScript, so every backend searches exactly the same grid.
import type { CheckedStructure } from './input.js';

export interface Grid {
  n: number;
  /** Bins along each cell direction, and how many neighbouring bins each way cover the cutoff. */
  nx: number; ny: number; nz: number;
  mx: number; my: number; mz: number;
  /** Bit k set when direction k is periodic. */
  pbcMask: number;
  cell: Float64Array;
  /**
   * Sorted by bin, and within a bin by the third fractional coordinate `zf` (so each
   * column of bins is sorted by zf): wrapped Cartesian coordinates, original index,
   * integer wrap shift.
   */
  xs: Float64Array; ys: Float64Array; zs: Float64Array; zf: Float64Array;
  /** How far in zf the cutoff reaches, with margin: candidates further away are skipped. */
  zReach: number;
  idx: Int32Array; wx: Int32Array; wy: Int32Array; wz: Int32Array;
  /** nbins + 1 offsets: the atoms of bin b are binStart[b] ≤ k < binStart[b + 1]. */
  binStart: Int32Array;
  /** The most candidate ranges one bin can have (scratch size). */
  maxRanges: number;
  /** Expected number of pairs in a full list, from the density in each bin. */
  expectedPairs: number;
}

// Bins are made this much thicker than the cutoff, and the number of bins searched is
// rounded up with this margin, so rounding in the fractional coordinates can never hide
// a pair (it would take positions ~1e8 cutoffs from the origin).
const THICKER = 1e-5;
const MARGIN = 1e-6;
const MAX_WRAP = 2 ** 30;

/**
 * The basis the atoms are binned in: the periodic cell vectors, completed by unit vectors
 * orthogonal to them along non-periodic directions (whose cell vectors play no part,
 * as in ASE: no shift is ever applied along them).
 */
export function searchBasis(cell: Float64Array, pbc: readonly boolean[]): Float64Array {
  const B = new Float64Array(9);
  const periodic = [0, 1, 2].filter((k) => pbc[k]);
  const open = [0, 1, 2].filter((k) => !pbc[k]);
  const row = (k: number) => [cell[3 * k], cell[3 * k + 1], cell[3 * k + 2]];
  const set = (k: number, v: number[]) => B.set(v, 3 * k);
  const singular = () =>
    new RangeError(
      `structure.cell: the periodic cell vectors (pbc = [${pbc.join(', ')}]) must be non-zero and linearly independent`,
    );
  for (const k of periodic) set(k, row(k));
  if (periodic.length === 0) {
    set(0, [1, 0, 0]); set(1, [0, 1, 0]); set(2, [0, 0, 1]);
  } else if (periodic.length === 1) {
    const a = row(periodic[0]);
    const la = norm(a);
    if (!(la > 0)) throw singular();
    const u = a.map((x) => x / la);
    // Cross with the axis least aligned with u for a well-conditioned perpendicular.
    const axis = [0, 1, 2].reduce((best, k) => (Math.abs(u[k]) < Math.abs(u[best]) ? k : best), 0);
    const e = [0, 0, 0];
    e[axis] = 1;
    const v1 = unit(cross(u, e));
    set(open[0], v1);
    set(open[1], unit(cross(u, v1)));
  } else if (periodic.length === 2) {
    const a = row(periodic[0]), b = row(periodic[1]);
    const n = cross(a, b);
    if (!(norm(n) > 1e-10 * norm(a) * norm(b))) throw singular();
    set(open[0], unit(n));
  } else {
    const a = row(0), b = row(1), c = row(2);
    const volume = Math.abs(dot(cross(a, b), c));
    if (!(volume > 1e-10 * norm(a) * norm(b) * norm(c))) throw singular();
  }
  return B;
}

export function buildGrid(s: CheckedStructure, cutoff: number): Grid {
  const { n, positions, cell, pbc } = s;
  const B = searchBasis(cell, pbc);
  const G = inverse3(B);
  const volume = Math.abs(det3(B));

  // Fractional coordinates f = r · B⁻¹, one direction at a time; wrapped into [0, 1)
  // along periodic directions.
  const frac = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const wrap = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  const lo = [0, 0, 0], hi = [1, 1, 1];
  for (let k = 0; k < 3; k++) {
    [lo[k], hi[k]] = fractional(positions, n, G[k], G[3 + k], G[6 + k], pbc[k], frac[k], wrap[k]);
  }

  // Bins at least one cutoff thick (`reach` is the cutoff in fractional units: the
  // cutoff over the height of the cell perpendicular to the other two vectors).
  const bins = [1, 1, 1], reach = [0, 0, 0], extent = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    reach[k] = cutoff * Math.hypot(G[k], G[3 + k], G[6 + k]);
    extent[k] = n === 0 ? 0 : hi[k] - lo[k];
    bins[k] = Math.max(1, Math.min(2 ** 20, Math.floor(extent[k] / (reach[k] * (1 + THICKER)))));
  }
  // Never many more bins than atoms: far-apart atoms along open directions would
  // otherwise ask for an enormous grid. Bins only get thicker, which stays correct.
  const maxBins = 4 * n + 8;
  while (bins[0] * bins[1] * bins[2] > maxBins) {
    const k = bins.indexOf(Math.max(...bins));
    bins[k] = Math.max(1, Math.floor(bins[k] / 2));
  }
  const search = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    search[k] = extent[k] > 0 ? Math.ceil((reach[k] * bins[k]) / extent[k] + MARGIN) : 0;
    if (!pbc[k]) search[k] = Math.min(search[k], bins[k] - 1);
  }
  const [nx, ny, nz] = bins;
  const nbins = nx * ny * nz;

  const binOf = new Int32Array(n);
  for (let k = 0; k < 3; k++) addBinIndex(binOf, frac[k], lo[k], extent[k], bins[k]);
  const counts = new Int32Array(nbins + 1);
  for (let a = 0; a < n; a++) counts[binOf[a] + 1]++;
  for (let b = 0; b < nbins; b++) counts[b + 1] += counts[b];
  const binStart = counts.slice();
  const order = new Int32Array(n);
  for (let a = 0; a < n; a++) order[counts[binOf[a]]++] = a;
  const zf = new Float64Array(n);
  for (let slot = 0; slot < n; slot++) zf[slot] = frac[2][order[slot]];
  sortBinsByZ(order, zf, binStart);

  const xs = new Float64Array(n), ys = new Float64Array(n), zs = new Float64Array(n);
  const idx = new Int32Array(n), wx = new Int32Array(n), wy = new Int32Array(n), wz = new Int32Array(n);
  for (let slot = 0; slot < n; slot++) {
    const a = order[slot];
    const w0 = wrap[0][a], w1 = wrap[1][a], w2 = wrap[2][a];
    idx[slot] = a;
    wx[slot] = w0; wy[slot] = w1; wz[slot] = w2;
    // `+ 0` turns -0 into +0: then x_j - x_i is never -0, and the kernel may skip adding
    // a zero offset ((x_j - x_i) + 0 would turn -0 into +0) without changing a bit.
    xs[slot] = positions[3 * a] + (w0 * cell[0] + w1 * cell[3] + w2 * cell[6]) + 0;
    ys[slot] = positions[3 * a + 1] + (w0 * cell[1] + w1 * cell[4] + w2 * cell[7]) + 0;
    zs[slot] = positions[3 * a + 2] + (w0 * cell[2] + w1 * cell[5] + w2 * cell[8]) + 0;
  }

  // Expected full-list pairs: Σ over bins of count² × sphere volume / bin volume.
  let binVolume = volume;
  for (let k = 0; k < 3; k++) binVolume *= extent[k] > 0 ? extent[k] / bins[k] : 2 * reach[k];
  const sphere = (4 / 3) * Math.PI * cutoff ** 3;
  let sumSquares = 0;
  for (let b = 0; b < nbins; b++) {
    const c = binStart[b + 1] - binStart[b];
    sumSquares += c * c;
  }

  const zSegments = pbc[2] ? Math.min(2 * search[2] + 1, Math.floor((2 * search[2]) / nz) + 2) : 1;
  return {
    n, nx, ny, nz, mx: search[0], my: search[1], mz: search[2],
    pbcMask: (pbc[0] ? 1 : 0) | (pbc[1] ? 2 : 0) | (pbc[2] ? 4 : 0),
    cell, xs, ys, zs, zf, zReach: reach[2] * (1 + THICKER), idx, wx, wy, wz, binStart,
    maxRanges: (2 * search[0] + 1) * (2 * search[1] + 1) * zSegments,
    expectedPairs: (sumSquares * sphere) / binVolume,
  };
}

/**
 * Fractional coordinate along one direction (f = r · g) for every atom, wrapped into
 * [0, 1) when periodic (the integer added goes to `wrap`). Returns the range [lo, hi]
 * the coordinates span: [0, 1] when periodic.
 */
function fractional(
  positions: Float64Array, n: number, g0: number, g1: number, g2: number, periodic: boolean, frac: Float64Array, wrap: Int32Array,
): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let a = 0; a < n; a++) {
    const f = positions[3 * a] * g0 + positions[3 * a + 1] * g1 + positions[3 * a + 2] * g2;
    if (periodic) {
      const w = -Math.floor(f);
      if (!(Math.abs(w) < MAX_WRAP)) {
        throw new RangeError(`structure.positions[${a}] lies more than 2^30 cell lengths outside the cell`);
      }
      wrap[a] = w;
      frac[a] = f + w;
    } else {
      frac[a] = f;
      if (f < lo) lo = f;
      if (f > hi) hi = f;
    }
  }
  return periodic ? [0, 1] : [lo, hi];
}

/** binOf = binOf × bins + (bin along this direction), clamped into the grid. */
function addBinIndex(binOf: Int32Array, frac: Float64Array, lo: number, extent: number, bins: number): void {
  const scale = extent > 0 ? bins / extent : 0;
  for (let a = 0; a < binOf.length; a++) {
    const c = Math.min(bins - 1, Math.max(0, Math.floor((frac[a] - lo) * scale)));
    binOf[a] = binOf[a] * bins + c;
  }
}

/**
 * Sorts the atoms of each bin by their third fractional coordinate `zf` (given in the
 * order of `order`, and sorted along with it), ties by index.
 */
function sortBinsByZ(order: Int32Array, zf: Float64Array, binStart: Int32Array): void {
  for (let b = 0; b + 1 < binStart.length; b++) {
    const lo = binStart[b], hi = binStart[b + 1];
    if (hi - lo > 32) {
      const perm = Array.from(order.subarray(lo, hi).keys()).sort(
        (p, q) => zf[lo + p] - zf[lo + q] || order[lo + p] - order[lo + q],
      );
      const a = perm.map((p) => order[lo + p]), z = perm.map((p) => zf[lo + p]);
      order.set(a, lo);
      zf.set(z, lo);
      continue;
    }
    for (let x = lo + 1; x < hi; x++) {
      const a = order[x], z = zf[x];
      let y = x - 1;
      while (y >= lo && (zf[y] > z || (zf[y] === z && order[y] > a))) {
        order[y + 1] = order[y];
        zf[y + 1] = zf[y];
        y--;
      }
      order[y + 1] = a;
      zf[y + 1] = z;
    }
  }
}

function dot(a: number[], b: number[]): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
function cross(a: number[], b: number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
function norm(a: number[]): number {
  return Math.hypot(a[0], a[1], a[2]);
}
function unit(a: number[]): number[] {
  const l = norm(a);
  return a.map((x) => x / l);
}
function det3(m: Float64Array): number {
  return (
    m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
  );
}
function inverse3(m: Float64Array): Float64Array {
  const d = det3(m);
  return new Float64Array([
    (m[4] * m[8] - m[5] * m[7]) / d, (m[2] * m[7] - m[1] * m[8]) / d, (m[1] * m[5] - m[2] * m[4]) / d,
    (m[5] * m[6] - m[3] * m[8]) / d, (m[0] * m[8] - m[2] * m[6]) / d, (m[2] * m[3] - m[0] * m[5]) / d,
    (m[3] * m[7] - m[4] * m[6]) / d, (m[1] * m[6] - m[0] * m[7]) / d, (m[0] * m[4] - m[1] * m[3]) / d,
  ]);
}
