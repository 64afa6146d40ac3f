// WGSL of the cell-list neighbour search: atoms binned by their fractional coordinates (f32)
// into bins at least one cutoff thick, a counting sort by bin (atomic counts, a scan, atomic
// placement, then each bin ordered by atom index so the result does not depend on timing),
// and the pair search over the stencil of neighbouring bins, twice: once to count each
// centre's pairs, once (after a scan gives the row offsets) to write them.
import { WGSL_INDEXING, type GpuProgram } from './runtime/program.js';

const WG = 64;

/** The uniform block every program here reads (layout written by gridParams in neighbor-list-gpu.ts). */
const GRID = `struct Grid {
  g0: vec4<f32>,
  g1: vec4<f32>,
  g2: vec4<f32>,
  lo: vec4<f32>,
  scale: vec4<f32>,
  a: vec4<f32>,
  b: vec4<f32>,
  c: vec4<f32>,
  bins: vec4<u32>,
  reach: vec4<i32>,
  atoms: u32,
  cutoff2: f32,
  writeShifts: u32,
  nbins: u32,
  aLo: vec4<f32>,
  bLo: vec4<f32>,
  cLo: vec4<f32>,
}
@group(0) @binding(0) var<uniform> grid: Grid;
`;

/** 1 positions (vec4 pairs: f32 high part, then low part), 2 wraps (vec4<i32>: wrap shifts, bin), 3 atomBin (u32), 4 binCount (atomic). */
export function binAtomsProgram(): GpuProgram {
  const source = `// equikit @equikit/neighbors: wrap and bin the atoms (f32).
${GRID}@group(0) @binding(1) var<storage, read> positions: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> wraps: array<vec4<i32>>;
@group(0) @binding(3) var<storage, read_write> atomBin: array<u32>;
@group(0) @binding(4) var<storage, read_write> binCount: array<atomic<u32>>;
${WGSL_INDEXING}
fn axis(f: f32, k: u32, periodic: bool, bins: u32) -> vec2<i32> {
  var x = f;
  var w = 0.0f;
  if (periodic) {
    w = -floor(f);
    x = f + w;
  }
  let c = clamp(i32(floor((x - grid.lo[k]) * grid.scale[k])), 0, i32(bins) - 1);
  return vec2<i32>(c, i32(w));
}

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wg, nwg) * ${WG}u + lid;
  if (i >= grid.atoms) {
    return;
  }
  let r = positions[2u * i].xyz;
  let mask = grid.reach.w;
  let x = axis(dot(r, grid.g0.xyz), 0u, (mask & 1) != 0, grid.bins.x);
  let y = axis(dot(r, grid.g1.xyz), 1u, (mask & 2) != 0, grid.bins.y);
  let z = axis(dot(r, grid.g2.xyz), 2u, (mask & 4) != 0, grid.bins.z);
  let bin = (u32(x.x) * grid.bins.y + u32(y.x)) * grid.bins.z + u32(z.x);
  atomBin[i] = bin;
  wraps[i] = vec4<i32>(x.y, y.y, z.y, i32(bin));
  atomicAdd(&binCount[bin], 1u);
}
`;
  return { name: 'NeighborListGPU (bin)', cacheKey: 'neighbors-bin', source, workgroupSize: WG, granularity: 'thread' };
}

/** 1 atomBin, 2 binStart (scanned counts), 3 binFill (atomic, zeroed), 4 order (slot → atom). */
export function placeAtomsProgram(): GpuProgram {
  const source = `// equikit @equikit/neighbors: counting sort of the atoms by bin (placement).
${GRID}@group(0) @binding(1) var<storage, read> atomBin: array<u32>;
@group(0) @binding(2) var<storage, read> binStart: array<u32>;
@group(0) @binding(3) var<storage, read_write> binFill: array<atomic<u32>>;
@group(0) @binding(4) var<storage, read_write> order: array<u32>;
${WGSL_INDEXING}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wg, nwg) * ${WG}u + lid;
  if (i >= grid.atoms) {
    return;
  }
  let bin = atomBin[i];
  order[binStart[bin] + atomicAdd(&binFill[bin], 1u)] = i;
}
`;
  return { name: 'NeighborListGPU (place)', cacheKey: 'neighbors-place', source, workgroupSize: WG, granularity: 'thread' };
}

/** 1 binStart (nbins + 1 entries), 2 order (each bin's atoms sorted by index, in place). */
export function sortBinsProgram(): GpuProgram {
  const source = `// equikit @equikit/neighbors: each bin's atoms in increasing index (a deterministic order).
${GRID}@group(0) @binding(1) var<storage, read> binStart: array<u32>;
@group(0) @binding(2) var<storage, read_write> order: array<u32>;
${WGSL_INDEXING}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let bin = linearWorkgroup(wg, nwg) * ${WG}u + lid;
  if (bin >= grid.nbins) {
    return;
  }
  let first = binStart[bin];
  let last = binStart[bin + 1u];
  for (var x = first + 1u; x < last; x++) {
    let a = order[x];
    var y = x;
    while (y > first && order[y - 1u] > a) {
      order[y] = order[y - 1u];
      y--;
    }
    order[y] = a;
  }
}
`;
  return { name: 'NeighborListGPU (sort bins)', cacheKey: 'neighbors-sort-bins', source, workgroupSize: WG, granularity: 'thread' };
}

/**
 * The pair search of centre i over the stencil of bins. 'count': 5 counts (u32 per atom),
 * 6 minimum d² over all pairs (atomic, as u32 bits: f32 order for positive values). 'write':
 * 5 offsets (row starts), 6 neighbours, 7 vectors (f32 × 3), 8 shifts (i32 × 3, if grid.writeShifts).
 */
