// The facade: every @equikit package in one import. Core is re-exported flat; each
// kernel package also as a namespace, so same-named exports (`init`) stay apart.
import * as neighbors from '@equikit/neighbors';
import * as o3 from '@equikit/o3';
import * as density from '@equikit/density';
import type { WasmInitOptions } from '@equikit/core';

export * from '@equikit/core';
export { neighbors, o3, density };

/** Per-package `init` options; each package loads its own .wasm. */
export interface InitOptions {
  neighbors?: WasmInitOptions;
  o3?: WasmInitOptions;
  density?: WasmInitOptions;
}

/**
 * Loads the WebAssembly of every kernel package. Needed only where the runtime
 * cannot compile WebAssembly synchronously (large modules on a browser's main
 * thread, edge runtimes: pass precompiled modules there).
 */
export async function init(options: InitOptions = {}): Promise<void> {
  await Promise.all([neighbors.init(options.neighbors), o3.init(options.o3), density.init(options.density)]);
}
