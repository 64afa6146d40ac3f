// NICE's expansion preselection (compression.expand): which products are kept, what they
// compute, and that gradients, symmetries and the JSON state hold with it.
import { describe, expect, it } from 'vitest';
import { SphericalExpansion } from '@equikit/density';
import { DensityCorrelations, type DensityCorrelationsJSON } from '../src/index.js';
import {
  BACKENDS,
  centralDifference,
  randomCluster,
  randomO3,
  relativeError,
  rotateStructure,
  seeded,
  strainStructure,
  wignerD,
  type TestStructure,
} from './helpers.js';

// exact radial integral: finite differences must not see spline steps
const HYPERS = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.4 },
  basis: { maxAngular: 2, radial: { type: 'gto' as const, maxRadial: 3 }, splineAccuracy: 0 },
};
const rng = seeded(71);
const TRAINING = [randomCluster(rng, 6, [1, 8], 2.6), randomCluster(rng, 5, [8, 1, 1], 2.4), randomCluster(rng, 5, [1, 8], 2.5)];
const STRUCTURE = randomCluster(rng, 4, [8, 1], 2.3);
const SPECIES = [1, 8];

function det(R: ArrayLike<number>): number {
  return R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
}

function moved(s: TestStructure, atom: number, x: number, delta: number): TestStructure {
  const positions = s.positions.slice();
  positions[3 * atom + x] += delta;
  return { ...s, positions };
}

/** Mean over the training centres of Σ_M x_M² for every property of every (ν, λ, σ) block of compute(). */
function importances(calc: DensityCorrelations): Map<string, Float64Array> {
  const map = calc.compute(TRAINING);
  const out = new Map<string, Float64Array>();
  const centres = TRAINING.reduce((sum, s) => sum + s.numbers.length, 0);
  for (let k = 0; k < map.keys.count; k++) {
    const [nu, lambda, sigma] = map.keys.entry(k);
    const block = map.block(k);
    const P = block.properties.count;
    const key = `${nu},${lambda},${sigma}`;
    if (!out.has(key)) out.set(key, new Float64Array(P));
    const acc = out.get(key)!;
    for (let r = 0; r < block.values.length / P; r++) for (let p = 0; p < P; p++) acc[p] += block.values[r * P + p] ** 2 / centres;
  }
  return out;
}

