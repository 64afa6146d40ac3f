import { describe, expect, it } from 'vitest';
import { SphericalExpansion } from '../src/index.js';
import { LIBRASCAL_FILES, LIBRASCAL_HYPERS, loadLibrascal, type LibrascalCase, type LibrascalVariant } from './librascal.js';

const N = 6;
const K = 25;

function structureOf(ref: LibrascalCase) {
  return { positions: ref.structure.positions.flat(), numbers: ref.structure.numbers, cell: ref.structure.cell.flat(), pbc: ref.structure.pbc };
}

/** ∂X^i/∂positions[k] by the README's rule: sum the pair blocks of (i, k), skipping images of the centre. */
function referenceGradients(ref: LibrascalCase, variant: LibrascalVariant, centre: number): Float64Array[] {
  const nAtoms = ref.structure.numbers.length;
  const S = ref.species.length;
  const out = Array.from({ length: nAtoms }, () => new Float64Array(3 * S * N * K));
  for (const block of variant.pair_gradients) {
    if (block.centre !== centre || block.is_image_of_centre) continue;
    const target = out[block.neighbour];
    block.d_expansion.forEach((byXyz, x) =>
      byXyz.forEach((bySpecies, a) => bySpecies.forEach((byN, n) => byN.forEach((v, lm) => (target[((x * S + a) * N + n) * K + lm] += v)))),
    );
  }
  return out;
}

const BACKENDS = ['js', 'wasm', 'wasm-simd'] as const;

describe.each(BACKENDS.flatMap((backend) => (['exact', 'spline'] as const).map((variant) => [backend, variant] as const)))('librascal reference (%s backend), %s radial integral', (backend, variantName) => {
  const hypers = { ...LIBRASCAL_HYPERS, basis: { ...LIBRASCAL_HYPERS.basis, splineAccuracy: variantName === 'exact' ? 0 : 1e-8 } };
  const calculator = new SphericalExpansion(hypers);
  const tolerance = variantName === 'exact' ? 1e-10 : 1e-7;

  it.each(LIBRASCAL_FILES)('%s: coefficients and position gradients', (name) => {
    const ref = loadLibrascal(name);
    const variant = ref.variants[variantName];
    const dense = calculator.computeDense(structureOf(ref), { gradients: true, backend });
    expect(Array.from(dense.species)).toEqual(ref.species);
    const S = ref.species.length;
    const nAtoms = ref.structure.numbers.length;
    const want = variant.expansion.flat(3);
    expect(dense.values.length).toBe(want.length);
    const scale = Math.max(...want.map(Math.abs));
    let worst = 0;
    want.forEach((v, k) => (worst = Math.max(worst, Math.abs(dense.values[k] - v))));
    expect(worst / scale, 'values').toBeLessThan(tolerance);

    const grads = dense.positionGradients!;
    const row = 3 * S * N * K;
    let gradScale = 0;
    let gradWorst = 0;
    let compared = 0;
    for (const { centre } of variant.gradient_centres) {
      const reference = referenceGradients(ref, variant, centre);
      for (let k = 0; k < nAtoms; k++) {
        const from = (centre * nAtoms + k) * row;
        for (let e = 0; e < row; e++) {
          gradScale = Math.max(gradScale, Math.abs(reference[k][e]));
          gradWorst = Math.max(gradWorst, Math.abs(grads[from + e] - reference[k][e]));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(0);
    expect(gradWorst / gradScale, 'position gradients').toBeLessThan(tolerance);
  });
});
