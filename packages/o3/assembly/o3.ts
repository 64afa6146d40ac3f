// AssemblyScript kernels for real solid and spherical harmonics and their gradients.
// Caller-owned buffers: every kernel takes pointers into the WasmInstance arena; nothing
// allocates. One source builds both binaries: under ASC_FEATURE_SIMD the points are taken
// W at a time (W = 2 for f64x2, 4 for f32x4) and the remainder by the scalar path.
//
// The recurrences and derivative formulas are those of src/sh/prefactors.ts and
// src/sh/derivatives.ts (read the comments there). Tables, in the kernel's precision T:
//   a, b    column-major by m: entry (l, m) at colStart[m] + (l − m) (i32 colStart)
//   kp, km, kz  triangular: entry (l, m ≥ 0) at l(l+1)/2 + m
// Layout of outputs (sphericart's): values n×K, gradients n×3×K, K = (lMax+1)², index l²+l+m.
// `normalized` ≠ 0: spherical harmonics of the direction; at the origin 1/|r| and |r|² are
// taken as 0, which yields values (1/√4π, 0, …) and zero gradients (the documented convention).

/** First free byte after static data; the JS arena allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}

export function shValuesF64(
  xyz: usize, n: i32, lMax: i32, normalized: i32, a: usize, b: usize, colStart: usize, values: usize, scratch: usize,
): i32 {
  return harmonics<f64>(xyz, n, lMax, normalized, a, b, colStart, 0, 0, 0, values, 0, scratch);
}

export function shValuesF32(
  xyz: usize, n: i32, lMax: i32, normalized: i32, a: usize, b: usize, colStart: usize, values: usize, scratch: usize,
): i32 {
  return harmonics<f32>(xyz, n, lMax, normalized, a, b, colStart, 0, 0, 0, values, 0, scratch);
}

export function shGradientsF64(
  xyz: usize, n: i32, lMax: i32, normalized: i32, a: usize, b: usize, colStart: usize,
  kp: usize, km: usize, kz: usize, values: usize, gradients: usize, scratch: usize,
): i32 {
  return harmonics<f64>(xyz, n, lMax, normalized, a, b, colStart, kp, km, kz, values, gradients, scratch);
}

export function shGradientsF32(
  xyz: usize, n: i32, lMax: i32, normalized: i32, a: usize, b: usize, colStart: usize,
  kp: usize, km: usize, kz: usize, values: usize, gradients: usize, scratch: usize,
): i32 {
  return harmonics<f32>(xyz, n, lMax, normalized, a, b, colStart, kp, km, kz, values, gradients, scratch);
}

/** Groups of W points whose directions are prepared together (5 v128 each). */
const BLOCK_GROUPS = 32;

/** Bytes of scratch the kernels need: K v128 slots for the W-wide values, then the prepared directions. */
export function scratchBytes(lMax: i32): i32 {
  return (lMax + 1) * (lMax + 1) * 16 + BLOCK_GROUPS * 80;
}

// Returns 1 when some point has a non-finite |r|² (a NaN or infinite coordinate, or one
// so large that |r|² overflows), else 0: the caller then finds and names the point, so
// the finiteness check costs one multiply and compare here instead of a separate pass.
// @ts-ignore: decorator
@inline
function harmonics<T>(
  xyz: usize, n: i32, lMax: i32, normalized: i32, a: usize, b: usize, colStart: usize,
  kp: usize, km: usize, kz: usize, values: usize, gradients: usize, scratch: usize,
): i32 {
  // Four inlined copies, so `normalized` and `gradients` are constants in the loops.
  if (normalized) {
    return gradients
      ? points<T>(xyz, n, lMax, true, true, a, b, colStart, kp, km, kz, values, gradients, scratch)
      : points<T>(xyz, n, lMax, true, false, a, b, colStart, kp, km, kz, values, gradients, scratch);
  }
  return gradients
    ? points<T>(xyz, n, lMax, false, true, a, b, colStart, kp, km, kz, values, gradients, scratch)
    : points<T>(xyz, n, lMax, false, false, a, b, colStart, kp, km, kz, values, gradients, scratch);
}

// The point loop for one (normalized, withGradients) pair; returns as `harmonics`.
// @ts-ignore: decorator
@inline
function points<T>(
  xyz: usize, n: i32, lMax: i32, normalized: bool, withGradients: bool, a: usize, b: usize, colStart: usize,
  kp: usize, km: usize, kz: usize, values: usize, gradients: usize, scratch: usize,
): i32 {
  let i = 0;
  let bad = 0;
  if (ASC_FEATURE_SIMD) {
    // Two passes per block: first every group's direction and 1/|r| (independent
    // iterations, so the sqrt/div latencies overlap), then the harmonics.
    const W = <i32>(16 / sizeof<T>());
    const prep = scratch + (<usize>((lMax + 1) * (lMax + 1)) << 4);
    let flags = v128.splat<i32>(0);
    // Solid harmonics (no sqrt) and normalized values at lMax ≤ 1 lose by the split
    // (measured), so they go group by group.
    if (!withGradients && !(normalized && lMax >= 2)) {
      for (; i + W <= n; i += W) {
        flags = v128.or(flags, simdGroup<T>(prep, xyz, false, i, lMax, normalized, false, a, b, kp, km, kz, values, gradients, scratch));
      }
    }
    while (i + W <= n) {
      const groups = min((n - i) / W, BLOCK_GROUPS);
      for (let g = 0; g < groups; g++) {
        flags = v128.or(flags, prepareGroup<T>(xyz, i + g * W, normalized, prep + <usize>g * 80));
      }
      for (let g = 0; g < groups; g++) {
        simdGroup<T>(prep + <usize>g * 80, xyz, true, i + g * W, lMax, normalized, withGradients, a, b, kp, km, kz, values, gradients, scratch);
      }
      i += groups * W;
    }
    bad = v128.any_true(flags) ? 1 : 0;
  }
  for (; i < n; i++) {
    bad |= scalarPoint<T>(xyz, i, lMax, normalized, withGradients, a, b, colStart, kp, km, kz, values, gradients);
  }
  return bad;
}

