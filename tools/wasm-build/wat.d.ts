/** Assembles WebAssembly text into a binary (all features enabled); throws if it does not validate. */
export function watToWasm(text: string): Uint8Array;
