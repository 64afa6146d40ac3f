import {
  compileWasmSource, simdSupported, WasmInstance, WasmKernelModule,
  type KernelModuleExports, type WasmFlavor, type WasmInitOptions, type WasmSource,
} from '@equikit/core';
import { wasmBytes as simdBytes } from './generated/neighbors.simd.bytes.js';
import { wasmBytes as scalarBytes } from './generated/neighbors.bytes.js';

/** The exports of assembly/neighbors.ts. */
export interface NeighborsExports extends KernelModuleExports {
  configureGrid(nx: number, ny: number, nz: number, mx: number, my: number, mz: number, pbcMask: number, cutoff2: number, zReach: number, full: number): void;
  configureCell(a0: number, a1: number, a2: number, b0: number, b1: number, b2: number, c0: number, c1: number, c2: number): void;
  configureAtoms(xs: number, ys: number, zs: number, zf: number, idx: number, wx: number, wy: number, wz: number, binStart: number, ranges: number): void;
  configureOutput(i: number, j: number, s: number, d: number, v: number, capacity: number): void;
  search(state: number): number;
  refresh(n: number, i: number, j: number, s: number, positions: number, cutoff2: number): number;
}

const PACKAGE = '@equikit/neighbors';

export const wasmModule = new WasmKernelModule<NeighborsExports>({
  packageName: PACKAGE,
  name: 'neighbors',
  simdBytes,
  scalarBytes,
});

// The compiled modules, kept so that a NeighborSearch can have an instance of its own.
const compiled: Partial<Record<WasmFlavor, WebAssembly.Module>> = {};

function inferFlavor(source: WasmSource | undefined): WasmFlavor {
  const name = typeof source === 'string' ? source : source instanceof URL ? source.pathname : undefined;
  if (name !== undefined) return /\.simd\.wasm$/.test(name) ? 'wasm-simd' : 'wasm';
  return simdSupported() ? 'wasm-simd' : 'wasm';
}

/**
 * Loads this package's WebAssembly: the embedded bytes by default, or `wasm` (bytes, a
 * `Response`, a URL, or a precompiled `WebAssembly.Module` on edge runtimes). Resolves to
 * the build loaded ('wasm-simd' or 'wasm'); kernels can then run in any runtime.
 */
export async function init(options: WasmInitOptions = {}): Promise<WasmFlavor> {
  const flavor = options.flavor ?? inferFlavor(options.wasm);
  if (flavor !== 'wasm' && flavor !== 'wasm-simd') {
    throw new TypeError(`${PACKAGE} init: flavor must be 'wasm' or 'wasm-simd', got ${JSON.stringify(flavor)}`);
  }
  const source = options.wasm ?? (flavor === 'wasm-simd' ? simdBytes() : scalarBytes());
  const module = await compileWasmSource(source, `${PACKAGE} init`);
  compiled[flavor] = module;
  return wasmModule.init({ wasm: module, flavor });
}

function imports(flavor: WasmFlavor): WebAssembly.Imports {
  const abort = () => {
    throw new Error(`${wasmModule.fileName(flavor)} aborted`);
  };
  return { env: { abort } };
}

/**
 * A new instance of one build with a memory of its own, or undefined where the module is
 * not compiled and cannot be compiled synchronously here (callers then share the
 * package's instance).
 */
export function ownInstance(flavor: WasmFlavor): WasmInstance<NeighborsExports> | undefined {
  let module = compiled[flavor];
  if (module === undefined) {
    try {
      module = compiled[flavor] = new WebAssembly.Module((flavor === 'wasm-simd' ? simdBytes() : scalarBytes()) as BufferSource);
    } catch {
      return undefined;
    }
  }
  return new WasmInstance<NeighborsExports>(new WebAssembly.Instance(module, imports(flavor)), wasmModule.fileName(flavor));
}