// ---------------------------------------------------------------- scalar path

// @ts-ignore: decorator
@inline
function scalarPoint<T>(
  xyz: usize, i: i32, lMax: i32, normalized: bool, withGradients: bool, a: usize, b: usize, colStart: usize,
  kp: usize, km: usize, kz: usize, values: usize, gradients: usize,
): i32 {
  const S = sizeof<T>();
  const K = (lMax + 1) * (lMax + 1);
  const p = xyz + <usize>(3 * i) * S;
  let x = load<T>(p);
  let y = load<T>(p + S);
  let z = load<T>(p + 2 * S);
  let r2 = x * x + y * y + z * z;
  const bad: i32 = r2 * <T>0 != <T>0 ? 1 : 0; // NaN for an infinite or NaN |r|²
  let ir: T = <T>0;
  if (normalized) {
    // The direction u = r/|r| is formed in f64 even for f32 and rounded once, so f32
    // results start from a correctly rounded unit vector.
    const xd = <f64>x;
    const yd = <f64>y;
    const zd = <f64>z;
    const r2d = xd * xd + yd * yd + zd * zd;
    const ird = r2d > 0 ? 1 / Math.sqrt(r2d) : 0;
    ir = <T>ird;
    x = <T>(xd * ird);
    y = <T>(yd * ird);
    z = <T>(zd * ird);
    // |u|² of the rounded unit vector (≈ 1; 0 at the origin): the recurrence then evaluates
    // the solid harmonic of u itself, consistently, which keeps f32 errors small.
    r2 = x * x + y * y + z * z;
  }
  const v = values + <usize>i * <usize>K * S;
  // m = 0 column
  let p2 = load<T>(a);
  store<T>(v, p2);
  if (lMax >= 1) {
    let p1 = load<T>(a + S) * z * p2;
    store<T>(v + 2 * S, p1);
    for (let l = 2; l <= lMax; l++) {
      const cur = load<T>(a + <usize>l * S) * z * p1 - load<T>(b + <usize>l * S) * r2 * p2;
      store<T>(v + <usize>(l * l + l) * S, cur);
      p2 = p1;
      p1 = cur;
    }
  }
  let c: T = <T>1;
  let s: T = <T>0;
  for (let m = 1; m <= lMax; m++) {
    const cn = x * c - y * s;
    s = x * s + y * c;
    c = cn;
    const k = load<i32>(colStart + (<usize>m << 2));
    const ak = a + <usize>k * S;
    const bk = b + <usize>k * S;
    p2 = load<T>(ak);
    let o = v + <usize>(m * m + m) * S;
    store<T>(o + <usize>m * S, p2 * c);
    store<T>(o - <usize>m * S, p2 * s);
    if (m == lMax) break;
    let p1 = load<T>(ak + S) * z * p2;
    o = v + <usize>((m + 1) * (m + 1) + m + 1) * S;
    store<T>(o + <usize>m * S, p1 * c);
    store<T>(o - <usize>m * S, p1 * s);
    for (let l = m + 2; l <= lMax; l++) {
      const j = <usize>(l - m) * S;
      const cur = load<T>(ak + j) * z * p1 - load<T>(bk + j) * r2 * p2;
      o = v + <usize>(l * l + l) * S;
      store<T>(o + <usize>m * S, cur * c);
      store<T>(o - <usize>m * S, cur * s);
      p2 = p1;
      p1 = cur;
    }
  }
  if (!withGradients) return bad;
  const g = gradients + <usize>i * <usize>(3 * K) * S;
  const gy = g + <usize>K * S;
  const gz = gy + <usize>K * S;
  store<T>(g, <T>0);
  store<T>(gy, <T>0);
  store<T>(gz, <T>0);
  for (let l = 1; l <= lMax; l++) {
    const c0 = <usize>(l * l + l) * S; // (l, 0)
    const q = v + <usize>((l - 1) * (l - 1) + l - 1) * S; // (l−1, 0)
    const t = <usize>((l * (l + 1)) >> 1) * S;
    const L = <T>l;
    // m = 0
    let dx: T = <T>0;
    let dy: T = <T>0;
    if (l >= 2) {
      const P = load<T>(kp + t);
      dx = -P * load<T>(q + S);
      dy = -P * load<T>(q - S);
    }
    let dz = load<T>(kz + t) * load<T>(q);
    if (normalized) {
      const ls = L * load<T>(v + c0);
      dx = (dx - ls * x) * ir;
      dy = (dy - ls * y) * ir;
      dz = (dz - ls * z) * ir;
    }
    store<T>(g + c0, dx);
    store<T>(gy + c0, dy);
    store<T>(gz + c0, dz);
    for (let m = 1; m <= l; m++) {
      const tm = t + <usize>m * S;
      const P = load<T>(kp + tm);
      const M = load<T>(km + tm);
      const Z = load<T>(kz + tm);
      const mS = <usize>m * S;
      const lowC = load<T>(q + mS - S);
      const lowS: T = m > 1 ? load<T>(q - mS + S) : <T>0;
      let xc = M * lowC;
      let yc = -M * lowS;
      let xs = M * lowS;
      let ys = M * lowC;
      let zc: T = <T>0;
      let zs: T = <T>0;
      if (m + 1 <= l - 1) {
        const hc = load<T>(q + mS + S);
        const hs = load<T>(q - mS - S);
        xc -= P * hc;
        yc -= P * hs;
        xs -= P * hs;
        ys += P * hc;
      }
      if (m <= l - 1) {
        zc = Z * load<T>(q + mS);
        zs = Z * load<T>(q - mS);
      }
      if (normalized) {
        const lc = L * load<T>(v + c0 + mS);
        const ls = L * load<T>(v + c0 - mS);
        xc = (xc - lc * x) * ir;
        yc = (yc - lc * y) * ir;
        zc = (zc - lc * z) * ir;
        xs = (xs - ls * x) * ir;
        ys = (ys - ls * y) * ir;
        zs = (zs - ls * z) * ir;
      }
      store<T>(g + c0 + mS, xc);
      store<T>(gy + c0 + mS, yc);
      store<T>(gz + c0 + mS, zc);
      store<T>(g + c0 - mS, xs);
      store<T>(gy + c0 - mS, ys);
      store<T>(gz + c0 - mS, zs);
    }
  }
  return bad;
}

