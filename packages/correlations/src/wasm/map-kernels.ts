// PowerSpectrumMap's per-centre forward / pushforward / pullback on the WebAssembly kernels.
// Each call copies its centre in and its result out; the structure-level products
// (fused.ts) avoid those copies by running whole structures through the same kernels.
import type { WasmFlavor } from '@equikit/core';
import { wasmModule } from './module.js';

/** What the kernels need of a PowerSpectrumMap. */
export interface PowerSpectrumTables {
  readonly nSpecies: number;
  readonly maxRadial: number;
  readonly maxAngular: number;
  /** f_ab / √(2l+1), [pair][l]. */
  readonly factor: Float64Array;
  readonly inputSize: number;
  readonly outputSize: number;
}

export function forwardWasm(flavor: WasmFlavor, map: PowerSpectrumTables, c: Float64Array, cOffset: number, out: Float64Array, outOffset: number): void {
  const { nSpecies: S, maxRadial: N, maxAngular, inputSize: C, outputSize: F } = map;
  const inst = wasmModule.instance(flavor);
  inst.reset();
  try {
    const factor = inst.put(map.factor);
    const cPtr = inst.alloc(C * 8);
    const outPtr = inst.alloc(F * 8);
    const cT = inst.alloc(C * 8);
    const tile = inst.alloc(N * N * 8);
    inst.f64(cPtr, C).set(c.subarray(cOffset, cOffset + C));
    inst.exports.forward(1, S, N, maxAngular + 1, factor, cPtr, outPtr, cT, tile);
    out.set(inst.f64(outPtr, F), outOffset);
  } finally {
    inst.reset();
  }
}

/**
 * out[x·F + f] = Σ_k ∂X_f/∂c_k dc[x·C + k]: each species block of dc that may be nonzero (block t,
 * or all for t < 0) is handed to pairTangents as one pseudo-pair, in its [l][x][m][n] layout.
 */
export function pushforwardWasm(flavor: WasmFlavor, map: PowerSpectrumTables, c: Float64Array, cOffset: number, dc: Float64Array, t: number, out: Float64Array): void {
  const { nSpecies: S, maxRadial: N, maxAngular, inputSize: C, outputSize: F } = map;
  const L = maxAngular + 1;
  const K = L * L;
  const NK = N * K;
  const blocks = t >= 0 ? [t] : Array.from({ length: S }, (_, s) => s);
  const count = blocks.length;
  const inst = wasmModule.instance(flavor);
  inst.reset();
  try {
    const factor = inst.put(map.factor);
    const cPtr = inst.alloc(C * 8);
    const grads = inst.alloc(count * 3 * NK * 8);
    const ints = inst.alloc(5 * count * 4);
    const vectors = inst.alloc(3 * count * 8);
    const rows = inst.alloc(3 * F * 8);
    const cT = inst.alloc(Math.max(C, N * N * L) * 8);
    inst.f64(cPtr, C).set(c.subarray(cOffset, cOffset + C));
    const g = inst.f64(grads, count * 3 * NK);
    blocks.forEach((block, q) => {
      // from [x][block][n][l² + m] to [l][x][m][n]
      for (let l = 0; l < L; l++) {
        const width = 2 * l + 1;
        for (let x = 0; x < 3; x++) {
          for (let m = 0; m < width; m++) {
            const from = x * C + block * NK + l * l + m;
            const to = q * 3 * NK + 3 * N * l * l + (x * width + m) * N;
            for (let n = 0; n < N; n++) g[to + n] = dc[from + n * K];
          }
        }
      }
    });
    const meta = inst.i32(ints, 5 * count);
    meta.fill(0, 0, count); // centres
    meta.set(blocks, count); // types
    meta.fill(0, 2 * count, 3 * count); // every pseudo-pair adds into row 0
    meta.fill(-1, 3 * count, 5 * count); // no row to subtract from, no strain
    inst.f64(vectors, 3 * count).fill(0);
    inst.f64(rows, 3 * F).fill(0);
    inst.exports.pairTangents(count, S, N, L, factor, cPtr, ints, ints + 4 * count, grads, ints + 8 * count, ints + 12 * count, ints + 16 * count, vectors, rows, 0, cT);
    inst.exports.finishRows(3, S, N, L, rows, cT);
    out.set(inst.f64(rows, 3 * F));
  } finally {
    inst.reset();
  }
}

/** out[k] = Σ_f gX[gOffset + f] ∂X_f/∂c_k, in the coefficients' [s][n][k] layout. */
export function pullbackWasm(flavor: WasmFlavor, map: PowerSpectrumTables, c: Float64Array, cOffset: number, gX: Float64Array, gOffset: number, out: Float64Array): void {
  const { nSpecies: S, maxRadial: N, maxAngular, inputSize: C, outputSize: F } = map;
  const K = (maxAngular + 1) ** 2;
  const inst = wasmModule.instance(flavor);
  inst.reset();
  try {
    const factor = inst.put(map.factor);
    const cPtr = inst.alloc(C * 8);
    const gPtr = inst.alloc(F * 8);
    const gcT = inst.alloc(C * 8);
    const cT = inst.alloc(C * 8);
    const w = inst.alloc(N * 8);
    inst.f64(cPtr, C).set(c.subarray(cOffset, cOffset + C));
    inst.f64(gPtr, F).set(gX.subarray(gOffset, gOffset + F));
    inst.exports.pullback(1, S, N, maxAngular + 1, factor, cPtr, gPtr, gcT, cT, w);
    const transposed = inst.f64(gcT, C);
    // [s][k][n] back to [s][n][k]
    for (let s = 0; s < S; s++) {
      for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) out[s * N * K + n * K + k] = transposed[s * N * K + k * N + n];
    }
  } finally {
    inst.reset();
  }
}
