// The two builds: SIMD instructions only in the SIMD one, and every way of loading
// the .wasm (embedded bytes, a Response, a file: URL, a precompiled Module) works.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countSimdInstructions } from '@equikit/wasm-build/inspect';
import { init, neighborList, wasmModule } from '../src/index.js';
import { wasmBytes as simdBytes } from '../src/generated/neighbors.simd.bytes.js';
import { wasmBytes as scalarBytes } from '../src/generated/neighbors.bytes.js';
import { referenceCases } from './helpers.js';

const cu = referenceCases()[0];

function expectCorrectList(flavor: 'wasm' | 'wasm-simd') {
  const list = neighborList(cu, { cutoff: cu.cutoff, sorted: true, backend: flavor });
  expect(list.length).toBe(cu.pairs);
  expect(Array.from(list.j)).toEqual(cu.j);
  expect(Array.from(list.shifts)).toEqual(cu.S);
}

describe('the WebAssembly builds', () => {
  it('the SIMD build uses v128 instructions, the scalar build none', () => {
    expect(countSimdInstructions(simdBytes())).toBeGreaterThan(10);
    expect(countSimdInstructions(scalarBytes())).toBe(0);
  });

  it('loads from embedded bytes', async () => {
    for (const flavor of ['wasm', 'wasm-simd'] as const) {
      const bytes = flavor === 'wasm' ? scalarBytes() : simdBytes();
      expect(await init({ wasm: bytes, flavor })).toBe(flavor);
      expectCorrectList(flavor);
    }
  });

  it('loads from a Response', async () => {
    const response = new Response(simdBytes() as BufferSource, { headers: { 'content-type': 'application/wasm' } });
    expect(await init({ wasm: response, flavor: 'wasm-simd' })).toBe('wasm-simd');
    expectCorrectList('wasm-simd');
  });

  it('loads from a file: URL to dist/neighbors.simd.wasm, inferring the flavor from the name', async () => {
    const url = new URL('../dist/neighbors.simd.wasm', import.meta.url);
    expect(readFileSync(url)).toEqual(Buffer.from(simdBytes()));
    expect(await init({ wasm: url })).toBe('wasm-simd');
    expectCorrectList('wasm-simd');
  });

  it('loads a precompiled WebAssembly.Module (edge runtimes)', async () => {
    for (const flavor of ['wasm', 'wasm-simd'] as const) {
      const module = await WebAssembly.compile((flavor === 'wasm' ? scalarBytes() : simdBytes()) as BufferSource);
      expect(await init({ wasm: module, flavor })).toBe(flavor);
      expect(wasmModule.isLoaded(flavor)).toBe(true);
      expectCorrectList(flavor);
    }
  });
});