// ---------------------------------------------------------------- SIMD path

// Lane j of `vec` to p + j·stride: W stores, one per point row.
// @ts-ignore: decorator
@inline
function storeLanes<T>(p: usize, stride: usize, vec: v128): void {
  v128.store_lane<T>(p, vec, 0);
  v128.store_lane<T>(p + stride, vec, 1);
  if (sizeof<T>() == 4) {
    v128.store_lane<T>(p + 2 * stride, vec, 2);
    v128.store_lane<T>(p + 3 * stride, vec, 3);
  }
}

// (∇S(u) − l S(u) u)/|r|, one component: grad is ∇S(u), lu is l times that component of u.
// @ts-ignore: decorator
@inline
function radial<T>(grad: v128, value: v128, lu: v128, ir: v128): v128 {
  return v128.mul<T>(v128.sub<T>(grad, v128.mul<T>(value, lu)), ir);
}

// Entries k … k+3 of W points' rows from four W-wide vectors (c_j holds entry k+j of
// every point): transposed in registers so each point takes whole-v128 stores (two for
// f64, one for f32) instead of one store per lane and entry.
// @ts-ignore: decorator
@inline
function storeRows4<T>(p: usize, row: usize, c0: v128, c1: v128, c2: v128, c3: v128): void {
  if (sizeof<T>() == 8) {
    v128.store(p, v128.shuffle<f64>(c0, c1, 0, 2));
    v128.store(p, v128.shuffle<f64>(c2, c3, 0, 2), 16);
    v128.store(p + row, v128.shuffle<f64>(c0, c1, 1, 3));
    v128.store(p + row, v128.shuffle<f64>(c2, c3, 1, 3), 16);
  } else {
    const t0 = v128.shuffle<f32>(c0, c1, 0, 4, 1, 5); // c0₀ c1₀ c0₁ c1₁
    const t1 = v128.shuffle<f32>(c0, c1, 2, 6, 3, 7); // c0₂ c1₂ c0₃ c1₃
    const t2 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5);
    const t3 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7);
    v128.store(p, v128.shuffle<i64>(t0, t2, 0, 2));
    v128.store(p + row, v128.shuffle<i64>(t0, t2, 1, 3));
    v128.store(p + 2 * row, v128.shuffle<i64>(t1, t3, 0, 2));
    v128.store(p + 3 * row, v128.shuffle<i64>(t1, t3, 1, 3));
  }
}

// Coordinate c (0: x, 1: y, 2: z) of W points from their 3·W contiguous coordinates,
// loaded as three whole v128 (l0, l1, l2): shuffles instead of one load per lane.
// @ts-ignore: decorator
@inline
function coordinate<T>(l0: v128, l1: v128, l2: v128, c: i32): v128 {
  if (sizeof<T>() == 8) {
    // l0 = (x0, y0), l1 = (z0, x1), l2 = (y1, z1)
    if (c == 0) return v128.shuffle<f64>(l0, l1, 0, 3);
    if (c == 1) return v128.shuffle<f64>(l0, l2, 1, 2);
    return v128.shuffle<f64>(l1, l2, 0, 3);
  }
  // l0 = (x0, y0, z0, x1), l1 = (y1, z1, x2, y2), l2 = (z2, x3, y3, z3)
  if (c == 0) return v128.shuffle<f32>(v128.shuffle<f32>(l0, l1, 0, 3, 6, 6), l2, 0, 1, 2, 5);
  if (c == 1) return v128.shuffle<f32>(v128.shuffle<f32>(l0, l1, 1, 4, 7, 7), l2, 0, 1, 2, 6);
  return v128.shuffle<f32>(v128.shuffle<f32>(l0, l1, 2, 5, 5, 5), l2, 0, 1, 4, 7);
}

