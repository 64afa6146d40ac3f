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
    expect(typeof equikit.correlations.PowerSpectrum).toBe('function');
    expect(typeof equikit.models.LinearPotential).toBe('function');
  });

  it('exports the main classes flat, identical to the packages’ own', () => {
    expect(equikit.PowerSpectrum).toBe(equikit.correlations.PowerSpectrum);
    expect(equikit.LinearPotential).toBe(equikit.models.LinearPotential);
    expect(equikit.EquivariantPotential).toBe(equikit.nn.EquivariantPotential);
    expect(equikit.SphericalExpansion).toBe(equikit.density.SphericalExpansion);
    expect(equikit.neighborList).toBe(equikit.neighbors.neighborList);
    const calc = new equikit.PowerSpectrum(equikit.SOAP_HYPERS);
    expect(calc.sizeFor(1)).toBe(6 * 6 * 5);
  });

  it('init loads every package’s WebAssembly', async () => {
    await equikit.init();
    for (const pkg of [equikit.neighbors, equikit.o3, equikit.density, equikit.correlations, equikit.models, equikit.nn]) {
      expect(pkg.wasmModule.isLoaded(equikit.simdSupported() ? 'wasm-simd' : 'wasm')).toBe(true);
    }
  });
});
