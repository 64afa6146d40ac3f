// AssemblyScript kernels of the density expansion. Caller-owned buffers: every kernel takes
// pointers into the WasmInstance arena and allocates nothing. One source builds both
// binaries: under ASC_FEATURE_SIMD the contiguous (l, m) rows are processed two doubles
// at a time. Layouts (all f64 unless said):
//   radial I, dI   [pair][n][l]           (N × L values per pair, L = lMax + 1)
//   Y              [pair][lm]             (K = L² harmonics, index l² + l + m)
//   dY             [pair][xyz][lm]
//   values         c[row][n][lm], row offsets per pair given as i32 element offsets
//   gradients out  [pair][l][xyz][m][n]   (the TensorMap gradient blocks' order, l after l)

/** First free byte after static data; the JS arena allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * librascal's natural cubic spline of the radial integral (see src/radial/spline.ts):
 * evaluated on the interval librascal's lookup picks, values and (if dOut ≠ 0) derivatives.
 */
export function naturalSpline(
  count: i32, r: usize, size: i32, start: f64, pointsPerUnit: f64, lastInterval: i32, h: f64,
  grid: usize, y: usize, s: usize, out: usize, dOut: usize,
): void {
  const invH = 1.0 / h;
  for (let p = 0; p < count; p++) {
    const x = load<f64>(r + (<usize>p << 3));
    let k = <i32>Math.trunc((x - start) * pointsPerUnit) - 1;
    if (k > lastInterval) k = lastInterval;
    if (k < 0) k = 0;
    const a = (load<f64>(grid + (<usize>(k + 1) << 3)) - x) * invH;
    const b = 1.0 - a;
    const ca = a * a - 1.0;
    const cb = b * b - 1.0;
    const lo = <usize>(k * size) << 3;
    const hi = <usize>((k + 1) * size) << 3;
    const o = out + (<usize>(p * size) << 3);
    const yLo = y + lo;
    const yHi = y + hi;
    const sLo = s + lo;
    const sHi = s + hi;
    let e = 0;
    if (ASC_FEATURE_SIMD) {
      const va = f64x2.splat(a);
      const vb = f64x2.splat(b);
      const vca = f64x2.splat(ca);
      const vcb = f64x2.splat(cb);
      for (; e + 2 <= size; e += 2) {
        const off = <usize>e << 3;
        const left = f64x2.mul(va, f64x2.add(v128.load(yLo + off), f64x2.mul(vca, v128.load(sLo + off))));
        const right = f64x2.mul(vb, f64x2.add(v128.load(yHi + off), f64x2.mul(vcb, v128.load(sHi + off))));
        v128.store(o + off, f64x2.add(left, right));
      }
    }
    for (; e < size; e++) {
      const off = <usize>e << 3;
      store<f64>(o + off, a * (load<f64>(yLo + off) + ca * load<f64>(sLo + off)) + b * (load<f64>(yHi + off) + cb * load<f64>(sHi + off)));
    }
    if (dOut != 0) {
      const da = 3.0 * a * a - 1.0;
      const db = 3.0 * b * b - 1.0;
      const d = dOut + (<usize>(p * size) << 3);
      for (let e2 = 0; e2 < size; e2++) {
        const off = <usize>e2 << 3;
        store<f64>(d + off, (load<f64>(yHi + off) - load<f64>(yLo + off) - da * load<f64>(sLo + off) + db * load<f64>(sHi + off)) * invH);
      }
    }
  }
}

/**
 * Cubic Hermite spline on a uniform grid (x0, step h, `intervals` intervals) through values y and
 * derivatives d (node-major, `size` per node): values and (if dOut ≠ 0) derivatives at each r.
 */
