// Glue to the AssemblyScript kernels: inputs and outputs pass through the module's
// arena in chunks of points sized to stay in cache, so memory stays bounded for any n.
import type { WasmFlavor } from '@equikit/core';
import { wasmModule } from '../wasm.js';
import type { Prefactors } from './prefactors.js';

export type Precision = 'f64' | 'f32';

/** The prefactor tables in the kernel's precision, made once per calculator. */
export interface WasmTables {
  a: Float64Array | Float32Array;
  b: Float64Array | Float32Array;
  kp: Float64Array | Float32Array;
  km: Float64Array | Float32Array;
  kz: Float64Array | Float32Array;
  colStart: Int32Array;
}

export function wasmTables(pre: Prefactors, precision: Precision): WasmTables {
  const cast = (t: Float64Array) => (precision === 'f32' ? new Float32Array(t) : t);
  return { a: cast(pre.a), b: cast(pre.b), kp: cast(pre.kp), km: cast(pre.km), kz: cast(pre.kz), colStart: pre.colStart };
}

/** Points per chunk: about 256 KiB of outputs, a multiple of 4 (whole SIMD groups). */
function chunkPoints(bytesPerPoint: number, n: number): number {
  const chunk = Math.max(4, Math.floor(262144 / bytesPerPoint) & ~3);
  return Math.min(chunk, Math.max(4, (n + 3) & ~3));
}

/**
 * Zero-copy variant: the whole input and outputs live in the module's memory and the
 * returned arrays are views of it, valid until the next call into this package's wasm
 * (the arena is reset then, and memory growth may detach them).
 */
export function computeWasmView(
  flavor: WasmFlavor,
  lMax: number,
  tables: WasmTables,
  normalized: boolean,
  xyz: Float64Array | Float32Array,
  withGradients: boolean,
): { values: Float64Array | Float32Array; gradients?: Float64Array | Float32Array; bad: boolean } {
  const inst = wasmModule.instance(flavor);
  const f32 = xyz instanceof Float32Array;
  const K = (lMax + 1) * (lMax + 1);
  const n = xyz.length / 3;
  inst.reset();
  const a = inst.put(tables.a);
  const b = inst.put(tables.b);
  const colStart = inst.put(tables.colStart);
  const xyzPtr = inst.put(xyz);
  const e = inst.exports;
  const norm = normalized ? 1 : 0;
  const S = f32 ? 4 : 8;
  const valPtr = inst.alloc(n * K * S);
  const scratch = inst.alloc(e.scratchBytes(lMax));
  if (!withGradients) {
    const bad = (f32 ? e.shValuesF32 : e.shValuesF64)(xyzPtr, n, lMax, norm, a, b, colStart, valPtr, scratch) !== 0;
    return { values: f32 ? inst.f32(valPtr, n * K) : inst.f64(valPtr, n * K), bad };
  }
  const kp = inst.put(tables.kp);
  const km = inst.put(tables.km);
  const kz = inst.put(tables.kz);
  const gradPtr = inst.alloc(3 * n * K * S);
  const bad = (f32 ? e.shGradientsF32 : e.shGradientsF64)(xyzPtr, n, lMax, norm, a, b, colStart, kp, km, kz, valPtr, gradPtr, scratch) !== 0;
  return f32
    ? { values: inst.f32(valPtr, n * K), gradients: inst.f32(gradPtr, 3 * n * K), bad }
    : { values: inst.f64(valPtr, n * K), gradients: inst.f64(gradPtr, 3 * n * K), bad };
}

export function computeWasm(
  flavor: WasmFlavor,
  lMax: number,
  tables: WasmTables,
  normalized: boolean,
  xyz: Float64Array | Float32Array,
  values: Float64Array | Float32Array,
  gradients: Float64Array | Float32Array | undefined,
): boolean {
  const inst = wasmModule.instance(flavor);
  const f32 = xyz instanceof Float32Array;
  const S = f32 ? 4 : 8;
  const K = (lMax + 1) * (lMax + 1);
  const n = xyz.length / 3;
  const chunk = chunkPoints(S * K * (gradients ? 4 : 1), n);
  let bad = 0;
  inst.reset();
  try {
    const a = inst.put(tables.a);
    const b = inst.put(tables.b);
    const colStart = inst.put(tables.colStart);
    const kp = gradients ? inst.put(tables.kp) : 0;
    const km = gradients ? inst.put(tables.km) : 0;
    const kz = gradients ? inst.put(tables.kz) : 0;
    const xyzPtr = inst.alloc(chunk * 3 * S);
    const valPtr = inst.alloc(chunk * K * S);
    const gradPtr = gradients ? inst.alloc(chunk * 3 * K * S) : 0;
    const scratch = inst.alloc(inst.exports.scratchBytes(lMax));
    const view = (ptr: number, len: number) => (f32 ? inst.f32(ptr, len) : inst.f64(ptr, len));
    const xyzView = view(xyzPtr, chunk * 3);
    const valView = view(valPtr, chunk * K);
    const gradView = gradients ? view(gradPtr, chunk * 3 * K) : undefined;
    const e = inst.exports;
    const norm = normalized ? 1 : 0;
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      xyzView.set(xyz.subarray(3 * start, 3 * (start + count)));
      if (gradients) {
        bad |= (f32 ? e.shGradientsF32 : e.shGradientsF64)(xyzPtr, count, lMax, norm, a, b, colStart, kp, km, kz, valPtr, gradPtr, scratch);
        gradients.set(gradView!.subarray(0, 3 * K * count), 3 * K * start);
      } else {
        bad |= (f32 ? e.shValuesF32 : e.shValuesF64)(xyzPtr, count, lMax, norm, a, b, colStart, valPtr, scratch);
      }
      values.set(valView.subarray(0, K * count), K * start);
    }
  } finally {
    inst.reset();
  }
  return bad !== 0;
}
