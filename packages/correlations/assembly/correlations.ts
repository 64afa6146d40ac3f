// AssemblyScript kernels of the SOAP power spectrum: forward, pullback, and the per-pair
// gradient work of the structure-level products (species sums, dense gradients, vector–Jacobian
// products). Caller-owned buffers only: every kernel takes pointers into the WasmInstance
// arena and allocates nothing. One source builds both binaries: under ASC_FEATURE_SIMD the
// radial index n2 is processed two doubles at a time. Sizes: S species, N = maxRadial,
// L = maxAngular + 1, K = L², NK = N·K, C = S·NK, P = S(S+1)/2 species pairs a ≤ b, F = P·N²·L.
// Layouts (f64 unless said):
//   coefficients c   [atom][s][n][k]        the density package's dense layout, k = l² + l + m
//   transposed cT    [s][k][n]               one centre, so a fixed (l, m) row of n is contiguous
//   features         [atom][p][n1][n2][l]    librascal's
//   factor           [p][l]                  f_ab / √(2l+1), f_ab = √2 for a < b
//   pair gradients   [pair][l][xyz][m][n]    as density's computePairs streams them
//   tangent rows     [row][x][p][l][n1][n2]  while accumulating; finishRows turns each F-block
//                                            into [p][n1][n2][l] (and symmetrises a = b blocks)

/** First free byte after static data; the JS arena allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

/** Index of species pair (a, b), a ≤ b, in lexicographic order. */
@inline function pairIndex(S: i32, a: i32, b: i32): i32 {
  return a * S - ((a * (a - 1)) >> 1) + b - a;
}

/** cT[s][k][n] = c[s][n][k] for one centre. */
function transposeCentre(S: i32, N: i32, K: i32, c: usize, cT: usize): void {
  for (let s = 0; s < S; s++) {
    const from = at(c, s * N * K);
    const to = at(cT, s * N * K);
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) store<f64>(at(to, k * N + n), load<f64>(at(from, n * K + k)));
    }
  }
}

/**
 * Features of `count` centres: out[atom][p][n1][n2][l] = f[p][l] · Σ_m c[a][n1][lm] c[b][n2][lm],
 * summed over m in order as the TypeScript reference does, so results agree bit for bit.
 * Scratch: cT (C doubles), tile (N² doubles).
 */
export function forward(count: i32, S: i32, N: i32, L: i32, factor: usize, c: usize, out: usize, cT: usize, tile: usize): void {
  const K = L * L;
  const NK = N * K;
  const C = S * NK;
  const NN = N * N;
  const NNL = NN * L;
  const F = ((S * (S + 1)) >> 1) * NNL;
  for (let atom = 0; atom < count; atom++) {
    transposeCentre(S, N, K, at(c, atom * C), cT);
    let p = 0;
    for (let a = 0; a < S; a++) {
      for (let b = a; b < S; b++) {
        const o = at(out, atom * F + p * NNL);
        for (let l = 0; l < L; l++) {
          const rows = l * l * N;
          if (a == b) gramSymmetric(N, 2 * l + 1, at(cT, a * NK + rows), tile);
          else gramTile(N, 2 * l + 1, at(cT, a * NK + rows), at(cT, b * NK + rows), tile);
          const f = load<f64>(at(factor, p * L + l));
          for (let n = 0; n < NN; n++) store<f64>(at(o, n * L + l), f * load<f64>(at(tile, n)));
        }
        p++;
      }
    }
  }
}

/**
 * gramTile(s, s): the n1 ≤ n2 half (rounded to pairs of columns) summed and mirrored. The
 * mirrored entries are the same products in the same order, so nothing changes but the time.
 */
