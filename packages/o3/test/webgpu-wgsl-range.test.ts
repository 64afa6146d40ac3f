import { describe, expect, it } from 'vitest';
import { harmonicsWgsl } from '../src/webgpu/sh-wgsl.js';
import { harmonicsLoopsWgsl } from '../src/webgpu/sh-wgsl-loops.js';

// On an NVIDIA H100 (Deno/wgpu, bench/deno/webgpu-finite.js) the point (1e38, −2e38, 3e37)
// gave NaN harmonics: the division p / max|p| ran as p · (1/max|p|), and that reciprocal is
// subnormal, flushed to zero. SwiftShader and llvmpipe keep subnormals, so the browser tests
// cannot see it; this checks every generated program pre-scales huge points exactly.
describe('WGSL programs pre-scale huge points by an exact power of two', () => {
  for (const [style, generate] of [['unrolled', harmonicsWgsl], ['loops', harmonicsLoopsWgsl]] as const) {
    for (const normalized of [true, false]) {
      for (const gradients of [false, true]) {
        it(`${style}, ${normalized ? 'spherical' : 'solid'}, ${gradients ? 'with' : 'without'} gradients`, () => {
          const wgsl = generate({ lMax: 4, normalized, gradients });
          expect(wgsl).toMatch(/let pre = select\(1\.0f, 5\.42101086e-20f, huge\);/);
          expect(wgsl).toMatch(/let q = \(p \* pre\) \/ safe;/);
          expect(Math.fround(5.42101086e-20)).toBe(2 ** -64);
        });
      }
    }
  }
});
