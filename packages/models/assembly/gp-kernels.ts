// AssemblyScript kernels of the sparse GP's training rows: for every pair (i, j), the derivative
// of k(X̂_i, Z_m) = (X̂_i·Z_m)^ζ with respect to r_ij for all sparse points m of i's species,
// scattered into the structure's force and strain rows. Caller-owned buffers only (pointers into
// the WasmInstance arena). One source builds both binaries: under ASC_FEATURE_SIMD four sparse
// points (one column tile) are two f64x2 lanes.
//
// Sizes: S species, N = maxRadial, L = maxAngular + 1, K = L², NK = N·K, C = S·NK,
// P = S(S+1)/2 species pairs a ≤ b, F = P·N²·L (the power spectrum), T column tiles of 4 sparse
// points of one centre species (the last padded with zero points), W = the padded row width.
// Layouts (f64 unless said):
//   points z        [T][F][4]        sparse points, tile by tile (z[t][f][c] = Z_{4t+c, f})
//   pullback-ready  [T][F][4] / [F]  the same with librascal's factor f_ab/√(2l+1) folded in and,
//                                    for a = b blocks, z[n1][n2][l] + z[n2][n1][l] (see gp/kernel-wasm.ts)
//   coefficients c  [atom][s][n][k]  density's dense layout, k = l² + l + m
//   pair gradients  [pair][l][x][m][n]  as density's computePairs streams them (3·NK each)
//   tangents        [pair][x][F]     ∂X̂_i/∂r_ij from the correlations driver
//   panel           [C][4]           one tile of J_iᵀ applied to the tile's cotangents, rows in the
//                                    pair-gradient order [s][l² + m][n]
//   rows            forces [3·nAtoms][W], strain [9][W]; a centre's tile writes columns col + 4t ..
//
// Two algebras for the same rows (both exported; gp/kernel-wasm.ts picks by cost):
//   tangent:  ∂k_im/∂r_ij = w_im Z_m · T_ij, T_ij = ∂X̂_i/∂r_ij (3 × F per pair)
//   pullback: ∂k_im/∂r_ij = P_i[:, m] · ∂c_i/∂r_ij with P_i = J_iᵀ (w_im (Z_m − d_im X̂_i)/‖X_i‖)
//             (C × M per centre, then 3 × NK per pair: cheaper when N·K < F, i.e. N > L)

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

/** d[a][4t + c] = Σ_f x[a][f] z[t][f][c]: X̂·Z for `count` feature rows x (F each) against T tiles. */
export function gpDots(count: i32, F: i32, T: i32, x: usize, z: usize, d: usize): void {
  for (let a = 0; a < count; a++) {
    const xa = at(x, a * F);
    for (let t = 0; t < T; t++) {
      const zt = at(z, t * F * 4);
      const o = at(d, a * 4 * T + 4 * t);
      if (ASC_FEATURE_SIMD) {
        let s0 = f64x2.splat(0);
        let s1 = f64x2.splat(0);
        for (let f = 0; f < F; f++) {
          const v = f64x2.splat(load<f64>(at(xa, f)));
          const p = zt + (<usize>f << 5);
          s0 = f64x2.add(s0, f64x2.mul(v, v128.load(p)));
          s1 = f64x2.add(s1, f64x2.mul(v, v128.load(p + 16)));
        }
        v128.store(o, s0);
        v128.store(o + 16, s1);
      } else {
        let s0 = 0.0;
        let s1 = 0.0;
        let s2 = 0.0;
        let s3 = 0.0;
        for (let f = 0; f < F; f++) {
          const v = load<f64>(at(xa, f));
          const p = zt + (<usize>f << 5);
          s0 += v * load<f64>(p);
          s1 += v * load<f64>(p + 8);
          s2 += v * load<f64>(p + 16);
          s3 += v * load<f64>(p + 24);
        }
        store<f64>(o, s0);
        store<f64>(o + 8, s1);
        store<f64>(o + 16, s2);
        store<f64>(o + 24, s3);
      }
    }
  }
}

