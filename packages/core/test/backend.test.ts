import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { watToWasm } from '@equikit/wasm-build/wat';
import { countSimdInstructions } from '@equikit/wasm-build/inspect';
import { simdSupported } from '../src/backend/features.js';
import { getBackend, resolveBackend, setBackend } from '../src/backend/select.js';
import { WasmKernelModule, type WasmFlavor } from '../src/backend/wasm-module.js';
import type { KernelModuleExports } from '../src/backend/wasm-instance.js';

// Two tiny kernel modules with the equikit ABI (memory + heapBase): `double(ptr, n)`
// doubles n f64 values in place, with f64x2 in the SIMD build and scalar f64 otherwise.
const HEADER = `(memory (export "memory") 1) (func (export "heapBase") (result i32) i32.const 1024)`;
const SIMD_WAT = `(module ${HEADER}
  (func (export "double") (param $p i32) (param $n i32) (local $i i32)
    (loop $l (if (i32.lt_s (local.get $i) (local.get $n)) (then
      (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (v128.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $l))))))`;
const SCALAR_WAT = `(module ${HEADER}
  (func (export "double") (param $p i32) (param $n i32) (local $i i32)
    (loop $l (if (i32.lt_s (local.get $i) (local.get $n)) (then
      (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))))`;
const simdBytes = watToWasm(SIMD_WAT);
const scalarBytes = watToWasm(SCALAR_WAT);

interface DoubleExports extends KernelModuleExports {
  double(ptr: number, n: number): void;
}

function makeModule(spec: Partial<{ simd: () => Uint8Array; scalar: () => Uint8Array }> = {}) {
  return new WasmKernelModule<DoubleExports>({
    packageName: '@equikit/test',
    name: 'double',
    simdBytes: spec.simd ?? (() => simdBytes),
    scalarBytes: spec.scalar ?? (() => scalarBytes),
  });
}

function runDouble(module: WasmKernelModule<DoubleExports>, flavor: WasmFlavor): number[] {
  const instance = module.instance(flavor);
  try {
    const ptr = instance.put(new Float64Array([1, 2, 3, 4]));
    instance.exports.double(ptr, 4);
    return Array.from(instance.f64(ptr, 4));
  } finally {
    instance.reset();
  }
}

afterEach(() => setBackend('auto'));

describe('feature probes and backend choice', () => {
  it('probes SIMD once and this Node supports it', () => {
    expect(simdSupported()).toBe(true);
    expect(simdSupported()).toBe(simdSupported());
  });

  it('chooses wasm-simd automatically, and the forced backend when one is set', () => {
    expect(getBackend()).toBe('wasm-simd');
    expect(resolveBackend('k', ['js', 'wasm', 'wasm-simd'])).toBe('wasm-simd');
    expect(resolveBackend('k', ['js', 'wasm'])).toBe('wasm');
    expect(resolveBackend('k', ['js'])).toBe('js');
    setBackend('js');
    expect(getBackend()).toBe('js');
    expect(resolveBackend('k', ['js', 'wasm-simd'])).toBe('js');
    expect(resolveBackend('k', ['js', 'wasm-simd'], 'wasm-simd')).toBe('wasm-simd');
  });

  it('rejects unknown or unimplemented backends with the list of valid ones', () => {
    expect(() => setBackend('gpu' as never)).toThrow(/backend must be one of 'auto', 'js', 'wasm', 'wasm-simd', 'webgpu', got "gpu"/);
    expect(() => resolveBackend('neighborList', ['js', 'wasm'], 'webgpu')).toThrow(
      /neighborList has no 'webgpu' backend; it implements 'js', 'wasm'/,
    );
  });
});

describe('WasmKernelModule', () => {
  it('the SIMD build holds v128 instructions and the scalar build none', () => {
    expect(countSimdInstructions(simdBytes)).toBeGreaterThan(0);
    expect(countSimdInstructions(scalarBytes)).toBe(0);
  });

  it('initialises synchronously from embedded bytes when a kernel needs it', () => {
    const module = makeModule();
    expect(module.isLoaded('wasm')).toBe(false);
    expect(runDouble(module, 'wasm')).toEqual([2, 4, 6, 8]);
    expect(runDouble(module, 'wasm-simd')).toEqual([2, 4, 6, 8]);
  });

  it('says which init to await when it cannot compile synchronously', () => {
    const module = makeModule({ simd: () => new Uint8Array([0, 97, 115, 109]) });
    expect(() => module.instance('wasm-simd')).toThrow(/Call `await init\(\)` from '@equikit\/test' first/);
  });

  const dir = mkdtempSync(join(tmpdir(), 'equikit-wasm-'));
  const simdPath = join(dir, 'double.simd.wasm');
  writeFileSync(simdPath, simdBytes);
  const sources: Record<string, () => Promise<unknown>> = {
    'embedded bytes': async () => new Uint8Array(simdBytes),
    'a Response': async () => new Response(simdBytes as BufferSource, { headers: { 'content-type': 'application/wasm' } }),
    'a Response without the wasm content type': async () => new Response(simdBytes as BufferSource),
    'a file: URL': async () => pathToFileURL(simdPath),
    'a precompiled WebAssembly.Module': async () => new WebAssembly.Module(await readFile(simdPath)),
  };
  for (const [what, make] of Object.entries(sources)) {
    it(`loads from ${what}`, async () => {
      const module = makeModule({ simd: () => new Uint8Array(0) }); // the embedded bytes must not be used
      const flavor = await module.init({ wasm: (await make()) as never, flavor: 'wasm-simd' });
      expect(flavor).toBe('wasm-simd');
      expect(runDouble(module, 'wasm-simd')).toEqual([2, 4, 6, 8]);
    });
  }

  it('infers the build from a URL file name', async () => {
    const module = makeModule();
    expect(await module.init({ wasm: pathToFileURL(simdPath) })).toBe('wasm-simd');
  });

  it('reports a failed fetch and a bad source clearly', async () => {
    const module = makeModule();
    await expect(module.init({ wasm: new Response('nope', { status: 404 }) })).rejects.toThrow(/HTTP 404/);
    await expect(module.init({ wasm: 42 as never })).rejects.toThrow(/wasm must be bytes/);
    await expect(module.init({ flavor: 'simd' as never })).rejects.toThrow(/flavor must be 'wasm' or 'wasm-simd'/);
  });

  it('grows memory for large calls and refuses more than wasm32 can address', () => {
    const instance = makeModule().instance('wasm');
    const n = 1 << 20;
    const ptr = instance.alloc(n * 8);
    const values = instance.f64(ptr, n);
    values.fill(1.5);
    instance.exports.double(ptr, n);
    expect(instance.f64(ptr, n)[n - 1]).toBe(3);
    instance.reset();
    expect(() => instance.alloc(5 * 1024 ** 3)).toThrow(/more than the 4 GiB/);
  });
});
