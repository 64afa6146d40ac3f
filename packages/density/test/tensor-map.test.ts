import { Labels } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { GtoRadialIntegral } from '../src/radial/gto.js';
import { SphericalExpansion, type SphericalExpansionHypers } from '../src/index.js';
import { cluster, rattledRockSalt, seeded } from './helpers.js';

const HYPERS: SphericalExpansionHypers = {
  cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.3 },
  basis: { maxAngular: 3, radial: { type: 'gto', maxRadial: 4 } },
};
const calculator = new SphericalExpansion(HYPERS);
const N = 4;
const K = 16;

describe.each(['js', 'wasm', 'wasm-simd'] as const)('compute() (%s): featomic TensorMap layout', (backend) => {
  const structures = [cluster(seeded(4)), rattledRockSalt(seeded(5))];
  const map = calculator.compute(structures, { gradients: ['positions', 'strain'], backend });

  it('has featomic names for keys, samples, components, properties and gradients', () => {
    expect(map.keys.names).toEqual(['center_type', 'o3_lambda', 'o3_sigma', 'neighbor_type']);
    expect(map.sampleNames).toEqual(['system', 'atom']);
    expect(map.componentNames).toEqual(['o3_mu']);
    expect(map.propertyNames).toEqual(['n']);
    const block = map.block({ center_type: 11, o3_lambda: 2, o3_sigma: 1, neighbor_type: 17 });
    expect(Array.from(block.components[0].values)).toEqual([-2, -1, 0, 1, 2]);
    expect(block.properties.count).toBe(N);
    expect(block.gradient('positions').samples.names).toEqual(['sample', 'system', 'atom']);
    expect(block.gradient('positions').components.map((c) => c.names[0])).toEqual(['xyz', 'o3_mu']);
    expect(block.gradient('strain').samples.names).toEqual(['sample']);
    expect(block.gradient('strain').components.map((c) => c.names[0])).toEqual(['xyz_1', 'xyz_2', 'o3_mu']);
    // sodium samples are the 4 Na of system 1
    expect(Array.from(block.samples.values)).toEqual([1, 0, 1, 1, 1, 2, 1, 3]);
  });

  it('holds exactly the dense coefficients of each structure, every block', () => {
    const allTypes = [1, 6, 8, 11, 17];
    let valueError = 0;
    let gradientError = 0;
    let unlistedMax = 0;
    let compared = 0;
    structures.forEach((structure, s) => {
      const dense = calculator.computeDense(structure, { species: allTypes, gradients: true, backend: 'js' });
      const nAtoms = structure.numbers.length;
      for (let k = 0; k < map.keys.count; k++) {
        const [centerType, l, , neighborType] = map.keys.entry(k);
        const block = map.blocks()[k];
        const t = allTypes.indexOf(neighborType);
        for (let row = 0; row < block.samples.count; row++) {
          const [system, atom] = block.samples.entry(row);
          if (system !== s) continue;
          expect(structure.numbers[atom]).toBe(centerType);
          for (let m = 0; m < 2 * l + 1; m++) {
            for (let n = 0; n < N; n++) {
              const want = dense.values[((atom * allTypes.length + t) * N + n) * K + l * l + m];
              valueError = Math.max(valueError, Math.abs(block.values[(row * (2 * l + 1) + m) * N + n] - want));
              compared++;
            }
          }
        }
        // position gradients: every listed (sample, system, atom) equals the dense derivative, the others are zero
        const g = block.gradient('positions');
        const listed = new Set<string>();
        for (let r = 0; r < g.samples.count; r++) {
          const [sample, system, atom] = g.samples.entry(r);
          if (system !== s) continue;
          const centre = block.samples.entry(sample)[1];
          listed.add(`${centre},${atom}`);
          for (let x = 0; x < 3; x++) {
            for (let m = 0; m < 2 * l + 1; m++) {
              for (let n = 0; n < N; n++) {
                const row = allTypes.length * N * K;
                const want = dense.positionGradients![((centre * nAtoms + atom) * 3 + x) * row + (t * N + n) * K + l * l + m];
                gradientError = Math.max(gradientError, Math.abs(g.values[((r * 3 + x) * (2 * l + 1) + m) * N + n] - want));
              }
            }
          }
        }
        for (let row = 0; row < block.samples.count; row++) {
          const [system, centre] = block.samples.entry(row);
          if (system !== s) continue;
          for (let atom = 0; atom < nAtoms; atom++) {
            if (listed.has(`${centre},${atom}`)) continue;
            const rowSize = allTypes.length * N * K;
            for (let x = 0; x < 3; x++) {
              for (let e = 0; e < N * K; e++) {
                unlistedMax = Math.max(unlistedMax, Math.abs(dense.positionGradients![((centre * nAtoms + atom) * 3 + x) * rowSize + t * N * K + e]));
              }
            }
          }
        }
      }
    });
    expect(compared).toBeGreaterThan(1000);
    expect(valueError).toBeLessThan(1e-15);
    expect(gradientError).toBeLessThan(1e-15);
    expect(unlistedMax).toBe(0);
  });

  it('lists a key only for (center, neighbor) types that meet within the cutoff, or the centre itself', () => {
    const keys = new Set<string>();
    for (let k = 0; k < map.keys.count; k++) keys.add(`${map.keys.entry(k)[0]}-${map.keys.entry(k)[3]}`);
    expect(keys.has('11-17')).toBe(true);
    expect(keys.has('11-11')).toBe(true);
    expect(keys.has('11-1')).toBe(false); // Na and H are in different systems
  });

  it('computes only the selected samples and keys', () => {
    const selectedSamples = new Labels(['system'], [[1]]);
    const selectedKeys = new Labels(['o3_lambda', 'neighbor_type'], [[1, 17], [3, 17]]);
    const subset = calculator.compute(structures, { gradients: ['positions'], selectedSamples, selectedKeys, backend });
    expect(subset.keys.count).toBe(4); // Na and Cl centres × λ = 1, 3
    for (let k = 0; k < subset.keys.count; k++) {
      const key = subset.keys.entry(k);
      expect([1, 3]).toContain(key[1]);
      expect(key[3]).toBe(17);
      const block = subset.blocks()[k];
      const full = map.block({ center_type: key[0], o3_lambda: key[1], o3_sigma: 1, neighbor_type: 17 });
      expect(Array.from(block.samples.column('system')).every((s) => s === 1)).toBe(true);
      expect(Array.from(block.values)).toEqual(Array.from(full.values).slice(-block.values.length));
    }
    // one centre of a big cell: only its pairs are expanded, and its rows equal the full computation
    const big = rattledRockSalt(seeded(9));
    const fullBig = calculator.compute(big, { gradients: ['positions', 'strain'], backend });
    const oneBig = calculator.compute(big, { gradients: ['positions', 'strain'], backend, selectedSamples: new Labels(['atom'], [[6]]) });
    for (let k = 0; k < oneBig.keys.count; k++) {
      const block = oneBig.blocks()[k];
      const full = fullBig.block(Object.fromEntries(oneBig.keys.names.map((name, c) => [name, oneBig.keys.entry(k)[c]])));
      const row = full.samples.position([0, 6]);
      if (row === undefined) {
        expect(block.samples.count).toBe(0);
        continue;
      }
      const width = block.values.length / block.samples.count;
      expect(Array.from(block.values)).toEqual(Array.from(full.values.slice(row * width, (row + 1) * width)));
      const strainWidth = 9 * width;
      expect(Array.from(block.gradient('strain').values)).toEqual(Array.from(full.gradient('strain').values.slice(row * strainWidth, (row + 1) * strainWidth)));
      const g = block.gradient('positions');
      const fg = full.gradient('positions');
      for (let r = 0; r < g.samples.count; r++) {
        const [, system, atom] = g.samples.entry(r);
        const fr = fg.samples.position([row, system, atom])!;
        expect(fr).toBeDefined();
        expect(Array.from(g.values.slice(r * 3 * width, (r + 1) * 3 * width))).toEqual(Array.from(fg.values.slice(fr * 3 * width, (fr + 1) * 3 * width)));
      }
    }
    const one = calculator.compute(structures, { selectedSamples: new Labels(['system', 'atom'], [[1, 5]]) });
    for (const block of one.blocks()) expect(block.samples.count).toBe(one.keys.entry(one.blocks().indexOf(block))[0] === 17 ? 1 : 0);
  });

  it('rejects bad options by name and leaves its inputs untouched', () => {
    const structure = rattledRockSalt(seeded(6));
    const copy = JSON.parse(JSON.stringify(structure));
    calculator.compute(structure, { gradients: ['positions', 'strain'] });
    expect(structure).toEqual(copy);
    expect(() => calculator.compute(structure, { gradients: ['cell' as 'strain'] })).toThrow(/options.gradients\[0\] must be one of 'positions', 'strain', got "cell"/);
    expect(() => calculator.compute(structure, { selectedKeys: [[1]] as unknown as Labels })).toThrow(/options.selectedKeys must be Labels/);
    expect(() => calculator.compute([structure, { positions: [0, 0], numbers: [1] }])).toThrow(/structures\[1\]: positions must have 3N values/);
    expect(() => calculator.computeDense(structure, { species: [11] })).toThrow(/species must contain every atomic number of the structure: atom 4 has Z = 17/);
    expect(() => calculator.computeDense({ positions: [0, 0, 0, 0, 0, 0], numbers: [1, 1] })).toThrow(/atoms 0 and 1 overlap/);
  });
});

