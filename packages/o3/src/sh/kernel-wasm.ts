// Glue to the AssemblyScript kernels: inputs and outputs pass through the module's
// arena in chunks of points sized to stay in cache, so memory stays bounded for any n.
import type { WasmFlavor } from '@equikit/core';
import { wasmModule } from '../wasm.js';
import type { Prefactors } from './prefactors.js';

export type Precision = 'f64' | 'f32';

/**
 * The prefactor tables in the kernel's precision, made once per calculator and packed
 * into one block (each table 16-byte aligned), so a call copies them into the arena with
 * one `set` instead of one typed-array view and copy per table (about 1 µs a call).
 */
export interface WasmTables {
  bytes: Uint8Array;
  /** Byte offsets of each table inside `bytes`. */
  offsets: { a: number; b: number; colStart: number; kp: number; km: number; kz: number };
}

export function wasmTables(pre: Prefactors, precision: Precision): WasmTables {
  const cast = (t: Float64Array) => (precision === 'f32' ? new Float32Array(t) : t);
  const parts = { a: cast(pre.a), b: cast(pre.b), colStart: pre.colStart, kp: cast(pre.kp), km: cast(pre.km), kz: cast(pre.kz) };
  const offsets = { a: 0, b: 0, colStart: 0, kp: 0, km: 0, kz: 0 };
  let size = 0;
  for (const name of Object.keys(parts) as Array<keyof typeof parts>) {
    offsets[name] = size;
    size += (parts[name].byteLength + 15) & ~15;
  }
  const bytes = new Uint8Array(size);
  for (const name of Object.keys(parts) as Array<keyof typeof parts>) {
    const t = parts[name];
    bytes.set(new Uint8Array(t.buffer, t.byteOffset, t.byteLength), offsets[name]);
  }
  return { bytes, offsets };
}

/** Copies the tables into the arena; returns the base pointer the offsets are relative to. */
function putTables(inst: ReturnType<typeof wasmModule.instance>, tables: WasmTables): number {
  const base = inst.alloc(tables.bytes.length);
  new Uint8Array(inst.exports.memory.buffer, base, tables.bytes.length).set(tables.bytes);
  return base;
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
  const t = putTables(inst, tables);
  const { a, b, colStart, kp, km, kz } = tables.offsets;
  const xyzPtr = inst.put(xyz);
  const e = inst.exports;
  const norm = normalized ? 1 : 0;
  const S = f32 ? 4 : 8;
  const valPtr = inst.alloc(n * K * S);
  const scratch = inst.alloc(e.scratchBytes(lMax));
  if (!withGradients) {
    const bad = (f32 ? e.shValuesF32 : e.shValuesF64)(xyzPtr, n, lMax, norm, t + a, t + b, t + colStart, valPtr, scratch) !== 0;
    return { values: f32 ? inst.f32(valPtr, n * K) : inst.f64(valPtr, n * K), bad };
  }
  const gradPtr = inst.alloc(3 * n * K * S);
  const grad = f32 ? e.shGradientsF32 : e.shGradientsF64;
  const bad = grad(xyzPtr, n, lMax, norm, t + a, t + b, t + colStart, t + kp, t + km, t + kz, valPtr, gradPtr, scratch) !== 0;
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
  // A call that fits in one chunk gets buffers of exactly n points, so its copies need
  // no subarrays (small calls, such as one atom's neighbours, are dominated by set-up).
  const chunk = Math.min(chunkPoints(S * K * (gradients ? 4 : 1), n), n);
  let bad = 0;
  inst.reset();
  try {
    const t = putTables(inst, tables);
    const { a, b, colStart, kp, km, kz } = tables.offsets;
    const xyzPtr = inst.alloc(chunk * 3 * S);
    const valPtr = inst.alloc(chunk * K * S);
    const gradPtr = gradients ? inst.alloc(chunk * 3 * K * S) : 0;
    const scratch = inst.alloc(inst.exports.scratchBytes(lMax));
    const view = (ptr: number, len: number) => (f32 ? inst.f32(ptr, len) : inst.f64(ptr, len));
    const e = inst.exports;
    const norm = normalized ? 1 : 0;
    if (chunk === n) {
      view(xyzPtr, 3 * n).set(xyz);
      if (gradients) {
        const grad = f32 ? e.shGradientsF32 : e.shGradientsF64;
        bad = grad(xyzPtr, n, lMax, norm, t + a, t + b, t + colStart, t + kp, t + km, t + kz, valPtr, gradPtr, scratch);
        gradients.set(view(gradPtr, 3 * K * n));
      } else {
        bad = (f32 ? e.shValuesF32 : e.shValuesF64)(xyzPtr, n, lMax, norm, t + a, t + b, t + colStart, valPtr, scratch);
      }
      values.set(view(valPtr, K * n));
      return bad !== 0;
    }
    const xyzView = view(xyzPtr, chunk * 3);
    const valView = view(valPtr, chunk * K);
    const gradView = gradients ? view(gradPtr, chunk * 3 * K) : undefined;
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      xyzView.set(count === chunk ? xyz.subarray(3 * start, 3 * (start + count)) : xyz.subarray(3 * start));
      if (gradients) {
        const grad = f32 ? e.shGradientsF32 : e.shGradientsF64;
        bad |= grad(xyzPtr, count, lMax, norm, t + a, t + b, t + colStart, t + kp, t + km, t + kz, valPtr, gradPtr, scratch);
        gradients.set(count === chunk ? gradView! : gradView!.subarray(0, 3 * K * count), 3 * K * start);
      } else {
        bad |= (f32 ? e.shValuesF32 : e.shValuesF64)(xyzPtr, count, lMax, norm, t + a, t + b, t + colStart, valPtr, scratch);
      }
      values.set(count === chunk ? valView : valView.subarray(0, K * count), K * start);
    }
  } finally {
    inst.reset();
  }
  return bad !== 0;
}
