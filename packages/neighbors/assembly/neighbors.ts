// Cell-list pair search. The TypeScript side (src/grid.ts) wraps atoms into the cell,
// bins them and sorts them by bin (and within a bin along the third direction); this kernel walks the bins and writes every pair
// closer than the cutoff. src/search-js.ts is the same algorithm in TypeScript: both
// do the same floating-point operations in the same order, so the outputs are identical.
//
// Caller-owned buffers (runtime stub, no allocation): configure*() stores pointers into
// the caller's arena, search() fills the output buffers and can stop early when they are
// full, to be resumed after the caller has grown them.

/** First free byte after static data; the JS arena allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}

// Grid: bins per direction, neighbouring bins searched each way, periodicity.
let nx: i32 = 1, ny: i32 = 1, nz: i32 = 1;
let mx: i32 = 0, my: i32 = 0, mz: i32 = 0;
let px: bool = false, py: bool = false, pz: bool = false;
// Cell vectors as rows: a = (h0, h1, h2), b = (h3, h4, h5), c = (h6, h7, h8).
let h0: f64 = 0, h1: f64 = 0, h2: f64 = 0, h3: f64 = 0, h4: f64 = 0, h5: f64 = 0, h6: f64 = 0, h7: f64 = 0, h8: f64 = 0;
let cutoff2: f64 = 0;
// Reach of the cutoff along the third direction, in its fractional units, with margin.
let zReach: f64 = 0;
let fullList: bool = true;

// Atoms sorted by bin, and within a bin by their third fractional coordinate (zf):
// wrapped Cartesian coordinates, original index, wrap shifts.
let xsP: usize = 0, ysP: usize = 0, zsP: usize = 0, zfP: usize = 0;
let idxP: usize = 0, wxP: usize = 0, wyP: usize = 0, wzP: usize = 0;
let binStartP: usize = 0; // nbins + 1 offsets into the sorted atoms
let rangesP: usize = 0; // scratch: RANGE_BYTES per range of one bin

// Output, capacity pairs each.
let outI: usize = 0, outJ: usize = 0, outS: usize = 0, outD: usize = 0, outV: usize = 0;
let capacity: i32 = 0;
let count: i32 = 0;

// One range of candidate atoms: [start, end) in sorted order, the image shift of its bins,
// the window [lo, hi) of it within reach along the third direction of the atom being
// processed, and the shift as a Cartesian offset.
// Layout: start, end, sx, sy, sz, lo, hi (i32 at 0..24), ox, oy, oz (f64 at 32, 40, 48).
const RANGE_BYTES: usize = 56;

export function configureGrid(
  nx_: i32, ny_: i32, nz_: i32, mx_: i32, my_: i32, mz_: i32, pbcMask: i32, cutoff2_: f64, zReach_: f64, full: bool,
): void {
  zReach = zReach_;
  nx = nx_; ny = ny_; nz = nz_;
  mx = mx_; my = my_; mz = mz_;
  px = (pbcMask & 1) != 0; py = (pbcMask & 2) != 0; pz = (pbcMask & 4) != 0;
  cutoff2 = cutoff2_;
  fullList = full;
}

export function configureCell(
  a0: f64, a1: f64, a2: f64, b0: f64, b1: f64, b2: f64, c0: f64, c1: f64, c2: f64,
): void {
  h0 = a0; h1 = a1; h2 = a2; h3 = b0; h4 = b1; h5 = b2; h6 = c0; h7 = c1; h8 = c2;
}

export function configureAtoms(
  xs: usize, ys: usize, zs: usize, zf: usize, idx: usize, wx: usize, wy: usize, wz: usize, binStart: usize, ranges: usize,
): void {
  xsP = xs; ysP = ys; zsP = zs; zfP = zf; idxP = idx; wxP = wx; wyP = wy; wzP = wz;
  binStartP = binStart; rangesP = ranges;
}

export function configureOutput(i: usize, j: usize, s: usize, d: usize, v: usize, capacity_: i32): void {
  outI = i; outJ = j; outS = s; outD = d; outV = v; capacity = capacity_;
}

@inline function floorDiv(a: i32, b: i32): i32 {
  const q = a / b;
  return q * b > a ? q - 1 : q;
}

@inline function binStart(bin: i32): i32 {
  return load<i32>(binStartP + (<usize>bin << 2));
}

function addRange(n: i32, start: i32, end: i32, sx: i32, sy: i32, sz: i32): void {
  const r = rangesP + <usize>n * RANGE_BYTES;
  store<i32>(r, start);
  store<i32>(r, end, 4);
  store<i32>(r, sx, 8);
  store<i32>(r, sy, 12);
  store<i32>(r, sz, 16);
  store<i32>(r, start, 20);
  store<i32>(r, start, 24);
  const fx = <f64>sx, fy = <f64>sy, fz = <f64>sz;
  store<f64>(r, fx * h0 + fy * h3 + fz * h6, 32);
  store<f64>(r, fx * h1 + fy * h4 + fz * h7, 40);
  store<f64>(r, fx * h2 + fy * h5 + fz * h8, 48);
}

// Ranges of candidate atoms for bin (bx, by, bz): for each (x, y) column of neighbouring
// bins, the z-adjacent bins are contiguous in sorted order, so they form one range per
// image shift. Each pair is found once, from one side: the columns with (dx, dy) > (0, 0)
// and, in the column (0, 0), the bins from bz upwards (atoms after the current one in bz
// itself). This half of the stencil meets every pair of atom images exactly once.
// Returns the range count; the range holding the bin itself with zero shift is first
// among those of column (0, 0) and its index is stored at selfRange.
let selfRange: i32 = -1;

function buildRanges(bx: i32, by: i32, bz: i32): i32 {
  let n = 0;
  selfRange = -1;
  for (let dx = -mx; dx <= mx; dx++) {
    if (dx < 0) continue;
    const vx = bx + dx;
    if (!px && (vx < 0 || vx >= nx)) continue;
    const sx = px ? floorDiv(vx, nx) : 0;
    const cx = vx - sx * nx;
    for (let dy = -my; dy <= my; dy++) {
      if (dx == 0 && dy < 0) continue;
      const vy = by + dy;
      if (!py && (vy < 0 || vy >= ny)) continue;
      const sy = py ? floorDiv(vy, ny) : 0;
      const cy = vy - sy * ny;
      const column = (cx * ny + cy) * nz;
      const central = dx == 0 && dy == 0;
      let zlo = central ? bz : bz - mz;
      let zhi = bz + mz;
      if (!pz) {
        if (zlo < 0) zlo = 0;
        if (zhi > nz - 1) zhi = nz - 1;
      }
      let v = zlo;
      while (v <= zhi) {
        const sz = pz ? floorDiv(v, nz) : 0;
        let segEnd = (sz + 1) * nz - 1;
        if (segEnd > zhi) segEnd = zhi;
        const z0 = v - sz * nz, z1 = segEnd - sz * nz;
        const start = binStart(column + z0), end = binStart(column + z1 + 1);
        const isSelf = central && sz == 0;
        if (isSelf) selfRange = n;
        if (end > start || isSelf) {
          addRange(n, start, end, sx, sy, sz);
          n++;
        }
        v = segEnd + 1;
      }
    }
  }
  return n;
}

// Writes the pair found from the atom with original index oi to sorted candidate j.
// A full list gets it both ways, as found and then reversed; a half list once, oriented
// so that i < j (a pair of an atom with its own image is found only with a positive
// image shift and is kept as found).
@inline function emit(oi: i32, j: i32, bsx: i32, bsy: i32, bsz: i32, dx: f64, dy: f64, dz: f64, d2: f64): void {
  const oj = load<i32>(idxP + (<usize>j << 2));
  const jj = <usize>j << 2;
  const sx = load<i32>(wxP + jj) + bsx;
  const sy = load<i32>(wyP + jj) + bsy;
  const sz = load<i32>(wzP + jj) + bsz;
  const d = Math.sqrt(d2);
  if (fullList) {
    write(oi, oj, sx, sy, sz, d, dx, dy, dz);
    write(oj, oi, -sx, -sy, -sz, d, -dx, -dy, -dz);
  } else if (oi > oj) {
    write(oj, oi, -sx, -sy, -sz, d, -dx, -dy, -dz);
  } else {
    write(oi, oj, sx, sy, sz, d, dx, dy, dz);
  }
}

@inline function write(i: i32, j: i32, sx: i32, sy: i32, sz: i32, d: f64, vx: f64, vy: f64, vz: f64): void {
  const c = <usize>count;
  store<i32>(outI + (c << 2), i);
  store<i32>(outJ + (c << 2), j);
  const s = outS + c * 12;
  store<i32>(s, sx);
  store<i32>(s, sy, 4);
  store<i32>(s, sz, 8);
  store<f64>(outD + (c << 3), d);
  const o = outV + c * 24;
  store<f64>(o, vx);
  store<f64>(o, vy, 8);
  store<f64>(o, vz, 16);
  count++;
}

// Tests candidates [start, end) against the atom at (xi, yi, zi) seen through the
// range's offset. The separation is (x[j] - x_i) + offset: negating it gives exactly the
// separation seen from j, so a full list holds v(j, i, -S) == -v(i, j, S) bit for bit.
// Two candidates at a time with f64x2 where SIMD is enabled; ranges without an image
// shift (most of them) skip the zero offset, which would not change any bit.
function scan(start: i32, end: i32, r: usize, oi: i32, xi: f64, yi: f64, zi: f64, wxi: i32, wyi: i32, wzi: i32): void {
  const ox = load<f64>(r, 32), oy = load<f64>(r, 40), oz = load<f64>(r, 48);
  const bsx = load<i32>(r, 8) - wxi;
  const bsy = load<i32>(r, 12) - wyi;
  const bsz = load<i32>(r, 16) - wzi;
  const shifted = ox != 0 || oy != 0 || oz != 0;
  let j = start;
  if (ASC_FEATURE_SIMD) {
    const vxi = f64x2.splat(xi), vyi = f64x2.splat(yi), vzi = f64x2.splat(zi);
    const vc2 = f64x2.splat(cutoff2);
    if (shifted) {
      const vox = f64x2.splat(ox), voy = f64x2.splat(oy), voz = f64x2.splat(oz);
      for (; j + 1 < end; j += 2) {
        const o = <usize>j << 3;
        const dx = f64x2.add(f64x2.sub(v128.load(xsP + o), vxi), vox);
        const dy = f64x2.add(f64x2.sub(v128.load(ysP + o), vyi), voy);
        const dz = f64x2.add(f64x2.sub(v128.load(zsP + o), vzi), voz);
        emitLanes(oi, j, bsx, bsy, bsz, dx, dy, dz, vc2);
      }
    } else {
      for (; j + 1 < end; j += 2) {
        const o = <usize>j << 3;
        const dx = f64x2.sub(v128.load(xsP + o), vxi);
        const dy = f64x2.sub(v128.load(ysP + o), vyi);
        const dz = f64x2.sub(v128.load(zsP + o), vzi);
        emitLanes(oi, j, bsx, bsy, bsz, dx, dy, dz, vc2);
      }
    }
  }
  for (; j < end; j++) {
    const o = <usize>j << 3;
    const dx = (load<f64>(xsP + o) - xi) + ox;
    const dy = (load<f64>(ysP + o) - yi) + oy;
    const dz = (load<f64>(zsP + o) - zi) + oz;
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 < cutoff2) emit(oi, j, bsx, bsy, bsz, dx, dy, dz, d2);
  }
}

// The distance test for candidates j and j + 1, writing those within the cutoff in order.
@inline function emitLanes(oi: i32, j: i32, bsx: i32, bsy: i32, bsz: i32, dx: v128, dy: v128, dz: v128, vc2: v128): void {
  const d2 = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
  const mask = i64x2.bitmask(f64x2.lt(d2, vc2));
  if (mask != 0) {
    if (mask & 1) {
      emit(oi, j, bsx, bsy, bsz, f64x2.extract_lane(dx, 0), f64x2.extract_lane(dy, 0), f64x2.extract_lane(dz, 0), f64x2.extract_lane(d2, 0));
    }
    if (mask & 2) {
      emit(oi, j + 1, bsx, bsy, bsz, f64x2.extract_lane(dx, 1), f64x2.extract_lane(dy, 1), f64x2.extract_lane(dz, 1), f64x2.extract_lane(d2, 1));
    }
  }
}

/**
 * Finds the pairs, resuming from the state at `statePtr` (i32 bin, atom, count, and on
 * return the candidates the next atom needs room for).
 * Before each atom it checks that the output can hold all of that atom's candidates;
 * when it cannot, it saves the state and returns false so the caller can grow the output
 * and call again. Returns true when every bin is done (the pair count is in the state).
 */
