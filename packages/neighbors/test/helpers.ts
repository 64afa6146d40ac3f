// Test helpers: seeded random structures, rotations, and an O(N² × images) brute-force
// neighbour list that shares no code with the package.
import { readFileSync } from 'node:fs';
import type { NeighborList } from '../src/index.js';
import { mulberry32 } from '@equikit/core';

export const BACKENDS = ['js', 'wasm', 'wasm-simd'] as const;

export interface TestStructure {
  positions: Float64Array;
  cell: Float64Array;
  pbc: [boolean, boolean, boolean];
}

export interface ReferenceCase extends TestStructure {
  name: string;
  cutoff: number;
  pairs: number;
  i: number[]; j: number[]; S: number[]; d: number[]; D: number[];
}

export function referenceCases(): ReferenceCase[] {
  const url = new URL('../../../data/reference/neighbors.json', import.meta.url);
  const data = JSON.parse(readFileSync(url, 'utf8')) as { cases: Array<Record<string, unknown>> };
  return data.cases.map((c) => ({
    ...(c as unknown as ReferenceCase),
    positions: new Float64Array(c.positions as number[]),
    cell: new Float64Array(c.cell as number[]),
    pbc: c.pbc as [boolean, boolean, boolean],
  }));
}

/** The seeded generator of the tests (mulberry32). */
export const rng = mulberry32;

/** A random 3×3 rotation (with inversion when `improper`), as rows. */
export function randomRotation(random: () => number, improper: boolean): number[] {
  // Unit quaternion from three uniforms (Shoemake).
  const [u1, u2, u3] = [random(), random(), random()];
  const a = Math.sqrt(1 - u1) * Math.sin(2 * Math.PI * u2), b = Math.sqrt(1 - u1) * Math.cos(2 * Math.PI * u2);
  const c = Math.sqrt(u1) * Math.sin(2 * Math.PI * u3), w = Math.sqrt(u1) * Math.cos(2 * Math.PI * u3);
  const R = [
    1 - 2 * (b * b + c * c), 2 * (a * b - c * w), 2 * (a * c + b * w),
    2 * (a * b + c * w), 1 - 2 * (a * a + c * c), 2 * (b * c - a * w),
    2 * (a * c - b * w), 2 * (b * c + a * w), 1 - 2 * (a * a + b * b),
  ];
  return improper ? R.map((x) => -x) : R;
}

/** Applies r → R r + t to every row of 3 in `values` (t omitted for cell vectors). */
export function transform(values: Float64Array, R: number[], t = [0, 0, 0]): Float64Array {
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k += 3) {
    const [x, y, z] = [values[k], values[k + 1], values[k + 2]];
    for (let r = 0; r < 3; r++) out[k + r] = R[3 * r] * x + R[3 * r + 1] * y + R[3 * r + 2] * z + t[r];
  }
  return out;
}

function det3(m: ArrayLike<number>): number {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
}

/**
 * A random skewed cell (rows) with volume well away from zero: the identity scaled by
 * `size`, plus shear up to `skew` × size in each off-diagonal entry.
 */
export function randomCell(random: () => number, size: number, skew = 0.6): Float64Array {
  for (;;) {
    const cell = new Float64Array(9);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) cell[3 * r + c] = size * (r === c ? 0.6 + 0.8 * random() : skew * (2 * random() - 1));
    }
    if (Math.abs(det3(cell)) > 0.2 * size ** 3) return cell;
  }
}

export interface RefPair { i: number; j: number; S: [number, number, number]; d: number; v: [number, number, number] }

/**
 * Every (i, j, S) with |r_j - r_i + S·H| < cutoff, by trying every atom pair and every
 * shift that can reach: along a periodic direction k, (r_j - r_i + S·H)·g_k = Δf_k + S_k,
 * so |Δf_k + S_k| < cutoff·|g_k| (g_k the reciprocal vectors). Needs a non-singular cell
 * when any direction is periodic. Pairs within `fuzz` of the cutoff are marked uncertain.
 */
