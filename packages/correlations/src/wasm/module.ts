import { WasmKernelModule, type KernelModuleExports, type WasmInitOptions } from '@equikit/core';
import { wasmBytes as simdBytes } from '../generated/correlations.simd.bytes.js';
import { wasmBytes as scalarBytes } from '../generated/correlations.bytes.js';

/** The exports of assembly/correlations.ts (pointers are byte offsets into the module's memory). */
export interface CorrelationsExports extends KernelModuleExports {
  forward(count: number, S: number, N: number, L: number, factor: number, c: number, out: number, cT: number, tile: number): void;
  pullback(count: number, S: number, N: number, L: number, factor: number, c: number, gX: number, gcT: number, cT: number, w: number): void;
  pairTangents(
    count: number, S: number, N: number, L: number, factor: number, c: number,
    centres: number, types: number, grads: number, rowPlus: number, rowMinus: number, rowStrain: number, vectors: number,
    positions: number, strain: number, cT: number,
  ): void;
  finishRows(blocks: number, S: number, N: number, L: number, rows: number, scratch: number): void;
  pairDots(
    count: number, S: number, N: number, L: number, gcT: number, centres: number, types: number, grads: number, rowPlus: number, vectors: number,
    positions: number, strain: number,
  ): void;
}

export const wasmModule = new WasmKernelModule<CorrelationsExports>({
  packageName: '@equikit/correlations',
  name: 'correlations',
  simdBytes,
  scalarBytes,
});

/**
 * Loads this package's WebAssembly (see WasmInitOptions); kernels can then run in any runtime.
 * Only this package's kernels: the expansion underneath needs `init` from @equikit/density too.
 */
export function init(options?: WasmInitOptions) {
  return wasmModule.init(options);
}
