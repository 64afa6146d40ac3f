// The pair search in TypeScript: the same algorithm as assembly/neighbors.ts, with the
// same floating-point operations in the same order, so both give identical lists.
import type { Grid } from './grid.js';
import type { PairBuffers } from './pairs.js';

/** Scratch for one bin's candidate ranges. */
export class RangeScratch {
  ints = new Int32Array(0); // start, end, sx, sy, sz, lo, hi per range (lo, hi: the window of the current atom)
  offsets = new Float64Array(0); // Cartesian offset of the shift per range
  ensure(count: number): void {
    if (this.ints.length < 7 * count) {
      this.ints = new Int32Array(7 * count);
      this.offsets = new Float64Array(3 * count);
    }
  }
}

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/**
 * Fills `scratch` with the candidate ranges of bin (bx, by, bz), the half of the stencil
 * that meets each pair once (see buildRanges in the kernel); returns [count, selfRange].
 */
function buildRanges(g: Grid, bx: number, by: number, bz: number, scratch: RangeScratch): [number, number] {
  const { nx, ny, nz, mx, my, mz, binStart, cell: h } = g;
  const px = (g.pbcMask & 1) !== 0, py = (g.pbcMask & 2) !== 0, pz = (g.pbcMask & 4) !== 0;
  const ints = scratch.ints, offsets = scratch.offsets;
  let n = 0;
  let self = -1;
  for (let dx = -mx; dx <= mx; dx++) {
    if (dx < 0) continue;
    const vx = bx + dx;
    if (!px && (vx < 0 || vx >= nx)) continue;
    const sx = px ? floorDiv(vx, nx) : 0;
    const cx = vx - sx * nx;
    for (let dy = -my; dy <= my; dy++) {
      if (dx === 0 && dy < 0) continue;
      const vy = by + dy;
      if (!py && (vy < 0 || vy >= ny)) continue;
      const sy = py ? floorDiv(vy, ny) : 0;
      const cy = vy - sy * ny;
      const column = (cx * ny + cy) * nz;
      const central = dx === 0 && dy === 0;
      let zlo = central ? bz : bz - mz;
      let zhi = bz + mz;
      if (!pz) {
        if (zlo < 0) zlo = 0;
        if (zhi > nz - 1) zhi = nz - 1;
      }
      let v = zlo;
      while (v <= zhi) {
        const sz = pz ? floorDiv(v, nz) : 0;
        const segEnd = Math.min((sz + 1) * nz - 1, zhi);
        const start = binStart[column + v - sz * nz], end = binStart[column + segEnd - sz * nz + 1];
        const isSelf = central && sz === 0;
        if (isSelf) self = n;
        if (end > start || isSelf) {
          ints[7 * n] = start; ints[7 * n + 1] = end;
          ints[7 * n + 2] = sx; ints[7 * n + 3] = sy; ints[7 * n + 4] = sz;
          ints[7 * n + 5] = start; ints[7 * n + 6] = start;
          offsets[3 * n] = sx * h[0] + sy * h[3] + sz * h[6];
          offsets[3 * n + 1] = sx * h[1] + sy * h[4] + sz * h[7];
          offsets[3 * n + 2] = sx * h[2] + sy * h[5] + sz * h[8];
          n++;
        }
        v = segEnd + 1;
      }
    }
  }
  return [n, self];
}

/**
 * Runs the search from `state` (bin, atom, count; on return also the room the next atom needs), writing into `out`. Returns false,
 * with `state` saved, when `out` cannot hold the next atom's candidates.
 */
