// The pair search on the WebAssembly kernels (scalar or SIMD build): copies the grid into
// an instance's arena, runs assembly/neighbors.ts, and grows the output when the kernel
// stops for room. The pairs stay in the instance's memory: viewPairs() makes arrays over them.
import type { WasmInstance } from '@equikit/core';
import type { Grid } from './grid.js';
import { checkPairCount, grownCapacity } from './pairs.js';
import type { PairArrays } from './sort.js';
import type { NeighborsExports } from './wasm.js';

const RANGE_BYTES = 56; // as in assembly/neighbors.ts

/** Where the pairs are in the instance's memory. */
export interface WasmPairs {
  count: number;
  i: number; j: number; s: number; d: number; v: number;
}

/** Runs the search in `wasm`'s arena (the caller resets it when done with the pairs). */
export function searchWasm(
  wasm: WasmInstance<NeighborsExports>, g: Grid, full: boolean, cutoff2: number, capacity: number, maxPairs: number,
): WasmPairs {
  const k = wasm.exports;
  const xs = wasm.put(g.xs), ys = wasm.put(g.ys), zs = wasm.put(g.zs), zf = wasm.put(g.zf);
  const idx = wasm.put(g.idx), wx = wasm.put(g.wx), wy = wasm.put(g.wy), wz = wasm.put(g.wz);
  const binStart = wasm.put(g.binStart);
  const ranges = wasm.alloc(g.maxRanges * RANGE_BYTES);
  const state = wasm.alloc(16);
  wasm.i32(state, 4).fill(0);
  const h = g.cell;
  k.configureGrid(g.nx, g.ny, g.nz, g.mx, g.my, g.mz, g.pbcMask, cutoff2, g.zReach, full ? 1 : 0);
  k.configureCell(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]);
  k.configureAtoms(xs, ys, zs, zf, idx, wx, wy, wz, binStart, ranges);

  let output = allocOutput(wasm, capacity);
  k.configureOutput(output.i, output.j, output.s, output.d, output.v, capacity);
  while (!k.search(state)) {
    const [, done, count, needed] = wasm.i32(state, 4);
    const grown = grownCapacity(capacity, count, done, g.n, needed, maxPairs);
    const next = allocOutput(wasm, grown);
    const bytes = new Uint8Array(wasm.exports.memory.buffer);
    bytes.copyWithin(next.i, output.i, output.i + 4 * count);
    bytes.copyWithin(next.j, output.j, output.j + 4 * count);
    bytes.copyWithin(next.s, output.s, output.s + 12 * count);
    bytes.copyWithin(next.d, output.d, output.d + 8 * count);
    bytes.copyWithin(next.v, output.v, output.v + 24 * count);
    output = next;
    capacity = grown;
    k.configureOutput(output.i, output.j, output.s, output.d, output.v, capacity);
  }
  const count = wasm.i32(state, 3)[2];
  checkPairCount(count, maxPairs);
  return { count, ...output };
}

/** Arrays over the pairs in the instance's memory: valid until its arena is reused or grows. */
export function viewPairs(wasm: WasmInstance<NeighborsExports>, p: WasmPairs): PairArrays {
  return {
    i: wasm.i32(p.i, p.count),
    j: wasm.i32(p.j, p.count),
    shifts: wasm.i32(p.s, 3 * p.count),
    distances: wasm.f64(p.d, p.count),
    vectors: wasm.f64(p.v, 3 * p.count),
  };
}

function allocOutput(wasm: WasmInstance<NeighborsExports>, capacity: number) {
  return {
    i: wasm.alloc(4 * capacity),
    j: wasm.alloc(4 * capacity),
    s: wasm.alloc(12 * capacity),
    d: wasm.alloc(8 * capacity),
    v: wasm.alloc(24 * capacity),
  };
}
