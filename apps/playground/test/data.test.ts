import { readFileSync } from 'node:fs';
import { readExtxyz, Structure } from '@equikit/core';
import { PowerSpectrum } from '@equikit/correlations';
import { describe, expect, it } from 'vitest';
import { pca } from '../src/analysis/pca.js';
import { atomFeatures, featureMap } from '../src/worker/features.js';
import { SOAP_HYPERS } from '../src/worker/hypers.js';
import { readStructures, speciesOf, splitTrainTest, summarize } from '../src/worker/structures.js';
import { energyPerAtom, mapColors, MISSING_COLOR } from '../src/ui/map-colors.js';
import { CATEGORY_COLORS, viridis } from '../src/ui/scales.js';
import { frameToXyz } from '../src/ui/xyz.js';

const sample = readFileSync(new URL('../src/sample/si-mlearn-test.xyz', import.meta.url), 'utf8');
const sampleStructures = readExtxyz(sample);

/** A water molecule and a periodic NaCl pair: two species sets, one without and one with energy. */
function mixed(): Structure[] {
  return [
    new Structure({ positions: [0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0], numbers: [8, 1, 1], info: { config_type: 'water' } }),
    new Structure({
      positions: [0, 0, 0, 2.8, 2.8, 2.8],
      numbers: [11, 17],
      cell: [5.6, 0, 0, 0, 5.6, 0, 0, 0, 5.6],
      pbc: true,
      info: { energy: -6.5 },
      arrays: { forces: new Float64Array(6) },
    }),
  ];
}

describe('reading files', () => {
  it('reads extended XYZ and mlearn JSON by content', () => {
    expect(readStructures(sample)).toHaveLength(8);
    const record = {
      structure: {
        lattice: { matrix: [[5.43, 0, 0], [0, 5.43, 0], [0, 0, 5.43]] },
        sites: [{ species: [{ element: 'Si', occu: 1 }], xyz: [0, 0, 0], abc: [0, 0, 0] }],
      },
      outputs: { energy: -5.4, forces: [[0, 0, 0]], virial_stress: [0, 0, 0, 0, 0, 0] },
      num_atoms: 1,
      group: 'Bulk',
    };
    const fromJson = readStructures(`  [${JSON.stringify(record)}]`);
    expect(fromJson).toHaveLength(1);
    expect(fromJson[0].info.energy).toBe(-5.4);
  });

  it('says what is wrong with an empty or broken file', () => {
    expect(() => readStructures('   \n')).toThrow(/the file is empty/);
    expect(() => readStructures('2\n\nSi 0 0 0\n')).toThrow(/frame 0/);
    expect(() => readStructures(42 as unknown as string)).toThrow(/the file must be text, got number/);
  });

  it('summarises frames as copies, with energy, forces and a label', () => {
    const [water, salt] = mixed();
    const a = summarize(water, 0);
    expect(a).toMatchObject({ index: 0, energy: null, hasForces: false, label: 'water', pbc: [false, false, false] });
    const b = summarize(salt, 1);
    expect(b).toMatchObject({ index: 1, energy: -6.5, hasForces: true, label: '', pbc: [true, true, true] });
    expect(Array.from(b.numbers)).toEqual([11, 17]);
    b.positions[0] = 99; // a copy: the structure keeps its own
    expect(salt.positions[0]).toBe(0);
    const first = summarize(sampleStructures[0], 0);
    expect(first.label).toBe('Snapshot 7 of 32 of Vacancy AIMD NVT simulation at 300 K');
    expect(first.energy).toBe(-297.62773938);
  });

  it('lists the species of all frames, sorted', () => {
    expect(speciesOf(mixed())).toEqual([1, 8, 11, 17]);
    expect(speciesOf(sampleStructures)).toEqual([14]);
  });

  it('splits every k-th frame into the test set', () => {
    expect(splitTrainTest(8, 4)).toEqual({ train: [0, 1, 2, 4, 5, 6], test: [3, 7] });
    expect(splitTrainTest(3, 2)).toEqual({ train: [0, 2], test: [1] });
    expect(() => splitTrainTest(8, 1)).toThrow(/testEvery must be an integer ≥ 2, got 1/);
    expect(() => splitTrainTest(-1, 2)).toThrow(/count must be a non-negative integer/);
  });
});