/** g[a][f] = Σ_t Σ_c coef[a][4t + c] z[t][f][c]: Σ_m coef_m Z_m for `count` rows of coefficients (4T each). */
export function gpCombine(count: i32, F: i32, T: i32, coef: usize, z: usize, g: usize): void {
  for (let a = 0; a < count; a++) {
    const ga = at(g, a * F);
    memory.fill(ga, 0, <usize>F << 3);
    for (let t = 0; t < T; t++) {
      const zt = at(z, t * F * 4);
      const ct = at(coef, a * 4 * T + 4 * t);
      if (ASC_FEATURE_SIMD) {
        const c0 = v128.load(ct);
        const c1 = v128.load(ct, 16);
        for (let f = 0; f < F; f++) {
          const p = zt + (<usize>f << 5);
          const v = f64x2.add(f64x2.mul(v128.load(p), c0), f64x2.mul(v128.load(p, 16), c1));
          const o = at(ga, f);
          store<f64>(o, load<f64>(o) + (f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1)));
        }
      } else {
        const c0 = load<f64>(ct);
        const c1 = load<f64>(ct + 8);
        const c2 = load<f64>(ct + 16);
        const c3 = load<f64>(ct + 24);
        for (let f = 0; f < F; f++) {
          const p = zt + (<usize>f << 5);
          const o = at(ga, f);
          store<f64>(o, load<f64>(o) + ((load<f64>(p) * c0 + load<f64>(p + 16) * c2) + (load<f64>(p + 8) * c1 + load<f64>(p + 24) * c3)));
        }
      }
    }
  }
}

/**
 * out[3][4] (out[6][4] with `second`) = Σ_k g[x][k] · panel[k][4] for one pair (two pairs) of
 * the same neighbour type. `segmented`: g is a pair gradient ([l][x][m][n], panel rows
 * [l² + m][n]); else a tangent ([x][F], panel rows f).
 */