export function searchJs(g: Grid, full: boolean, cutoff2: number, out: PairBuffers, state: Int32Array, scratch: RangeScratch): boolean {
  const { nx, ny, nz, xs, ys, zs, zf, zReach, idx, wx, wy, wz, binStart } = g;
  const capacity = out.capacity;
  const oI = out.i, oJ = out.j, oS = out.shifts, oD = out.distances, oV = out.vectors;
  const ints = scratch.ints, offsets = scratch.offsets;
  const nbins = nx * ny * nz;
  let bin = state[0], atom = state[1], count = state[2];

  // One range: candidates [start, end) against atom (xi, yi, zi) through the range's offset.
  const scan = (start: number, end: number, r: number, oi: number, xi: number, yi: number, zi: number, wxi: number, wyi: number, wzi: number) => {
    // (x[j] - x_i) + offset, as in the kernel: exactly antisymmetric between i and j.
    const ox = offsets[3 * r], oy = offsets[3 * r + 1], oz = offsets[3 * r + 2];
    const bsx = ints[7 * r + 2] - wxi, bsy = ints[7 * r + 3] - wyi, bsz = ints[7 * r + 4] - wzi;
    for (let j = start; j < end; j++) {
      const dx = xs[j] - xi + ox, dy = ys[j] - yi + oy, dz = zs[j] - zi + oz;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < cutoff2) {
        // Full: as found, then reversed. Half: once, oriented so that i < j.
        const oj = idx[j];
        const sx = wx[j] + bsx, sy = wy[j] + bsy, sz = wz[j] + bsz;
        const d = Math.sqrt(d2);
        if (full || oi <= oj) {
          const c = count++;
          oI[c] = oi; oJ[c] = oj;
          oS[3 * c] = sx; oS[3 * c + 1] = sy; oS[3 * c + 2] = sz;
          oD[c] = d;
          oV[3 * c] = dx; oV[3 * c + 1] = dy; oV[3 * c + 2] = dz;
        }
        if (full || oi > oj) {
          const c = count++;
          oI[c] = oj; oJ[c] = oi;
          oS[3 * c] = -sx; oS[3 * c + 1] = -sy; oS[3 * c + 2] = -sz;
          oD[c] = d;
          oV[3 * c] = -dx; oV[3 * c + 1] = -dy; oV[3 * c + 2] = -dz;
        }
      }
    }
  };

  for (; bin < nbins; bin++) {
    const first = binStart[bin], last = binStart[bin + 1];
    if (atom < first) atom = first;
    if (atom >= last) continue;
    const bz = bin % nz, bxy = (bin - bz) / nz;
    const by = bxy % ny, bx = (bxy - by) / ny;
    const [nr, self] = buildRanges(g, bx, by, bz, scratch);
    let candidates = 0;
    for (let r = 0; r < nr; r++) candidates += ints[7 * r + 1] - ints[7 * r];
    if (full) candidates *= 2; // each candidate gives two pairs in a full list
    candidates = Math.min(candidates, 2 ** 31 - 1); // as the kernel's i32 state holds it
    for (; atom < last; atom++) {
      if (candidates > capacity - count || candidates === 2 ** 31 - 1) {
        state[0] = bin; state[1] = atom; state[2] = count; state[3] = candidates;
        return false;
      }
      const oi = idx[atom], xi = xs[atom], yi = ys[atom], zi = zs[atom];
      const wxi = wx[atom], wyi = wy[atom], wzi = wz[atom];
      const zfi = zf[atom];
      for (let r = 0; r < nr; r++) {
        const end = ints[7 * r + 1];
        // Atoms come in increasing zf, so each window only moves forward.
        const shifted = zfi - ints[7 * r + 4];
        const below = shifted - zReach, above = shifted + zReach;
        let lo = ints[7 * r + 5], hi = ints[7 * r + 6];
        while (lo < end && zf[lo] < below) lo++;
        if (hi < lo) hi = lo;
        while (hi < end && zf[hi] <= above) hi++;
        ints[7 * r + 5] = lo; ints[7 * r + 6] = hi;
        scan(r === self ? Math.max(lo, atom + 1) : lo, hi, r, oi, xi, yi, zi, wxi, wyi, wzi);
      }
    }
  }
  state[0] = nbins; state[1] = 0; state[2] = count;
  return true;
}