// @ts-ignore: decorator
@inline
function prepareGroup<T>(xyz: usize, i: i32, normalized: bool, prep: usize): v128 {
  const S = sizeof<T>();
  const p = xyz + <usize>(3 * i) * S;
  const l0 = v128.load(p);
  const l1 = v128.load(p, 16);
  const l2 = v128.load(p, 32);
  let x = coordinate<T>(l0, l1, l2, 0);
  let y = coordinate<T>(l0, l1, l2, 1);
  let z = coordinate<T>(l0, l1, l2, 2);
  let r2 = v128.add<T>(v128.add<T>(v128.mul<T>(x, x), v128.mul<T>(y, y)), v128.mul<T>(z, z));
  const zero = v128.splat<T>(<T>0);
  const one = v128.splat<T>(<T>1);
  const bad = v128.ne<T>(v128.mul<T>(r2, zero), zero); // lanes whose |r|² is infinite or NaN
  let ir = zero;
  if (normalized) {
    // 1/|r|, or 0 at the origin (bitselect keeps lanes where r2 ≠ 0)
    if (sizeof<T>() == 8) {
      const nonzero = v128.ne<T>(r2, zero);
      ir = v128.bitselect(v128.div<T>(one, v128.sqrt<T>(r2)), zero, nonzero);
      x = v128.mul<T>(x, ir);
      y = v128.mul<T>(y, ir);
      z = v128.mul<T>(z, ir);
    } else {
      // f32: form u = r/|r| in f64 (two f64x2 halves) and round once, as in scalarPoint
      const xl = f64x2.promote_low_f32x4(x);
      const yl = f64x2.promote_low_f32x4(y);
      const zl = f64x2.promote_low_f32x4(z);
      const xh = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
      const yh = f64x2.promote_low_f32x4(v128.shuffle<f32>(y, y, 2, 3, 0, 1));
      const zh = f64x2.promote_low_f32x4(v128.shuffle<f32>(z, z, 2, 3, 0, 1));
      const dzero = f64x2.splat(0);
      const done = f64x2.splat(1);
      const rl = f64x2.add(f64x2.add(f64x2.mul(xl, xl), f64x2.mul(yl, yl)), f64x2.mul(zl, zl));
      const rh = f64x2.add(f64x2.add(f64x2.mul(xh, xh), f64x2.mul(yh, yh)), f64x2.mul(zh, zh));
      const il = v128.bitselect(f64x2.div(done, f64x2.sqrt(rl)), dzero, f64x2.ne(rl, dzero));
      const ih = v128.bitselect(f64x2.div(done, f64x2.sqrt(rh)), dzero, f64x2.ne(rh, dzero));
      x = v128.shuffle<f32>(f32x4.demote_f64x2_zero(f64x2.mul(xl, il)), f32x4.demote_f64x2_zero(f64x2.mul(xh, ih)), 0, 1, 4, 5);
      y = v128.shuffle<f32>(f32x4.demote_f64x2_zero(f64x2.mul(yl, il)), f32x4.demote_f64x2_zero(f64x2.mul(yh, ih)), 0, 1, 4, 5);
      z = v128.shuffle<f32>(f32x4.demote_f64x2_zero(f64x2.mul(zl, il)), f32x4.demote_f64x2_zero(f64x2.mul(zh, ih)), 0, 1, 4, 5);
      ir = v128.shuffle<f32>(f32x4.demote_f64x2_zero(il), f32x4.demote_f64x2_zero(ih), 0, 1, 4, 5);
    }
    // |u|² of the rounded unit vector (≈ 1; 0 at the origin), see scalarPoint
    r2 = v128.add<T>(v128.add<T>(v128.mul<T>(x, x), v128.mul<T>(y, y)), v128.mul<T>(z, z));
  }
  v128.store(prep, x);
  v128.store(prep, y, 16);
  v128.store(prep, z, 32);
  v128.store(prep, r2, 48);
  v128.store(prep, ir, 64);
  return bad;
}