describe('features for the map', () => {
  it('stacks each frame’s normalised power spectrum on one species axis, rows in file order', () => {
    const structures = mixed();
    const species = speciesOf(structures);
    const progress: [number, number][] = [];
    const features = atomFeatures(structures, species, (done, total) => progress.push([done, total]));
    expect(progress).toEqual([[1, 2], [2, 2]]);
    expect(features.rows).toBe(5);
    expect(Array.from(features.frameOf)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(features.atomOf)).toEqual([0, 1, 2, 0, 1]);
    expect(Array.from(features.numbers)).toEqual([8, 1, 1, 11, 17]);
    // independent path: the calculator called directly on each frame with the same species
    const calculator = new PowerSpectrum(SOAP_HYPERS, { normalize: true });
    const reference = structures.map((s) => calculator.computeDense(s, { species }).values);
    expect(features.size).toBe(calculator.sizeFor(4));
    expect(Array.from(features.values.subarray(0, 3 * features.size))).toEqual(Array.from(reference[0]));
    expect(Array.from(features.values.subarray(3 * features.size))).toEqual(Array.from(reference[1]));
    // normalised rows
    for (let r = 0; r < features.rows; r++) {
      let norm = 0;
      for (let k = 0; k < features.size; k++) norm += features.values[r * features.size + k] ** 2;
      expect(Math.sqrt(norm)).toBeCloseTo(1, 12);
    }
  });

  it('maps sample frames: 180 features per atom, PCA scores of those features', () => {
    const frames = sampleStructures.slice(0, 3); // 63 + 63 + 36 atoms: enough, and quick
    const species = speciesOf(frames);
    const result = featureMap(frames, species);
    expect(result.size).toBe(180); // one species: n1, n2 ∈ 6, l ∈ 0..4 → 6·6·5
    expect(result.frameOf.length).toBe(162);
    expect(result.scores.length).toBe(2 * 162);
    expect(result.explained[0]).toBeGreaterThan(result.explained[1]);
    expect(result.explained[0] + result.explained[1]).toBeLessThanOrEqual(1 + 1e-12);
    const features = atomFeatures(frames, species);
    const direct = pca(features.values, features.rows, features.size);
    expect(Array.from(result.scores)).toEqual(Array.from(direct.scores));
    expect(['js', 'wasm', 'wasm-simd']).toContain(result.backend);
  });

  it('refuses a map of a single atom', () => {
    const one = [new Structure({ positions: [0, 0, 0], numbers: [14] })];
    expect(() => featureMap(one, [14])).toThrow(/at least 2 atoms, the file has 1/);
  });
});

describe('map colours', () => {
  const frames = mixed().map(summarize);
  const points = { numbers: Int32Array.from([8, 1, 1, 11, 17]), frameOf: Int32Array.from([0, 0, 0, 1, 1]) };

  it('colours by species, one colour per species, with a legend', () => {
    const coloring = mapColors('species', points, frames, [1, 8, 11, 17], ['H', 'O', 'Na', 'Cl']);
    expect(coloring.colors).toEqual([CATEGORY_COLORS[1], CATEGORY_COLORS[0], CATEGORY_COLORS[0], CATEGORY_COLORS[2], CATEGORY_COLORS[3]]);
    expect(coloring.legend).toEqual({
      kind: 'species',
      entries: ['H', 'O', 'Na', 'Cl'].map((label, k) => ({ label, color: CATEGORY_COLORS[k] })),
    });
  });

  it('colours by energy per atom, grey where a frame has none', () => {
    expect(Array.from(energyPerAtom(frames))).toEqual([NaN, -3.25]);
    const coloring = mapColors('energy', points, frames, [1, 8, 11, 17], ['H', 'O', 'Na', 'Cl']);
    expect(coloring.colors.slice(0, 3)).toEqual([MISSING_COLOR, MISSING_COLOR, MISSING_COLOR]);
    // a single energy: its widened range puts it in the middle of the scale
    expect(coloring.colors[3]).toBe(viridis(0.5));
    expect(coloring.legend).toEqual({ kind: 'energy', range: [-3.25 - 0.1625, -3.25 + 0.1625] });
    const sampleFrames = sampleStructures.map(summarize);
    const perAtom = energyPerAtom(sampleFrames);
    const lowest = perAtom.indexOf(Math.min(...perAtom));
    const highest = perAtom.indexOf(Math.max(...perAtom));
    const all = { numbers: Int32Array.from([14, 14]), frameOf: Int32Array.from([lowest, highest]) };
    expect(mapColors('energy', all, sampleFrames, [14], ['Si']).colors).toEqual([viridis(0), viridis(1)]);
    expect(() => mapColors('charge' as 'energy', points, frames, [], [])).toThrow(/mode must be 'species' or 'energy'/);
  });
});

describe('frames for 3Dmol', () => {
  it('writes XYZ with the lattice of periodic frames and without it otherwise', () => {
    const [water, salt] = mixed().map(summarize);
    const symbol = (z: number) => ({ 1: 'H', 8: 'O', 11: 'Na', 17: 'Cl' })[z as 1 | 8 | 11 | 17];
    expect(frameToXyz(water, symbol)).toBe('3\nProperties=species:S:1:pos:R:3\nO 0 0 0\nH 0.96 0 0\nH -0.24 0.93 0\n');
    expect(frameToXyz(salt, symbol)).toBe('2\nLattice="5.6 0 0 0 5.6 0 0 0 5.6" Properties=species:S:1:pos:R:3\nNa 0 0 0\nCl 2.8 2.8 2.8\n');
    expect(frameToXyz(salt, symbol, new Float64Array([1, 2, 3, 4, 5, 6]))).toContain('Na 1 2 3\nCl 4 5 6');
    expect(() => frameToXyz(salt, symbol, new Float64Array(3))).toThrow(/3N = 6 values for frame 1, got 3/);
  });

  it('round-trips the sample frames through the extended XYZ reader', () => {
    const frames = sampleStructures.map(summarize);
    const text = frameToXyz(frames[4], () => 'Si');
    const [back] = readExtxyz(text);
    expect(Array.from(back.positions)).toEqual(Array.from(frames[4].positions));
    expect(Array.from(back.cell)).toEqual(Array.from(frames[4].cell));
  });
});
