import { WasmKernelModule, type KernelModuleExports, type WasmInitOptions } from '@equikit/core';
import { wasmBytes as simdBytes } from './generated/o3.simd.bytes.js';
import { wasmBytes as scalarBytes } from './generated/o3.bytes.js';

type ValuesKernel = (
  xyz: number, n: number, lMax: number, normalized: number, a: number, b: number, colStart: number, values: number, scratch: number,
) => number;
type GradientsKernel = (
  xyz: number, n: number, lMax: number, normalized: number, a: number, b: number, colStart: number,
  kp: number, km: number, kz: number, values: number, gradients: number, scratch: number,
) => number;

/** The exports of assembly/o3.ts. The harmonics kernels return 1 when a point has a non-finite |r|². */
export interface O3Exports extends KernelModuleExports {
  shValuesF64: ValuesKernel;
  shValuesF32: ValuesKernel;
  shGradientsF64: GradientsKernel;
  shGradientsF32: GradientsKernel;
  scratchBytes(lMax: number): number;
}

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