export function search(statePtr: usize): bool {
  let bin = load<i32>(statePtr);
  let atom = load<i32>(statePtr, 4);
  count = load<i32>(statePtr, 8);
  const nbins = nx * ny * nz;
  for (; bin < nbins; bin++) {
    const first = binStart(bin), last = binStart(bin + 1);
    if (atom < first) atom = first;
    if (atom >= last) continue;
    const bz = bin % nz;
    const bxy = bin / nz;
    const nr = buildRanges(bxy / ny, bxy % ny, bz);
    // Room one atom can need (each candidate gives two pairs in a full list), in i64 and
    // then capped, so that even an absurd stencil cannot wrap around and pass the check.
    let room: i64 = 0;
    for (let r = 0; r < nr; r++) {
      const p = rangesP + <usize>r * RANGE_BYTES;
      room += <i64>(load<i32>(p, 4) - load<i32>(p));
    }
    if (fullList) room *= 2;
    const candidates = <i32>min<i64>(room, <i64>i32.MAX_VALUE);
    for (; atom < last; atom++) {
      if (candidates > capacity - count || candidates == i32.MAX_VALUE) {
        store<i32>(statePtr, bin);
        store<i32>(statePtr, atom, 4);
        store<i32>(statePtr, count, 8);
        store<i32>(statePtr, candidates, 12);
        return false;
      }
      const ai = <usize>atom;
      const oi = load<i32>(idxP + (ai << 2));
      const xi = load<f64>(xsP + (ai << 3)), yi = load<f64>(ysP + (ai << 3)), zi = load<f64>(zsP + (ai << 3));
      const wxi = load<i32>(wxP + (ai << 2)), wyi = load<i32>(wyP + (ai << 2)), wzi = load<i32>(wzP + (ai << 2));
      const zfi = load<f64>(zfP + (ai << 3));
      for (let r = 0; r < nr; r++) {
        const p = rangesP + <usize>r * RANGE_BYTES;
        const end = load<i32>(p, 4);
        // Atoms come in increasing zf, so each window only moves forward.
        const shifted = zfi - <f64>load<i32>(p, 16);
        const below = shifted - zReach, above = shifted + zReach;
        let lo = load<i32>(p, 20), hi = load<i32>(p, 24);
        while (lo < end && load<f64>(zfP + (<usize>lo << 3)) < below) lo++;
        if (hi < lo) hi = lo;
        while (hi < end && load<f64>(zfP + (<usize>hi << 3)) <= above) hi++;
        store<i32>(p, lo, 20);
        store<i32>(p, hi, 24);
        scan(r == selfRange ? max(lo, atom + 1) : lo, hi, p, oi, xi, yi, zi, wxi, wyi, wzi);
      }
    }
  }
  store<i32>(statePtr, nbins);
  store<i32>(statePtr, 0, 4);
  store<i32>(statePtr, count, 8);
  return true;
}