export function searchProgram(kind: 'count' | 'write'): GpuProgram {
  const outputs =
    kind === 'count'
      ? `@group(0) @binding(5) var<storage, read_write> counts: array<u32>;
@group(0) @binding(6) var<storage, read_write> minimum: array<atomic<u32>>;`
      : `@group(0) @binding(5) var<storage, read> offsets: array<u32>;
@group(0) @binding(6) var<storage, read_write> neighbours: array<u32>;
@group(0) @binding(7) var<storage, read_write> vectors: array<f32>;
@group(0) @binding(8) var<storage, read_write> shifts: array<i32>;`;
  const found =
    kind === 'count'
      ? `count++;
              smallest = min(smallest, d2);`
      : `neighbours[o] = j;
              vectors[3u * o] = d.x;
              vectors[3u * o + 1u] = d.y;
              vectors[3u * o + 2u] = d.z;
              if (grid.writeShifts != 0u) {
                let s = base + wraps[j].xyz;
                shifts[3u * o] = s.x;
                shifts[3u * o + 1u] = s.y;
                shifts[3u * o + 2u] = s.z;
              }
              o++;`;
  const source = `// equikit @equikit/neighbors: cell-list pair search (${kind}), f32.
${GRID}@group(0) @binding(1) var<storage, read> positions: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> wraps: array<vec4<i32>>;
@group(0) @binding(3) var<storage, read> binStart: array<u32>;
@group(0) @binding(4) var<storage, read> order: array<u32>;
${outputs}
${WGSL_INDEXING}
// vectors r_j − r_i + S·cell from two-float positions and cell rows (x = hi + lo): the large
// parts are summed with TwoSum (their errors kept), so the result is accurate to f32 rounding
// of the vector itself, however far from the origin the atoms are (plain f32 would be off by
// 2⁻²⁴·|r|, 6e−6 Å at 100 Å: as large as the forces of a lightly rattled crystal need).
fn add2(s: ptr<function, vec3<f32>>, e: ptr<function, vec3<f32>>, x: vec3<f32>) {
  let t = *s + x;
  let bp = t - *s;
  *e += (*s - (t - bp)) + (x - bp);
  *s = t;
}

fn pairVector(j: u32, i: u32, S: vec3<i32>) -> vec3<f32> {
  let f = vec3<f32>(S);
  var s = positions[2u * j].xyz;
  var e = vec3<f32>(0.0f);
  add2(&s, &e, -positions[2u * i].xyz);
  add2(&s, &e, f.x * grid.a.xyz);
  add2(&s, &e, f.y * grid.b.xyz);
  add2(&s, &e, f.z * grid.c.xyz);
  let small = (positions[2u * j + 1u].xyz - positions[2u * i + 1u].xyz) + (f.x * grid.aLo.xyz + f.y * grid.bLo.xyz + f.z * grid.cLo.xyz);
  return s + (e + small);
}

fn floorDiv(a: i32, b: i32) -> i32 {
  let q = a / b;
  return select(q, q - 1, (a % b != 0) && ((a < 0) != (b < 0)));
}

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  // threads walk the atoms in bin order, so that a workgroup's centres are neighbours in space
  let slot = linearWorkgroup(wg, nwg) * ${WG}u + lid;
  if (slot >= grid.atoms) {
    return;
  }
  let i = order[slot];
  let wi = wraps[i].xyz;
  let nx = i32(grid.bins.x);
  let ny = i32(grid.bins.y);
  let nz = i32(grid.bins.z);
  let bin = wraps[i].w; // its bin, stored by the binning pass
  let bz = bin % nz;
  let by = (bin / nz) % ny;
  let bx = bin / (nz * ny);
  let mask = grid.reach.w;
  ${kind === 'count' ? 'var count = 0u;\n  var smallest = 3.0e38f;' : 'var o = offsets[i];'}
  for (var dx = -grid.reach.x; dx <= grid.reach.x; dx++) {
    let vx = bx + dx;
    if ((mask & 1) == 0 && (vx < 0 || vx >= nx)) {
      continue;
    }
    let sx = select(0, floorDiv(vx, nx), (mask & 1) != 0);
    let cx = vx - sx * nx;
    for (var dy = -grid.reach.y; dy <= grid.reach.y; dy++) {
      let vy = by + dy;
      if ((mask & 2) == 0 && (vy < 0 || vy >= ny)) {
        continue;
      }
      let sy = select(0, floorDiv(vy, ny), (mask & 2) != 0);
      let cy = vy - sy * ny;
      for (var dz = -grid.reach.z; dz <= grid.reach.z; dz++) {
        let vz = bz + dz;
        if ((mask & 4) == 0 && (vz < 0 || vz >= nz)) {
          continue;
        }
        let sz = select(0, floorDiv(vz, nz), (mask & 4) != 0);
        let cz = vz - sz * nz;
        let tb = u32((cx * ny + cy) * nz + cz);
        let home = sx == 0 && sy == 0 && sz == 0;
        let base = vec3<i32>(sx, sy, sz) - wi;
        for (var k = binStart[tb]; k < binStart[tb + 1u]; k++) {
          let j = order[k];
          let d = pairVector(j, i, base + wraps[j].xyz);
          let d2 = dot(d, d);
          if (d2 < grid.cutoff2 && !(home && j == i)) {
            ${found}
          }
        }
      }
    }
  }
  ${kind === 'count' ? 'counts[i] = count;\n  if (count > 0u) {\n    atomicMin(&minimum[0], bitcast<u32>(smallest));\n  }' : ''}
}
`;
  return { name: `NeighborListGPU (${kind})`, cacheKey: `neighbors-search-${kind}`, source, workgroupSize: WG, granularity: 'thread' };
}
