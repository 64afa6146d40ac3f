/** Counts the SIMD (v128) instructions in a module's code. */
export function countSimdInstructions(bytes: Uint8Array): number;
