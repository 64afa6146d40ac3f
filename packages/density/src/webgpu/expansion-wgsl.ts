// WGSL of the density expansion on the GPU, forward (coefficients) and backward (forces from
// a cotangent on the coefficients). One workgroup per centre walks the centre's pairs in
// tiles: first each pair's harmonics and radial functions go to workgroup memory, then each
// invocation accumulates its own (n, l, m) entries over the tile, in two-float arithmetic.
import { harmonicsStatementsWgsl } from '@equikit/o3';
import { WGSL_INDEXING, WGSL_TWO_SUM, type GpuProgram } from '@equikit/neighbors';
import type { GpuRadial } from './radial-wgsl.js';

export const EXPANSION_WORKGROUP = 64;
/** Workgroup memory WebGPU guarantees (maxComputeWorkgroupStorageSize's default). */
const WORKGROUP_BYTES = 16384;
const MAX_TILE = 64;

export interface ExpansionShape {
  maxRadial: number;
  maxAngular: number;
  radial: GpuRadial;
}

function sizes({ maxRadial: N, maxAngular }: ExpansionShape) {
  const L = maxAngular + 1;
  const K = L * L;
  const NK = N * K;
  return { N, L, K, NL: N * L, NK, Q: Math.ceil(NK / EXPANSION_WORKGROUP) };
}

/** Pairs per tile: as many as fit the guaranteed workgroup memory, `perPair` floats each. */
function tileSize(perPair: number, reserved: number, what: string): number {
  const tile = Math.min(MAX_TILE, Math.floor((WORKGROUP_BYTES - 4 * reserved) / (4 * perPair)));
  if (tile < 1) throw new RangeError(`${what}: this basis needs ${4 * perPair} bytes of workgroup memory per pair, more than WebGPU guarantees (${WORKGROUP_BYTES}); use a smaller maxRadial or maxAngular`);
  return tile;
}

const BINDINGS = `struct Params {
  atoms: u32,
  species: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> offsets: array<u32>;
@group(0) @binding(2) var<storage, read> neighbours: array<u32>;
@group(0) @binding(3) var<storage, read> vectors: array<f32>;
@group(0) @binding(4) var<storage, read> types: array<u32>;
@group(0) @binding(5) var<storage, read> tables: array<f32>;
`;

/** The entries of invocation `lid`: radial index n·L + l and harmonic index l² + m, for q < Q. */
function entryIndices(K: number, L: number, Q: number): string {
  return `  var rIndex: array<u32, ${Q}>;
  var yIndex: array<u32, ${Q}>;
  for (var q = 0u; q < ${Q}u; q++) {
    let e = lid + q * WG;
    let lm = e % ${K}u;
    var l = 0u;
    while ((l + 1u) * (l + 1u) <= lm) {
      l++;
    }
    rIndex[q] = (e / ${K}u) * ${L}u + l;
    yIndex[q] = lm;
  }`;
}

/**
 * Bindings 0 params, 1 offsets, 2 neighbours, 3 vectors, 4 types, 5 tables, 6 coefficients
 * (written: [atom][species][n][l² + l + m], the centre's own density included).
 */
