import { simdSupported } from './features.js';
import { compileWasmSource, type WasmSource } from './wasm-source.js';
import { WasmInstance, wasmImports, type KernelModuleExports } from './wasm-instance.js';

export type WasmFlavor = 'wasm' | 'wasm-simd';

export interface WasmInitOptions {
  /** Where to load the .wasm from; by default the bytes embedded in the package. */
  wasm?: WasmSource;
  /**
   * Which build `wasm` is: 'wasm-simd' (`<name>.simd.wasm`) or 'wasm' (`<name>.wasm`).
   * Default: inferred from a URL's file name, else 'wasm-simd' where SIMD is supported.
   */
  flavor?: WasmFlavor;
}

export interface WasmKernelSpec {
  /** The npm package, for messages: '@equikit/neighbors'. */
  packageName: string;
  /** The module's file stem: 'neighbors' for neighbors.simd.wasm and neighbors.wasm. */
  name: string;
  /** Embedded bytes of each build. */
  simdBytes: () => Uint8Array;
  scalarBytes: () => Uint8Array;
}

/**
 * The two builds (SIMD and scalar) of one package's AssemblyScript kernels.
 * `init()` loads asynchronously from any source; a kernel that finds its build
 * not loaded yet compiles the embedded bytes synchronously where the runtime
 * allows, and otherwise says which `init` to await.
 */
export class WasmKernelModule<E extends KernelModuleExports = KernelModuleExports> {
  private readonly instances: Partial<Record<WasmFlavor, WasmInstance<E>>> = {};

  constructor(readonly spec: WasmKernelSpec) {}

  /** Loads one build. Resolves when kernels can run on it. */
  async init(options: WasmInitOptions = {}): Promise<WasmFlavor> {
    const flavor = options.flavor ?? inferFlavor(options.wasm);
    if (flavor !== 'wasm' && flavor !== 'wasm-simd') {
      throw new TypeError(`${this.spec.packageName} init: flavor must be 'wasm' or 'wasm-simd', got ${JSON.stringify(flavor)}`);
    }
    const source = options.wasm ?? this.embedded(flavor);
    const module = await compileWasmSource(source, `${this.spec.packageName} init`);
    this.instances[flavor] = this.instantiate(module, flavor);
    return flavor;
  }

  /** Compiles the embedded bytes of one build synchronously. */
  initSync(flavor: WasmFlavor = simdSupported() ? 'wasm-simd' : 'wasm'): void {
    this.instances[flavor] = this.instantiate(new WebAssembly.Module(this.embedded(flavor) as BufferSource), flavor);
  }

  isLoaded(flavor: WasmFlavor): boolean {
    return this.instances[flavor] !== undefined;
  }

  /** The loaded instance of a build, loading the embedded bytes synchronously if it must. */
  instance(flavor: WasmFlavor): WasmInstance<E> {
    const loaded = this.instances[flavor];
    if (loaded) return loaded;
    try {
      this.initSync(flavor);
    } catch (cause) {
      throw new Error(
        `${this.spec.packageName}: the ${this.fileName(flavor)} kernels are not loaded and this runtime cannot compile ` +
          `WebAssembly synchronously (${(cause as Error).message}). Call \`await init()\` from '${this.spec.packageName}' ` +
          `first, or \`await init({ wasm: module })\` with a precompiled WebAssembly.Module on edge runtimes.`,
        { cause },
      );
    }
    return this.instances[flavor]!;
  }

  fileName(flavor: WasmFlavor): string {
    return `${this.spec.name}${flavor === 'wasm-simd' ? '.simd' : ''}.wasm`;
  }

  private embedded(flavor: WasmFlavor): Uint8Array {
    return flavor === 'wasm-simd' ? this.spec.simdBytes() : this.spec.scalarBytes();
  }

  private instantiate(module: WebAssembly.Module, flavor: WasmFlavor): WasmInstance<E> {
    let memory: WebAssembly.Memory | undefined;
    const instance = new WebAssembly.Instance(module, wasmImports(this.fileName(flavor), () => memory));
    const wrapped = new WasmInstance<E>(instance, this.fileName(flavor));
    memory = wrapped.exports.memory;
    return wrapped;
  }
}

function inferFlavor(source: WasmSource | undefined): WasmFlavor {
  const name = typeof source === 'string' ? source : source instanceof URL ? source.pathname : undefined;
  if (name !== undefined) return /\.simd\.wasm$/.test(name) ? 'wasm-simd' : 'wasm';
  return simdSupported() ? 'wasm-simd' : 'wasm';
}