// Values (and gradients) of W points whose directions prepareGroup left at `prep`.
// @ts-ignore: decorator
@inline
function simdGroup<T>(
  prep: usize, xyz: usize, prepared: bool, i: i32, lMax: i32, normalized: bool, withGradients: bool, a: usize, b: usize,
  kp: usize, km: usize, kz: usize, values: usize, gradients: usize, scratch: usize,
): v128 {
  const S = sizeof<T>();
  const K = (lMax + 1) * (lMax + 1);
  const row = <usize>K * S; // bytes between two points' value rows
  let x: v128, y: v128, z: v128, r2: v128, ir: v128;
  let flags = v128.splat<i32>(0);
  if (prepared) {
    x = v128.load(prep);
    y = v128.load(prep, 16);
    z = v128.load(prep, 32);
    r2 = v128.load(prep, 48);
    ir = v128.load(prep, 64);
  } else {
    // the same as prepareGroup, kept in registers (going through memory costs ~1 ns/point at small lMax)
    const p = xyz + <usize>(3 * i) * S;
    const l0 = v128.load(p);
    const l1 = v128.load(p, 16);
    const l2 = v128.load(p, 32);
    x = coordinate<T>(l0, l1, l2, 0);
    y = coordinate<T>(l0, l1, l2, 1);
    z = coordinate<T>(l0, l1, l2, 2);
    r2 = v128.add<T>(v128.add<T>(v128.mul<T>(x, x), v128.mul<T>(y, y)), v128.mul<T>(z, z));
    const zero = v128.splat<T>(<T>0);
    const one = v128.splat<T>(<T>1);
    flags = v128.ne<T>(v128.mul<T>(r2, zero), zero); // lanes whose |r|² is infinite or NaN
    ir = v128.splat<T>(<T>0);
    if (normalized) {
      // 1/|r|, or 0 at the origin (bitselect keeps lanes where r2 ≠ 0)
      if (sizeof<T>() == 8) {
        const nonzero = v128.ne<T>(r2, zero);
        ir = v128.bitselect(v128.div<T>(one, v128.sqrt<T>(r2)), zero, nonzero);
        x = v128.mul<T>(x, ir);
        y = v128.mul<T>(y, ir);
        z = v128.mul<T>(z, ir);
      } else {
        // f32: form u = r/|r| in f64 (two f64x2 halves) and round once, as in scalarPoint
        const xl = f64x2.promote_low_f32x4(x);
        const yl = f64x2.promote_low_f32x4(y);
        const zl = f64x2.promote_low_f32x4(z);
        const xh = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
        const yh = f64x2.promote_low_f32x4(v128.shuffle<f32>(y, y, 2, 3, 0, 1));
        const zh = f64x2.promote_low_f32x4(v128.shuffle<f32>(z, z, 2, 3, 0, 1));
        const dzero = f64x2.splat(0);
        const done = f64x2.splat(1);
        const rl = f64x2.add(f64x2.add(f64x2.mul(xl, xl), f64x2.mul(yl, yl)), f64x2.mul(zl, zl));
        const rh = f64x2.add(f64x2.add(f64x2.mul(xh, xh), f64x2.mul(yh, yh)), f64x2.mul(zh, zh));
        const il = v128.bitselect(f64x2.div(done, f64x2.sqrt(rl)), dzero, f64x2.ne(rl, dzero));
        const ih = v128.bitselect(f64x2.div(done, f64x2.sqrt(rh)), dzero, f64x2.ne(rh, dzero));
        x = v128.shuffle<f32>(f32x4.demote_f64x2_zero(f64x2.mul(xl, il)), f32x4.demote_f64x2_zero(f64x2.mul(xh, ih)), 0, 1, 4, 5);
        y = v128.shuffle<f32>(f32x4.demote_f64x2_zero(f64x2.mul(yl, il)), f32x4.demote_f64x2_zero(f64x2.mul(yh, ih)), 0, 1, 4, 5);
        z = v128.shuffle<f32>(f32x4.demote_f64x2_zero(f64x2.mul(zl, il)), f32x4.demote_f64x2_zero(f64x2.mul(zh, ih)), 0, 1, 4, 5);
        ir = v128.shuffle<f32>(f32x4.demote_f64x2_zero(il), f32x4.demote_f64x2_zero(ih), 0, 1, 4, 5);
      }
      // |u|² of the rounded unit vector (≈ 1; 0 at the origin), see scalarPoint
      r2 = v128.add<T>(v128.add<T>(v128.mul<T>(x, x), v128.mul<T>(y, y)), v128.mul<T>(z, z));
    }
  }
  const zero = v128.splat<T>(<T>0);
  const one = v128.splat<T>(<T>1);
  const v = values + <usize>i * row;
  if (lMax <= 2) {
    // lMax ≤ 2: the generic recurrence and gradient formulas written out (same operations,
    // no loops), with (x + iy)^1 = (x, y) and (x + iy)^2 = (x² − y², 2xy). Entries go out
    // four at a time, transposed into whole rows (storeRows4).
    const p00 = v128.load_splat<T>(a);
    if (lMax == 0) {
      storeLanes<T>(v, row, p00);
      if (withGradients) {
        const grow: usize = 3 * row;
        const g = gradients + <usize>i * grow;
        storeLanes<T>(g, grow, zero);
        storeLanes<T>(g + row, grow, zero);
        storeLanes<T>(g + 2 * row, grow, zero);
      }
      return flags;
    }
    const p10 = v128.mul<T>(v128.mul<T>(v128.load_splat<T>(a + S), z), p00);
    const p11 = v128.load_splat<T>(a + <usize>(lMax + 1) * S); // first entry of column m = 1
    const sm = v128.mul<T>(p11, y);
    const sp = v128.mul<T>(p11, x);
    storeRows4<T>(v, row, p00, sm, p10, sp);
    // degree 2: (2, −2) … (2, 2)
    let v4 = zero, v5 = zero, v6 = zero, v7 = zero, v8 = zero;
    if (lMax == 2) {
      v6 = v128.sub<T>(
        v128.mul<T>(v128.mul<T>(v128.load_splat<T>(a + 2 * S), z), p10),
        v128.mul<T>(v128.mul<T>(v128.load_splat<T>(b + 2 * S), r2), p00),
      );
      const p21 = v128.mul<T>(v128.mul<T>(v128.load_splat<T>(a + 4 * S), z), p11); // column 1: a[3], a[4]
      const p22 = v128.load_splat<T>(a + 5 * S); // column 2 starts at 3 + 2
      v4 = v128.mul<T>(p22, v128.add<T>(v128.mul<T>(x, y), v128.mul<T>(y, x)));
      v5 = v128.mul<T>(p21, y);
      v7 = v128.mul<T>(p21, x);
      v8 = v128.mul<T>(p22, v128.sub<T>(v128.mul<T>(x, x), v128.mul<T>(y, y)));
      storeRows4<T>(v + 4 * S, row, v4, v5, v6, v7);
      storeLanes<T>(v + 8 * S, row, v8);
    }
    if (!withGradients) return flags;
    // ∇S_1 is constant: c·(e_y, e_z, e_x) for m = −1, 0, 1 (kz and km of l = 1 times S_0)
    const cz = v128.mul<T>(v128.load_splat<T>(kz + S), p00);
    const cm = v128.mul<T>(v128.load_splat<T>(km + 2 * S), p00);
    const grow: usize = 3 * row;
    const g = gradients + <usize>i * grow;
    if (normalized) {
      // ∇Y = (∇S(u) − l S(u) u)/|r|
      storeRows4<T>(g, grow, zero,
        v128.mul<T>(v128.neg<T>(v128.mul<T>(sm, x)), ir),
        v128.mul<T>(v128.neg<T>(v128.mul<T>(p10, x)), ir),
        v128.mul<T>(v128.sub<T>(cm, v128.mul<T>(sp, x)), ir));
      storeRows4<T>(g + row, grow, zero,
        v128.mul<T>(v128.sub<T>(cm, v128.mul<T>(sm, y)), ir),
        v128.mul<T>(v128.neg<T>(v128.mul<T>(p10, y)), ir),
        v128.mul<T>(v128.neg<T>(v128.mul<T>(sp, y)), ir));
      storeRows4<T>(g + 2 * row, grow, zero,
        v128.mul<T>(v128.neg<T>(v128.mul<T>(sm, z)), ir),
        v128.mul<T>(v128.sub<T>(cz, v128.mul<T>(p10, z)), ir),
        v128.mul<T>(v128.neg<T>(v128.mul<T>(sp, z)), ir));
    } else {
      storeRows4<T>(g, grow, zero, zero, zero, cm);
      storeRows4<T>(g + row, grow, zero, cm, zero, zero);
      storeRows4<T>(g + 2 * row, grow, zero, zero, cz, zero);
    }
    if (lMax == 1) return flags;
    // ∇S_2 from S_1 (the formulas of src/sh/derivatives.ts, as in gradientPair for l = 2;
    // kp, km, kz of (2, m) sit at 3 + m)
    const P0 = v128.load_splat<T>(kp + 3 * S);
    const Z0 = v128.load_splat<T>(kz + 3 * S);
    const M1 = v128.load_splat<T>(km + 4 * S);
    const Z1 = v128.load_splat<T>(kz + 4 * S);
    const M2 = v128.load_splat<T>(km + 5 * S);
    const m1 = v128.mul<T>(M1, p10);
    let gx4 = v128.mul<T>(M2, sm), gx5 = zero, gx6 = v128.neg<T>(v128.mul<T>(P0, sp)), gx7 = m1, gx8 = v128.mul<T>(M2, sp);
    let gy4 = v128.mul<T>(M2, sp), gy5 = m1, gy6 = v128.neg<T>(v128.mul<T>(P0, sm)), gy7 = zero, gy8 = v128.neg<T>(v128.mul<T>(M2, sm));
    let gz4 = zero, gz5 = v128.mul<T>(Z1, sm), gz6 = v128.mul<T>(Z0, p10), gz7 = v128.mul<T>(Z1, sp), gz8 = zero;
    if (normalized) {
      const ux = v128.add<T>(x, x); // l·u with l = 2
      const uy = v128.add<T>(y, y);
      const uz = v128.add<T>(z, z);
      gx4 = radial<T>(gx4, v4, ux, ir);
      gx5 = radial<T>(gx5, v5, ux, ir);
      gx6 = radial<T>(gx6, v6, ux, ir);
      gx7 = radial<T>(gx7, v7, ux, ir);
      gx8 = radial<T>(gx8, v8, ux, ir);
      gy4 = radial<T>(gy4, v4, uy, ir);
      gy5 = radial<T>(gy5, v5, uy, ir);
      gy6 = radial<T>(gy6, v6, uy, ir);
      gy7 = radial<T>(gy7, v7, uy, ir);
      gy8 = radial<T>(gy8, v8, uy, ir);
      gz4 = radial<T>(gz4, v4, uz, ir);
      gz5 = radial<T>(gz5, v5, uz, ir);
      gz6 = radial<T>(gz6, v6, uz, ir);
      gz7 = radial<T>(gz7, v7, uz, ir);
      gz8 = radial<T>(gz8, v8, uz, ir);
    }
    storeRows4<T>(g + 4 * S, grow, gx4, gx5, gx6, gx7);
    storeLanes<T>(g + 8 * S, grow, gx8);
    storeRows4<T>(g + row + 4 * S, grow, gy4, gy5, gy6, gy7);
    storeLanes<T>(g + row + 8 * S, grow, gy8);
    storeRows4<T>(g + 2 * row + 4 * S, grow, gz4, gz5, gz6, gz7);
    storeLanes<T>(g + 2 * row + 8 * S, grow, gz8);
    return flags;
  }
  const keep = withGradients;
  // For normalized gradients the scratch keeps S(u)/|r| (the factor 1/|r| of ∇Y folded in once).
  const sc = normalized ? ir : one;
  // Values, column by column in m, with running pointers: index l² + l ± m grows by
  // 2(l+1) from l to l+1 (the wasm engines do little strength reduction themselves).
  // m = 0 column
  let p2 = v128.load_splat<T>(a);
  storeLanes<T>(v, row, p2);
  if (keep) v128.store(scratch, normalized ? v128.mul<T>(p2, sc) : p2);
  if (lMax >= 1) {
    let p1 = v128.mul<T>(v128.mul<T>(v128.load_splat<T>(a + S), z), p2);
    let po = v + 2 * S;
    let ps = scratch + 32;
    storeLanes<T>(po, row, p1);
    if (keep) v128.store(ps, normalized ? v128.mul<T>(p1, sc) : p1);
    let pa = a + 2 * S;
    let pb = b + 2 * S;
    let step: usize = 4 * S;
    for (let l = 2; l <= lMax; l++) {
      const cur = v128.sub<T>(
        v128.mul<T>(v128.mul<T>(v128.load_splat<T>(pa), z), p1),
        v128.mul<T>(v128.mul<T>(v128.load_splat<T>(pb), r2), p2),
      );
      po += step;
      storeLanes<T>(po, row, cur);
      if (keep) {
        ps += (step / S) << 4;
        v128.store(ps, normalized ? v128.mul<T>(cur, sc) : cur);
      }
      step += 2 * S;
      pa += S;
      pb += S;
      p2 = p1;
      p1 = cur;
    }
  }
  // Columns m ≥ 1 two at a time (m, m+1): two independent recurrences per step hide each
  // other's latency, and (l, ±(m+1)) sits right beside (l, ±m).
  let c = one;
  let s = zero;
  let ak = a + <usize>(lMax + 1) * S; // column m starts after columns 0 … m−1 (L+1−k entries each)
  let m = 1;
  for (; m + 1 <= lMax; m += 2) {
    const cA = v128.sub<T>(v128.mul<T>(x, c), v128.mul<T>(y, s));
    const sA = v128.add<T>(v128.mul<T>(x, s), v128.mul<T>(y, c));
    c = v128.sub<T>(v128.mul<T>(x, cA), v128.mul<T>(y, sA));
    s = v128.add<T>(v128.mul<T>(x, sA), v128.mul<T>(y, cA));
    const cB = c;
    const sB = s;
    const akB = ak + <usize>(lMax + 1 - m) * S;
    let paA = ak;
    let pbA = b + (ak - a);
    let paB = akB;
    let pbB = b + (akB - a);
    // (m, ±m)
    let pc = v + <usize>(m * m + 2 * m) * S;
    let pn = v + <usize>(m * m) * S;
    let qc = scratch + (<usize>(m * m + 2 * m) << 4);
    let qn = scratch + (<usize>(m * m) << 4);
    let a2 = v128.load_splat<T>(paA);
    putValue<T>(pc, pn, qc, qn, row, a2, cA, sA, keep, normalized, sc);
    // l = m + 1: (m+1, ±m) and (m+1, ±(m+1))
    let step: usize = <usize>(2 * m + 2) * S;
    let step16: usize = <usize>(2 * m + 2) << 4;
    pc += step;
    pn += step;
    qc += step16;
    qn += step16;
    let a1 = v128.mul<T>(v128.mul<T>(v128.load_splat<T>(paA + S), z), a2);
    let b2 = v128.load_splat<T>(paB);
    putPair<T>(pc, pn, qc, qn, row, a1, cA, sA, b2, cB, sB, keep, normalized, sc);
    step += 2 * S;
    step16 += 32;
    paA += 2 * S;
    pbA += 2 * S;
    if (m + 2 <= lMax) {
      // l = m + 2: column m recurs, column m+1 takes its second entry
      pc += step;
      pn += step;
      qc += step16;
      qn += step16;
      const a0 = v128.sub<T>(
        v128.mul<T>(v128.mul<T>(v128.load_splat<T>(paA), z), a1),
        v128.mul<T>(v128.mul<T>(v128.load_splat<T>(pbA), r2), a2),
      );
      const b1 = v128.mul<T>(v128.mul<T>(v128.load_splat<T>(paB + S), z), b2);
      putPair<T>(pc, pn, qc, qn, row, a0, cA, sA, b1, cB, sB, keep, normalized, sc);
      a2 = a1;
      a1 = a0;
      let b1r = b1;
      step += 2 * S;
      step16 += 32;
      paA += S;
      pbA += S;
      paB += 2 * S;
      pbB += 2 * S;
      for (let l = m + 3; l <= lMax; l++) {
        pc += step;
        pn += step;
        qc += step16;
        qn += step16;
        const a0n = v128.sub<T>(
          v128.mul<T>(v128.mul<T>(v128.load_splat<T>(paA), z), a1),
          v128.mul<T>(v128.mul<T>(v128.load_splat<T>(pbA), r2), a2),
        );
        const b0n = v128.sub<T>(
          v128.mul<T>(v128.mul<T>(v128.load_splat<T>(paB), z), b1r),
          v128.mul<T>(v128.mul<T>(v128.load_splat<T>(pbB), r2), b2),
        );
        putPair<T>(pc, pn, qc, qn, row, a0n, cA, sA, b0n, cB, sB, keep, normalized, sc);
        a2 = a1;
        a1 = a0n;
        b2 = b1r;
        b1r = b0n;
        step += 2 * S;
        step16 += 32;
        paA += S;
        pbA += S;
        paB += S;
        pbB += S;
      }
    }
    ak = akB + <usize>(lMax - m) * S;
  }
  if (m == lMax) {
    // the last column alone: (L, ±L)
    const cn = v128.sub<T>(v128.mul<T>(x, c), v128.mul<T>(y, s));
    s = v128.add<T>(v128.mul<T>(x, s), v128.mul<T>(y, c));
    c = cn;
    const idx = <usize>(m * m + m);
    putValue<T>(v + (idx + m) * S, v + (idx - m) * S, scratch + ((idx + m) << 4), scratch + ((idx - m) << 4), row, v128.load_splat<T>(ak), c, s, keep, normalized, sc);
  }
  if (!keep) return flags;
  const grow: usize = 3 * row; // bytes between two points' gradient rows
  const g = gradients + <usize>i * grow;
  storeLanes<T>(g, grow, zero);
  storeLanes<T>(g + row, grow, zero);
  storeLanes<T>(g + 2 * row, grow, zero);
  for (let l = 1; l <= lMax; l++) {
    const c0 = <usize>(l * l + l);
    const q = scratch + (<usize>((l - 1) * (l - 1) + l - 1) << 4); // (l−1, 0)
    const t = <usize>((l * (l + 1)) >> 1) * S;
    const here = scratch + (c0 << 4); // (l, 0)
    const gc0 = g + c0 * S;
    const L = v128.splat<T>(<T>l);
    // l·u for the projection −l S(u) u / |r| (the 1/|r| is in the scratch values)
    const lx = v128.mul<T>(L, x);
    const ly = v128.mul<T>(L, y);
    const lz = v128.mul<T>(L, z);
    let dx = zero;
    let dy = zero;
    if (l >= 2) {
      const P = v128.load_splat<T>(kp + t);
      dx = v128.neg<T>(v128.mul<T>(P, v128.load(q + 16)));
      dy = v128.neg<T>(v128.mul<T>(P, v128.load(q - 16)));
    }
    let dz = v128.mul<T>(v128.load_splat<T>(kz + t), v128.load(q));
    if (normalized) {
      const s0 = v128.load(here);
      dx = v128.sub<T>(dx, v128.mul<T>(s0, lx));
      dy = v128.sub<T>(dy, v128.mul<T>(s0, ly));
      dz = v128.sub<T>(dz, v128.mul<T>(s0, lz));
    }
    storeLanes<T>(gc0, grow, dx);
    storeLanes<T>(gc0 + row, grow, dy);
    storeLanes<T>(gc0 + 2 * row, grow, dz);
    // m ≥ 1, peeled by which terms exist: S'^−(m−1) needs m > 1, S'^(m+1) needs m ≤ l−2,
    // S'^m (the z term) needs m ≤ l−1; the inlined copies have no branches inside.
    if (l == 1) {
      gradientPair<T>(normalized, false, false, false, 1, q, t, kp, km, kz, here, lx, ly, lz, gc0, row, grow);
    } else if (l == 2) {
      gradientPair<T>(normalized, false, false, true, 1, q, t, kp, km, kz, here, lx, ly, lz, gc0, row, grow);
    } else {
      gradientPair<T>(normalized, false, true, true, 1, q, t, kp, km, kz, here, lx, ly, lz, gc0, row, grow);
    }
    for (let m = 2; m <= l - 2; m++) {
      gradientPair<T>(normalized, true, true, true, m, q, t, kp, km, kz, here, lx, ly, lz, gc0, row, grow);
    }
    if (l >= 3) gradientPair<T>(normalized, true, false, true, l - 1, q, t, kp, km, kz, here, lx, ly, lz, gc0, row, grow);
    if (l >= 2) gradientPair<T>(normalized, true, false, false, l, q, t, kp, km, kz, here, lx, ly, lz, gc0, row, grow);
  }
  return flags;
}

