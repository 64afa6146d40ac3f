import { readFileSync } from 'node:fs';
import binaryen from 'binaryen';
import { describe, expect, it } from 'vitest';
import { assembleAffineKernel } from '../scripts/assemble-affine.js';
import { affineScalarBytes, affineSimdBytes } from '../src/fixtures/affine-kernel.js';

const wat = readFileSync(new URL('../src/fixtures/affine.wat', import.meta.url), 'utf8');

describe('the affine fixture', () => {
  it('committed bytes are what affine.wat assembles to (run `npm run fixtures` after editing it)', () => {
    const { simd, scalar } = assembleAffineKernel(wat);
    expect(Array.from(affineSimdBytes)).toEqual(Array.from(simd));
    expect(Array.from(affineScalarBytes)).toEqual(Array.from(scalar));
  });
  it('the SIMD build holds v128 instructions and the scalar build none', () => {
    expect(simdInstructions(affineSimdBytes)).toBeGreaterThanOrEqual(4); // load, mul, add, store (+ splats)
    expect(simdInstructions(affineScalarBytes)).toBe(0);
  });
});

function simdInstructions(bytes) {
  const module = binaryen.readBinary(bytes);
  try {
    return (module.emitText().match(/\b(v128|f64x2)\.[a-z_0-9]+/g) ?? []).length;
  } finally {
    module.dispose();
  }
}