function tileProduct(segmented: bool, N: i32, L: i32, F: i32, g0: usize, g1: usize, second: bool, panel: usize, out: usize): void {
  const segments = segmented ? L : 1;
  if (ASC_FEATURE_SIMD) {
    let a00 = f64x2.splat(0), a01 = f64x2.splat(0), a10 = f64x2.splat(0), a11 = f64x2.splat(0), a20 = f64x2.splat(0), a21 = f64x2.splat(0);
    let b00 = f64x2.splat(0), b01 = f64x2.splat(0), b10 = f64x2.splat(0), b11 = f64x2.splat(0), b20 = f64x2.splat(0), b21 = f64x2.splat(0);
    for (let s = 0; s < segments; s++) {
      const length = segmented ? (2 * s + 1) * N : F;
      const gOff = segmented ? 3 * N * s * s : 0;
      const pOff: i32 = segmented ? s * s * N : 0;
      const pp = panel + (<usize>pOff << 5);
      const x0 = at(g0, gOff);
      const x1 = at(x0, length);
      const x2 = at(x1, length);
      if (second) {
        const y0 = at(g1, gOff);
        const y1 = at(y0, length);
        const y2 = at(y1, length);
        for (let k = 0; k < length; k++) {
          const o = <usize>k << 3;
          const p = pp + (<usize>k << 5);
          const p0 = v128.load(p);
          const p1 = v128.load(p + 16);
          let v = v128.load64_splat(x0 + o);
          a00 = f64x2.add(a00, f64x2.mul(v, p0));
          a01 = f64x2.add(a01, f64x2.mul(v, p1));
          v = v128.load64_splat(x1 + o);
          a10 = f64x2.add(a10, f64x2.mul(v, p0));
          a11 = f64x2.add(a11, f64x2.mul(v, p1));
          v = v128.load64_splat(x2 + o);
          a20 = f64x2.add(a20, f64x2.mul(v, p0));
          a21 = f64x2.add(a21, f64x2.mul(v, p1));
          v = v128.load64_splat(y0 + o);
          b00 = f64x2.add(b00, f64x2.mul(v, p0));
          b01 = f64x2.add(b01, f64x2.mul(v, p1));
          v = v128.load64_splat(y1 + o);
          b10 = f64x2.add(b10, f64x2.mul(v, p0));
          b11 = f64x2.add(b11, f64x2.mul(v, p1));
          v = v128.load64_splat(y2 + o);
          b20 = f64x2.add(b20, f64x2.mul(v, p0));
          b21 = f64x2.add(b21, f64x2.mul(v, p1));
        }
      } else {
        for (let k = 0; k < length; k++) {
          const o = <usize>k << 3;
          const p = pp + (<usize>k << 5);
          const p0 = v128.load(p);
          const p1 = v128.load(p + 16);
          let v = v128.load64_splat(x0 + o);
          a00 = f64x2.add(a00, f64x2.mul(v, p0));
          a01 = f64x2.add(a01, f64x2.mul(v, p1));
          v = v128.load64_splat(x1 + o);
          a10 = f64x2.add(a10, f64x2.mul(v, p0));
          a11 = f64x2.add(a11, f64x2.mul(v, p1));
          v = v128.load64_splat(x2 + o);
          a20 = f64x2.add(a20, f64x2.mul(v, p0));
          a21 = f64x2.add(a21, f64x2.mul(v, p1));
        }
      }
    }
    v128.store(out, a00);
    v128.store(out + 16, a01);
    v128.store(out + 32, a10);
    v128.store(out + 48, a11);
    v128.store(out + 64, a20);
    v128.store(out + 80, a21);
    if (second) {
      v128.store(out + 96, b00);
      v128.store(out + 112, b01);
      v128.store(out + 128, b10);
      v128.store(out + 144, b11);
      v128.store(out + 160, b20);
      v128.store(out + 176, b21);
    }
  } else {
    // scalar: one pair at a time, 3 × 4 accumulators
    const pairs = second ? 2 : 1;
    for (let q = 0; q < pairs; q++) {
      const g = q == 0 ? g0 : g1;
      let s00 = 0.0, s01 = 0.0, s02 = 0.0, s03 = 0.0;
      let s10 = 0.0, s11 = 0.0, s12 = 0.0, s13 = 0.0;
      let s20 = 0.0, s21 = 0.0, s22 = 0.0, s23 = 0.0;
      for (let s = 0; s < segments; s++) {
        const length = segmented ? (2 * s + 1) * N : F;
        const gOff = segmented ? 3 * N * s * s : 0;
      const pOff: i32 = segmented ? s * s * N : 0;
      const pp = panel + (<usize>pOff << 5);
        const x0 = at(g, gOff);
        const x1 = at(x0, length);
        const x2 = at(x1, length);
        for (let k = 0; k < length; k++) {
          const o = <usize>k << 3;
          const p = pp + (<usize>k << 5);
          const p0 = load<f64>(p);
          const p1 = load<f64>(p + 8);
          const p2 = load<f64>(p + 16);
          const p3 = load<f64>(p + 24);
          let v = load<f64>(x0 + o);
          s00 += v * p0; s01 += v * p1; s02 += v * p2; s03 += v * p3;
          v = load<f64>(x1 + o);
          s10 += v * p0; s11 += v * p1; s12 += v * p2; s13 += v * p3;
          v = load<f64>(x2 + o);
          s20 += v * p0; s21 += v * p1; s22 += v * p2; s23 += v * p3;
        }
      }
      const o = out + (<usize>(12 * q) << 3);
      store<f64>(o, s00); store<f64>(o + 8, s01); store<f64>(o + 16, s02); store<f64>(o + 24, s03);
      store<f64>(o + 32, s10); store<f64>(o + 40, s11); store<f64>(o + 48, s12); store<f64>(o + 56, s13);
      store<f64>(o + 64, s20); store<f64>(o + 72, s21); store<f64>(o + 80, s22); store<f64>(o + 88, s23);
    }
  }
}

/** row[0..4] += scale · v[0..4]. */
@inline function addScaled4(row: usize, v: usize, scale: f64): void {
  if (ASC_FEATURE_SIMD) {
    const s = f64x2.splat(scale);
    v128.store(row, f64x2.add(v128.load(row), f64x2.mul(s, v128.load(v))));
    v128.store(row + 16, f64x2.add(v128.load(row + 16), f64x2.mul(s, v128.load(v + 16))));
  } else {
    for (let c = 0; c < 4; c++) {
      const o = <usize>c << 3;
      store<f64>(row + o, load<f64>(row + o) + scale * load<f64>(v + o));
    }
  }
}

/**
 * One pair's 3 × 4 block D (∂k/∂r_ij,x for the tile's points) into the rows: forces of j −= D,
 * own[x] += D (the centre's, written once per tile) unless j < 0 (an image of the centre), and
 * strain[a][b] += r_a D_b. `scale` (4 doubles, or 0) multiplies D's columns first.
 */