// Gradients of (l, +m) and (l, −m) for W points from the values of degree l−1 in scratch
// (formulas in src/sh/derivatives.ts); the flags say which terms exist for this m.
// @ts-ignore: decorator
@inline
function gradientPair<T>(
  normalized: bool, hasLowS: bool, hasHigh: bool, hasZ: bool, m: i32,
  q: usize, t: usize, kp: usize, km: usize, kz: usize, here: usize,
  lx: v128, ly: v128, lz: v128, gc0: usize, row: usize, grow: usize,
): void {
  const S = sizeof<T>();
  const zero = v128.splat<T>(<T>0);
  const tm = t + <usize>m * S;
  const M = v128.load_splat<T>(km + tm);
  const m16 = <usize>m << 4;
  const lowC = v128.load(q + m16 - 16);
  const lowS = hasLowS ? v128.load(q - m16 + 16) : zero;
  let xc = v128.mul<T>(M, lowC);
  let yc = hasLowS ? v128.neg<T>(v128.mul<T>(M, lowS)) : zero;
  let xs = hasLowS ? v128.mul<T>(M, lowS) : zero;
  let ys = v128.mul<T>(M, lowC);
  let zc = zero;
  let zs = zero;
  if (hasHigh) {
    const P = v128.load_splat<T>(kp + tm);
    const hc = v128.load(q + m16 + 16);
    const hs = v128.load(q - m16 - 16);
    xc = v128.sub<T>(xc, v128.mul<T>(P, hc));
    yc = v128.sub<T>(yc, v128.mul<T>(P, hs));
    xs = v128.sub<T>(xs, v128.mul<T>(P, hs));
    ys = v128.add<T>(ys, v128.mul<T>(P, hc));
  }
  if (hasZ) {
    const Z = v128.load_splat<T>(kz + tm);
    zc = v128.mul<T>(Z, v128.load(q + m16));
    zs = v128.mul<T>(Z, v128.load(q - m16));
  }
  if (normalized) {
    // ∇Y = ∇S(u)/|r| − l S(u) u/|r|, with the scratch already holding S(u)/|r|
    const sc = v128.load(here + m16);
    const ss = v128.load(here - m16);
    xc = v128.sub<T>(xc, v128.mul<T>(sc, lx));
    yc = v128.sub<T>(yc, v128.mul<T>(sc, ly));
    zc = v128.sub<T>(zc, v128.mul<T>(sc, lz));
    xs = v128.sub<T>(xs, v128.mul<T>(ss, lx));
    ys = v128.sub<T>(ys, v128.mul<T>(ss, ly));
    zs = v128.sub<T>(zs, v128.mul<T>(ss, lz));
  }
  const mS = <usize>m * S;
  storeLanes<T>(gc0 + mS, grow, xc);
  storeLanes<T>(gc0 + row + mS, grow, yc);
  storeLanes<T>(gc0 + 2 * row + mS, grow, zc);
  storeLanes<T>(gc0 - mS, grow, xs);
  storeLanes<T>(gc0 + row - mS, grow, ys);
  storeLanes<T>(gc0 + 2 * row - mS, grow, zs);
}