export function hermiteSpline(
  count: i32, r: usize, size: i32, x0: f64, h: f64, intervals: i32, y: usize, d: usize, out: usize, dOut: usize,
): void {
  const invH = 1.0 / h;
  for (let p = 0; p < count; p++) {
    const x = load<f64>(r + (<usize>p << 3));
    let k = <i32>Math.floor((x - x0) * invH);
    if (k > intervals - 1) k = intervals - 1;
    if (k < 0) k = 0;
    const t = (x - (x0 + <f64>k * h)) * invH;
    const t2 = t * t;
    const t3 = t2 * t;
    const h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
    const h10 = (t3 - 2.0 * t2 + t) * h;
    const h01 = -2.0 * t3 + 3.0 * t2;
    const h11 = (t3 - t2) * h;
    const lo = <usize>(k * size) << 3;
    const hi = <usize>((k + 1) * size) << 3;
    const o = out + (<usize>(p * size) << 3);
    for (let e = 0; e < size; e++) {
      const off = <usize>e << 3;
      store<f64>(o + off, h00 * load<f64>(y + lo + off) + h10 * load<f64>(d + lo + off) + h01 * load<f64>(y + hi + off) + h11 * load<f64>(d + hi + off));
    }
    if (dOut != 0) {
      const g00 = (6.0 * t2 - 6.0 * t) * invH;
      const g10 = 3.0 * t2 - 4.0 * t + 1.0;
      const g11 = 3.0 * t2 - 2.0 * t;
      const o2 = dOut + (<usize>(p * size) << 3);
      for (let e = 0; e < size; e++) {
        const off = <usize>e << 3;
        store<f64>(o2 + off, g00 * (load<f64>(y + lo + off) - load<f64>(y + hi + off)) + g10 * load<f64>(d + lo + off) + g11 * load<f64>(d + hi + off));
      }
    }
  }
}

/** Spreads per-(n, l) radial numbers times `scale` over the K = L² (l, m) slots of each n: out[n][lm]. */
// @ts-ignore: decorator
@inline
function spread(radial: usize, N: i32, L: i32, scale: f64, out: usize): void {
  const K = L * L;
  for (let n = 0; n < N; n++) {
    const row = radial + (<usize>(n * L) << 3);
    const o = out + (<usize>(n * K) << 3);
    for (let l = 0; l < L; l++) {
      const v = scale * load<f64>(row + (<usize>l << 3));
      for (let lm = l * l; lm < (l + 1) * (l + 1); lm++) store<f64>(o + (<usize>lm << 3), v);
    }
  }
}

/**
 * values[base[p] + n·K + lm] += w[p] · I[p][n][l] · Y[p][lm] for every pair p.
 * `scratch` holds N·K doubles.
 */
export function accumulateValues(
  count: i32, N: i32, L: i32, w: usize, radial: usize, Y: usize, base: usize, values: usize, scratch: usize,
): void {
  const K = L * L;
  const NL = N * L;
  for (let p = 0; p < count; p++) {
    const weight = load<f64>(w + (<usize>p << 3));
    if (weight == 0.0) continue;
    spread(radial + (<usize>(p * NL) << 3), N, L, weight, scratch);
    const y = Y + (<usize>(p * K) << 3);
    const out = values + (<usize>load<i32>(base + (<usize>p << 2)) << 3);
    for (let n = 0; n < N; n++) {
      const a = scratch + (<usize>(n * K) << 3);
      const o = out + (<usize>(n * K) << 3);
      let lm = 0;
      if (ASC_FEATURE_SIMD) {
        for (; lm + 2 <= K; lm += 2) {
          const off = <usize>lm << 3;
          v128.store(o + off, f64x2.add(v128.load(o + off), f64x2.mul(v128.load(a + off), v128.load(y + off))));
        }
      }
      for (; lm < K; lm++) {
        const off = <usize>lm << 3;
        store<f64>(o + off, load<f64>(o + off) + load<f64>(a + off) * load<f64>(y + off));
      }
    }
  }
}

/**
 * Pair p's derivative with respect to r_ij (u = r̂_ij), in the block layout of the TensorMap
 * gradients: out[p][l][x][m][n] at p·3NK + 3N·l² + (x(2l+1) + m)·N + n, equal to
 * d(w I_nl)/dr · u_x · Y_lm + w I_nl · ∂Y_lm/∂r_x. `scratch` holds 2·N·L doubles.
 */