export function expansionProgram(shape: ExpansionShape): GpuProgram {
  const { L, K, NL, NK, Q } = sizes(shape);
  const T = tileSize(K + NL + 3, 0, 'SphericalExpansionGPU');
  const harmonics = harmonicsStatementsWgsl({ lMax: shape.maxAngular, value: (k, e) => `shY[lid * ${K}u + ${k}u] = ${e};` });
  const source = `// equikit @equikit/density: spherical expansion, forward, f32 with two-float sums.
${BINDINGS}@group(0) @binding(6) var<storage, read_write> coefficients: array<f32>;

const WG: u32 = ${EXPANSION_WORKGROUP}u;
const T: u32 = ${T}u;
var<workgroup> shY: array<f32, ${T * K}>;
var<workgroup> shR: array<f32, ${T * NL}>;
var<workgroup> shDist: array<f32, ${T}>;
var<workgroup> shWeight: array<f32, ${T}>;
var<workgroup> shType: array<u32, ${T}>;

${WGSL_INDEXING}${WGSL_TWO_SUM}${shape.radial.wgsl}
@compute @workgroup_size(${EXPANSION_WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let centre = linearWorkgroup(wg, nwg);
  if (centre >= params.atoms) {
    return;
  }
  let first = offsets[centre];
  let last = offsets[centre + 1u];
  let base = centre * (params.species * ${NK}u);
${entryIndices(K, L, Q)}
  // every block of this centre: 0, plus the centre's own density (l = 0, its own species)
  let own = types[centre];
  for (var t = 0u; t < params.species; t++) {
    for (var q = 0u; q < ${Q}u; q++) {
      let e = lid + q * WG;
      if (e < ${NK}u) {
        coefficients[base + t * ${NK}u + e] = select(0.0f, tables[${shape.radial.centreOffset}u + e / ${K}u], t == own && yIndex[q] == 0u);
      }
    }
  }
  var hi: array<f32, ${Q}>;
  var lo: array<f32, ${Q}>;
  var current = params.species;
  for (var start = first; start < last; start += T) {
    let count = min(T, last - start);
    if (lid < count) {
      let p = start + lid;
      let v = vec3<f32>(vectors[3u * p], vectors[3u * p + 1u], vectors[3u * p + 2u]);
      let r = length(v);
      let x = v.x / r;
      let y = v.y / r;
      let z = v.z / r;
      let u2 = x * x + y * y + z * z;
      ${harmonics}
      shDist[lid] = r;
      shWeight[lid] = weightAt(r).x;
      shType[lid] = types[neighbours[p]];
    }
    workgroupBarrier();
    for (var idx = lid; idx < count * ${NL}u; idx += WG) {
      let pp = idx / ${NL}u;
      shR[idx] = radialAt(shDist[pp], idx - pp * ${NL}u).x * shWeight[pp];
    }
    workgroupBarrier();
    for (var pp = 0u; pp < count; pp++) {
      let t = shType[pp];
      if (t != current) {
        if (current < params.species) {
          flush(base + current * ${NK}u, lid, &hi, &lo);
        }
        current = t;
      }
      for (var q = 0u; q < ${Q}u; q++) {
        let term = shR[pp * ${NL}u + rIndex[q]] * shY[pp * ${K}u + yIndex[q]];
        let s = hi[q] + term;
        lo[q] += twoSumLo(hi[q], term, s);
        hi[q] = s;
      }
    }
    workgroupBarrier();
  }
  if (current < params.species) {
    flush(base + current * ${NK}u, lid, &hi, &lo);
  }
}

fn flush(block: u32, lid: u32, hi: ptr<function, array<f32, ${Q}>>, lo: ptr<function, array<f32, ${Q}>>) {
  for (var q = 0u; q < ${Q}u; q++) {
    let e = lid + q * WG;
    if (e < ${NK}u) {
      coefficients[block + e] += (*hi)[q] + (*lo)[q];
    }
    (*hi)[q] = 0.0f;
    (*lo)[q] = 0.0f;
  }
}
`;
  return {
    name: 'SphericalExpansionGPU',
    cacheKey: `density-expansion:N${shape.maxRadial}:l${shape.maxAngular}:${shape.radial.key}`,
    source,
    workgroupSize: EXPANSION_WORKGROUP,
    granularity: 'workgroup',
  };
}

/**
 * The backward pass for forces: given gc = ∂E/∂c ([atom][species][n][lm], binding 6), writes
 * F_k = −∂E/∂r_k to binding 7 (3 f32 per atom). With H = gc_k[t_j] + (−1)^l gc_j[t_k],
 * F_k = Σ_{pairs (k, j), j ≠ k} Σ_nlm H_nlm ∂(w I_nl Y_lm)/∂r_kj: each pair's own term and
 * its reverse pair's, so no atomics are needed (the list must be full). Images of k itself
 * (j = k) move with it and are skipped.
 */
