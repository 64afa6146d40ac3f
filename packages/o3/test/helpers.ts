// Shared test helpers: reference readers, seeded points, finite differences, quadrature
// and a reusable equivariance check (e3nn's assert_equivariant, for our harmonics).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32, wignerDAll, type Rng } from '../src/index.js';

export const BACKENDS = ['js', 'wasm', 'wasm-simd'] as const;
export type TestBackend = (typeof BACKENDS)[number];

export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../../${relative}`, import.meta.url));
}

export interface SphericartBlock {
  normalized: boolean;
  precision: 'f64' | 'f32';
  point: [number, number, number];
  /** rows: [l, m, index, value, d/dx, d/dy, d/dz] */
  rows: number[][];
}

/** Parses data/reference/sphericart_lmax3.txt into its four blocks. */
export function readSphericart(): SphericartBlock[] {
  const blocks: SphericartBlock[] = [];
  for (const line of readFileSync(repoPath('data/reference/sphericart_lmax3.txt'), 'utf8').split('\n')) {
    const head = /^# (Spherical|Solid)Harmonics<(double|float)> l_max=3 point=\(([^,]+), ([^,]+), ([^)]+)\)/.exec(line);
    if (head) {
      blocks.push({
        normalized: head[1] === 'Spherical',
        precision: head[2] === 'double' ? 'f64' : 'f32',
        point: [Number(head[3]), Number(head[4]), Number(head[5])],
        rows: [],
      });
    } else if (line.trim() && !line.startsWith('#')) {
      blocks[blocks.length - 1].rows.push(line.trim().split(/\s+/).map(Number));
    }
  }
  return blocks;
}

/** n points with coordinates uniform in [−scale, scale]. */
export function randomPoints(n: number, rng: Rng, scale = 1): Float64Array {
  const xyz = new Float64Array(3 * n);
  for (let i = 0; i < xyz.length; i++) xyz[i] = scale * (2 * rng() - 1);
  return xyz;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function applyMatrix(R: ArrayLike<number>, xyz: Float64Array): Float64Array {
  const out = new Float64Array(xyz.length);
  for (let i = 0; i < xyz.length; i += 3) {
    for (let a = 0; a < 3; a++) out[i + a] = R[3 * a] * xyz[i] + R[3 * a + 1] * xyz[i + 1] + R[3 * a + 2] * xyz[i + 2];
  }
  return out;
}

/**
 * Equivariance of per-point features laid out as harmonics up to lMax (n × K, k = l²+l+m):
 * f(R·x) must equal D(R)·f(x) point by point. Returns the largest deviation.
 */
export function equivarianceError(
  f: (xyz: Float64Array) => ArrayLike<number>,
  xyz: Float64Array,
  lMax: number,
  R: Float64Array,
): number {
  const K = (lMax + 1) * (lMax + 1);
  const D = wignerDAll(lMax, R);
  const before = f(xyz);
  const after = f(applyMatrix(R, xyz));
  let err = 0;
  for (let i = 0; i < xyz.length / 3; i++) {
    for (let l = 0; l <= lMax; l++) {
      const n = 2 * l + 1;
      for (let a = 0; a < n; a++) {
        let s = 0;
        for (let b = 0; b < n; b++) s += D[l][a * n + b] * before[i * K + l * l + b];
        err = Math.max(err, Math.abs(s - after[i * K + l * l + a]));
      }
    }
  }
  return err;
}

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton on the Legendre recurrence). */
export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = t;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * t * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (t * p1 - p0)) / (t * t - 1);
      const dt = p1 / dp;
      t -= dt;
      if (Math.abs(dt) < 1e-16) break;
    }
    x[i] = t;
    w[i] = 2 / ((1 - t * t) * dp * dp);
  }
  return { x, w };
}

/** Points and weights integrating polynomials of degree < 2·nTheta exactly on the unit sphere. */
export function sphereQuadrature(nTheta: number, nPhi: number): { xyz: Float64Array; w: Float64Array } {
  const gl = gaussLegendre(nTheta);
  const xyz = new Float64Array(3 * nTheta * nPhi);
  const w = new Float64Array(nTheta * nPhi);
  let k = 0;
  for (let i = 0; i < nTheta; i++) {
    const z = gl.x[i];
    const s = Math.sqrt(1 - z * z);
    for (let j = 0; j < nPhi; j++) {
      const phi = (2 * Math.PI * j) / nPhi;
      xyz[3 * k] = s * Math.cos(phi);
      xyz[3 * k + 1] = s * Math.sin(phi);
      xyz[3 * k + 2] = z;
      w[k] = (gl.w[i] * 2 * Math.PI) / nPhi;
      k++;
    }
  }
  return { xyz, w };
}

export { mulberry32 };