describe('tabulated radial integral', () => {
  it('reproduces the GTO expansion when given the GTO integral as a table', () => {
    const exact = new GtoRadialIntegral(4, 0.3, N, 3);
    const points = Array.from({ length: 801 }, (_, k) => {
      const position = (4 * k) / 800;
      const values = new Float64Array(N * 4);
      const derivatives = new Float64Array(N * 4);
      exact.compute(position, values, derivatives);
      return { position, values: Array.from(values), derivatives: Array.from(derivatives) };
    });
    const tabulated = new SphericalExpansion({
      cutoff: HYPERS.cutoff,
      density: { type: 'dirac-delta' },
      basis: { maxAngular: 3, radial: { type: 'tabulated', maxRadial: N, points } },
    });
    const reference = new SphericalExpansion({ ...HYPERS, basis: { ...HYPERS.basis, splineAccuracy: 0 } });
    const structure = cluster(seeded(8));
    const a = tabulated.computeDense(structure, { gradients: true });
    const b = reference.computeDense(structure, { gradients: true });
    const scale = Math.max(...b.values.map(Math.abs));
    a.values.forEach((v, k) => expect(Math.abs(v - b.values[k])).toBeLessThan(1e-8 * scale));
    const gscale = Math.max(...b.positionGradients!.map(Math.abs));
    a.positionGradients!.forEach((v, k) => expect(Math.abs(v - b.positionGradients![k])).toBeLessThan(1e-6 * gscale));
  });
});