function gramSymmetric(N: i32, width: i32, s: usize, tile: usize): void {
  if (!ASC_FEATURE_SIMD || (N & 1) != 0) {
    gramTile(N, width, s, s, tile);
    return;
  }
  const stride = <usize>N << 3;
  for (let n1 = 0; n1 < N; n1 += 2) {
    for (let n2 = n1; n2 < N; n2 += 2) {
      let a0 = f64x2.splat(0);
      let a1 = f64x2.splat(0);
      let sp = at(s, n1);
      let vp = at(s, n2);
      for (let m = 0; m < width; m++) {
        const v0 = v128.load(vp);
        a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(sp), v0));
        a1 = f64x2.add(a1, f64x2.mul(v128.load64_splat(sp, 8), v0));
        sp += stride;
        vp += stride;
      }
      // rows n1, n1 + 1 at columns n2, n2 + 1, and their mirror images
      v128.store(at(tile, n1 * N + n2), a0);
      v128.store(at(tile, (n1 + 1) * N + n2), a1);
      store<f64>(at(tile, n2 * N + n1), f64x2.extract_lane(a0, 0));
      store<f64>(at(tile, n2 * N + n1 + 1), f64x2.extract_lane(a1, 0));
      store<f64>(at(tile, (n2 + 1) * N + n1), f64x2.extract_lane(a0, 1));
      store<f64>(at(tile, (n2 + 1) * N + n1 + 1), f64x2.extract_lane(a1, 1));
    }
  }
}

/** tile[n1][n2] = Σ_m s[m][n1] v[m][n2] (row stride N), m in order. */
function gramTile(N: i32, width: i32, s: usize, v: usize, tile: usize): void {
  const stride = <usize>N << 3;
  let n1 = 0;
  if (ASC_FEATURE_SIMD) {
    if ((N & 7) == 0) {
      for (; n1 + 2 <= N; n1 += 2) {
        const t0 = at(tile, n1 * N);
        const t1 = t0 + stride;
        for (let n2 = 0; n2 < N; n2 += 8) {
          let a0 = f64x2.splat(0);
          let a1 = f64x2.splat(0);
          let a2 = f64x2.splat(0);
          let a3 = f64x2.splat(0);
          let b0 = f64x2.splat(0);
          let b1 = f64x2.splat(0);
          let b2 = f64x2.splat(0);
          let b3 = f64x2.splat(0);
          let sp = at(s, n1);
          let vp = at(v, n2);
          for (let m = 0; m < width; m++) {
            const s0 = v128.load64_splat(sp);
            const s1 = v128.load64_splat(sp, 8);
            const v0 = v128.load(vp);
            const v1 = v128.load(vp, 16);
            const v2 = v128.load(vp, 32);
            const v3 = v128.load(vp, 48);
            a0 = f64x2.add(a0, f64x2.mul(s0, v0));
            a1 = f64x2.add(a1, f64x2.mul(s0, v1));
            a2 = f64x2.add(a2, f64x2.mul(s0, v2));
            a3 = f64x2.add(a3, f64x2.mul(s0, v3));
            b0 = f64x2.add(b0, f64x2.mul(s1, v0));
            b1 = f64x2.add(b1, f64x2.mul(s1, v1));
            b2 = f64x2.add(b2, f64x2.mul(s1, v2));
            b3 = f64x2.add(b3, f64x2.mul(s1, v3));
            sp += stride;
            vp += stride;
          }
          const o0 = t0 + (<usize>n2 << 3);
          const o1 = t1 + (<usize>n2 << 3);
          v128.store(o0, a0);
          v128.store(o0, a1, 16);
          v128.store(o0, a2, 32);
          v128.store(o0, a3, 48);
          v128.store(o1, b0);
          v128.store(o1, b1, 16);
          v128.store(o1, b2, 32);
          v128.store(o1, b3, 48);
        }
      }
    }
  }
  for (; n1 < N; n1++) {
    let n2 = 0;
    if (ASC_FEATURE_SIMD) {
      for (; n2 + 2 <= N; n2 += 2) {
        let acc = f64x2.splat(0);
        for (let m = 0; m < width; m++) acc = f64x2.add(acc, f64x2.mul(v128.load64_splat(at(s, m * N + n1)), v128.load(at(v, m * N + n2))));
        v128.store(at(tile, n1 * N + n2), acc);
      }
    }
    for (; n2 + 4 <= N; n2 += 4) {
      let a0 = 0.0;
      let a1 = 0.0;
      let a2 = 0.0;
      let a3 = 0.0;
      let sp = at(s, n1);
      let vp = at(v, n2);
      for (let m = 0; m < width; m++) {
        const sv = load<f64>(sp);
        a0 += sv * load<f64>(vp);
        a1 += sv * load<f64>(vp, 8);
        a2 += sv * load<f64>(vp, 16);
        a3 += sv * load<f64>(vp, 24);
        sp += stride;
        vp += stride;
      }
      const t = at(tile, n1 * N + n2);
      store<f64>(t, a0);
      store<f64>(t, a1, 8);
      store<f64>(t, a2, 16);
      store<f64>(t, a3, 24);
    }
    for (; n2 < N; n2++) {
      let sum = 0.0;
      for (let m = 0; m < width; m++) sum += load<f64>(at(s, m * N + n1)) * load<f64>(at(v, m * N + n2));
      store<f64>(at(tile, n1 * N + n2), sum);
    }
  }
}

