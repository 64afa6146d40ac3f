// Types for the test helper of tools/wasm-build (plain JavaScript, no declarations of its own).
declare module '@equikit/wasm-build/inspect' {
  /** Counts the SIMD (v128) instructions in a module's code. */
  export function countSimdInstructions(bytes: Uint8Array): number;
}