describe.each(['js', 'wasm-simd'] as const)('ragged Laplacian-eigenstate basis (%s)', (backend) => {
  it('has n_l radial functions per λ in the TensorMap, equal to the dense values, which are 0 beyond n_l', () => {
    const calc = new SphericalExpansion({
      cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
      density: { type: 'gaussian', width: 0.4 },
      basis: { maxAngular: 4, radial: { type: 'laplacian-eigenstate', maxRadial: 5 } },
    });
    const shape = calc.hypers.radialPerAngular;
    expect(shape[0]).toBe(5);
    expect(shape[4]).toBeLessThan(5);
    const structure = rattledRockSalt(seeded(31));
    const map = calc.compute(structure, { gradients: ['positions', 'strain'], backend });
    const dense = calc.computeDense(structure, { backend });
    const types = Array.from(dense.species);
    const Kd = 25;
    let compared = 0;
    for (let k = 0; k < map.keys.count; k++) {
      const [, l, , neighborType] = map.keys.entry(k);
      const block = map.blocks()[k];
      expect(block.properties.count).toBe(shape[l]);
      expect(block.gradient('positions').properties.count).toBe(shape[l]);
      const t = types.indexOf(neighborType);
      const width = 2 * l + 1;
      for (let row = 0; row < block.samples.count; row++) {
        const atom = block.samples.entry(row)[1];
        for (let m = 0; m < width; m++) {
          for (let n = 0; n < 5; n++) {
            const d = dense.values[((atom * types.length + t) * 5 + n) * Kd + l * l + m];
            if (n < shape[l]) {
              expect(Math.abs(block.values[(row * width + m) * shape[l] + n] - d)).toBeLessThan(1e-15);
              compared++;
            } else expect(d).toBe(0);
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);

    // the ragged (strided) gradient scatter: positions against the dense gradients, strain by finite differences
    const withGradients = calc.computeDense(structure, { backend, gradients: true });
    const nAtoms = structure.numbers.length;
    const rowSize = types.length * 5 * Kd;
    let worst = 0;
    const h = 1e-4;
    const moved = (t: number) => {
      const deform = (rows: number[]) => rows.map((v, k) => v + (k % 3 === 2 ? t * rows[k - 2] : 0)); // ε_xz
      return calc.compute({ ...structure, positions: deform(structure.positions), cell: deform(structure.cell) }, { backend });
    };
    const [plus, minus] = [moved(h), moved(-h)];
    let strainWorst = 0;
    let strainScale = 0;
    for (let k = 0; k < map.keys.count; k++) {
      const [, l, , neighborType] = map.keys.entry(k);
      const block = map.blocks()[k];
      const nl = shape[l];
      const width = 2 * l + 1;
      const t = types.indexOf(neighborType);
      const g = block.gradient('positions');
      for (let r = 0; r < g.samples.count; r++) {
        const [sample, , atom] = g.samples.entry(r);
        const centre = block.samples.entry(sample)[1];
        for (let x = 0; x < 3; x++) {
          for (let m = 0; m < width; m++) {
            for (let n = 0; n < nl; n++) {
              const want = withGradients.positionGradients![((centre * nAtoms + atom) * 3 + x) * rowSize + (t * 5 + n) * Kd + l * l + m];
              worst = Math.max(worst, Math.abs(g.values[((r * 3 + x) * width + m) * nl + n] - want));
            }
          }
        }
      }
      const strain = block.gradient('strain').values;
      const size = width * nl;
      for (let sIdx = 0; sIdx < block.samples.count; sIdx++) {
        for (let e = 0; e < size; e++) {
          const fd = (plus.blocks()[k].values[sIdx * size + e] - minus.blocks()[k].values[sIdx * size + e]) / (2 * h);
          const analytic = strain[(sIdx * 9 + 0 * 3 + 2) * size + e];
          strainScale = Math.max(strainScale, Math.abs(analytic));
          strainWorst = Math.max(strainWorst, Math.abs(fd - analytic));
        }
      }
    }
    expect(worst).toBeLessThan(1e-15);
    expect(strainScale).toBeGreaterThan(1e-4);
    expect(strainWorst).toBeLessThan(1e-6 * strainScale);
  });
});
