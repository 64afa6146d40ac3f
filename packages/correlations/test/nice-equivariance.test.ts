import { describe, expect, it } from 'vitest';
import { Labels, type TensorMap } from '@equikit/core';
import { DensityCorrelations } from '../src/index.js';
import { BACKENDS, randomCluster, randomO3, relativeError, rotateStructure, seeded, strainStructure, wignerD, type TestStructure } from './helpers.js';

const HYPERS = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.4 },
  basis: { maxAngular: 2, radial: { type: 'gto' as const, maxRadial: 3 }, splineAccuracy: 0 },
};

const rng = seeded(33);
const STRUCTURE = randomCluster(rng, 4, [1, 8], 2.2);
const TRAINING = [STRUCTURE, randomCluster(rng, 5, [8, 1], 2.6), randomCluster(rng, 4, [1, 8], 2.3)];

function det(R: ArrayLike<number>): number {
  return R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
}

function calculators(): [string, DensityCorrelations][] {
  const compressed = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 4, compression: { components: [4, 6, 6, 5] } }).fit(TRAINING);
  return [
    ['exact, ν ≤ 3', new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3 })],
    ['exact, ν ≤ 3, skipRedundant, angularCutoff 3', new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, skipRedundant: true, angularCutoff: 3 })],
    ['compressed (ν = 1 too), ν ≤ 4', compressed],
  ];
}

/** Values of block k as [sample][M][property]. */
function blockValues(map: TensorMap, k: number): Float64Array {
  return map.block(k).values;
}

describe.each(BACKENDS)('DensityCorrelations equivariant blocks (%s)', (backend) => {
  for (const [name, calc] of calculators()) {
    const map = calc.compute(STRUCTURE, { gradients: ['positions', 'strain'], backend });

    it(`${name}: every (ν, λ, σ) block transforms as σ^[det R < 0] · wignerD(λ, R)`, () => {
      const names = map.keys.names;
      expect(names).toEqual(['order_nu', 'o3_lambda', 'o3_sigma', 'center_type']);
      const seen = new Set<string>();
      for (let k = 0; k < map.keys.count; k++) seen.add(`${map.keys.entry(k)[0]},${map.keys.entry(k)[2]}`);
      expect(seen.has('2,-1')).toBe(true); // pseudo-tensors are kept
      expect(seen.has(`${calc.maxCorrelationOrder},1`)).toBe(true);
      const r = seeded(8);
      let improper = 0;
      for (let trial = 0; trial < 3; trial++) {
        const R = randomO3(r);
        const sign = det(R) < 0 ? -1 : 1;
        if (sign < 0) improper++;
        const rotated = calc.compute(rotateStructure(STRUCTURE, R), { backend });
        expect(rotated.keys.count).toBe(map.keys.count);
        for (let k = 0; k < map.keys.count; k++) {
          const [, lambda, sigma] = map.keys.entry(k);
          const width = 2 * lambda + 1;
          const D = wignerD(lambda, R);
          const before = blockValues(map, k);
          const P = map.block(k).properties.count;
          const expected = new Float64Array(before.length);
          for (let s = 0; s < before.length / (width * P); s++) {
            for (let M = 0; M < width; M++) {
              for (let p = 0; p < P; p++) {
                let sum = 0;
                for (let M2 = 0; M2 < width; M2++) sum += D[M * width + M2] * before[(s * width + M2) * P + p];
                expected[(s * width + M) * P + p] = (sign < 0 ? sigma : 1) * sum;
              }
            }
          }
          expect(relativeError(rotated.block(k).values, expected, 1e-12)).toBeLessThan(1e-10);
        }
      }
      expect(improper).toBeGreaterThan(0);
    });

    it(`${name}: block gradients (positions, strain) equal central finite differences`, () => {
      // the exact ν = 3 map is large: its gradients are checked on a selection of its blocks
      const selected = name.startsWith('exact') ? new DensityCorrelations(HYPERS, {
        maxCorrelationOrder: 3,
        skipRedundant: calc.skipRedundant,
        angularCutoff: calc.angularCutoff,
        selectedKeys: new Labels(['order_nu', 'o3_lambda'], [[3, 1], [2, 2], [1, 1]]),
      }) : calc;
      const reference = selected.compute(STRUCTURE, { gradients: ['positions', 'strain'], backend });
      expect(reference.keys.count).toBeGreaterThan(3);
      const n = STRUCTURE.numbers.length;
      const compare = (fd: (k: number) => Float64Array, ours: (k: number, width: number) => Float64Array) => {
        for (let k = 0; k < reference.keys.count; k++) {
          const block = reference.block(k);
          const width = block.values.length / block.samples.count;
          expect(relativeError(ours(k, width), fd(k), 1e-10)).toBeLessThan(1e-6);
        }
      };
      const difference = (make: (d: number) => TestStructure) => {
        const plus = selected.compute(make(1e-5), { backend });
        const minus = selected.compute(make(-1e-5), { backend });
        return (k: number) => plus.block(k).values.map((v, q) => (v - minus.block(k).values[q]) / 2e-5);
      };
      for (let atom = 0; atom < n; atom++) {
        for (let x = 0; x < 3; x++) {
          const fd = difference((d) => {
            const p = STRUCTURE.positions.slice();
            p[3 * atom + x] += d;
            return { ...STRUCTURE, positions: p };
          });
          compare(fd, (k, width) => {
            const positions = reference.block(k).gradient('positions');
            const ours = new Float64Array(reference.block(k).values.length);
            for (let g = 0; g < positions.samples.count; g++) {
              const [sample, , a] = positions.samples.entry(g);
              if (a === atom) ours.set(positions.values.subarray((g * 3 + x) * width, (g * 3 + x + 1) * width), sample * width);
            }
            return ours;
          });
        }
      }
      for (let ab = 0; ab < 9; ab++) {
        const fd = difference((d) => {
          const eps = new Float64Array(9);
          eps[ab] = d;
          return strainStructure(STRUCTURE, eps);
        });
        compare(fd, (k, width) => {
          const strain = reference.block(k).gradient('strain');
          const ours = new Float64Array(reference.block(k).values.length);
          for (let s = 0; s < reference.block(k).samples.count; s++) ours.set(strain.values.subarray((s * 9 + ab) * width, (s * 9 + ab + 1) * width), s * width);
          return ours;
        });
      }
    }, 60_000);
  }
});
