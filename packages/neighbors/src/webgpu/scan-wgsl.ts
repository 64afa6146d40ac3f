// Exclusive prefix sums of u32 on the GPU (bin counts → bin starts, pair counts → row offsets):
// each workgroup scans 256 entries in workgroup memory and writes its total; the totals are
// scanned the same way (recursively) and added back.
import { WGSL_INDEXING, type GpuProgram } from './runtime/program.js';

export const SCAN_BLOCK = 256;

/** Bindings 0 params {count}, 1 data (in), 2 out (exclusive sums), 3 block totals (out). */
export function scanBlocksProgram(): GpuProgram {
  const source = `// equikit @equikit/neighbors: block-wise exclusive scan of u32.
struct Params {
  count: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> data: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@group(0) @binding(3) var<storage, read_write> totals: array<u32>;
var<workgroup> sh: array<u32, ${SCAN_BLOCK}>;
${WGSL_INDEXING}
@compute @workgroup_size(${SCAN_BLOCK})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let block = linearWorkgroup(wg, nwg);
  let idx = block * ${SCAN_BLOCK}u + lid;
  let own = select(0u, data[min(idx, params.count - 1u)], idx < params.count);
  sh[lid] = own;
  workgroupBarrier();
  for (var step = 1u; step < ${SCAN_BLOCK}u; step = step * 2u) {
    var add = 0u;
    if (lid >= step) {
      add = sh[lid - step];
    }
    workgroupBarrier();
    sh[lid] += add;
    workgroupBarrier();
  }
  if (idx < params.count) {
    out[idx] = sh[lid] - own;
  }
  if (lid == ${SCAN_BLOCK - 1}u) {
    totals[block] = sh[lid];
  }
}
`;
  return { name: 'scan (blocks)', cacheKey: 'scan-blocks-u32', source, workgroupSize: SCAN_BLOCK, granularity: 'workgroup' };
}

/** Bindings 0 params {count}, 1 out (in place: += the scanned total of its block), 2 scanned block totals. */
export function scanAddProgram(): GpuProgram {
  const source = `// equikit @equikit/neighbors: adds each block's offset after a block-wise scan.
struct Params {
  count: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<storage, read> offsets: array<u32>;
${WGSL_INDEXING}
@compute @workgroup_size(${SCAN_BLOCK})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let block = linearWorkgroup(wg, nwg);
  let idx = block * ${SCAN_BLOCK}u + lid;
  if (idx < params.count) {
    out[idx] += offsets[block];
  }
}
`;
  return { name: 'scan (add)', cacheKey: 'scan-add-u32', source, workgroupSize: SCAN_BLOCK, granularity: 'workgroup' };
}