describe('DensityCorrelations preselection: the products kept', () => {
  it('ν = 2: the `expand` pairs of largest mean-square product, (l₁, p) ≤ (l₂, q), computing the exact products', () => {
    const budget = 14;
    const calc = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2, invariantOrders: [2], compression: { expand: budget } }).fit(TRAINING);
    // importances of the density properties (l, (a, n)) straight from the expansion
    const expansion = new SphericalExpansion(HYPERS);
    const N = HYPERS.basis.radial.maxRadial;
    const L = HYPERS.basis.maxAngular;
    const K = (L + 1) ** 2;
    const Q = SPECIES.length * N;
    const imp = Array.from({ length: L + 1 }, () => new Float64Array(Q));
    let centres = 0;
    for (const s of TRAINING) {
      const c = expansion.computeDense(s, { species: SPECIES }).values;
      for (let i = 0; i < s.numbers.length; i++, centres++) {
        for (let l = 0; l <= L; l++) for (let q = 0; q < Q; q++) for (let m = 0; m < 2 * l + 1; m++) imp[l][q] += c[i * Q * K + q * K + l * l + m] ** 2;
      }
    }
    const candidates: { key: string; score: number }[] = [];
    for (let l1 = 0; l1 <= L; l1++) {
      for (let l2 = l1; l2 <= L; l2++) {
        for (let p = 0; p < Q; p++) for (let q = l1 === l2 ? p : 0; q < Q; q++) candidates.push({ key: `${l1},${p},${l2},${q}`, score: (imp[l1][p] * imp[l2][q]) / centres ** 2 });
      }
    }
    candidates.sort((a, b) => b.score - a.score);
    expect(candidates[budget - 1].score).toBeGreaterThan(candidates[budget].score * (1 + 1e-9)); // no tie at the cut
    const expected = new Set(candidates.slice(0, budget).map((c) => c.key));
    const selection = calc.planFor(2).selections[0]!;
    const plan = calc.planFor(2);
    const kept = new Set(Array.from(selection.p, (p, k) => `${plan.channels[selection.parent[k]].lambda},${p},${plan.channels[selection.density[k]].lambda},${selection.q[k]}`));
    expect(kept).toEqual(expected);
    // the invariants are exactly the exact ν = 2 features of the kept (l, p, l, q) pairs
    const exact = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2, invariantOrders: [2] }).computeDense(STRUCTURE, { species: SPECIES });
    const ours = calc.computeDense(STRUCTURE);
    const sameL = candidates
      .slice(0, budget)
      .map((c) => c.key.split(',').map(Number))
      .filter(([l1, , l2]) => l1 === l2)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[3] - b[3]);
    expect(ours.size).toBe(sameL.length);
    expect(ours.size).toBeGreaterThan(2);
    const expectedValues = new Float64Array(ours.values.length);
    for (let i = 0; i < ours.nAtoms; i++) sameL.forEach(([l, p, , q], f) => (expectedValues[i * ours.size + f] = exact.values[i * exact.size + l * Q * Q + p * Q + q]));
    expect(relativeError(ours.values, expectedValues)).toBeLessThan(1e-14);
  });

  it('every order keeps the largest importance products of the fitted features (importances measured on compute())', () => {
    const budget = 25;
    const calc = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 4, compression: { components: [null, 7, 6, 5], expand: budget } }).fit(TRAINING);
    const plan = calc.planFor(2);
    const imp = importances(calc);
    for (let order = 1; order < 4; order++) {
      const selection = plan.selections[order - 1]!;
      const kept = new Set(Array.from(selection.p, (p, k) => `${selection.parent[k]},${p},${selection.density[k]},${selection.q[k]}`));
      const scores: { key: string; score: number }[] = [];
      for (const a of plan.orders[order - 1]) {
        for (const b of plan.orders[0]) {
          if (order === 1 && b < a) continue;
          const ca = plan.channels[a];
          const cb = plan.channels[b];
          const ia = imp.get(`${order},${ca.lambda},${ca.sigma}`);
          const ib = imp.get(`1,${cb.lambda},1`)!;
          if (!ia) continue;
          for (let p = 0; p < ia.length; p++) for (let q = order === 1 && a === b ? p : 0; q < ib.length; q++) scores.push({ key: `${a},${p},${b},${q}`, score: ia[p] * ib[q] });
        }
      }
      expect(kept.size).toBe(Math.min(budget, scores.filter((s) => s.score > 0).length));
      const keptScores = scores.filter((s) => kept.has(s.key)).map((s) => s.score);
      const dropped = scores.filter((s) => !kept.has(s.key)).map((s) => s.score);
      expect(keptScores.length).toBe(kept.size);
      expect(Math.min(...keptScores)).toBeGreaterThanOrEqual(Math.max(0, ...dropped) * (1 - 1e-9));
    }
    // preselection bounds every channel's expanded size by the budget
    for (const ch of plan.channels) if (ch.nu > 1) expect(ch.expandedSize).toBeLessThanOrEqual(budget);
  });
});

function calculators(): [string, DensityCorrelations][] {
  return [
    ['ν ≤ 3, preselection only', new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, compression: { expand: 30 } }).fit(TRAINING)],
    ['ν ≤ 4, PCA and preselection', new DensityCorrelations(HYPERS, { maxCorrelationOrder: 4, compression: { components: 6, expand: [null, 30, 40, 30] } }).fit(TRAINING)],
  ];
}

