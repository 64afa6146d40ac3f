// WGSL of the SOAP power spectrum on the GPU, reading the expansion's coefficient buffer
// [atom][species][n][l² + l + m] where it lies: the features (librascal's layout
// [pairs a ≤ b][n1][n2][l], f_ab/√(2l+1) Σ_m c_a c_b), their per-centre normalisation, and the
// pullback gc = Jᵀ·g for a cotangent g that depends on the centre's species only (a linear
// model's weights). The species count is a run-time parameter: one pipeline per basis.
import { f32Literal as lit, WGSL_INDEXING, WGSL_TWO_SUM, type GpuProgram } from '@equikit/neighbors';

const WG = 64;

export interface PowerSpectrumShape {
  maxRadial: number;
  maxAngular: number;
}

const PARAMS = `struct Params {
  atoms: u32,
  species: u32,
  pad0: u32,
  pad1: u32,
}
@group(0) @binding(0) var<uniform> params: Params;
`;

/** WGSL: the (a, b), a ≤ b, of pair index p in lexicographic order; and 1/√(2l+1) per l. */
function helpers(L: number): string {
  const inv = Array.from({ length: L }, (_, l) => lit(1 / Math.sqrt(2 * l + 1))).join(', ');
  return `fn speciesPair(p: u32, S: u32) -> vec2<u32> {
  var a = 0u;
  var q = p;
  while (q >= S - a) {
    q -= S - a;
    a++;
  }
  return vec2<u32>(a, a + q);
}

fn pairIndex(a: u32, b: u32, S: u32) -> u32 {
  return a * S - (a * (a - 1u)) / 2u + (b - a);
}

const INV_WIDTH = array<f32, ${L}>(${inv});
const SQRT2: f32 = ${lit(Math.SQRT2)};
`;
}

/** Bindings 0 params, 1 coefficients, 2 features (written): one invocation per (atom, feature). */
export function powerSpectrumProgram({ maxRadial: N, maxAngular }: PowerSpectrumShape): GpuProgram {
  const L = maxAngular + 1;
  const K = L * L;
  const NNL = N * N * L;
  const source = `// equikit @equikit/correlations: SOAP power spectrum, f32.
${PARAMS}@group(0) @binding(1) var<storage, read> coefficients: array<f32>;
@group(0) @binding(2) var<storage, read_write> features: array<f32>;
${WGSL_INDEXING}${helpers(L)}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let item = linearWorkgroup(wg, nwg) * ${WG}u + lid;
  let S = params.species;
  let F = (S * (S + 1u)) / 2u * ${NNL}u;
  if (item >= params.atoms * F) {
    return;
  }
  let i = item / F;
  let f = item - i * F;
  let p = f / ${NNL}u;
  let rest = f - p * ${NNL}u;
  let n1 = rest / ${N * L}u;
  let n2 = (rest / ${L}u) % ${N}u;
  let l = rest % ${L}u;
  let ab = speciesPair(p, S);
  let base = i * S * ${N * K}u;
  let ca = base + ab.x * ${N * K}u + n1 * ${K}u + l * l;
  let cb = base + ab.y * ${N * K}u + n2 * ${K}u + l * l;
  var sum = 0.0f;
  for (var m = 0u; m < 2u * l + 1u; m++) {
    sum += coefficients[ca + m] * coefficients[cb + m];
  }
  features[item] = select(1.0f, SQRT2, ab.x < ab.y) * INV_WIDTH[l] * sum;
}
`;
  return { name: 'PowerSpectrumGPU', cacheKey: `power-spectrum:N${N}:l${maxAngular}`, source, workgroupSize: WG, granularity: 'thread' };
}