/**
 * Jᵀ of the features for `count` centres: gcT[atom][s][k][n] = Σ_f gX[atom][f] ∂X_f/∂c[s][n][k]
 * (overwritten; note the transposed [k][n] layout, which pairDots reads contiguously).
 * Scratch: cT (C doubles), w (N doubles).
 */
export function pullback(count: i32, S: i32, N: i32, L: i32, factor: usize, c: usize, gX: usize, gcT: usize, cT: usize, w: usize): void {
  const K = L * L;
  const NK = N * K;
  const C = S * NK;
  const NNL = N * N * L;
  const F = ((S * (S + 1)) >> 1) * NNL;
  for (let atom = 0; atom < count; atom++) {
    transposeCentre(S, N, K, at(c, atom * C), cT);
    const out = at(gcT, atom * C);
    memory.fill(out, 0, <usize>C << 3);
    const g = at(gX, atom * F);
    let p = 0;
    for (let a = 0; a < S; a++) {
      for (let b = a; b < S; b++) {
        const ta = at(cT, a * NK);
        const tb = at(cT, b * NK);
        const oa = at(out, a * NK);
        const ob = at(out, b * NK);
        for (let l = 0; l < L; l++) {
          const f = load<f64>(at(factor, p * L + l));
          for (let n1 = 0; n1 < N; n1++) {
            // w[n2] = f · gX[p][n1][n2][l]
            for (let n2 = 0; n2 < N; n2++) store<f64>(at(w, n2), f * load<f64>(at(g, p * NNL + (n1 * N + n2) * L + l)));
            for (let k = l * l; k < (l + 1) * (l + 1); k++) {
              const row = k * N;
              const can = load<f64>(at(ta, row + n1));
              let dot = 0.0;
              let n2 = 0;
              if (ASC_FEATURE_SIMD) {
                let acc = f64x2.splat(0);
                const vca = f64x2.splat(can);
                for (; n2 + 2 <= N; n2 += 2) {
                  const wv = v128.load(at(w, n2));
                  acc = f64x2.add(acc, f64x2.mul(wv, v128.load(at(tb, row + n2))));
                  const target = at(ob, row + n2);
                  v128.store(target, f64x2.add(v128.load(target), f64x2.mul(wv, vca)));
                }
                dot = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
              }
              for (; n2 < N; n2++) {
                const wn = load<f64>(at(w, n2));
                dot += wn * load<f64>(at(tb, row + n2));
                const target = at(ob, row + n2);
                store<f64>(target, load<f64>(target) + wn * can);
              }
              const own = at(oa, row + n1);
              store<f64>(own, load<f64>(own) + dot);
            }
          }
        }
        p++;
      }
    }
  }
}