describe.each(BACKENDS)('DensityCorrelations with preselection (%s)', (backend) => {
  for (const [name, calc] of calculators()) {
    const dense = calc.computeDense(STRUCTURE, { gradients: ['positions', 'strain'], backend });
    const n = dense.nAtoms;
    const F = dense.size;

    it(`${name}: position and strain gradients equal central finite differences`, () => {
      expect(F).toBeGreaterThan(10);
      for (let k = 0; k < n; k++) {
        for (let x = 0; x < 3; x++) {
          const fd = centralDifference((d) => calc.computeDense(moved(STRUCTURE, k, x, d), { backend }).values, 1e-5);
          const ours = new Float64Array(n * F);
          for (let i = 0; i < n; i++) ours.set(dense.positionGradients!.subarray(((i * n + k) * 3 + x) * F, ((i * n + k) * 3 + x + 1) * F), i * F);
          expect(relativeError(ours, fd, 1e-10)).toBeLessThan(1e-7);
        }
      }
      for (let ab = 0; ab < 9; ab++) {
        const fd = centralDifference((d) => {
          const eps = new Float64Array(9);
          eps[ab] = d;
          return calc.computeDense(strainStructure(STRUCTURE, eps), { backend }).values;
        }, 1e-5);
        const ours = new Float64Array(n * F);
        for (let i = 0; i < n; i++) ours.set(dense.strainGradients!.subarray((i * 9 + ab) * F, (i * 9 + ab + 1) * F), i * F);
        expect(relativeError(ours, fd, 1e-10)).toBeLessThan(1e-7);
      }
    });

    it(`${name}: species sums and the vector–Jacobian product agree with the dense gradients`, () => {
      const sums = calc.computeSpeciesSums(STRUCTURE, { gradients: ['positions'], backend });
      const expectPositions = new Float64Array(2 * n * 3 * F);
      for (let i = 0; i < n; i++) {
        const s = SPECIES.indexOf(STRUCTURE.numbers[i]);
        for (let k = 0; k < n * 3 * F; k++) expectPositions[s * n * 3 * F + k] += dense.positionGradients![i * n * 3 * F + k];
      }
      expect(relativeError(sums.positionGradients!, expectPositions)).toBeLessThan(1e-12);
      const r = seeded(3);
      const g = new Float64Array(n * F).map(() => r() - 0.5);
      const vjp = calc.vectorJacobianProduct(STRUCTURE, g, { backend });
      const positions = new Float64Array(3 * n);
      const strain = new Float64Array(9);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < 3 * n; k++) for (let f = 0; f < F; f++) positions[k] += g[i * F + f] * dense.positionGradients![(i * 3 * n + k) * F + f];
        for (let k = 0; k < 9; k++) for (let f = 0; f < F; f++) strain[k] += g[i * F + f] * dense.strainGradients![(i * 9 + k) * F + f];
      }
      expect(relativeError(vjp.positions, positions)).toBeLessThan(1e-11);
      expect(relativeError(vjp.strain, strain)).toBeLessThan(1e-11);
    });

    it(`${name}: every block transforms as σ^[det R < 0] · wignerD(λ, R); invariants under permutations`, () => {
      const map = calc.compute(STRUCTURE, { backend });
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
          const before = map.block(k).values;
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
      const order = Array.from({ length: n }, (_, k) => (k + 2) % n);
      const permuted = { ...STRUCTURE, positions: order.flatMap((k) => STRUCTURE.positions.slice(3 * k, 3 * k + 3)), numbers: order.map((k) => STRUCTURE.numbers[k]) };
      const p = calc.computeDense(permuted, { backend }).values;
      order.forEach((k, slot) => expect(relativeError(p.subarray(slot * F, (slot + 1) * F), dense.values.subarray(k * F, (k + 1) * F))).toBeLessThan(1e-12));
    });
  }
});

