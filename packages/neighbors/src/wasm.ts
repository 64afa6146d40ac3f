import { WasmKernelModule, type KernelModuleExports, type WasmInitOptions } from '@equikit/core';
import { wasmBytes as simdBytes } from './generated/neighbors.simd.bytes.js';
import { wasmBytes as scalarBytes } from './generated/neighbors.bytes.js';

/** The exports of assembly/neighbors.ts. */
export interface NeighborsExports extends KernelModuleExports {}

export const wasmModule = new WasmKernelModule<NeighborsExports>({
  packageName: '@equikit/neighbors',
  name: 'neighbors',
  simdBytes,
  scalarBytes,
});

/** Loads this package's WebAssembly (see WasmInitOptions); kernels can then run in any runtime. */
export function init(options?: WasmInitOptions) {
  return wasmModule.init(options);
}