/**
 * Adds, for each of `count` pairs q (centre i = centres[q], neighbour type t = types[q]),
 * J_i · ∂c_i/∂r_ij into tangent rows: +1 into positions row rowPlus[q], −1 into row rowMinus[q]
 * (rows < 0, or positions = 0, are skipped), and r_ij,a times it into strain row rowStrain[q]
 * (when strain ≠ 0).
 * Rows are 3F (positions: [x]) or 9F (strain: [a][x]) doubles in the accumulation layout.
 * A block (t, t) receives only dc_t ⊗ c_t: finishRows adds its transpose, which is the other
 * half of the product rule (linear, so it can wait until every pair is in).
 * Pairs are taken in order; cT (C doubles of scratch) is rebuilt when the centre changes.
 */
export function pairTangents(
  count: i32, S: i32, N: i32, L: i32, factor: usize, c: usize,
  centres: usize, types: usize, grads: usize, rowPlus: usize, rowMinus: usize, rowStrain: usize, vectors: usize,
  positions: usize, strain: usize, cT: usize,
): void {
  const K = L * L;
  const NK = N * K;
  const C = S * NK;
  const NN = N * N;
  const NNL = NN * L;
  const F = ((S * (S + 1)) >> 1) * NNL;
  let last = -1;
  for (let q = 0; q < count; q++) {
    const i = load<i32>(centres + (<usize>q << 2));
    if (i != last) {
      transposeCentre(S, N, K, at(c, i * C), cT);
      last = i;
    }
    const t = load<i32>(types + (<usize>q << 2));
    const g = at(grads, q * 3 * NK);
    const plus = load<i32>(rowPlus + (<usize>q << 2));
    const minus = load<i32>(rowMinus + (<usize>q << 2));
    const srow = load<i32>(rowStrain + (<usize>q << 2));
    const pp: usize = positions != 0 && plus >= 0 ? at(positions, plus * 3 * F) : 0;
    const pm: usize = positions != 0 && minus >= 0 ? at(positions, minus * 3 * F) : 0;
    const ps: usize = strain != 0 && srow >= 0 ? at(strain, srow * 9 * F) : 0;
    if (pp == 0 && pm == 0 && ps == 0) continue;
    const r0 = load<f64>(at(vectors, 3 * q));
    const r1 = load<f64>(at(vectors, 3 * q + 1));
    const r2 = load<f64>(at(vectors, 3 * q + 2));
    for (let b = 0; b < S; b++) {
      // block (t, b) for t ≤ b: dc_t[n1] ⊗ c_b[n2]; block (b, t) for b < t: c_b[n1] ⊗ dc_t[n2]
      const p = t <= b ? pairIndex(S, t, b) : pairIndex(S, b, t);
      const tb = at(cT, b * NK);
      for (let l = 0; l < L; l++) {
        const f = load<f64>(at(factor, p * L + l));
        const width = 2 * l + 1;
        const cl = at(tb, l * l * N);
        for (let x = 0; x < 3; x++) {
          const gx = at(g, 3 * N * l * l + x * width * N);
          const splatFrom = t <= b ? gx : cl;
          const vectorFrom = t <= b ? cl : gx;
          const off = x * F + p * NNL + l * NN;
          addOuter(N, width, f, splatFrom, vectorFrom, pp, pm, ps, off, F, r0, r1, r2);
        }
      }
    }
  }
}

/**
 * For the N×N tile at element offset `off` of the rows: w[n1][n2] = f Σ_m s[m][n1] v[m][n2]
 * (row stride N), added to pp, subtracted from pm, and r_a·w added to ps's [a][x] blocks.
 */
