import { describe, expect, it } from 'vitest';
import * as equikit from '../src/index.js';

describe('the equikit facade', () => {
  it('re-exports core flat and each kernel package as a namespace', () => {
    expect(typeof equikit.readExtxyz).toBe('function');
    expect(typeof equikit.Structure).toBe('function');
    expect(typeof equikit.TensorMap).toBe('function');
    expect(typeof equikit.neighbors.init).toBe('function');
    expect(typeof equikit.o3.init).toBe('function');
    expect(typeof equikit.density.init).toBe('function');
  });

  it('init loads every package’s WebAssembly', async () => {
    await equikit.init();
    for (const pkg of [equikit.neighbors, equikit.o3, equikit.density]) {
      expect(pkg.wasmModule.isLoaded(equikit.simdSupported() ? 'wasm-simd' : 'wasm')).toBe(true);
    }
  });
});
