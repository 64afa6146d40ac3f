// PowerSpectrum.compute (TensorMap) against computeDense: every block entry, every gradient row,
// and nothing nonzero left out.
import { Labels, type TensorMap } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { PowerSpectrum } from '../src/index.js';
import { BACKENDS, randomCluster, randomPeriodic, relativeError, seeded, type TestStructure } from './helpers.js';

const HYPERS = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.4 },
  basis: { maxAngular: 2, radial: { type: 'gto' as const, maxRadial: 3 } },
};

const rng = seeded(3);
/** Two groups 20 Å apart: H and C around the first, O and C around the second, so H never sees O. */
function separated(): TestStructure {
  const a = randomCluster(rng, 4, [1, 6], 2.2);
  const b = randomCluster(rng, 3, [8, 6], 2.2);
  return { positions: [...a.positions, ...b.positions.map((v, k) => (k % 3 === 0 ? v + 20 : v))], numbers: [...a.numbers, ...b.numbers] };
}
const STRUCTURES: TestStructure[] = [separated(), randomPeriodic(rng, 3, [14, 6]), randomCluster(rng, 5, [1, 8], 2.8)];

/** The dense features of one structure over the union species, with both gradients. */
function denseOf(calc: PowerSpectrum, s: TestStructure, species: number[], backend: (typeof BACKENDS)[number]) {
  return calc.computeDense(s, { gradients: ['positions', 'strain'], species, backend });
}

/** Checks every block of `tm` against computeDense; returns the number of (centre type, pair) slices covered. */
function expectMatchesDense(calc: PowerSpectrum, tm: TensorMap, structures: TestStructure[], backend: (typeof BACKENDS)[number]) {
  const species = [...new Set(structures.flatMap((s) => s.numbers))].sort((x, y) => x - y);
  const dense = structures.map((s) => denseOf(calc, s, species, backend));
  const layout = calc.featureLayout(Int32Array.from(species));
  const covered = new Set<string>();
  for (let k = 0; k < tm.keys.count; k++) {
    const [c, a, b] = tm.keys.entry(k);
    const block = tm.block(k);
    const spec = layout.blocks.find((bl) => bl.key[0] === a && bl.key[1] === b)!;
    const size = block.properties.count;
    expect(block.properties.names).toEqual(['n_1', 'n_2', 'l']);
    for (let r = 0; r < block.samples.count; r++) {
      const [system, atom] = block.samples.entry(r);
      const d = dense[system];
      expect(structures[system].numbers[atom]).toBe(c);
      covered.add(`${system}:${atom}:${a}:${b}`);
      const want = d.values.subarray(atom * d.size + spec.offset, atom * d.size + spec.offset + size);
      expect(relativeError(block.values.subarray(r * size, (r + 1) * size), want, 1e-300)).toBeLessThan(1e-14);
      const strain = block.gradient('strain');
      for (let e = 0; e < 9; e++) {
        const from = (atom * 9 + e) * d.size + spec.offset;
        expect(relativeError(strain.values.subarray((r * 9 + e) * size, (r * 9 + e + 1) * size), d.strainGradients!.subarray(from, from + size), 1e-12)).toBeLessThan(1e-13);
      }
    }
    // every gradient row equals the dense one; atoms without a row have zero dense gradients
    const positions = block.gradient('positions');
    const rows = new Map<string, number>();
    for (let g = 0; g < positions.samples.count; g++) rows.set(Array.from(positions.samples.entry(g)).join(','), g);
    for (let r = 0; r < block.samples.count; r++) {
      const [system, atom] = block.samples.entry(r);
      const d = dense[system];
      const n = d.nAtoms;
      for (let other = 0; other < n; other++) {
        const g = rows.get(`${r},${system},${other}`);
        for (let x = 0; x < 3; x++) {
          const from = ((atom * n + other) * 3 + x) * d.size + spec.offset;
          const want = d.positionGradients!.subarray(from, from + size);
          if (g === undefined) {
            expect(Math.max(...want.map(Math.abs))).toBe(0);
          } else {
            expect(relativeError(positions.values.subarray((g * 3 + x) * size, (g * 3 + x + 1) * size), want, 1e-12)).toBeLessThan(1e-13);
          }
        }
      }
    }
  }
  // a (centre, pair) slice absent from the map is zero in the dense features
  structures.forEach((s, system) => {
    const d = dense[system];
    for (let atom = 0; atom < s.numbers.length; atom++) {
      for (const spec of layout.blocks) {
        if (covered.has(`${system}:${atom}:${spec.key[0]}:${spec.key[1]}`)) continue;
        const slice = d.values.subarray(atom * d.size + spec.offset, atom * d.size + spec.offset + spec.properties.count);
        expect(Math.max(...slice.map(Math.abs))).toBe(0);
      }
    }
  });
  return covered.size;
}

