// WGSL of the linear model's per-atom energy on the GPU: with gc = ∂(w_{Z_i}·p_i)/∂c_i from the
// power-spectrum pullback, E_i = ½ gc_i·c_i + e0_{Z_i} (p is a quadratic form in c, so
// c·∇(w·p) = 2 w·p). One workgroup per atom, two-float sums.
import { WGSL_INDEXING, WGSL_TWO_SUM, type GpuProgram } from '@equikit/neighbors';

const WG = 64;

/** Bindings 0 params {atoms, species}, 1 coefficients, 2 gc, 3 types, 4 e0 per species, 5 energies (written, f32 per atom). */
export function atomEnergyProgram({ maxRadial: N, maxAngular }: { maxRadial: number; maxAngular: number }): GpuProgram {
  const NK = N * (maxAngular + 1) ** 2;
  const source = `// equikit @equikit/models: linear-model energy per atom, f32 with two-float sums.
struct Params {
  atoms: u32,
  species: u32,
  pad0: u32,
  pad1: u32,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> coefficients: array<f32>;
@group(0) @binding(2) var<storage, read> gc: array<f32>;
@group(0) @binding(3) var<storage, read> types: array<u32>;
@group(0) @binding(4) var<storage, read> e0: array<f32>;
@group(0) @binding(5) var<storage, read_write> energies: array<f32>;
var<workgroup> shHi: array<f32, ${WG}>;
var<workgroup> shLo: array<f32, ${WG}>;
${WGSL_INDEXING}${WGSL_TWO_SUM}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wg, nwg);
  if (i >= params.atoms) {
    return;
  }
  let C = params.species * ${NK}u;
  var hi = 0.0f;
  var lo = 0.0f;
  for (var e = lid; e < C; e += ${WG}u) {
    let term = gc[i * C + e] * coefficients[i * C + e];
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
  if (lid == 0u) {
    energies[i] = 0.5f * (shHi[0] + shLo[0]) + e0[types[i]];
  }
}
`;
  return { name: 'LinearModelGPU (energies)', cacheKey: `linear-energy:N${N}:l${maxAngular}`, source, workgroupSize: WG, granularity: 'workgroup' };
}
