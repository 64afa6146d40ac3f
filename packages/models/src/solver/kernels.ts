// The solver's three dense kernels on a chosen backend: the TypeScript reference or either
// WebAssembly build (copies in and out of the module's arena; callers batch rows so the
// copies stay small next to the arithmetic).
import { resolveBackend, type BackendName } from '@equikit/core';
import { choleskyFactorJs, choleskySolveJs, gramUpdateJs } from './dense.js';
import { wasmModule } from '../wasm.js';

export const SOLVER_BACKENDS: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];

export interface DenseKernels {
  readonly backend: BackendName;
  gramUpdate(P: number, R: number, ld: number, Xt: Float64Array, y: Float64Array, A: Float64Array, b: Float64Array): void;
  choleskyFactor(P: number, A: Float64Array): number;
  choleskySolve(P: number, L: Float64Array, b: Float64Array): void;
}

const jsKernels: DenseKernels = {
  backend: 'js',
  gramUpdate: gramUpdateJs,
  choleskyFactor: choleskyFactorJs,
  choleskySolve: choleskySolveJs,
};

function wasmKernels(flavor: 'wasm' | 'wasm-simd'): DenseKernels {
  return {
    backend: flavor,
    gramUpdate(P, R, ld, Xt, y, A, b) {
      const inst = wasmModule.instance(flavor);
      try {
        const pXt = inst.alloc(8 * P * ld);
        const py = inst.alloc(8 * ld);
        const pA = inst.alloc(8 * P * P);
        const pb = inst.alloc(8 * P);
        inst.f64(pXt, P * ld).set(Xt.subarray(0, P * ld));
        inst.f64(py, R).set(y.subarray(0, R));
        inst.f64(pA, P * P).set(A);
        inst.f64(pb, P).set(b);
        inst.exports.gramUpdate(P, R, ld, pXt, py, pA, pb);
        A.set(inst.f64(pA, P * P));
        b.set(inst.f64(pb, P));
      } finally {
        inst.reset();
      }
    },
    choleskyFactor(P, A) {
      const inst = wasmModule.instance(flavor);
      try {
        const pA = inst.put(A);
        const failed = inst.exports.choleskyFactor(P, pA);
        A.set(inst.f64(pA, P * P));
        return failed;
      } finally {
        inst.reset();
      }
    },
    choleskySolve(P, L, b) {
      const inst = wasmModule.instance(flavor);
      try {
        const pL = inst.put(L);
        const pb = inst.put(b);
        inst.exports.choleskySolve(P, pL, pb);
        b.set(inst.f64(pb, P));
      } finally {
        inst.reset();
      }
    },
  };
}

const cache = new Map<BackendName, DenseKernels>([['js', jsKernels]]);

/** The kernels of the requested backend (else the forced or best available one). */
export function denseKernels(backend?: BackendName): DenseKernels {
  const name = resolveBackend('LinearPotential solver', SOLVER_BACKENDS, backend);
  let kernels = cache.get(name);
  if (!kernels) cache.set(name, (kernels = wasmKernels(name as 'wasm' | 'wasm-simd')));
  return kernels;
}
