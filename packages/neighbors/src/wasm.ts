import { WasmKernelModule, type KernelModuleExports, type WasmInitOptions } from '@equikit/core';
import { wasmBytes as simdBytes } from './generated/neighbors.simd.bytes.js';
import { wasmBytes as scalarBytes } from './generated/neighbors.bytes.js';

/** The exports of assembly/neighbors.ts. */
export interface NeighborsExports extends KernelModuleExports {
  configureGrid(nx: number, ny: number, nz: number, mx: number, my: number, mz: number, pbcMask: number, cutoff2: number, zReach: number, full: number): void;
  configureCell(a0: number, a1: number, a2: number, b0: number, b1: number, b2: number, c0: number, c1: number, c2: number): void;
  configureAtoms(xs: number, ys: number, zs: number, zf: number, idx: number, wx: number, wy: number, wz: number, binStart: number, ranges: number): void;
  configureOutput(i: number, j: number, s: number, d: number, v: number, capacity: number): void;
  search(state: number): number;
}

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