export function pairGradients(
  count: i32, N: i32, L: i32, w: usize, dw: usize, radial: usize, dRadial: usize,
  unit: usize, Y: usize, dY: usize, out: usize, scratch: usize,
): void {
  const K = L * L;
  const NL = N * L;
  const NK = N * K;
  // A[l][n] = w I, B[l][n] = dw I + w dI: contiguous in n, the SIMD direction
  const A = scratch;
  const B = scratch + (<usize>NL << 3);
  for (let p = 0; p < count; p++) {
    const weight = load<f64>(w + (<usize>p << 3));
    const slope = load<f64>(dw + (<usize>p << 3));
    const o = out + (<usize>(p * 3 * NK) << 3);
    if (weight == 0.0 && slope == 0.0) {
      memory.fill(o, 0, <usize>(3 * NK) << 3);
      continue;
    }
    const I = radial + (<usize>(p * NL) << 3);
    const dI = dRadial + (<usize>(p * NL) << 3);
    for (let n = 0; n < N; n++) {
      for (let l = 0; l < L; l++) {
        const from = <usize>(n * L + l) << 3;
        const to = <usize>(l * N + n) << 3;
        const i = load<f64>(I + from);
        store<f64>(A + to, weight * i);
        store<f64>(B + to, slope * i + weight * load<f64>(dI + from));
      }
    }
    const y = Y + (<usize>(p * K) << 3);
    const dy = dY + (<usize>(p * 3 * K) << 3);
    const u = unit + (<usize>(3 * p) << 3);
    for (let l = 0; l < L; l++) {
      const width = 2 * l + 1;
      const a = A + (<usize>(l * N) << 3);
      const b = B + (<usize>(l * N) << 3);
      const ol = o + (<usize>(3 * N * l * l) << 3);
      for (let x = 0; x < 3; x++) {
        const ux = load<f64>(u + (<usize>x << 3));
        for (let m = 0; m < width; m++) {
          const lm = l * l + m;
          const c1 = ux * load<f64>(y + (<usize>lm << 3));
          const c2 = load<f64>(dy + (<usize>(x * K + lm) << 3));
          const row = ol + (<usize>((x * width + m) * N) << 3);
          let n = 0;
          if (ASC_FEATURE_SIMD) {
            const v1 = f64x2.splat(c1);
            const v2 = f64x2.splat(c2);
            for (; n + 2 <= N; n += 2) {
              const off = <usize>n << 3;
              v128.store(row + off, f64x2.add(f64x2.mul(v128.load(b + off), v1), f64x2.mul(v128.load(a + off), v2)));
            }
          }
          for (; n < N; n++) {
            const off = <usize>n << 3;
            store<f64>(row + off, load<f64>(b + off) * c1 + load<f64>(a + off) * c2);
          }
        }
      }
    }
  }
}

/**
 * Per-centre sums over the pairs of a chunk, one slot per (centre, neighbour type) met in it: at
 * slot·12NK, the strain sums Σ_p r_a ∂c/∂r_b laid out [l][a][b][m][n] (9N·l² + ((3a+b)(2l+1) + m)·N + n),
 * then at slot·12NK + 9NK the gradient sums Σ_p ∂c/∂r laid out [l][x][m][n] as pairGradients.
 * slot[p] = s ≥ 0: pair p enters both sums of slot s; s ≤ −2: only the strain sums of slot −2 − s
 * (an image of the centre, which moves with it); −1: neither.
 */
export function centreSums(count: i32, N: i32, L: i32, vectors: usize, out: usize, slot: usize, acc: usize, nSlots: i32): void {
  const K = L * L;
  const NK = N * K;
  memory.fill(acc, 0, <usize>(nSlots * 12 * NK) << 3);
  for (let p = 0; p < count; p++) {
    let s = load<i32>(slot + (<usize>p << 2));
    if (s == -1) continue;
    const withSum = s >= 0;
    if (!withSum) s = -2 - s;
    const g = out + (<usize>(p * 3 * NK) << 3);
    const a0 = acc + (<usize>(s * 12 * NK) << 3);
    if (withSum) addInto(a0 + (<usize>(9 * NK) << 3), g, 3 * NK);
    for (let l = 0; l < L; l++) {
      const size = (2 * l + 1) * N;
      const src = g + (<usize>(3 * N * l * l) << 3);
      const dst = a0 + (<usize>(9 * N * l * l) << 3);
      for (let a = 0; a < 3; a++) {
        const ra = load<f64>(vectors + (<usize>(3 * p + a) << 3));
        for (let b = 0; b < 3; b++) {
          const d = dst + (<usize>((3 * a + b) * size) << 3);
          const from = src + (<usize>(b * size) << 3);
          let k = 0;
          if (ASC_FEATURE_SIMD) {
            const vr = f64x2.splat(ra);
            for (; k + 2 <= size; k += 2) {
              const off = <usize>k << 3;
              v128.store(d + off, f64x2.add(v128.load(d + off), f64x2.mul(vr, v128.load(from + off))));
            }
          }
          for (; k < size; k++) {
            const off = <usize>k << 3;
            store<f64>(d + off, load<f64>(d + off) + ra * load<f64>(from + off));
          }
        }
      }
    }
  }
}