describe('DensityCorrelations preselection state', () => {
  const calc = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 4, skipRedundant: true, compression: { components: 5, expand: 20 } }).fit(TRAINING);

  it('toJSON → text → fromJSON gives the same selections and features bit for bit', () => {
    const json = JSON.parse(JSON.stringify(calc.toJSON())) as DensityCorrelationsJSON;
    expect(json.options.compression!.expand).toEqual([null, 20, 20, 20]);
    expect(json.fitted!.selections!.every((s) => s !== null && s.p.length > 0 && s.p.length <= 20)).toBe(true);
    const restored = DensityCorrelations.fromJSON(json);
    const a = calc.computeDense(STRUCTURE, { gradients: ['strain'] });
    const b = restored.computeDense(STRUCTURE, { gradients: ['strain'] });
    expect(b.values.every((v, k) => Object.is(v, a.values[k]))).toBe(true);
    expect(b.strainGradients!.every((v, k) => Object.is(v, a.strainGradients![k]))).toBe(true);
    const ta = calc.compute(STRUCTURE);
    const tb = restored.compute(STRUCTURE);
    expect(tb.keys.count).toBe(ta.keys.count);
    for (let k = 0; k < ta.keys.count; k++) expect(tb.block(k).values).toEqual(ta.block(k).values);
  });

  it('refuses a tampered selection and names it; a state without selections means every product', () => {
    const json = JSON.parse(JSON.stringify(calc.toJSON())) as DensityCorrelationsJSON;
    const bad = structuredClone(json);
    bad.fitted!.selections![1]!.p[0] = 999;
    expect(() => DensityCorrelations.fromJSON(bad)).toThrow(/json.fitted.selections\[1\] entry 0/);
    const short = structuredClone(json);
    short.fitted!.selections!.pop();
    expect(() => DensityCorrelations.fromJSON(short)).toThrow(/json.fitted.selections must hold maxCorrelationOrder − 1 = 3 entries/);
    const plain = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, compression: { components: 4 } }).fit(TRAINING);
    const old = JSON.parse(JSON.stringify(plain.toJSON())) as DensityCorrelationsJSON;
    delete old.fitted!.selections;
    expect(DensityCorrelations.fromJSON(old).computeDense(STRUCTURE).values).toEqual(plain.computeDense(STRUCTURE).values);
  });

  it('rejects bad expand options with a message naming the option', () => {
    const make = (compression: unknown) => () => new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, compression: compression as never });
    expect(make({ expand: 0 })).toThrow(/options.compression.expand/);
    expect(make({ expand: 2.5 })).toThrow(/options.compression.expand/);
    expect(make({ expand: [5, 5, 5] })).toThrow(/options.compression.expand\[0\] must be null/);
    expect(make({ expand: [null, 5] })).toThrow(/options.compression.expand must have one entry per order/);
    expect(make({})).toThrow(/components .*and\/or expand/);
    expect(make({ expand: 'many' })).toThrow(/options.compression.expand/);
  });
});

describe('NiceMap remembered forward states', () => {
  it('a pullback or pushforward after inputs changed at the same offset equals a fresh map’s', () => {
    const make = () => new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, compression: { components: 5, expand: 20 } }).fit(TRAINING);
    const used = make().mapFor(2);
    const r = seeded(5);
    const C = used.inputSize;
    const F = used.outputSize;
    const a = new Float64Array(3 * C).map(() => r() - 0.5);
    const b = a.map((v, k) => (k === C + 7 ? v + 1e-3 : v));
    const out = new Float64Array(3 * F);
    for (let i = 0; i < 3; i++) used.forward(a, i * C, out, i * F);
    const g = new Float64Array(F).map(() => r() - 0.5);
    const dc = new Float64Array(3 * C).map(() => r() - 0.5);
    const ours = new Float64Array(C);
    const tangent = new Float64Array(3 * F);
    const fresh = make().mapFor(2);
    const expected = new Float64Array(C);
    const expectedTangent = new Float64Array(3 * F);
    // b differs from a only in centre 1: its remembered state must not be reused
    used.pullback(b, C, g, 0, ours);
    fresh.pullback(b, C, g, 0, expected);
    expect(ours).toEqual(expected);
    used.pushforward(b, C, dc, -1, tangent);
    fresh.pushforward(b, C, dc, -1, expectedTangent);
    expect(tangent).toEqual(expectedTangent);
    // and the unchanged centres still give the same values
    const again = new Float64Array(F);
    used.forward(b, 2 * C, again, 0);
    expect(again).toEqual(out.subarray(2 * F));
  });
});