@inline function addOuter(
  N: i32, width: i32, f: f64, s: usize, v: usize, pp: usize, pm: usize, ps: usize, off: i32, F: i32, r0: f64, r1: f64, r2: f64,
): void {
  let n1 = 0;
  const stride = <usize>N << 3;
  if (ASC_FEATURE_SIMD) {
    if ((N & 7) == 0) {
      // two rows n1 × eight columns n2 per step: eight accumulators share each row of v
      const vf = f64x2.splat(f);
      for (; n1 + 2 <= N; n1 += 2) {
        const o0 = off + n1 * N;
        const o1 = o0 + N;
        for (let n2 = 0; n2 < N; n2 += 8) {
          let a0 = f64x2.splat(0);
          let a1 = f64x2.splat(0);
          let a2 = f64x2.splat(0);
          let a3 = f64x2.splat(0);
          let b0 = f64x2.splat(0);
          let b1 = f64x2.splat(0);
          let b2 = f64x2.splat(0);
          let b3 = f64x2.splat(0);
          let sp = at(s, n1);
          let vp = at(v, n2);
          for (let m = 0; m < width; m++) {
            const s0 = v128.load64_splat(sp);
            const s1 = v128.load64_splat(sp, 8);
            const v0 = v128.load(vp);
            const v1 = v128.load(vp, 16);
            const v2 = v128.load(vp, 32);
            const v3 = v128.load(vp, 48);
            a0 = f64x2.add(a0, f64x2.mul(s0, v0));
            a1 = f64x2.add(a1, f64x2.mul(s0, v1));
            a2 = f64x2.add(a2, f64x2.mul(s0, v2));
            a3 = f64x2.add(a3, f64x2.mul(s0, v3));
            b0 = f64x2.add(b0, f64x2.mul(s1, v0));
            b1 = f64x2.add(b1, f64x2.mul(s1, v1));
            b2 = f64x2.add(b2, f64x2.mul(s1, v2));
            b3 = f64x2.add(b3, f64x2.mul(s1, v3));
            sp += stride;
            vp += stride;
          }
          scatter2(f64x2.mul(a0, vf), pp, pm, ps, o0 + n2, F, r0, r1, r2);
          scatter2(f64x2.mul(a1, vf), pp, pm, ps, o0 + n2 + 2, F, r0, r1, r2);
          scatter2(f64x2.mul(a2, vf), pp, pm, ps, o0 + n2 + 4, F, r0, r1, r2);
          scatter2(f64x2.mul(a3, vf), pp, pm, ps, o0 + n2 + 6, F, r0, r1, r2);
          scatter2(f64x2.mul(b0, vf), pp, pm, ps, o1 + n2, F, r0, r1, r2);
          scatter2(f64x2.mul(b1, vf), pp, pm, ps, o1 + n2 + 2, F, r0, r1, r2);
          scatter2(f64x2.mul(b2, vf), pp, pm, ps, o1 + n2 + 4, F, r0, r1, r2);
          scatter2(f64x2.mul(b3, vf), pp, pm, ps, o1 + n2 + 6, F, r0, r1, r2);
        }
      }
    }
  }
  for (; n1 < N; n1++) {
    const o = off + n1 * N;
    let n2 = 0;
    if (ASC_FEATURE_SIMD) {
      const vf = f64x2.splat(f);
      for (; n2 + 8 <= N; n2 += 8) {
        let a0 = f64x2.splat(0);
        let a1 = f64x2.splat(0);
        let a2 = f64x2.splat(0);
        let a3 = f64x2.splat(0);
        for (let m = 0; m < width; m++) {
          const sv = f64x2.splat(load<f64>(at(s, m * N + n1)));
          const vr = at(v, m * N + n2);
          a0 = f64x2.add(a0, f64x2.mul(sv, v128.load(vr)));
          a1 = f64x2.add(a1, f64x2.mul(sv, v128.load(vr, 16)));
          a2 = f64x2.add(a2, f64x2.mul(sv, v128.load(vr, 32)));
          a3 = f64x2.add(a3, f64x2.mul(sv, v128.load(vr, 48)));
        }
        scatter2(f64x2.mul(a0, vf), pp, pm, ps, o + n2, F, r0, r1, r2);
        scatter2(f64x2.mul(a1, vf), pp, pm, ps, o + n2 + 2, F, r0, r1, r2);
        scatter2(f64x2.mul(a2, vf), pp, pm, ps, o + n2 + 4, F, r0, r1, r2);
        scatter2(f64x2.mul(a3, vf), pp, pm, ps, o + n2 + 6, F, r0, r1, r2);
      }
      for (; n2 + 2 <= N; n2 += 2) {
        let a0 = f64x2.splat(0);
        for (let m = 0; m < width; m++) {
          a0 = f64x2.add(a0, f64x2.mul(f64x2.splat(load<f64>(at(s, m * N + n1))), v128.load(at(v, m * N + n2))));
        }
        scatter2(f64x2.mul(a0, vf), pp, pm, ps, o + n2, F, r0, r1, r2);
      }
    }
    // scalar: four columns per step share each load of s
    for (; n2 + 4 <= N; n2 += 4) {
      let a0 = 0.0;
      let a1 = 0.0;
      let a2 = 0.0;
      let a3 = 0.0;
      let sp = at(s, n1);
      let vp = at(v, n2);
      for (let m = 0; m < width; m++) {
        const sv = load<f64>(sp);
        a0 += sv * load<f64>(vp);
        a1 += sv * load<f64>(vp, 8);
        a2 += sv * load<f64>(vp, 16);
        a3 += sv * load<f64>(vp, 24);
        sp += stride;
        vp += stride;
      }
      scatter1(f * a0, pp, pm, ps, o + n2, F, r0, r1, r2);
      scatter1(f * a1, pp, pm, ps, o + n2 + 1, F, r0, r1, r2);
      scatter1(f * a2, pp, pm, ps, o + n2 + 2, F, r0, r1, r2);
      scatter1(f * a3, pp, pm, ps, o + n2 + 3, F, r0, r1, r2);
    }
    for (; n2 < N; n2++) {
      let sum = 0.0;
      for (let m = 0; m < width; m++) sum += load<f64>(at(s, m * N + n1)) * load<f64>(at(v, m * N + n2));
      scatter1(f * sum, pp, pm, ps, o + n2, F, r0, r1, r2);
    }
  }
}