/** d[k] += s[k] for k < length. */
// @ts-ignore: decorator
@inline
function addInto(d: usize, s: usize, length: i32): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    for (; k + 2 <= length; k += 2) {
      const off = <usize>k << 3;
      v128.store(d + off, f64x2.add(v128.load(d + off), v128.load(s + off)));
    }
  }
  for (; k < length; k++) {
    const off = <usize>k << 3;
    store<f64>(d + off, load<f64>(d + off) + load<f64>(s + off));
  }
}

// ------------------------------------------------------------ exact GTO radial integral
// The same algorithm as src/radial/gto-kummer.ts and gto.ts (read the comments there), on the tables
// built there: per n, e^{−a r²}₁F₁ and e^{−a r²}₁F₁(α+1; β+1) directly at the two top l (tabulated
// asymptotic expansion above a precomputed z, else the power series giving both from one term chain),
// the other l by the downward contiguous recurrence; then the raw integrals, their r-derivatives,
// and S^{−1/2}·diag(N/4).

const EPS: f64 = 1e-17;
const RESCALE: f64 = 1e250;
const LOG_RESCALE: f64 = 575.6462732485114; // ln 1e250
const MAX_SERIES_TERMS: i32 = 1000000;
const START_HEADER: i32 = 6;
const NL_STRIDE: i32 = 5;

/**
 * One direct start: the (α, β) entry at `at` (START_HEADER doubles, `terms` c_k of α, `terms` of α+1,
 * `seriesTerms` series ratios), stored at G[l], P[l]. m = n − l (z^{α−β} = √z^m). Returns 0, or 1 if the series failed.
 */
function directStart(at: usize, terms: i32, seriesTerms: i32, m: i32, z: f64, decay: f64, G: usize, P: usize): i32 {
  if (z == 0.0) {
    store<f64>(G, 1.0);
    store<f64>(P, 1.0);
    return 0;
  }
  const a = load<f64>(at);
  const b = load<f64>(at + 8);
  if (z > load<f64>(at + 16)) {
    const w = 1.0 / z;
    const cV = at + (<usize>START_HEADER << 3);
    const cP = cV + (<usize>terms << 3);
    let wk: f64 = 1.0;
    let sV: f64 = 1.0;
    let sP: f64 = 1.0;
    for (let k = 1; k < terms; k++) {
      wk *= w;
      const tV = load<f64>(cV + (<usize>k << 3)) * wk;
      const tP = load<f64>(cP + (<usize>k << 3)) * wk;
      sV += tV;
      sP += tP;
      if (Math.abs(tV) <= EPS * Math.abs(sV) && Math.abs(tP) <= EPS * Math.abs(sP)) {
        const root = m >= 0 ? Math.sqrt(z) : 1.0 / Math.sqrt(z);
        let power: f64 = 1.0;
        for (let j = m >= 0 ? m : -m; j > 0; j--) power *= root;
        const common = power * decay;
        store<f64>(G, load<f64>(at + 24) * common * sV);
        store<f64>(P, load<f64>(at + 32) * common * sP);
        return 0;
      }
    }
  }
  let term: f64 = 1.0;
  let sum: f64 = 1.0;
  let sumK: f64 = 0.0;
  let logScale: f64 = 0.0;
  const ratios = at + (<usize>(START_HEADER + 2 * terms) << 3);
  const count = <i32>load<f64>(at + 40);
  if (count > 0 && z <= load<f64>(at + 16)) {
    // a known number of terms (tabulated from the switch point down): no tests
    for (let k = 0; k < count; k++) {
      term *= load<f64>(ratios + (<usize>k << 3)) * z;
      sum += term;
      sumK += <f64>(k + 1) * term;
    }
    const scale = Math.exp(-z) * decay;
    store<f64>(G, sum * scale);
    store<f64>(P, (b / (a * z)) * sumK * scale);
    return 0;
  }
  for (let k = 0; k < MAX_SERIES_TERMS; k++) {
    const kk = <f64>k;
    const ratio = (k < seriesTerms ? load<f64>(ratios + (<usize>k << 3)) : (a + kk) / ((b + kk) * (kk + 1.0))) * z;
    term *= ratio;
    sum += term;
    const kTerm = (kk + 1.0) * term;
    sumK += kTerm;
    if (term <= EPS * sum && kTerm <= EPS * sumK && ratio < 1.0) {
      const scale = Math.exp(logScale - z) * decay;
      store<f64>(G, sum * scale);
      store<f64>(P, (b / (a * z)) * sumK * scale);
      return 0;
    }
    if (sum > RESCALE) {
      sum /= RESCALE;
      sumK /= RESCALE;
      term /= RESCALE;
      logScale += LOG_RESCALE;
    }
  }
  store<f64>(G, NaN);
  store<f64>(P, NaN);
  return 1;
}

