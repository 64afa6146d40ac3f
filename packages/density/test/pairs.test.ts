import { describe, expect, it } from 'vitest';
import { SphericalExpansion } from '../src/index.js';
import { seeded, smallSiliconCell, rattledRockSalt } from './helpers.js';

const calculator = new SphericalExpansion({
  cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.3 },
  basis: { maxAngular: 3, radial: { type: 'gto', maxRadial: 4 } },
});
const N = 4;
const L = 3;
const K = 16;

describe.each(['js', 'wasm', 'wasm-simd'] as const)('computePairs (%s): streamed pair gradients', (backend) => {
  it.each([
    ['small Si cell (self images)', smallSiliconCell(seeded(21))],
    ['rock salt', rattledRockSalt(seeded(22))],
  ])('%s: values equal computeDense and the streamed blocks assemble its position gradients', (_, structure) => {
    const dense = calculator.computeDense(structure, { gradients: true, backend });
    const nAtoms = structure.numbers.length;
    const row = dense.values.length / nAtoms;
    const T = dense.species.length;
    const assembled = new Float64Array(dense.positionGradients!.length);
    let calls = 0;
    const { values, pairs, species } = calculator.computePairs(structure, {
      backend,
      onPair(p, g, offset, list) {
        calls++;
        const i = list.i[p];
        const j = list.j[p];
        if (i === j) return;
        const t = dense.species.indexOf(structure.numbers[j]);
        for (let l = 0; l <= L; l++) {
          for (let x = 0; x < 3; x++) {
            for (let m = 0; m < 2 * l + 1; m++) {
              for (let n = 0; n < N; n++) {
                const v = g[offset + 3 * N * l * l + (x * (2 * l + 1) + m) * N + n];
                const e = (t * N + n) * K + l * l + m;
                assembled[((i * nAtoms + j) * 3 + x) * row + e] += v;
                assembled[((i * nAtoms + i) * 3 + x) * row + e] -= v;
              }
            }
          }
        }
      },
    });
    expect(pairs.length).toBeGreaterThanOrEqual(calls);
    expect(T).toBe(species.length);
    expect(calls).toBeGreaterThan(nAtoms);
    expect(Array.from(values)).toEqual(Array.from(dense.values));
    let worst = 0;
    assembled.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - dense.positionGradients![k]))));
    expect(worst).toBeLessThan(1e-15);
  });
});