// Stores P̃·(C, S) at (l, +m) and (l, −m) for W points, and into the scratch (scaled by
// 1/|r| for normalized gradients) when gradients follow.
// @ts-ignore: decorator
@inline
function putValue<T>(
  pc: usize, pn: usize, qc: usize, qn: usize, row: usize, p: v128, c: v128, s: v128,
  keep: bool, normalized: bool, sc: v128,
): void {
  const vc = v128.mul<T>(p, c);
  const vs = v128.mul<T>(p, s);
  storeLanes<T>(pc, row, vc);
  storeLanes<T>(pn, row, vs);
  if (keep) {
    v128.store(qc, normalized ? v128.mul<T>(vc, sc) : vc);
    v128.store(qn, normalized ? v128.mul<T>(vs, sc) : vs);
  }
}

// (l, ±m) from pA·(cA, sA) and (l, ±(m+1)) from pB·(cB, sB), which sit side by side in each
// point's row: shuffled into per-point pairs, so each point takes one 64-bit store per side
// (a whole v128 for f64) instead of two.
// @ts-ignore: decorator
@inline
function putPair<T>(
  pc: usize, pn: usize, qc: usize, qn: usize, row: usize,
  pA: v128, cA: v128, sA: v128, pB: v128, cB: v128, sB: v128,
  keep: bool, normalized: bool, sc: v128,
): void {
  const S = sizeof<T>();
  const ac = v128.mul<T>(pA, cA);
  const as = v128.mul<T>(pA, sA);
  const bc = v128.mul<T>(pB, cB);
  const bs = v128.mul<T>(pB, sB);
  if (sizeof<T>() == 8) {
    v128.store(pc, v128.shuffle<f64>(ac, bc, 0, 2));
    v128.store(pc + row, v128.shuffle<f64>(ac, bc, 1, 3));
    v128.store(pn - S, v128.shuffle<f64>(bs, as, 0, 2));
    v128.store(pn - S + row, v128.shuffle<f64>(bs, as, 1, 3));
  } else {
    const lo = v128.shuffle<f32>(ac, bc, 0, 4, 1, 5);
    const hi = v128.shuffle<f32>(ac, bc, 2, 6, 3, 7);
    v128.store_lane<f64>(pc, lo, 0);
    v128.store_lane<f64>(pc + row, lo, 1);
    v128.store_lane<f64>(pc + 2 * row, hi, 0);
    v128.store_lane<f64>(pc + 3 * row, hi, 1);
    const nlo = v128.shuffle<f32>(bs, as, 0, 4, 1, 5);
    const nhi = v128.shuffle<f32>(bs, as, 2, 6, 3, 7);
    v128.store_lane<f64>(pn - S, nlo, 0);
    v128.store_lane<f64>(pn - S + row, nlo, 1);
    v128.store_lane<f64>(pn - S + 2 * row, nhi, 0);
    v128.store_lane<f64>(pn - S + 3 * row, nhi, 1);
  }
  if (keep) {
    v128.store(qc, normalized ? v128.mul<T>(ac, sc) : ac);
    v128.store(qn, normalized ? v128.mul<T>(as, sc) : as);
    v128.store(qc + 16, normalized ? v128.mul<T>(bc, sc) : bc);
    v128.store(qn - 16, normalized ? v128.mul<T>(bs, sc) : bs);
  }
}
