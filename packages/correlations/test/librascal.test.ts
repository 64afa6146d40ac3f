import { describe, expect, it } from 'vitest';
import { PowerSpectrum } from '../src/index.js';
import { hypersFor, LIBRASCAL_FILES, loadLibrascal, referenceGradient, structureOf } from './librascal.js';
import { BACKENDS, relativeError } from './helpers.js';

const TOLERANCE = { exact: 1e-8, spline: 1e-7 } as const;

describe.each(BACKENDS)('PowerSpectrum against librascal (%s)', (backend) => {
  describe.each(LIBRASCAL_FILES)('%s', (file) => {
    const ref = loadLibrascal(file);
    const structure = structureOf(ref);
    for (const variant of ['exact', 'spline'] as const) {
      for (const normalize of [false, true]) {
        it(`${variant}, normalize ${normalize}: values and position gradients`, () => {
          const v = ref.variants[variant];
          const calc = new PowerSpectrum(hypersFor(variant), { normalize });
          const dense = calc.computeDense(structure, { gradients: true, backend });
          const expected = (normalize ? v.power_spectrum_normalized : v.power_spectrum).flat(4) as number[];
          expect(relativeError(dense.values, expected)).toBeLessThan(TOLERANCE[variant]);
          const n = dense.nAtoms;
          const F = dense.size;
          let checked = 0;
          for (const { centre } of v.gradient_centres) {
            for (let k = 0; k < n; k++) {
              const reference = referenceGradient(v, normalize ? 'd_power_spectrum_normalized' : 'd_power_spectrum', centre, k);
              if (!reference) continue;
              const ours = dense.positionGradients!.subarray((centre * n + k) * 3 * F, (centre * n + k + 1) * 3 * F);
              expect(relativeError(ours, reference)).toBeLessThan(TOLERANCE[variant]);
              checked++;
            }
          }
          expect(checked).toBeGreaterThan(1);
        });
      }
    }
  });
});