function scatterPair(D: usize, scale: usize, j: i32, r: usize, W: i32, cols: i32, forces: usize, strain: usize, own: usize): void {
  if (scale != 0) {
    for (let x = 0; x < 3; x++) {
      for (let c = 0; c < 4; c++) {
        const o = D + (<usize>(4 * x + c) << 3);
        store<f64>(o, load<f64>(o) * load<f64>(scale + (<usize>c << 3)));
      }
    }
  }
  if (forces != 0 && j >= 0) {
    for (let x = 0; x < 3; x++) {
      const Dx = D + (<usize>(4 * x) << 3);
      addScaled4(at(forces, (3 * j + x) * W + cols), Dx, -1);
      addScaled4(own + (<usize>(4 * x) << 3), Dx, 1);
    }
  }
  if (strain != 0) {
    for (let a = 0; a < 3; a++) {
      const ra = load<f64>(at(r, a));
      for (let b = 0; b < 3; b++) addScaled4(at(strain, (3 * a + b) * W + cols), D + (<usize>(4 * b) << 3), ra);
    }
  }
}

/**
 * panel[row0 + (l² + m)·N + o][4] += Σ_inner z[zBase + o·so + inner·si + l][4] · c[cBase + inner·K + l² + m]
 * for o, inner < N: one term of the power spectrum's Jᵀ on a tile of (pullback-ready) cotangents.
 * SIMD: blocks of 2 o × 2 m share their loads (8 accumulators); an odd last o or m repeats the one
 * before in the unused half of its block, which is not stored.
 */
function pullbackTerm(N: i32, L: i32, z: usize, zBase: i32, so: i32, si: i32, c: usize, cBase: i32, panel: usize, row0: i32): void {
  const K = L * L;
  const kStride = <usize>K << 3;
  const zStride = <usize>si << 5;
  for (let o = 0; o < N; o += 2) {
    const twoO = o + 1 < N;
    for (let l = 0; l < L; l++) {
      const z0 = z + (<usize>(zBase + o * so + l) << 5);
      const z1 = twoO ? z0 + (<usize>so << 5) : z0;
      const width = 2 * l + 1;
      for (let m = 0; m < width; m += 2) {
        const twoM = m + 1 < width;
        const k = l * l + m;
        const c0 = at(c, cBase + k);
        const c1 = twoM ? c0 + 8 : c0;
        const r00 = panel + (<usize>(row0 + k * N + o) << 5);
        if (ASC_FEATURE_SIMD) {
          let a00 = f64x2.splat(0), a01 = f64x2.splat(0), a10 = f64x2.splat(0), a11 = f64x2.splat(0);
          let b00 = f64x2.splat(0), b01 = f64x2.splat(0), b10 = f64x2.splat(0), b11 = f64x2.splat(0);
          for (let inner = 0; inner < N; inner++) {
            const v0 = v128.load64_splat(c0 + <usize>inner * kStride);
            const v1 = v128.load64_splat(c1 + <usize>inner * kStride);
            const p0 = z0 + <usize>inner * zStride;
            const p1 = z1 + <usize>inner * zStride;
            const x0 = v128.load(p0);
            const x1 = v128.load(p0, 16);
            const y0 = v128.load(p1);
            const y1 = v128.load(p1, 16);
            a00 = f64x2.add(a00, f64x2.mul(v0, x0));
            a01 = f64x2.add(a01, f64x2.mul(v0, x1));
            a10 = f64x2.add(a10, f64x2.mul(v1, x0));
            a11 = f64x2.add(a11, f64x2.mul(v1, x1));
            b00 = f64x2.add(b00, f64x2.mul(v0, y0));
            b01 = f64x2.add(b01, f64x2.mul(v0, y1));
            b10 = f64x2.add(b10, f64x2.mul(v1, y0));
            b11 = f64x2.add(b11, f64x2.mul(v1, y1));
          }
          // rows (k, o), (k, o + 1), (k + 1, o), (k + 1, o + 1)
          add2(r00, a00, a01);
          if (twoO) add2(r00 + 32, b00, b01);
          if (twoM) {
            const r10 = r00 + (<usize>N << 5);
            add2(r10, a10, a11);
            if (twoO) add2(r10 + 32, b10, b11);
          }
        } else {
          const ms: i32 = twoM ? 2 : 1;
          const os: i32 = twoO ? 2 : 1;
          for (let mm = 0; mm < ms; mm++) {
            for (let oo = 0; oo < os; oo++) {
              const cm = mm == 0 ? c0 : c1;
              const zo = oo == 0 ? z0 : z1;
              let s0 = 0.0;
              let s1 = 0.0;
              let s2 = 0.0;
              let s3 = 0.0;
              for (let inner = 0; inner < N; inner++) {
                const v = load<f64>(cm + <usize>inner * kStride);
                const p = zo + <usize>inner * zStride;
                s0 += v * load<f64>(p);
                s1 += v * load<f64>(p + 8);
                s2 += v * load<f64>(p + 16);
                s3 += v * load<f64>(p + 24);
              }
              const row = r00 + (<usize>(mm * N + oo) << 5);
              store<f64>(row, load<f64>(row) + s0);
              store<f64>(row + 8, load<f64>(row + 8) + s1);
              store<f64>(row + 16, load<f64>(row + 16) + s2);
              store<f64>(row + 24, load<f64>(row + 24) + s3);
            }
          }
        }
      }
    }
  }
}

