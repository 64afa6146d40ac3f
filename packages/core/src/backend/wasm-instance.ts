// One instantiated kernel module and the scratch arena in its linear memory.
// Kernels are built with `--runtime stub` and never allocate: the caller places
// inputs and outputs in the arena, passes pointers, and resets the arena after.

/** What every equikit kernel module exports besides its kernels. */
export interface KernelModuleExports {
  memory: WebAssembly.Memory;
  /** First free byte after the module's static data. */
  heapBase(): number;
}

const PAGE = 65536;
const MAX_BYTES = 4 * 1024 * 1024 * 1024 - PAGE; // wasm32 limit

export class WasmInstance<E extends KernelModuleExports = KernelModuleExports> {
  readonly exports: E;
  private readonly base: number;
  private top: number;

  constructor(instance: WebAssembly.Instance, readonly name: string) {
    this.exports = instance.exports as unknown as E;
    this.base = align(this.exports.heapBase(), 16);
    this.top = this.base;
  }

  /** Frees everything allocated since the last reset; call when a kernel call ends. */
  reset(): void {
    this.top = this.base;
  }

  /** Reserves `bytes` (16-byte aligned), growing memory when needed. Views made before may detach: make views after allocating. */
  alloc(bytes: number): number {
    const ptr = align(this.top, 16);
    const end = ptr + bytes;
    if (end > MAX_BYTES) {
      throw new RangeError(`${this.name}: the call needs ${end} bytes of WebAssembly memory, more than the 4 GiB a wasm32 module can address`);
    }
    const memory = this.exports.memory;
    if (end > memory.buffer.byteLength) {
      memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    }
    this.top = end;
    return ptr;
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.exports.memory.buffer, ptr, length);
  }

  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.exports.memory.buffer, ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.exports.memory.buffer, ptr, length);
  }

  /** Allocates and copies a typed array in; returns its pointer. */
  put(values: Float64Array | Float32Array | Int32Array): number {
    const ptr = this.alloc(values.byteLength);
    new Uint8Array(this.exports.memory.buffer, ptr, values.byteLength).set(
      new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    );
    return ptr;
  }
}

function align(n: number, to: number): number {
  return (n + to - 1) & ~(to - 1);
}

export function wasmImports(name: string, memoryOf: () => WebAssembly.Memory | undefined): WebAssembly.Imports {
  return {
    env: {
      abort(messagePtr: number, filePtr: number, line: number, column: number): never {
        const memory = memoryOf();
        const read = (ptr: number) => (memory && ptr ? readAscString(memory, ptr) : '');
        throw new Error(`${name}.wasm aborted: ${read(messagePtr)} at ${read(filePtr)}:${line}:${column}`);
      },
    },
  };
}

// AssemblyScript strings: UTF-16 code units, byte length stored 4 bytes before the data.
function readAscString(memory: WebAssembly.Memory, ptr: number): string {
  const byteLength = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, byteLength >>> 1));
}