/** (f64 at lo, f64 at hi) as one vector. */
// @ts-ignore: decorator
@inline
function lanes(lo: usize, hi: usize): v128 {
  return v128.load64_lane(hi, f64x2.splat(load<f64>(lo)), 1);
}

/** |x| ≤ EPS·|s| in both lanes. */
// @ts-ignore: decorator
@inline
function negligible(x: v128, s: v128): bool {
  return i64x2.all_true(f64x2.le(f64x2.abs(x), f64x2.mul(f64x2.splat(EPS), f64x2.abs(s))));
}

/**
 * directStart for the two starts of one n together (l = lMax at at0 in lane 1, l = lMax − 1 at at1 in
 * lane 0, so that G[lMax−1], G[lMax] are stored as one vector), when both take the asymptotic expansion
 * (converging within the tabulated terms) or both the series with a tabulated term count. m = n − lMax. Returns false (nothing
 * stored) otherwise: the caller then evaluates them one by one.
 */
function directBoth(at0: usize, at1: usize, terms: i32, seriesTerms: i32, m: i32, z: f64, decay: f64, G: usize, P: usize): bool {
  if (!ASC_FEATURE_SIMD || z == 0.0) return false;
  const asymptotic0 = z > load<f64>(at0 + 16);
  if (asymptotic0 != z > load<f64>(at1 + 16)) return false;
  if (asymptotic0) {
    const w = 1.0 / z;
    const offV = <usize>START_HEADER << 3;
    const offP = offV + (<usize>terms << 3);
    let wk: f64 = 1.0;
    let sV = f64x2.splat(1.0);
    let sP = f64x2.splat(1.0);
    for (let k = 1; k < terms; k++) {
      wk *= w;
      const vwk = f64x2.splat(wk);
      const off = <usize>k << 3;
      const tV = f64x2.mul(lanes(at1 + offV + off, at0 + offV + off), vwk);
      const tP = f64x2.mul(lanes(at1 + offP + off, at0 + offP + off), vwk);
      sV = f64x2.add(sV, tV);
      sP = f64x2.add(sP, tP);
      if (negligible(tV, sV) && negligible(tP, sP)) {
        // z^{α−β} = √z^m at l = lMax (lane 1), √z^{m+1} at lMax − 1 (lane 0)
        const root = Math.sqrt(z);
        const base = m >= 0 ? root : 1.0 / root;
        let power: f64 = 1.0;
        for (let j = m >= 0 ? m : -m; j > 0; j--) power *= base;
        const common = power * decay;
        const factor = f64x2.replace_lane(f64x2.splat(common), 0, common * root);
        const cV = lanes(at1 + 24, at0 + 24);
        const cP = lanes(at1 + 32, at0 + 32);
        v128.store(G, f64x2.mul(f64x2.mul(cV, factor), sV));
        v128.store(P, f64x2.mul(f64x2.mul(cP, factor), sP));
        return true;
      }
    }
    return false;
  }
  // both below their switch: the series, to the larger tabulated term count (extra terms are below EPS)
  const c0 = <i32>load<f64>(at0 + 40);
  const c1 = <i32>load<f64>(at1 + 40);
  if (c0 == 0 || c1 == 0) return false;
  const count = c0 > c1 ? c0 : c1;
  const offR = <usize>(START_HEADER + 2 * terms) << 3;
  const vz = f64x2.splat(z);
  const one = f64x2.splat(1.0);
  let term = one;
  let sum = one;
  let sumK = f64x2.splat(0.0);
  let kk = one;
  for (let k = 0; k < count; k++) {
    const off = <usize>k << 3;
    term = f64x2.mul(term, f64x2.mul(lanes(at1 + offR + off, at0 + offR + off), vz));
    sum = f64x2.add(sum, term);
    sumK = f64x2.add(sumK, f64x2.mul(kk, term));
    kk = f64x2.add(kk, one);
  }
  const scale = f64x2.splat(Math.exp(-z) * decay);
  // P = β/(α z) Σ k t_k
  const a = lanes(at1, at0);
  const b = lanes(at1 + 8, at0 + 8);
  v128.store(G, f64x2.mul(sum, scale));
  v128.store(P, f64x2.mul(f64x2.div(b, f64x2.mul(a, vz)), f64x2.mul(sumK, scale)));
  return true;
}