/**
 * The Verlet-list refresh: for each of `n` stored pairs (i, j, S at iP, jP, sP), the vector
 * (r_j - r_i) + S·cell from `positions` (3 f64 per atom) and the cell set by configureCell;
 * pairs with |v|² < cutoff² are written to the output (configureOutput, which must hold n).
 * Returns how many were kept. src/verlet.ts does the same operations in TypeScript.
 */
export function refresh(n: i32, iP: usize, jP: usize, sP: usize, positions: usize, cutoff2_: f64): i32 {
  let kept = 0;
  for (let p = 0; p < n; p++) {
    const q = <usize>p;
    const i = load<i32>(iP + (q << 2)), j = load<i32>(jP + (q << 2));
    const sx = load<i32>(sP + q * 12), sy = load<i32>(sP + q * 12, 4), sz = load<i32>(sP + q * 12, 8);
    const fx = <f64>sx, fy = <f64>sy, fz = <f64>sz;
    const ri = positions + <usize>i * 24, rj = positions + <usize>j * 24;
    const dx = (load<f64>(rj) - load<f64>(ri)) + (fx * h0 + fy * h3 + fz * h6);
    const dy = (load<f64>(rj, 8) - load<f64>(ri, 8)) + (fx * h1 + fy * h4 + fz * h7);
    const dz = (load<f64>(rj, 16) - load<f64>(ri, 16)) + (fx * h2 + fy * h5 + fz * h8);
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 < cutoff2_) {
      const c = <usize>kept;
      store<i32>(outI + (c << 2), i);
      store<i32>(outJ + (c << 2), j);
      store<i32>(outS + c * 12, sx);
      store<i32>(outS + c * 12, sy, 4);
      store<i32>(outS + c * 12, sz, 8);
      store<f64>(outD + (c << 3), Math.sqrt(d2));
      store<f64>(outV + c * 24, dx);
      store<f64>(outV + c * 24, dy, 8);
      store<f64>(outV + c * 24, dz, 16);
      kept++;
    }
  }
  return kept;
}
