import { describe, expect, it } from 'vitest';
import { assertAllFinite, assertFloatArray, assertInteger, assertOneOf, assertPositiveNumber } from '../src/assert.js';

describe('assert helpers', () => {
  it('name the argument and what was expected', () => {
    expect(() => assertPositiveNumber(-1, 'cutoff')).toThrow(/cutoff must be a finite, positive number, got -1/);
    expect(() => assertPositiveNumber(NaN, 'cutoff')).toThrow(TypeError);
    expect(() => assertInteger(2.5, 'lMax', 0)).toThrow(/lMax must be an integer, got 2.5/);
    expect(() => assertInteger(-1, 'lMax', 0, 10)).toThrow(/lMax must be an integer in \[0, 10\], got -1/);
    expect(() => assertOneOf('f16', 'precision', ['f32', 'f64'])).toThrow(/precision must be one of 'f32', 'f64', got "f16"/);
    expect(() => assertFloatArray([1, 2, 3], 'xyz')).toThrow(/xyz must be a Float64Array or Float32Array, got an array of length 3/);
    expect(() => assertFloatArray(new Float64Array(4), 'xyz', { multipleOf: 3 })).toThrow(/multiple of 3, got 4/);
    expect(() => assertAllFinite(new Float64Array([0, 1, 2, 3, NaN, 5]), 'positions', 3)).toThrow(/positions\[1\]\[1\] must be finite, got NaN/);
  });

  it('accept valid values', () => {
    expect(() => assertPositiveNumber(1e-3, 'cutoff')).not.toThrow();
    expect(() => assertInteger(0, 'lMax', 0)).not.toThrow();
    expect(() => assertFloatArray(new Float32Array(6), 'xyz', { multipleOf: 3 })).not.toThrow();
  });
});
