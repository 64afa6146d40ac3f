import { WasmKernelModule, type KernelModuleExports, type WasmInitOptions } from '@equikit/core';
import { wasmBytes as simdBytes } from './generated/o3.simd.bytes.js';
import { wasmBytes as scalarBytes } from './generated/o3.bytes.js';

/** The exports of assembly/o3.ts. */
export interface O3Exports extends KernelModuleExports {}

export const wasmModule = new WasmKernelModule<O3Exports>({
  packageName: '@equikit/o3',
  name: 'o3',
  simdBytes,
  scalarBytes,
});

/** Loads this package's WebAssembly (see WasmInitOptions); kernels can then run in any runtime. */
export function init(options?: WasmInitOptions) {
  return wasmModule.init(options);
}