/**
 * I_nl(r) and (if dOut ≠ 0) dI_nl/dr of the orthonormalised GTO basis for `count` distances, [p][n][l].
 * kappa, beta: N each; starts: [n][t] of 6 + 2·terms + seriesTerms doubles (t = 0: l = L−1, 1: l = L−2); perNL: [n][l]
 * of 5 (α/β and the recurrence factors); see src/radial/gto-kummer.ts. scratch: 2L + 2NL doubles.
 * Returns 1 if a series failed, else 0.
 */
export function gtoExact(
  count: i32, r: usize, N: i32, L: i32, alpha: f64, kappa: usize, beta: usize, prefactor: usize,
  starts: usize, perNL: usize, terms: i32, seriesTerms: i32, ortho: usize, out: usize, dOut: usize, scratch: usize,
): i32 {
  const G = scratch;
  const P = G + (<usize>L << 3);
  const raw = P + (<usize>L << 3);
  const rawD = raw + (<usize>(N * L) << 3);
  const lMax = L - 1;
  const startStride = START_HEADER + 2 * terms + seriesTerms;
  let failed = 0;
  for (let p = 0; p < count; p++) {
    const x = load<f64>(r + (<usize>p << 3));
    const x2 = x * x;
    const ar = alpha * x;
    for (let n = 0; n < N; n++) {
      const kap = load<f64>(kappa + (<usize>n << 3));
      const z = kap * x2;
      const decay = Math.exp(-load<f64>(beta + (<usize>n << 3)) * x2);
      const at0 = starts + (<usize>(2 * n * startStride) << 3);
      // both starts at once where they take the same method (SIMD), else one by one
      const both = ASC_FEATURE_SIMD && L >= 2 && directBoth(at0, at0 + (<usize>startStride << 3), terms, seriesTerms, n - lMax, z, decay, G + (<usize>(lMax - 1) << 3), P + (<usize>(lMax - 1) << 3));
      for (let t = 0; t < (L < 2 ? L : 2); t++) {
        const top = lMax - t;
        const at = at0 + (<usize>(t * startStride) << 3);
        if (!both) failed |= directStart(at, terms, seriesTerms, n - top, z, decay, G + (<usize>top << 3), P + (<usize>top << 3));
        let g = load<f64>(G + (<usize>top << 3));
        let q = load<f64>(P + (<usize>top << 3));
        for (let l = top - 2; l >= 0; l -= 2) {
          const c = perNL + (<usize>((n * L + l + 2) * NL_STRIDE) << 3);
          const up = g + z * load<f64>(c + 8) * q;
          const p2 = g + z * load<f64>(c + 16) * q;
          const r2 = p2 + z * load<f64>(c + 24) * up;
          g = r2 - z * load<f64>(c + 32) * p2;
          q = p2;
          store<f64>(G + (<usize>l << 3), g);
          store<f64>(P + (<usize>l << 3), q);
        }
      }
      let arPowL: f64 = 1.0;
      let arPowLm1: f64 = 0.0;
      for (let l = 0; l < L; l++) {
        const g = load<f64>(G + (<usize>l << 3));
        const pre = load<f64>(prefactor + (<usize>(n * L + l) << 3));
        store<f64>(raw + (<usize>(n * L + l) << 3), pre * arPowL * g);
        if (dOut != 0) {
          const aOverB = load<f64>(perNL + (<usize>((n * L + l) * NL_STRIDE) << 3));
          const dg = 2.0 * x * ((kap - alpha) * g + kap * (aOverB * load<f64>(P + (<usize>l << 3)) - g));
          store<f64>(rawD + (<usize>(n * L + l) << 3), pre * (<f64>l * alpha * arPowLm1 * g + arPowL * dg));
        }
        arPowLm1 = arPowL;
        arPowL *= ar;
      }
    }
    // out[n][l] = Σ_m ortho[n][m] raw[m][l], rows of l contiguous (the SIMD direction)
    const o = out + (<usize>(p * N * L) << 3);
    if (dOut != 0) orthoRowsBoth(ortho, raw, rawD, N, L, o, dOut + (<usize>(p * N * L) << 3));
    else orthoRows(ortho, raw, N, L, o);
  }
  return failed;
}