/** row[0..4] += (lo, hi). */
@inline function add2(row: usize, lo: v128, hi: v128): void {
  v128.store(row, f64x2.add(v128.load(row), lo));
  v128.store(row, f64x2.add(v128.load(row, 16), hi), 16);
}

/**
 * The pullback algebra for one centre and its staged pairs. Pairs are grouped by neighbour type:
 * type t holds counts[t] pairs at grads + t·capacity·3NK (gradients), rowPlus + t·capacity (j, or −1
 * for an image of the centre) and vectors + t·capacity·3. The panel of a tile is J_iᵀ applied to
 * the cotangents u_m = w_m (Z_m − d_m X̂_i)/‖X_i‖; Jᵀ is linear, so it is computed as
 * (Jᵀ zs − (Jᵀ xs) ⊗ d) ⊙ w/‖X_i‖ with Jᵀ xs once per centre (upanel, xs in all 4 columns).
 * Then every pair's 3 × NK gradient times the panel's block of its type.
 * Scratch: xs4 F·4, upanel C·4, panel C·4, dtile 24, own 12 doubles.
 */
export function gpPullbackRows(
  S: i32, N: i32, L: i32, T: i32, centre: i32, c: usize, xs: usize, invNorm: f64, d: usize, w: usize, zs: usize,
  counts: usize, capacity: i32, grads: usize, rowPlus: usize, vectors: usize,
  W: i32, col: i32, forces: usize, strain: usize, xs4: usize, upanel: usize, panel: usize, dtile: usize, own: usize,
): void {
  const K = L * L;
  const NK = N * K;
  const C = S * NK;
  const NNL = N * N * L;
  const F = ((S * (S + 1)) >> 1) * NNL;
  const G = 3 * NK;
  for (let f = 0; f < F; f++) {
    const v = load<f64>(at(xs, f));
    const o = xs4 + (<usize>f << 5);
    store<f64>(o, v);
    store<f64>(o + 8, v);
    store<f64>(o + 16, v);
    store<f64>(o + 24, v);
  }
  pullbackPanel(S, N, L, xs4, c, upanel);
  for (let t = 0; t < T; t++) {
    pullbackPanel(S, N, L, zs + (<usize>(t * F) << 5), c, panel);
    // panel = (panel − upanel ⊙ d) ⊙ w / ‖X‖
    const dt = at(d, 4 * t);
    const wt = at(w, 4 * t);
    if (ASC_FEATURE_SIMD) {
      const s = f64x2.splat(invNorm);
      const d0 = v128.load(dt);
      const d1 = v128.load(dt, 16);
      const w0 = f64x2.mul(v128.load(wt), s);
      const w1 = f64x2.mul(v128.load(wt, 16), s);
      for (let k = 0; k < C; k++) {
        const o = <usize>k << 5;
        const p = panel + o;
        const u = upanel + o;
        v128.store(p, f64x2.mul(f64x2.sub(v128.load(p), f64x2.mul(v128.load(u), d0)), w0));
        v128.store(p, f64x2.mul(f64x2.sub(v128.load(p, 16), f64x2.mul(v128.load(u, 16), d1)), w1), 16);
      }
    } else {
      for (let c4 = 0; c4 < 4; c4++) {
        const dc = load<f64>(at(dt, c4));
        const wc = load<f64>(at(wt, c4)) * invNorm;
        for (let k = 0; k < C; k++) {
          const o = (<usize>(4 * k + c4) << 3);
          store<f64>(panel + o, (load<f64>(panel + o) - load<f64>(upanel + o) * dc) * wc);
        }
      }
    }
    memory.fill(own, 0, 96);
    const cols = col + 4 * t;
    for (let ty = 0; ty < S; ty++) {
      const count = load<i32>(counts + (<usize>ty << 2));
      const base = ty * capacity;
      const block = panel + (<usize>(ty * NK) << 5);
      let q = 0;
      const step = ASC_FEATURE_SIMD ? 2 : 1;
      for (; q + step <= count; q += step) {
        const g0 = at(grads, (base + q) * G);
        tileProduct(true, N, L, 0, g0, at(g0, G), step == 2, block, dtile);
        for (let e = 0; e < step; e++) {
          const pair = base + q + e;
          scatterPair(dtile + (<usize>(12 * e) << 3), 0, load<i32>(rowPlus + (<usize>pair << 2)), at(vectors, 3 * pair), W, cols, forces, strain, own);
        }
      }
      if (q < count) {
        tileProduct(true, N, L, 0, at(grads, (base + q) * G), 0, false, block, dtile);
        const pair = base + q;
        scatterPair(dtile, 0, load<i32>(rowPlus + (<usize>pair << 2)), at(vectors, 3 * pair), W, cols, forces, strain, own);
      }
    }
    if (forces != 0) {
      for (let x = 0; x < 3; x++) addScaled4(at(forces, (3 * centre + x) * W + cols), own + (<usize>(4 * x) << 3), 1);
    }
  }
}

