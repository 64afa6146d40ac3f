import { simdSupported, wasmSupported } from './features.js';

/** The ways a kernel can run. */
export type BackendName = 'js' | 'wasm' | 'wasm-simd' | 'webgpu';
export const BACKENDS: readonly BackendName[] = ['js', 'wasm', 'wasm-simd', 'webgpu'];

let forced: BackendName | undefined;

/**
 * Forces every kernel onto one backend (for tests and benchmarks), or restores
 * automatic choice with 'auto'. A kernel that lacks the forced backend throws.
 */
export function setBackend(name: BackendName | 'auto'): void {
  if (name !== 'auto' && !BACKENDS.includes(name)) {
    throw new TypeError(`backend must be one of 'auto', ${BACKENDS.map((b) => `'${b}'`).join(', ')}, got ${JSON.stringify(name)}`);
  }
  forced = name === 'auto' ? undefined : name;
}

/** The backend synchronous kernels use now: the forced one, else the best the runtime supports. */
export function getBackend(): BackendName {
  return forced ?? autoBackend();
}

/** Whether a backend was forced with setBackend. */
export function isBackendForced(): boolean {
  return forced !== undefined;
}

function autoBackend(): BackendName {
  if (!wasmSupported()) return 'js';
  return simdSupported() ? 'wasm-simd' : 'wasm';
}

/**
 * The backend one kernel call should use: the per-call choice, else the forced one,
 * else the automatic one. `kernel` names the caller in the error when the choice is not
 * among the backends it implements.
 */
export function resolveBackend(
  kernel: string,
  implemented: readonly BackendName[],
  requested?: BackendName,
): BackendName {
  const choice = requested ?? forced;
  if (choice !== undefined) {
    if (!BACKENDS.includes(choice)) {
      throw new TypeError(`backend must be one of ${BACKENDS.map((b) => `'${b}'`).join(', ')}, got ${JSON.stringify(choice)}`);
    }
    if (!implemented.includes(choice)) {
      throw new Error(`${kernel} has no '${choice}' backend; it implements ${implemented.map((b) => `'${b}'`).join(', ')}`);
    }
    if (choice === 'wasm-simd' && !simdSupported()) {
      throw new Error(`${kernel}: backend 'wasm-simd' was requested but this runtime does not support WebAssembly SIMD`);
    }
    if ((choice === 'wasm' || choice === 'wasm-simd') && !wasmSupported()) {
      throw new Error(`${kernel}: backend '${choice}' was requested but this runtime has no WebAssembly`);
    }
    return choice;
  }
  const auto = autoBackend();
  if (implemented.includes(auto)) return auto;
  if (auto === 'wasm-simd' && implemented.includes('wasm')) return 'wasm';
  return 'js';
}
