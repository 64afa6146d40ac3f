// The SIMD build really uses v128 instructions and the scalar build none.
import { countSimdInstructions } from '@equikit/wasm-build/inspect';
import { describe, expect, it } from 'vitest';
import { wasmBytes as scalarBytes } from '../src/generated/o3.bytes.js';
import { wasmBytes as simdBytes } from '../src/generated/o3.simd.bytes.js';

describe('o3 wasm builds', () => {
  it('the SIMD build contains v128 instructions', () => {
    expect(countSimdInstructions(simdBytes())).toBeGreaterThan(50);
  });

  it('the scalar build contains none', () => {
    expect(countSimdInstructions(scalarBytes())).toBe(0);
  });
});