@inline function scatter1(w: f64, pp: usize, pm: usize, ps: usize, e: i32, F: i32, r0: f64, r1: f64, r2: f64): void {
  if (pp != 0) addTo(at(pp, e), w);
  if (pm != 0) addTo(at(pm, e), -w);
  if (ps != 0) {
    addTo(at(ps, e), r0 * w);
    addTo(at(ps, 3 * F + e), r1 * w);
    addTo(at(ps, 6 * F + e), r2 * w);
  }
}

@inline function scatter2(w: v128, pp: usize, pm: usize, ps: usize, e: i32, F: i32, r0: f64, r1: f64, r2: f64): void {
  if (pp != 0) {
    const t = at(pp, e);
    v128.store(t, f64x2.add(v128.load(t), w));
  }
  if (pm != 0) {
    const t = at(pm, e);
    v128.store(t, f64x2.sub(v128.load(t), w));
  }
  if (ps != 0) {
    const t0 = at(ps, e);
    v128.store(t0, f64x2.add(v128.load(t0), f64x2.mul(f64x2.splat(r0), w)));
    const t1 = at(ps, 3 * F + e);
    v128.store(t1, f64x2.add(v128.load(t1), f64x2.mul(f64x2.splat(r1), w)));
    const t2 = at(ps, 6 * F + e);
    v128.store(t2, f64x2.add(v128.load(t2), f64x2.mul(f64x2.splat(r2), w)));
  }
}

/**
 * Turns `blocks` F-blocks (accumulation layout [p][l][n1][n2]) into librascal's [p][n1][n2][l],
 * adding to each a = b tile its transpose first. scratch: N²·L doubles.
 */
