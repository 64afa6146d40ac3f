// λ-SOAP: values against a dense Clebsch–Gordan contraction of the expansion, equivariance of
// values and gradients under random O(3) (σ under inversion), central finite differences for
// positions and strain, and the λ = 0, σ = +1 block against PowerSpectrum.
import { Labels, type TensorBlock, type TensorMap } from '@equikit/core';
import { SphericalExpansion } from '@equikit/density';
import { clebschGordanReal } from '@equikit/o3';
import { describe, expect, it } from 'vitest';
import { EquivariantPowerSpectrum, LambdaSoapMap, PowerSpectrum } from '../src/index.js';
import {
  BACKENDS,
  centralDifference,
  randomCluster,
  randomO3,
  randomPeriodic,
  relativeError,
  rotateStructure,
  seeded,
  strainStructure,
  wignerD,
  type TestStructure,
} from './helpers.js';

const HYPERS = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.4 },
  basis: { maxAngular: 2, radial: { type: 'gto' as const, maxRadial: 2 } },
};
const LAMBDA = 3;

const rng = seeded(31);
const CASES: [string, TestStructure][] = [
  ['cluster, two species', randomCluster(rng, 5, [1, 8], 2.6)],
  ['small periodic cell', randomPeriodic(rng, 3, [14, 6])],
];

function moved(s: TestStructure, atom: number, x: number, delta: number): TestStructure {
  const positions = s.positions.slice();
  positions[3 * atom + x] += delta;
  return { ...s, positions };
}

function det3(R: ArrayLike<number>): number {
  return R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
}

/** The same block of another map (same key), or a throw. */
function sameBlock(tm: TensorMap, other: TensorMap, k: number): TensorBlock {
  const position = other.keys.position(tm.keys.entry(k));
  if (position === undefined) throw new Error(`key ${tm.keys.entry(k).join(',')} missing`);
  return other.block(position);
}

/** v[μ][p] → σ·D(λ, R)·v, for a block slice of (2λ+1) × P values. */
function rotateSlice(values: ArrayLike<number>, offset: number, lambda: number, P: number, D: Float64Array, sign: number): Float64Array {
  const w = 2 * lambda + 1;
  const out = new Float64Array(w * P);
  for (let m = 0; m < w; m++) for (let q = 0; q < w; q++) for (let p = 0; p < P; p++) out[m * P + p] += sign * D[m * w + q] * values[offset + q * P + p];
  return out;
}