export function pullbackProgram(shape: ExpansionShape): GpuProgram {
  const { L, K, NL, NK, Q } = sizes(shape);
  const WG = EXPANSION_WORKGROUP;
  const T = tileSize(4 * K + 2 * NL + 6, 6 * WG, 'SphericalExpansionGPU (forces)');
  const harmonics = harmonicsStatementsWgsl({
    lMax: shape.maxAngular,
    value: (k, e) => `shY[lid * ${K}u + ${k}u] = ${e};`,
    gradient: (k, a, e) => `shDY[(lid * 3u + ${a}u) * ${K}u + ${k}u] = ${e};`,
  });
  const source = `// equikit @equikit/density: spherical expansion, backward (forces), f32 with two-float sums.
${BINDINGS}@group(0) @binding(6) var<storage, read> cotangent: array<f32>;
@group(0) @binding(7) var<storage, read_write> forces: array<f32>;

const WG: u32 = ${WG}u;
const T: u32 = ${T}u;
const NONE: u32 = 0xffffffffu;
var<workgroup> shY: array<f32, ${T * K}>;
var<workgroup> shDY: array<f32, ${3 * T * K}>;
var<workgroup> shR: array<f32, ${T * NL}>;
var<workgroup> shDR: array<f32, ${T * NL}>;
var<workgroup> shUnit: array<vec4<f32>, ${T}>;
var<workgroup> shNeighbour: array<u32, ${T}>;
var<workgroup> shType: array<u32, ${T}>;
var<workgroup> shSum: array<f32, ${6 * WG}>;

${WGSL_INDEXING}${WGSL_TWO_SUM}${shape.radial.wgsl}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let centre = linearWorkgroup(wg, nwg);
  if (centre >= params.atoms) {
    return;
  }
  let first = offsets[centre];
  let last = offsets[centre + 1u];
  let own = types[centre];
${entryIndices(K, L, Q)}
  var sign: array<f32, ${Q}>;
  for (var q = 0u; q < ${Q}u; q++) {
    let lm = yIndex[q];
    var l = 0u;
    while ((l + 1u) * (l + 1u) <= lm) {
      l++;
    }
    sign[q] = select(1.0f, -1.0f, (l & 1u) == 1u);
  }
  var hi = vec3<f32>(0.0f);
  var lo = vec3<f32>(0.0f);
  for (var start = first; start < last; start += T) {
    let count = min(T, last - start);
    if (lid < count) {
      let p = start + lid;
      let v = vec3<f32>(vectors[3u * p], vectors[3u * p + 1u], vectors[3u * p + 2u]);
      let r = length(v);
      let ir = 1.0f / r;
      let x = v.x * ir;
      let y = v.y * ir;
      let z = v.z * ir;
      let u2 = x * x + y * y + z * z;
      ${harmonics}
      let j = neighbours[p];
      shUnit[lid] = vec4<f32>(x, y, z, r);
      shNeighbour[lid] = select(j, NONE, j == centre);
      shType[lid] = types[j];
    }
    workgroupBarrier();
    for (var idx = lid; idx < count * ${NL}u; idx += WG) {
      let pp = idx / ${NL}u;
      let r = shUnit[pp].w;
      let w = weightAt(r);
      let radial = radialAt(r, idx - pp * ${NL}u);
      shR[idx] = w.x * radial.x;
      shDR[idx] = w.y * radial.x + w.x * radial.y;
    }
    workgroupBarrier();
    for (var pp = 0u; pp < count; pp++) {
      let j = shNeighbour[pp];
      if (j == NONE) {
        continue;
      }
      let mine = (centre * params.species + shType[pp]) * ${NK}u;
      let theirs = (j * params.species + own) * ${NK}u;
      let u = shUnit[pp].xyz;
      for (var q = 0u; q < ${Q}u; q++) {
        let e = lid + q * WG;
        if (e < ${NK}u) {
          let h = cotangent[mine + e] + sign[q] * cotangent[theirs + e];
          let ri = pp * ${NL}u + rIndex[q];
          let yi = pp * ${K}u + yIndex[q];
          let g = h * (shDR[ri] * shY[yi] * u + shR[ri] * vec3<f32>(shDY[pp * ${3 * K}u + yIndex[q]], shDY[pp * ${3 * K}u + ${K}u + yIndex[q]], shDY[pp * ${3 * K}u + ${2 * K}u + yIndex[q]]));
          let s = hi + g;
          let bp = s - hi;
          lo += (hi - (s - bp)) + (g - bp);
          hi = s;
        }
      }
    }
    workgroupBarrier();
  }
  // two-float tree reduction over the workgroup
  for (var a = 0u; a < 3u; a++) {
    shSum[a * WG + lid] = hi[a];
    shSum[(3u + a) * WG + lid] = lo[a];
  }
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lid < half) {
      for (var a = 0u; a < 3u; a++) {
        let h1 = shSum[a * WG + lid];
        let h2 = shSum[a * WG + lid + half];
        let s = h1 + h2;
        shSum[(3u + a) * WG + lid] += shSum[(3u + a) * WG + lid + half] + twoSumLo(h1, h2, s);
        shSum[a * WG + lid] = s;
      }
    }
    workgroupBarrier();
  }
  if (lid < 3u) {
    forces[3u * centre + lid] = shSum[lid * WG] + shSum[(3u + lid) * WG];
  }
}
`;
  return {
    name: 'SphericalExpansionGPU (forces)',
    cacheKey: `density-pullback:N${shape.maxRadial}:l${shape.maxAngular}:${shape.radial.key}`,
    source,
    workgroupSize: WG,
    granularity: 'workgroup',
  };
}