describe.each(BACKENDS)('PowerSpectrum.compute (%s)', (backend) => {
  for (const normalize of [false, true]) {
    const calc = new PowerSpectrum(HYPERS, { normalize });
    const full = calc.compute(STRUCTURES, { gradients: ['positions', 'strain'], backend });

    it(`normalize ${normalize}: values and gradients are computeDense's entries, over several structures`, () => {
      expect(full.keys.names).toEqual(['center_type', 'neighbor_1_type', 'neighbor_2_type']);
      expect(full.sampleNames).toEqual(['system', 'atom']);
      const block = full.block(0);
      expect(block.gradient('positions').samples.names).toEqual(['sample', 'system', 'atom']);
      expect(block.gradient('positions').components.map((c) => c.names[0])).toEqual(['xyz']);
      expect(block.gradient('strain').samples.names).toEqual(['sample']);
      expect(block.gradient('strain').components.map((c) => c.names[0])).toEqual(['xyz_1', 'xyz_2']);
      expect(expectMatchesDense(calc, full, STRUCTURES, backend)).toBeGreaterThan(0);
    });

    it(`normalize ${normalize}: keys are the neighbour pairs met by each centre type`, () => {
      const keysOf = (tm: TensorMap) => new Set(Array.from({ length: tm.keys.count }, (_, k) => tm.keys.entry(k).join(',')));
      const alone = keysOf(calc.compute(STRUCTURES[0], { backend }));
      expect(alone.has('1,1,6')).toBe(true);
      expect(alone.has('8,6,8')).toBe(true);
      for (const absent of ['1,1,8', '1,6,8', '1,8,8', '8,1,1', '8,1,6', '8,1,8']) expect(alone.has(absent)).toBe(false); // H and O never meet
      const all = keysOf(full);
      expect(all.has('1,1,8')).toBe(true); // structure 2 has H next to O
      expect(all.has('8,1,1')).toBe(true);
      for (let k = 0; k < full.keys.count; k++) {
        const [, a, b] = full.keys.entry(k);
        expect(a).toBeLessThanOrEqual(b);
      }
    });
  }

  const calc = new PowerSpectrum(HYPERS);
  const full = calc.compute(STRUCTURES, { gradients: ['positions', 'strain'], backend });

  it('selectedSamples computes a subset whose entries equal the full map', () => {
    const selection = new Labels(['system', 'atom'], [
      [0, 2],
      [0, 5],
      [2, 1],
    ]);
    const part = calc.compute(STRUCTURES, { gradients: ['positions', 'strain'], selectedSamples: selection, backend });
    expect(part.keys.equals(full.keys)).toBe(true);
    let seen = 0;
    for (let k = 0; k < part.keys.count; k++) {
      const small = part.block(k);
      const big = full.block(k);
      const size = small.properties.count;
      for (let r = 0; r < small.samples.count; r++) {
        seen++;
        const R = big.samples.position(small.samples.entry(r))!;
        expect(selection.contains(small.samples.entry(r))).toBe(true);
        expect(relativeError(small.values.subarray(r * size, (r + 1) * size), big.values.subarray(R * size, (R + 1) * size), 1e-300)).toBeLessThan(1e-13);
        const sp = small.gradient('positions');
        const bp = big.gradient('positions');
        for (let g = 0; g < sp.samples.count; g++) {
          const [sample, system, atom] = sp.samples.entry(g);
          if (sample !== r) continue;
          const G = bp.samples.position([R, system, atom])!;
          expect(G).toBeDefined();
          expect(relativeError(sp.values.subarray(g * 3 * size, (g + 1) * 3 * size), bp.values.subarray(G * 3 * size, (G + 1) * 3 * size), 1e-12)).toBeLessThan(1e-13);
        }
        expect(relativeError(small.gradient('strain').values.subarray(r * 9 * size, (r + 1) * 9 * size), big.gradient('strain').values.subarray(R * 9 * size, (R + 1) * 9 * size), 1e-12)).toBeLessThan(1e-13);
      }
    }
    expect(seen).toBeGreaterThanOrEqual(3 * 2); // each selected atom appears in at least two pair blocks
  });

  it('selectedKeys keeps only the matching blocks, equal to the full map', () => {
    const part = calc.compute(STRUCTURES, { gradients: ['positions'], selectedKeys: new Labels(['center_type'], [[6]]), backend });
    expect(part.keys.count).toBeGreaterThan(0);
    expect(part.keys.count).toBeLessThan(full.keys.count);
    for (let k = 0; k < part.keys.count; k++) {
      expect(part.keys.entry(k)[0]).toBe(6);
      const big = full.block(full.keys.position(part.keys.entry(k))!);
      expect(part.block(k).samples.equals(big.samples)).toBe(true);
      expect(part.block(k).gradient('positions').samples.equals(big.gradient('positions').samples)).toBe(true);
      expect(relativeError(part.block(k).values, big.values, 1e-300)).toBeLessThan(1e-13);
      expect(relativeError(part.block(k).gradient('positions').values, big.gradient('positions').values, 1e-12)).toBeLessThan(1e-13);
      expect(part.block(k).hasGradient('strain')).toBe(false);
    }
  });

  it('a single structure and no gradients', () => {
    const one = calc.compute(STRUCTURES[2], { backend });
    expect(one.block(0).gradientsList()).toEqual([]);
    const d = calc.computeDense(STRUCTURES[2], { backend });
    const layout = calc.featureLayout(d.species);
    for (let k = 0; k < one.keys.count; k++) {
      const [, a, b] = one.keys.entry(k);
      const spec = layout.blocks.find((bl) => bl.key[0] === a && bl.key[1] === b)!;
      const block = one.block(k);
      const size = block.properties.count;
      for (let r = 0; r < block.samples.count; r++) {
        const [, atom] = block.samples.entry(r);
        expect(relativeError(block.values.subarray(r * size, (r + 1) * size), d.values.subarray(atom * d.size + spec.offset, atom * d.size + spec.offset + size), 1e-300)).toBeLessThan(1e-14);
      }
    }
  });
});