/** panel [C][4] = Jᵀ z for a tile z ([F][4], pullback-ready) of the power spectrum at coefficients c. */
function pullbackPanel(S: i32, N: i32, L: i32, z: usize, c: usize, panel: usize): void {
  const NK = N * L * L;
  const NNL = N * N * L;
  memory.fill(panel, 0, <usize>(S * NK) << 5);
  let p = 0;
  for (let a = 0; a < S; a++) {
    for (let b = a; b < S; b++) {
      // ∂/∂c[a][n1]: Σ_n2 z[p][n1][n2][l] c[b][n2];  ∂/∂c[b][n2] (a < b only): Σ_n1 z[p][n1][n2][l] c[a][n1]
      pullbackTerm(N, L, z, p * NNL, N * L, L, c, b * NK, panel, a * NK);
      if (a < b) pullbackTerm(N, L, z, p * NNL, L, N * L, c, a * NK, panel, b * NK);
      p++;
    }
  }
}

/**
 * The tangent algebra for one centre: `count` staged tangents ([q][x][F]) times the tiles of its
 * species' points, each column scaled by w (4·T doubles), scattered as gpPullbackRows does.
 */
export function gpTangentRows(
  F: i32, T: i32, centre: i32, w: usize, z: usize, count: i32, tangents: usize, rowPlus: usize, vectors: usize,
  W: i32, col: i32, forces: usize, strain: usize, dtile: usize, own: usize,
): void {
  const G = 3 * F;
  for (let t = 0; t < T; t++) {
    const zt = z + (<usize>(t * F) << 5);
    const wt = at(w, 4 * t);
    const cols = col + 4 * t;
    memory.fill(own, 0, 96);
    let q = 0;
    const step = ASC_FEATURE_SIMD ? 2 : 1;
    for (; q + step <= count; q += step) {
      const g0 = at(tangents, q * G);
      tileProduct(false, 0, 0, F, g0, at(g0, G), step == 2, zt, dtile);
      for (let e = 0; e < step; e++) {
        scatterPair(dtile + (<usize>(12 * e) << 3), wt, load<i32>(rowPlus + (<usize>(q + e) << 2)), at(vectors, 3 * (q + e)), W, cols, forces, strain, own);
      }
    }
    if (q < count) {
      tileProduct(false, 0, 0, F, at(tangents, q * G), 0, false, zt, dtile);
      scatterPair(dtile, wt, load<i32>(rowPlus + (<usize>q << 2)), at(vectors, 3 * q), W, cols, forces, strain, own);
    }
    if (forces != 0) {
      for (let x = 0; x < 3; x++) addScaled4(at(forces, (3 * centre + x) * W + cols), own + (<usize>(4 * x) << 3), 1);
    }
  }
}