describe.each(BACKENDS)('EquivariantPowerSpectrum (%s)', (backend) => {
  const calc = new EquivariantPowerSpectrum(HYPERS, { maxAngular: LAMBDA });

  describe.each(CASES)('%s', (_, structure) => {
    const tm = calc.compute(structure, { gradients: ['positions', 'strain'], backend });
    const n = structure.numbers.length;

    it('values are f_ab Σ C^{l1 l2 λ}_{m1 m2 μ} c^a_{n1 l1 m1} c^b_{n2 l2 m2} of the expansion, with o3 dense CG tables', () => {
      const expansion = new SphericalExpansion(HYPERS).computeDense(structure, { backend });
      const species = Array.from(expansion.species);
      const N = 2;
      const K = 9;
      const S = species.length;
      let checked = 0;
      for (let k = 0; k < tm.keys.count; k++) {
        const [, lambda, sigma, za, zb] = tm.keys.entry(k);
        const a = species.indexOf(za);
        const b = species.indexOf(zb);
        const block = tm.block(k);
        const P = block.properties.count;
        const w = 2 * lambda + 1;
        expect(block.components[0].names).toEqual(['o3_mu']);
        expect(Array.from(block.components[0].values)).toEqual(Array.from({ length: w }, (_, m) => m - lambda));
        for (let r = 0; r < block.samples.count; r++) {
          const [, atom] = block.samples.entry(r);
          const want = new Float64Array(w * P);
          for (let p = 0; p < P; p++) {
            const [l1, l2, n1, n2] = block.properties.entry(p);
            expect((-1) ** (l1 + l2 + lambda)).toBe(sigma);
            const cg = clebschGordanReal(l1, l2, lambda);
            for (let m1 = 0; m1 <= 2 * l1; m1++) {
              for (let m2 = 0; m2 <= 2 * l2; m2++) {
                const ca = expansion.values[((atom * S + a) * N + n1) * K + l1 * l1 + m1];
                const cb = expansion.values[((atom * S + b) * N + n2) * K + l2 * l2 + m2];
                for (let mu = 0; mu < w; mu++) want[mu * P + p] += (a < b ? Math.SQRT2 : 1) * cg[(m1 * (2 * l2 + 1) + m2) * w + mu] * ca * cb;
              }
            }
          }
          // floor 1e-8: blocks that vanish by symmetry hold round-off (~1e-21), summed in another order here
          expect(relativeError(block.values.subarray(r * w * P, (r + 1) * w * P), want, 1e-8)).toBeLessThan(1e-12);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });

    it('each λ block transforms by wignerD(λ, R) under random rotations and by σ under inversion (values and gradients)', () => {
      const r = seeded(17);
      let improper = 0;
      let oddChecked = 0;
      for (let trial = 0; trial < 4; trial++) {
        const R = randomO3(r);
        // the last trial is forced improper, so inversion is always covered
        if (trial === 3 && det3(R) > 0) for (let k = 0; k < 9; k++) R[k] = -R[k];
        const parity = det3(R) < 0 ? -1 : 1;
        if (parity < 0) improper++;
        const rotated = calc.compute(rotateStructure(structure, R), { gradients: ['positions', 'strain'], backend });
        expect(rotated.keys.equals(tm.keys)).toBe(true);
        for (let k = 0; k < tm.keys.count; k++) {
          const [, lambda, sigma] = tm.keys.entry(k);
          const block = tm.block(k);
          const turned = sameBlock(tm, rotated, k);
          const D = wignerD(lambda, R);
          const sign = parity < 0 ? sigma : 1;
          const P = block.properties.count;
          const w = 2 * lambda + 1;
          // errors relative to the block's largest entry (round-off is absolute), and at least 1e-8:
          // σ = −1 blocks of a lone species are round-off (~1e-21) when only the centre's l = 0 is there
          const scale = Math.max(1e-8, ...block.values.map(Math.abs));
          for (let s = 0; s < block.samples.count; s++) {
            const want = rotateSlice(block.values, s * w * P, lambda, P, D, sign);
            expect(relativeError(turned.values.subarray(s * w * P, (s + 1) * w * P), want, scale)).toBeLessThan(1e-11);
            if (sigma < 0 && Math.max(...want.map(Math.abs)) > 1e-8) oddChecked++;
          }
          // ∂T(R·X)/∂(R r_k)_x = Σ_y R_xy · σ D ∂T(X)/∂r_k,y
          const g = block.gradient('positions');
          const gt = turned.gradient('positions');
          expect(gt.samples.equals(g.samples)).toBe(true);
          const gradientScale = Math.max(1e-8, ...g.values.map(Math.abs));
          for (let row = 0; row < g.samples.count; row++) {
            const rotatedSlices = [0, 1, 2].map((y) => rotateSlice(g.values, (row * 3 + y) * w * P, lambda, P, D, sign));
            for (let x = 0; x < 3; x++) {
              const want = new Float64Array(w * P);
              for (let y = 0; y < 3; y++) rotatedSlices[y].forEach((v, q) => (want[q] += R[3 * x + y] * v));
              expect(relativeError(gt.values.subarray((row * 3 + x) * w * P, (row * 3 + x + 1) * w * P), want, gradientScale)).toBeLessThan(1e-10);
            }
          }
        }
      }
      expect(improper).toBeGreaterThan(0);
      expect(oddChecked).toBeGreaterThan(0); // some σ = −1 features are nonzero, so the sign is tested
    });

    it('position and strain gradients equal central finite differences', () => {
      const h = 1e-5;
      const values = (s: TestStructure) => calc.compute(s, { backend });
      for (let atom = 0; atom < n; atom++) {
        for (let x = 0; x < 3; x++) {
          const plus = values(moved(structure, atom, x, h));
          const minus = values(moved(structure, atom, x, -h));
          for (let k = 0; k < tm.keys.count; k++) {
            const block = tm.block(k);
            const size = block.values.length / block.samples.count;
            const fd = centralDifference((d) => (d > 0 ? sameBlock(tm, plus, k) : sameBlock(tm, minus, k)).values, h);
            const g = block.gradient('positions');
            for (let s = 0; s < block.samples.count; s++) {
              const row = g.samples.position([s, block.samples.entry(s)[0], atom]);
              const want = fd.subarray(s * size, (s + 1) * size);
              if (row === undefined) {
                expect(Math.max(...want.map(Math.abs))).toBeLessThan(1e-9);
                continue;
              }
              expect(relativeError(g.values.subarray((row * 3 + x) * size, (row * 3 + x + 1) * size), want, 1e-6)).toBeLessThan(1e-6);
            }
          }
        }
      }
      for (let e = 0; e < 9; e++) {
        const strained = (d: number) => {
          const eps = new Float64Array(9);
          eps[e] = d;
          return values(strainStructure(structure, eps));
        };
        const plus = strained(h);
        const minus = strained(-h);
        for (let k = 0; k < tm.keys.count; k++) {
          const block = tm.block(k);
          const size = block.values.length / block.samples.count;
          const fd = centralDifference((d) => (d > 0 ? sameBlock(tm, plus, k) : sameBlock(tm, minus, k)).values, h);
          const strain = block.gradient('strain').values;
          const ours = new Float64Array(fd.length);
          for (let s = 0; s < block.samples.count; s++) ours.set(strain.subarray((s * 9 + e) * size, (s * 9 + e + 1) * size), s * size);
          expect(relativeError(ours, fd, 1e-6)).toBeLessThan(1e-6);
        }
      }
    });

    it('the λ = 0, σ = +1 block is PowerSpectrum times (−1)^l (same √2 for a < b)', () => {
      const ps = new PowerSpectrum(HYPERS).compute(structure, { gradients: ['positions'], backend });
      let compared = 0;
      for (let k = 0; k < ps.keys.count; k++) {
        const [c, a, b] = ps.keys.entry(k);
        const invariant = ps.block(k);
        const lambda0 = tm.block({ center_type: c, o3_lambda: 0, o3_sigma: 1, neighbor_1_type: a, neighbor_2_type: b });
        expect(lambda0.samples.equals(invariant.samples)).toBe(true);
        const P = invariant.properties.count;
        const Q = lambda0.properties.count;
        for (let p = 0; p < P; p++) {
          const [n1, n2, l] = invariant.properties.entry(p);
          const q = lambda0.properties.position([l, l, n1, n2])!;
          for (let s = 0; s < invariant.samples.count; s++) {
            expect(invariant.values[s * P + p]).toBeCloseTo((-1) ** l * lambda0.values[s * Q + q], 14);
            compared++;
          }
          const gp = invariant.gradient('positions');
          const gl = lambda0.gradient('positions');
          expect(gl.samples.equals(gp.samples)).toBe(true);
          for (let row = 0; row < gp.samples.count * 3; row++) expect(gp.values[row * P + p]).toBeCloseTo((-1) ** l * gl.values[row * Q + q], 13);
        }
      }
      expect(compared).toBeGreaterThan(0);
    });
  });
});

describe('EquivariantPowerSpectrum layout and options', () => {
  it('keys, components and properties follow the selection rules; σ = −1 never at λ = 0', () => {
    const calc = new EquivariantPowerSpectrum(HYPERS, { maxAngular: 4 });
    const tm = calc.compute(CASES[0][1]);
    expect(tm.keys.names).toEqual(['center_type', 'o3_lambda', 'o3_sigma', 'neighbor_1_type', 'neighbor_2_type']);
    expect(tm.propertyNames).toEqual(['l_1', 'l_2', 'n_1', 'n_2']);
    const seen = new Set<string>();
    for (let k = 0; k < tm.keys.count; k++) {
      const [, lambda, sigma, a, b] = tm.keys.entry(k);
      seen.add(`${lambda},${sigma}`);
      expect(a).toBeLessThanOrEqual(b);
      const properties = tm.block(k).properties;
      for (let p = 0; p < properties.count; p++) {
        const [l1, l2] = properties.entry(p);
        expect(Math.abs(l1 - l2) <= lambda && lambda <= l1 + l2).toBe(true);
      }
    }
    expect(seen.has('0,-1')).toBe(false);
    expect(seen.has('4,1')).toBe(true);
    expect(seen.has('1,-1')).toBe(true);
    expect(seen.has('4,-1')).toBe(false); // l1 + l2 + 4 odd needs l1 + l2 ≥ 5 > 2·2 − 1… only (2,2) reaches 4, and it is even
  });

  it('the pullback is the adjoint of the pushforward', () => {
    const map = new LambdaSoapMap({ nSpecies: 2, maxRadial: 2, maxAngular: 2, maxLambda: 3 });
    const r = seeded(5);
    const c = new Float64Array(map.inputSize).map(() => r() - 0.5);
    const dc = new Float64Array(3 * map.inputSize).map(() => r() - 0.5);
    const g = new Float64Array(map.outputSize).map(() => r() - 0.5);
    const tangent = new Float64Array(3 * map.outputSize);
    map.pushforward(c, 0, dc, -1, tangent);
    const back = new Float64Array(map.inputSize);
    map.pullback(c, 0, g, 0, back);
    for (let x = 0; x < 3; x++) {
      let left = 0;
      let right = 0;
      for (let f = 0; f < map.outputSize; f++) left += g[f] * tangent[x * map.outputSize + f];
      for (let k = 0; k < map.inputSize; k++) right += back[k] * dc[x * map.inputSize + k];
      expect(Math.abs(left - right)).toBeLessThan(1e-12 * Math.abs(left));
    }
    // a pushforward told "only block t" equals the dense one when dc lives in block t
    const B = map.inputSize / 2;
    const single = dc.map((v, k) => (Math.floor((k % map.inputSize) / B) === 1 ? v : 0));
    const dense = new Float64Array(3 * map.outputSize);
    const sparse = new Float64Array(3 * map.outputSize);
    map.pushforward(c, 0, single, -1, dense);
    map.pushforward(c, 0, single, 1, sparse);
    expect(Array.from(sparse)).toEqual(Array.from(dense));
  });

  it('selectedKeys picks λ blocks', () => {
    const calc = new EquivariantPowerSpectrum(HYPERS, { maxAngular: 2 });
    const tm = calc.compute(CASES[0][1], { selectedKeys: new Labels(['o3_lambda', 'o3_sigma'], [[1, -1]]) });
    expect(tm.keys.count).toBeGreaterThan(0);
    for (let k = 0; k < tm.keys.count; k++) expect(Array.from(tm.keys.entry(k).subarray(1, 3))).toEqual([1, -1]);
  });

  it('bad options get a clear error', () => {
    expect(() => new EquivariantPowerSpectrum(HYPERS, { maxAngular: 5 })).toThrow(/options\.maxAngular must be an integer in \[0, 4\], got 5/);
    expect(() => new EquivariantPowerSpectrum(HYPERS, { maxAngular: -1 })).toThrow(/options\.maxAngular/);
    expect(() => new EquivariantPowerSpectrum(HYPERS, { maxAngular: 1.5 })).toThrow(/options\.maxAngular must be an integer/);
    expect(() => new EquivariantPowerSpectrum(HYPERS, { lambdaMax: 2 } as unknown as {})).toThrow(/options\.lambdaMax is not an EquivariantPowerSpectrum option/);
    expect(() => new EquivariantPowerSpectrum(HYPERS, null as unknown as {})).toThrow(/options must be an object/);
    const ragged = { ...HYPERS, basis: { maxAngular: 2, radial: { type: 'spherical-bessel' as const, maxRadial: 3 }, spline: false } };
    expect(() => new EquivariantPowerSpectrum(ragged as never)).toThrow();
    const calc = new EquivariantPowerSpectrum(HYPERS);
    expect(calc.maxAngular).toBe(2);
    expect(() => calc.compute(CASES[0][1], { gradients: ['cell' as 'strain'] })).toThrow(/options\.gradients\[0\]/);
  });
});
