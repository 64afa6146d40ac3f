// Bad input gets a clear error naming the argument; documented values where that is the convention.
import { describe, expect, it } from 'vitest';
import { MAX_L, SphericalHarmonics, sphericalHarmonics } from '../src/index.js';
import { BACKENDS } from './helpers.js';

describe('SphericalHarmonics argument checks', () => {
  it('rejects lMax that is negative, not an integer, or absurdly large', () => {
    expect(() => new SphericalHarmonics(-1)).toThrow(RangeError);
    expect(() => new SphericalHarmonics(-1)).toThrow(/lMax must be an integer in \[0, 64\], got -1/);
    expect(() => new SphericalHarmonics(2.5)).toThrow(/lMax must be an integer, got 2.5/);
    expect(() => new SphericalHarmonics(NaN)).toThrow(TypeError);
    expect(() => new SphericalHarmonics('3' as never)).toThrow(TypeError);
    expect(() => new SphericalHarmonics(MAX_L + 1)).toThrow(/lMax must be an integer in \[0, 64\], got 65/);
    expect(() => new SphericalHarmonics(1e9)).toThrow(RangeError);
    expect(() => sphericalHarmonics(new Float64Array(3), -2)).toThrow(/lMax/);
  });

  it('rejects bad options', () => {
    expect(() => new SphericalHarmonics(2, { precision: 'f16' as never })).toThrow(/options.precision must be one of 'f64', 'f32'/);
    expect(() => new SphericalHarmonics(2, { normalized: 1 as never })).toThrow(/options.normalized must be a boolean/);
    expect(() => new SphericalHarmonics(2, { backend: 'webgpu' })).toThrow(/options.backend must be one of 'js', 'wasm', 'wasm-simd'/);
    expect(() => new SphericalHarmonics(2, null as never)).toThrow(/options must be an object/);
    expect(() => sphericalHarmonics(new Float64Array(3), 2, { gradients: 'yes' as never })).toThrow(/options.gradients must be a boolean/);
  });

  describe.each(BACKENDS)('on %s', (backend) => {
    const sh = new SphericalHarmonics(3, { backend });

    it('rejects inputs of the wrong type or length', () => {
      expect(() => sh.compute([0, 0, 1] as never)).toThrow(/xyz must be a Float64Array or Float32Array, got an array of length 3/);
      expect(() => sh.compute(new Float64Array(4))).toThrow(/xyz must have a length that is a multiple of 3, got 4/);
      expect(() => sh.computeWithGradients(new Int32Array(3) as never)).toThrow(TypeError);
    });

    it('rejects NaN and infinite coordinates, naming the point', () => {
      expect(() => sh.compute(new Float64Array([0, 0, 1, 0.5, NaN, 0]))).toThrow(/xyz\[1\]\[1\] must be finite, got NaN/);
      expect(() => sh.computeWithHessians(new Float32Array([Infinity, 0, 0]))).toThrow(/xyz\[0\]\[0\] must be finite/);
      expect(() => sh.computeWithGradients(new Float64Array([0, 0, 1, 1, 2, 3, 4, 5, 6, 7, -Infinity, 8, 1, 1, 1]))).toThrow(/xyz\[3\]\[1\] must be finite/);
    });

    it('rejects points whose |r|² overflows instead of returning a wrong direction', () => {
      expect(() => sh.compute(new Float64Array([0, 0, 1, 1e200, 0, 0]))).toThrow(/xyz\[1\] is too large for precision 'f64'/);
    });

    it('rejects output arrays of the wrong type or length', () => {
      const xyz = new Float64Array(6);
      expect(() => sh.compute(xyz, { values: new Float64Array(31) })).toThrow(/out.values must have length 32, got 31/);
      expect(() => sh.compute(xyz, { values: new Float32Array(32) as never })).toThrow(/out.values must be a Float64Array \(precision 'f64'\)/);
      expect(() => sh.computeWithGradients(xyz, { values: new Float64Array(32), gradients: new Float64Array(32) })).toThrow(/out.gradients must have length 96/);
      expect(() => sh.compute(xyz, 5 as never)).toThrow(/out must be an object/);
    });

    it('accepts an empty input', () => {
      expect(sh.computeWithGradients(new Float64Array(0)).values).toHaveLength(0);
    });
  });
});