export function finishRows(blocks: i32, S: i32, N: i32, L: i32, rows: usize, scratch: usize): void {
  const NN = N * N;
  const NNL = NN * L;
  const F = ((S * (S + 1)) >> 1) * NNL;
  for (let k = 0; k < blocks; k++) {
    let p = 0;
    for (let a = 0; a < S; a++) {
      for (let b = a; b < S; b++) {
        const block = at(rows, k * F + p * NNL);
        for (let l = 0; l < L; l++) {
          const tile = at(block, l * NN);
          if (a == b) {
            for (let n1 = 0; n1 < N; n1++) {
              const d = at(tile, n1 * N + n1);
              store<f64>(d, 2 * load<f64>(d));
              for (let n2 = n1 + 1; n2 < N; n2++) {
                const u = at(tile, n1 * N + n2);
                const v = at(tile, n2 * N + n1);
                const sum = load<f64>(u) + load<f64>(v);
                store<f64>(u, sum);
                store<f64>(v, sum);
              }
            }
          }
          for (let n = 0; n < NN; n++) store<f64>(at(scratch, n * L + l), load<f64>(at(tile, n)));
        }
        memory.copy(block, scratch, <usize>NNL << 3);
        p++;
      }
    }
  }
}

/**
 * The per-pair half of a vector–Jacobian product: with gcT = pullback(g) ([atom][s][k][n]),
 * d_x = Σ_{l,m,n} gcT[i][t][lm][n] · ∂c/∂r_ij,x[l][x][m][n], then positions[j] += d and
 * positions[i] −= d when rowPlus[q] = j ≥ 0 (j < 0 for an image of the centre), and
 * strain[a][b] += r_a d_b.
 */
export function pairDots(
  count: i32, S: i32, N: i32, L: i32, gcT: usize, centres: usize, types: usize, grads: usize, rowPlus: usize, vectors: usize,
  positions: usize, strain: usize,
): void {
  const K = L * L;
  const NK = N * K;
  const C = S * NK;
  for (let q = 0; q < count; q++) {
    const i = load<i32>(centres + (<usize>q << 2));
    const t = load<i32>(types + (<usize>q << 2));
    const g = at(grads, q * 3 * NK);
    const base = at(gcT, i * C + t * NK);
    let d0 = 0.0;
    let d1 = 0.0;
    let d2 = 0.0;
    for (let l = 0; l < L; l++) {
      const length = (2 * l + 1) * N;
      const gc = at(base, l * l * N);
      const gl = at(g, 3 * N * l * l);
      d0 += dot(gc, gl, length);
      d1 += dot(gc, at(gl, length), length);
      d2 += dot(gc, at(gl, 2 * length), length);
    }
    const j = load<i32>(rowPlus + (<usize>q << 2));
    if (j >= 0) {
      addTo(at(positions, 3 * j), d0);
      addTo(at(positions, 3 * j + 1), d1);
      addTo(at(positions, 3 * j + 2), d2);
      addTo(at(positions, 3 * i), -d0);
      addTo(at(positions, 3 * i + 1), -d1);
      addTo(at(positions, 3 * i + 2), -d2);
    }
    for (let a = 0; a < 3; a++) {
      const ra = load<f64>(at(vectors, 3 * q + a));
      addTo(at(strain, 3 * a), ra * d0);
      addTo(at(strain, 3 * a + 1), ra * d1);
      addTo(at(strain, 3 * a + 2), ra * d2);
    }
  }
}

@inline function addTo(ptr: usize, value: f64): void {
  store<f64>(ptr, load<f64>(ptr) + value);
}

@inline function dot(a: usize, b: usize, length: i32): f64 {
  let sum = 0.0;
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    let acc = f64x2.splat(0);
    for (; k + 2 <= length; k += 2) acc = f64x2.add(acc, f64x2.mul(v128.load(at(a, k)), v128.load(at(b, k))));
    sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  }
  for (; k < length; k++) sum += load<f64>(at(a, k)) * load<f64>(at(b, k));
  return sum;
}
