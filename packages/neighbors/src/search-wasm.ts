// The pair search on the WebAssembly kernels (scalar or SIMD build): copies the grid
// into the module's arena, runs assembly/neighbors.ts, grows the output when the kernel
// stops for room, and copies the pairs out.
import type { WasmFlavor } from '@equikit/core';
import type { Grid } from './grid.js';
import { checkPairCount, grownCapacity, type PairBuffers } from './pairs.js';
import { wasmModule } from './wasm.js';

const RANGE_BYTES = 56; // as in assembly/neighbors.ts

export function searchWasm(
  flavor: WasmFlavor, g: Grid, full: boolean, cutoff2: number, out: PairBuffers, capacity: number, maxPairs: number,
): number {
  const wasm = wasmModule.instance(flavor);
  const k = wasm.exports;
  try {
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
    out.ensure(count);
    out.i.set(wasm.i32(output.i, count));
    out.j.set(wasm.i32(output.j, count));
    out.shifts.set(wasm.i32(output.s, 3 * count));
    out.distances.set(wasm.f64(output.d, count));
    out.vectors.set(wasm.f64(output.v, 3 * count));
    return count;
  } finally {
    wasm.reset();
  }
}

function allocOutput(wasm: ReturnType<typeof wasmModule.instance>, capacity: number) {
  return {
    i: wasm.alloc(4 * capacity),
    j: wasm.alloc(4 * capacity),
    s: wasm.alloc(12 * capacity),
    d: wasm.alloc(8 * capacity),
    v: wasm.alloc(24 * capacity),
  };
}
