// Feature probes, each run once. A module holding one v128 instruction validates
// only where WebAssembly SIMD is supported (tfjs and onnxruntime-web do the same).

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

let simd: boolean | undefined;

export function wasmSupported(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function';
}

/** Whether this runtime validates WebAssembly SIMD (v128) code. Probed once. */
export function simdSupported(): boolean {
  if (simd === undefined) {
    try {
      simd = wasmSupported() && WebAssembly.validate(SIMD_PROBE);
    } catch {
      simd = false;
    }
  }
  return simd;
}
