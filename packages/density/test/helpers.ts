// Seeded randomness, rotations and reference structures shared by the tests.
import { mulberry32, type Rng } from '@equikit/core';
import { SphericalHarmonics } from '@equikit/o3';

export type { Rng } from '@equikit/core';

/** mulberry32 from core: every "random" test is reproducible. */
export const seeded = mulberry32;

/** A uniform random rotation (from a unit quaternion), times −1 when `invert`: row-major 3×3. */
export function randomRotation(rng: Rng, invert: boolean): Float64Array {
  const g = () => Math.sqrt(-2 * Math.log(rng() + 1e-300)) * Math.cos(2 * Math.PI * rng());
  let [w, x, y, z] = [g(), g(), g(), g()];
  const norm = Math.hypot(w, x, y, z);
  [w, x, y, z] = [w / norm, x / norm, y / norm, z / norm];
  const s = invert ? -1 : 1;
  return Float64Array.from(
    [
      1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
      2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
      2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
    ].map((v) => s * v),
  );
}

/** Rows of `points` (3 per row) times Rᵀ: each point rotated by R. */
export function rotateRows(points: ArrayLike<number>, R: Float64Array): Float64Array {
  const out = new Float64Array(points.length);
  for (let k = 0; k < points.length; k += 3) {
    for (let a = 0; a < 3; a++) out[k + a] = R[3 * a] * points[k] + R[3 * a + 1] * points[k + 1] + R[3 * a + 2] * points[k + 2];
  }
  return out;
}

/**
 * The real-harmonic representation matrix D^l(R), fitted from Y^l(R v) = D^l Y^l(v) over many
 * directions v by least squares: independent of any Wigner-D code, parity included.
 */
export function representationMatrix(l: number, R: Float64Array, rng: Rng): Float64Array {
  const width = 2 * l + 1;
  const count = 4 * width;
  const v = new Float64Array(3 * count);
  for (let k = 0; k < v.length; k++) v[k] = rng() - 0.5;
  const sh = new SphericalHarmonics(l);
  const before = sh.compute(v).values;
  const after = sh.compute(rotateRows(v, R)).values;
  const K = (l + 1) * (l + 1);
  // D = A Bᵀ (B Bᵀ)^{-1} with B = Y(v), A = Y(Rv), both width × count
  const BBt = new Float64Array(width * width);
  const ABt = new Float64Array(width * width);
  for (let a = 0; a < width; a++) {
    for (let b = 0; b < width; b++) {
      for (let k = 0; k < count; k++) {
        BBt[a * width + b] += before[k * K + l * l + a] * before[k * K + l * l + b];
        ABt[a * width + b] += after[k * K + l * l + a] * before[k * K + l * l + b];
      }
    }
  }
  return multiplyInverse(ABt, BBt, width);
}

/** X = A M^{-1} for symmetric positive-definite M, by Gauss–Jordan on Mᵀ Xᵀ = Aᵀ. */
function multiplyInverse(A: Float64Array, M: Float64Array, n: number): Float64Array {
  const aug = new Float64Array(n * 2 * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      aug[i * 2 * n + j] = M[j * n + i];
      aug[i * 2 * n + n + j] = A[j * n + i];
    }
  }
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(aug[r * 2 * n + c]) > Math.abs(aug[pivot * 2 * n + c])) pivot = r;
    for (let k = 0; k < 2 * n; k++) [aug[c * 2 * n + k], aug[pivot * 2 * n + k]] = [aug[pivot * 2 * n + k], aug[c * 2 * n + k]];
    const d = aug[c * 2 * n + c];
    for (let k = 0; k < 2 * n; k++) aug[c * 2 * n + k] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = aug[r * 2 * n + c];
      for (let k = 0; k < 2 * n; k++) aug[r * 2 * n + k] -= f * aug[c * 2 * n + k];
    }
  }
  const X = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) X[i * n + j] = aug[j * 2 * n + n + i];
  return X;
}

/** Si in a 2-atom primitive fcc cell (|a| = 3.84 Å < 4 Å cutoff): each atom sees its own images. */
export function smallSiliconCell(rng: Rng) {
  const a = 5.43;
  const cell = [0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0];
  const positions = [0, 0, 0, a / 4, a / 4, a / 4].map((x) => x + 0.08 * (rng() - 0.5));
  return { positions, numbers: [14, 14], cell, pbc: [true, true, true] as [boolean, boolean, boolean] };
}

/** A small periodic binary cell (rattled rock salt, 8 atoms) and a molecule-like cluster. */
export function rattledRockSalt(rng: Rng) {
  const a = 5.64;
  const base = [
    [0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5],
    [0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5], [0.5, 0.5, 0.5],
  ];
  const positions = base.flat().map((x) => x * a + 0.1 * (rng() - 0.5));
  return { positions, numbers: [11, 11, 11, 11, 17, 17, 17, 17], cell: [a, 0, 0, 0, a, 0, 0, 0, a], pbc: [true, true, true] as [boolean, boolean, boolean] };
}

export function cluster(rng: Rng) {
  const numbers = [8, 1, 1, 6, 1, 8];
  const positions = numbers.flatMap((_, k) => [k * 0.9 + rng(), 1.2 * rng(), 1.2 * rng() + (k % 2) * 0.8]);
  return { positions, numbers };
}
