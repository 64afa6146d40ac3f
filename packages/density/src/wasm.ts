import { WasmKernelModule, type KernelModuleExports, type WasmInitOptions } from '@equikit/core';
import { wasmBytes as simdBytes } from './generated/density.simd.bytes.js';
import { wasmBytes as scalarBytes } from './generated/density.bytes.js';

/** The exports of assembly/density.ts. */
export interface DensityExports extends KernelModuleExports {}

export const wasmModule = new WasmKernelModule<DensityExports>({
  packageName: '@equikit/density',
  name: 'density',
  simdBytes,
  scalarBytes,
});

/** Loads this package's WebAssembly (see WasmInitOptions); kernels can then run in any runtime. */
export function init(options?: WasmInitOptions) {
  return wasmModule.init(options);
}