/** o[n][l] = Σ_m M[n][m] · input[m][l] (N × L rows), summed in registers (two l at a time under SIMD). */
// @ts-ignore: decorator
@inline
function orthoRows(M: usize, input: usize, N: i32, L: i32, o: usize): void {
  for (let n = 0; n < N; n++) {
    const weights = M + (<usize>(n * N) << 3);
    const row = o + (<usize>(n * L) << 3);
    let l = 0;
    if (ASC_FEATURE_SIMD) {
      for (; l + 2 <= L; l += 2) {
        let acc = f64x2.splat(0.0);
        for (let m = 0; m < N; m++) {
          acc = f64x2.add(acc, f64x2.mul(f64x2.splat(load<f64>(weights + (<usize>m << 3))), v128.load(input + (<usize>(m * L + l) << 3))));
        }
        v128.store(row + (<usize>l << 3), acc);
      }
    }
    for (; l < L; l++) {
      let sum: f64 = 0.0;
      for (let m = 0; m < N; m++) sum += load<f64>(weights + (<usize>m << 3)) * load<f64>(input + (<usize>(m * L + l) << 3));
      store<f64>(row + (<usize>l << 3), sum);
    }
  }
}

/** orthoRows of two inputs at once (values and r-derivatives), sharing the weight loads. */
// @ts-ignore: decorator
@inline
function orthoRowsBoth(M: usize, a: usize, b: usize, N: i32, L: i32, oa: usize, ob: usize): void {
  for (let n = 0; n < N; n++) {
    const weights = M + (<usize>(n * N) << 3);
    const at = <usize>(n * L) << 3;
    let l = 0;
    if (ASC_FEATURE_SIMD) {
      for (; l + 2 <= L; l += 2) {
        let accA = f64x2.splat(0.0);
        let accB = f64x2.splat(0.0);
        for (let m = 0; m < N; m++) {
          const w = f64x2.splat(load<f64>(weights + (<usize>m << 3)));
          const off = <usize>(m * L + l) << 3;
          accA = f64x2.add(accA, f64x2.mul(w, v128.load(a + off)));
          accB = f64x2.add(accB, f64x2.mul(w, v128.load(b + off)));
        }
        v128.store(oa + at + (<usize>l << 3), accA);
        v128.store(ob + at + (<usize>l << 3), accB);
      }
    }
    for (; l < L; l++) {
      let sumA: f64 = 0.0;
      let sumB: f64 = 0.0;
      for (let m = 0; m < N; m++) {
        const w = load<f64>(weights + (<usize>m << 3));
        const off = <usize>(m * L + l) << 3;
        sumA += w * load<f64>(a + off);
        sumB += w * load<f64>(b + off);
      }
      store<f64>(oa + at + (<usize>l << 3), sumA);
      store<f64>(ob + at + (<usize>l << 3), sumB);
    }
  }
}
