import { WasmKernelModule, type KernelModuleExports, type WasmInitOptions } from '@equikit/core';
import { wasmBytes as simdBytes } from './generated/nn.simd.bytes.js';
import { wasmBytes as scalarBytes } from './generated/nn.bytes.js';

/** The exports of assembly/nn.ts (pointers are byte offsets into the module's memory). */
export interface NnExports extends KernelModuleExports {
  scatterAddRows(rows: number, d: number, a: number, index: number, out: number): void;
  contractRows(
    nTerms: number, batch: number, order: number, coef: number, out: number, so: number,
    p0: number, s0: number, p1: number, s1: number, p2: number, s2: number,
  ): void;
  contractBlocks(
    nBlocks: number, batch: number, header: number, nzOff: number, nzCoef: number,
    s: number, q0: number, q1: number, q2: number, out: number, so: number,
    p0: number, s0: number, p1: number, s1: number, p2: number, s2: number,
  ): void;
  contractLanes(
    nTerms: number, Bp: number, order: number, coef: number, out: number, outBatched: number, nBatched: number,
    p0: number, c0: number, p1: number, c1: number, p2: number, c2: number,
  ): void;
  transposeIn(src: number, batch: number, size: number, dst: number, Bp: number): void;
  transposeOut(src: number, size: number, Bp: number, batch: number, dst: number): void;
  matmul(n: number, k: number, m: number, a: number, b: number, out: number): void;
  matrixTranspose(src: number, rows: number, cols: number, dst: number): void;
}

export const wasmModule = new WasmKernelModule<NnExports>({
  packageName: '@equikit/nn',
  name: 'nn',
  simdBytes,
  scalarBytes,
});

/** Loads this package's WebAssembly (see WasmInitOptions); kernels can then run in any runtime. */
export function init(options?: WasmInitOptions) {
  return wasmModule.init(options);
}