/** Bindings 0 params, 1 features (scaled in place to unit norm per centre; an empty one stays 0). */
export function normalizeProgram({ maxRadial: N, maxAngular }: PowerSpectrumShape): GpuProgram {
  const NNL = N * N * (maxAngular + 1);
  const source = `// equikit @equikit/correlations: per-centre normalisation of the power spectrum, f32.
${PARAMS}@group(0) @binding(1) var<storage, read_write> features: array<f32>;
var<workgroup> shHi: array<f32, ${WG}>;
var<workgroup> shLo: array<f32, ${WG}>;
${WGSL_INDEXING}${WGSL_TWO_SUM}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wg, nwg);
  if (i >= params.atoms) {
    return;
  }
  let F = (params.species * (params.species + 1u)) / 2u * ${NNL}u;
  var hi = 0.0f;
  var lo = 0.0f;
  for (var f = lid; f < F; f += ${WG}u) {
    let x = features[i * F + f];
    let term = x * x;
    let s = hi + term;
    lo += twoSumLo(hi, term, s);
    hi = s;
  }
  shHi[lid] = hi;
  shLo[lid] = lo;
  workgroupBarrier();
  for (var half = ${WG / 2}u; half > 0u; half = half / 2u) {
    if (lid < half) {
      let a = shHi[lid];
      let b = shHi[lid + half];
      let s = a + b;
      shLo[lid] += shLo[lid + half] + twoSumLo(a, b, s);
      shHi[lid] = s;
    }
    workgroupBarrier();
  }
  let norm = sqrt(shHi[0] + shLo[0]);
  let scale = select(0.0f, 1.0f / norm, norm > 0.0f);
  for (var f = lid; f < F; f += ${WG}u) {
    features[i * F + f] *= scale;
  }
}
`;
  return { name: 'PowerSpectrumGPU (normalize)', cacheKey: `power-spectrum-normalize:N${N}:l${maxAngular}`, source, workgroupSize: WG, granularity: 'workgroup' };
}

/**
 * gc = Jᵀ·g per centre, for g = weights[type of the centre] (no normalisation): bindings 0
 * params, 1 coefficients, 2 types (u32 per atom), 3 weights [centre type][feature], 4 gc
 * (written, laid out as the coefficients). One invocation per (atom, species, n, l² + l + m).
 */
export function pullbackProgram({ maxRadial: N, maxAngular }: PowerSpectrumShape): GpuProgram {
  const L = maxAngular + 1;
  const K = L * L;
  const NK = N * K;
  const NNL = N * N * L;
  const source = `// equikit @equikit/correlations: power-spectrum pullback gc = Jᵀ·w(type), f32.
${PARAMS}@group(0) @binding(1) var<storage, read> coefficients: array<f32>;
@group(0) @binding(2) var<storage, read> types: array<u32>;
@group(0) @binding(3) var<storage, read> weights: array<f32>;
@group(0) @binding(4) var<storage, read_write> gc: array<f32>;
${WGSL_INDEXING}${helpers(L)}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let item = linearWorkgroup(wg, nwg) * ${WG}u + lid;
  let S = params.species;
  let C = S * ${NK}u;
  if (item >= params.atoms * C) {
    return;
  }
  let i = item / C;
  let rest = item - i * C;
  let s = rest / ${NK}u;
  let e = rest - s * ${NK}u;
  let n = e / ${K}u;
  let lm = e % ${K}u;
  var l = 0u;
  while ((l + 1u) * (l + 1u) <= lm) {
    l++;
  }
  let w = types[i] * ((S * (S + 1u)) / 2u * ${NNL}u);
  var sum = 0.0f;
  for (var b = 0u; b < S; b++) {
    let column = i * C + b * ${NK}u + lm;
    for (var n2 = 0u; n2 < ${N}u; n2++) {
      var coef = 0.0f;
      if (s <= b) {
        coef += select(1.0f, SQRT2, s < b) * weights[w + pairIndex(s, b, S) * ${NNL}u + (n * ${N}u + n2) * ${L}u + l];
      }
      if (b <= s) {
        coef += select(1.0f, SQRT2, b < s) * weights[w + pairIndex(b, s, S) * ${NNL}u + (n2 * ${N}u + n) * ${L}u + l];
      }
      sum += coef * coefficients[column + n2 * ${K}u];
    }
  }
  gc[item] = INV_WIDTH[l] * sum;
}
`;
  return { name: 'PowerSpectrumGPU (pullback)', cacheKey: `power-spectrum-pullback:N${N}:l${maxAngular}`, source, workgroupSize: WG, granularity: 'thread' };
}
