import { WasmKernelModule, type KernelModuleExports, type WasmInitOptions } from '@equikit/core';
import { wasmBytes as simdBytes } from './generated/density.simd.bytes.js';
import { wasmBytes as scalarBytes } from './generated/density.bytes.js';

/** The exports of assembly/density.ts. */
export interface DensityExports extends KernelModuleExports {
  naturalSpline(
    count: number, r: number, size: number, start: number, pointsPerUnit: number, lastInterval: number, h: number,
    grid: number, y: number, s: number, out: number, dOut: number,
  ): void;
  gtoExact(
    count: number, r: number, N: number, L: number, alpha: number, kappa: number, beta: number, prefactor: number,
    starts: number, perNL: number, terms: number, seriesTerms: number, ortho: number, out: number, dOut: number, scratch: number,
  ): number;
  hermiteSpline(count: number, r: number, size: number, x0: number, h: number, intervals: number, y: number, d: number, out: number, dOut: number): void;
  accumulateValues(count: number, N: number, L: number, w: number, radial: number, Y: number, base: number, values: number, scratch: number): void;
  centreSums(count: number, N: number, L: number, vectors: number, out: number, slot: number, acc: number, nSlots: number): void;
  pairGradients(
    count: number, N: number, L: number, w: number, dw: number, radial: number, dRadial: number,
    unit: number, Y: number, dY: number, out: number, scratch: number,
  ): void;
}

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
