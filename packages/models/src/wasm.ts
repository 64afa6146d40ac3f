import { WasmKernelModule, type KernelModuleExports, type WasmInitOptions } from '@equikit/core';
import { wasmBytes as simdBytes } from './generated/models.simd.bytes.js';
import { wasmBytes as scalarBytes } from './generated/models.bytes.js';

/** The exports of assembly/models.ts. */
export interface ModelsExports extends KernelModuleExports {
  gramUpdate(P: number, R: number, ld: number, Xt: number, y: number, A: number, b: number): void;
  choleskyFactor(P: number, A: number): number;
  choleskySolve(P: number, L: number, b: number): void;
}

export const wasmModule = new WasmKernelModule<ModelsExports>({
  packageName: '@equikit/models',
  name: 'models',
  simdBytes,
  scalarBytes,
});

/** Loads this package's WebAssembly (see WasmInitOptions); the solver can then run in any runtime. */
export function init(options?: WasmInitOptions) {
  return wasmModule.init(options);
}