export function bruteForce(s: TestStructure, cutoff: number, fuzz = 1e-9): { pairs: RefPair[]; uncertain: Set<string> } {
  const n = s.positions.length / 3, H = s.cell;
  const periodic = s.pbc.some((p) => p);
  const G = periodic ? inverse(H) : new Float64Array(9);
  const frac = (a: number, k: number) =>
    s.positions[3 * a] * G[k] + s.positions[3 * a + 1] * G[3 + k] + s.positions[3 * a + 2] * G[6 + k];
  const reach = [0, 1, 2].map((k) => cutoff * Math.hypot(G[k], G[3 + k], G[6 + k]));
  const pairs: RefPair[] = [];
  const uncertain = new Set<string>();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const lo = [0, 0, 0], hi = [0, 0, 0];
      for (let k = 0; k < 3; k++) {
        if (!s.pbc[k]) continue;
        const df = frac(j, k) - frac(i, k);
        lo[k] = Math.ceil(-df - reach[k]) - 1;
        hi[k] = Math.floor(-df + reach[k]) + 1;
      }
      for (let a = lo[0]; a <= hi[0]; a++) for (let b = lo[1]; b <= hi[1]; b++) for (let c = lo[2]; c <= hi[2]; c++) {
        if (i === j && a === 0 && b === 0 && c === 0) continue;
        const v: [number, number, number] = [0, 0, 0];
        for (let r = 0; r < 3; r++) v[r] = s.positions[3 * j + r] - s.positions[3 * i + r] + a * H[r] + b * H[3 + r] + c * H[6 + r];
        const d = Math.hypot(v[0], v[1], v[2]);
        if (d < cutoff + fuzz) {
          pairs.push({ i, j, S: [a, b, c], d, v });
          if (d > cutoff - fuzz) uncertain.add(key(i, j, [a, b, c]));
        }
      }
    }
  }
  return { pairs, uncertain };
}

export function key(i: number, j: number, S: ArrayLike<number>): string {
  return `${i},${j},${S[0]},${S[1]},${S[2]}`;
}

function inverse(m: Float64Array): Float64Array {
  const d = det3(m);
  return new Float64Array([
    (m[4] * m[8] - m[5] * m[7]) / d, (m[2] * m[7] - m[1] * m[8]) / d, (m[1] * m[5] - m[2] * m[4]) / d,
    (m[5] * m[6] - m[3] * m[8]) / d, (m[0] * m[8] - m[2] * m[6]) / d, (m[2] * m[3] - m[0] * m[5]) / d,
    (m[3] * m[7] - m[4] * m[6]) / d, (m[1] * m[6] - m[0] * m[7]) / d, (m[0] * m[4] - m[1] * m[3]) / d,
  ]);
}

/** The pairs of a list keyed by (i, j, S), with their distance and vector. */
export function pairMap(list: NeighborList): Map<string, { d: number; v: number[] }> {
  const map = new Map<string, { d: number; v: number[] }>();
  for (let p = 0; p < list.length; p++) {
    const k = key(list.i[p], list.j[p], list.shifts.subarray(3 * p, 3 * p + 3));
    if (map.has(k)) throw new Error(`pair ${k} listed twice`);
    map.set(k, { d: list.distances[p], v: Array.from(list.vectors.subarray(3 * p, 3 * p + 3)) });
  }
  return map;
}

/** Checks a list against the brute-force pairs: same set (up to uncertain ones), distances and vectors to `tol`. */
export function compareWithBruteForce(list: NeighborList, ref: ReturnType<typeof bruteForce>, tol: number): string[] {
  const problems: string[] = [];
  const mine = pairMap(list);
  const theirs = new Map(ref.pairs.map((p) => [key(p.i, p.j, p.S), p]));
  for (const [k, p] of theirs) {
    const m = mine.get(k);
    if (!m) {
      if (!ref.uncertain.has(k)) problems.push(`missing ${k} (d = ${p.d})`);
      continue;
    }
    if (Math.abs(m.d - p.d) > tol) problems.push(`distance of ${k}: ${m.d} vs ${p.d}`);
    for (let r = 0; r < 3; r++) if (Math.abs(m.v[r] - p.v[r]) > tol) problems.push(`vector of ${k}: ${m.v} vs ${p.v}`);
  }
  for (const k of mine.keys()) if (!theirs.has(k)) problems.push(`extra ${k} (d = ${mine.get(k)!.d})`);
  return problems.slice(0, 10);
}

/** A copy of a list's arrays (a NeighborSearch reuses its own). */
export function snapshot(list: NeighborList): NeighborList {
  return {
    length: list.length,
    i: list.i.slice(), j: list.j.slice(), shifts: list.shifts.slice(),
    distances: list.distances.slice(), vectors: list.vectors.slice(),
  };
}

/** Where two lists first differ (same pairs, same order, bit-identical numbers), or null. */
export function firstDifference(a: NeighborList, b: NeighborList): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (const name of ['i', 'j', 'shifts', 'distances', 'vectors'] as const) {
    const x = a[name], y = b[name];
    if (x.length !== y.length) return `${name}.length ${x.length} vs ${y.length}`;
    for (let k = 0; k < x.length; k++) if (!Object.is(x[k], y[k])) return `${name}[${k}] ${x[k]} vs ${y[k]}`;
  }
  return null;
}