describe('PowerSpectrum.compute gradient rows and edge cases', () => {
  const calc = new PowerSpectrum(HYPERS);

  it('position-gradient rows are the centre and its neighbours within the cutoff, never every atom', () => {
    for (const system of [0, 2]) {
      const s = STRUCTURES[system];
      const tm = calc.compute(s, { gradients: ['positions'] });
      let rows = 0;
      for (let k = 0; k < tm.keys.count; k++) {
        const [, a, b] = tm.keys.entry(k);
        const block = tm.block(k);
        const g = block.gradient('positions');
        for (let row = 0; row < g.samples.count; row++) {
          const [sample, , atom] = g.samples.entry(row);
          const [, centre] = block.samples.entry(sample);
          if (atom === centre) continue;
          const d = Math.hypot(...[0, 1, 2].map((x) => s.positions[3 * atom + x] - s.positions[3 * centre + x]));
          expect(d).toBeLessThan(HYPERS.cutoff.radius);
          expect([a, b]).toContain(s.numbers[atom]);
          rows++;
        }
      }
      expect(rows).toBeGreaterThan(0);
    }
    // the two far-apart groups of structure 0: no row ever joins them
    const tm = calc.compute(STRUCTURES[0], { gradients: ['positions'] });
    for (let k = 0; k < tm.keys.count; k++) {
      const block = tm.block(k);
      const g = block.gradient('positions');
      for (let row = 0; row < g.samples.count; row++) {
        const [sample, , atom] = g.samples.entry(row);
        expect(atom < 4).toBe(block.samples.entry(sample)[1] < 4);
      }
    }
  });

  it('selections that match nothing give empty maps or empty blocks, and inputs are never modified', () => {
    const s = STRUCTURES[1];
    const copy = JSON.parse(JSON.stringify(s));
    const keys = new Labels(['center_type'], [[92]]);
    const none = calc.compute(s, { gradients: ['positions', 'strain'], selectedKeys: keys });
    expect(none.keys.count).toBe(0);
    const samples = new Labels(['system', 'atom'], [[0, 0]]);
    const copyKeys = Array.from(keys.values);
    const copySamples = Array.from(samples.values);
    const empty = calc.compute(s, { gradients: ['positions', 'strain'], selectedSamples: new Labels(['system'], [[5]]) });
    expect(empty.keys.count).toBeGreaterThan(0);
    for (let k = 0; k < empty.keys.count; k++) {
      expect(empty.block(k).samples.count).toBe(0);
      expect(empty.block(k).gradient('positions').samples.count).toBe(0);
    }
    calc.compute(s, { gradients: ['positions', 'strain'], selectedSamples: samples });
    expect(s).toEqual(copy);
    expect(Array.from(keys.values)).toEqual(copyKeys);
    expect(Array.from(samples.values)).toEqual(copySamples);
  });
});

describe('PowerSpectrum.compute bad options', () => {
  const calc = new PowerSpectrum(HYPERS);
  const s = STRUCTURES[2];
  it('names the argument and what was expected', () => {
    expect(() => calc.compute(s, { gradients: ['cell' as 'strain'] })).toThrow(/options\.gradients\[0\] must be one of 'positions', 'strain'/);
    expect(() => calc.compute(s, { gradients: true as unknown as [] })).toThrow(/options\.gradients must be an array/);
    expect(() => calc.compute(s, { selectedSamples: [[0, 1]] as unknown as Labels })).toThrow(/options\.selectedSamples must be Labels/);
    expect(() => calc.compute(s, { selectedKeys: new Labels(['o3_lambda'], [[0]]) })).toThrow(/selection names must be among 'center_type', 'neighbor_1_type', 'neighbor_2_type'/);
    expect(() => calc.compute(s, null as unknown as object)).toThrow(/options must be an object/);
    expect(() => calc.compute([s, { positions: [0, 0], numbers: [1] }])).toThrow(/structures\[1\]/);
    expect(() => calc.compute(s, { backend: 'cuda' as 'js' })).toThrow(/cuda/);
  });
});
