// The wasm kernels take lMax ≤ 2 (values and gradients) through hard-coded
// straight-line code with transposed whole-row stores, and larger lMax through the
// recurrence loops: every entry (l, m) of both must match the TypeScript path, on W-wide
// groups and on the scalar tail, at the origin, at tiny and at large radii.
import { describe, expect, it } from 'vitest';
import { mulberry32, SphericalHarmonics, type Precision } from '../src/index.js';
import { randomPoints } from './helpers.js';

/** 4·5 + 3 points, so SIMD groups (2 or 4 wide) and a scalar tail both run. */
function testPoints(): Float64Array {
  const n = 23;
  const xyz = randomPoints(n, mulberry32(77), 1.3);
  xyz.fill(0, 3, 6); // origin inside a SIMD group
  xyz.set([1e-9, -2e-9, 3e-9], 9); // tiny radius
  xyz.set([3e5, -1e5, 2e5], 30); // large radius
  xyz.set([0, 0, -4e3], 36); // on the z axis
  xyz.fill(0, 3 * (n - 1)); // origin in the scalar tail
  return xyz;
}

describe.each(['wasm', 'wasm-simd'] as const)('wasm kernels at low lMax match the TypeScript path (%s)', (backend) => {
  it.each([0, 1, 2, 3, 4, 5, 6])('lMax %i: every (l, m), values and gradients, f64 and f32, normalized and solid', (L) => {
    const xyz = testPoints();
    const n = xyz.length / 3;
    for (const precision of ['f64', 'f32'] as Precision[]) {
      for (const normalized of [true, false]) {
        const reference = new SphericalHarmonics(L, { normalized, backend: 'js' }).computeWithGradients(xyz);
        const sh = new SphericalHarmonics(L, { normalized, precision, backend });
        const withGradients = sh.computeWithGradients(xyz);
        const valuesOnly = sh.compute(xyz);
        const view = sh.computeView(xyz, { gradients: true });
        const viewValues = Float64Array.from(view.values);
        const viewGradients = Float64Array.from(view.gradients!);
        const eps = precision === 'f64' ? 4e-16 : 3e-7;
        for (let i = 0; i < n; i++) {
          const r = Math.hypot(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
          // values scale as r^l (solid) and gradients as r^(l−1) (solid) or 1/r (normalized)
          for (let l = 0; l <= L; l++) {
            const vScale = normalized ? 1 : Math.max(1, r) ** l;
            const gScale = normalized ? (r > 0 ? 1 / r : 1) : Math.max(1, r) ** Math.max(0, l - 1);
            for (let m = -l; m <= l; m++) {
              const k = l * l + l + m;
              const at = `point ${i}, l ${l}, m ${m}, ${precision}, normalized ${normalized}`;
              const v = reference.values[i * sh.size + k];
              expect(Math.abs(withGradients.values[i * sh.size + k] - v), at).toBeLessThanOrEqual(40 * eps * vScale);
              expect(valuesOnly.values[i * sh.size + k], at).toBe(withGradients.values[i * sh.size + k]);
              expect(viewValues[i * sh.size + k], at).toBe(withGradients.values[i * sh.size + k]);
              for (let a = 0; a < 3; a++) {
                const j = (3 * i + a) * sh.size + k;
                expect(Math.abs(withGradients.gradients[j] - reference.gradients[j]), `${at}, d/d${'xyz'[a]}`).toBeLessThanOrEqual(80 * eps * gScale);
                expect(viewGradients[j], at).toBe(withGradients.gradients[j]);
              }
            }
          }
        }
      }
    }
  });
});
