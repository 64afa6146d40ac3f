// The recipe of bench/mlearn-si.js (its configuration file, data conversion, shift/scale
// initialisation, cosine schedule, training on energies and forces, errors) on 2 of the mlearn
// Si training structures for a few steps: the full benchmark is too long for a test.
import { readFileSync } from 'node:fs';
import { readMlearnRecords } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { averageNeighbours, cosineSchedule, stressMae, toData, trainSi, type SiBenchConfig } from '../bench/mlearn-si.js';
import { energyForceErrors } from '../src/index.js';

const config = JSON.parse(readFileSync(new URL('../bench/mlearn-si.config.json', import.meta.url), 'utf8')) as SiBenchConfig;

describe('bench/mlearn-si.js recipe', () => {
  it('trains the benchmark configuration on 2 Si structures: the loss falls and errors are finite', () => {
    const all = readMlearnRecords(readFileSync(new URL('../../../data/mlearn/Si/training.json', import.meta.url), 'utf8'));
    // The two smallest structures (surfaces of 12 and 16 atoms) keep this test fast.
    const two = [...all].sort((a, b) => a.length - b.length).slice(0, 2);
    const data = toData(two);
    const { model, history, modelConfig } = trainSi(data, config, { epochs: 4 });
    expect(history).toHaveLength(4);
    expect(history[3]).toBeLessThan(history[0]);
    expect(modelConfig.avgNumNeighbors).toBeCloseTo(averageNeighbours(data.structures, config.model.rMax), 12);
    expect(modelConfig.avgNumNeighbors).toBeGreaterThan(5);
    expect(model.config.hidden).toBe(config.model.hidden);
    const errors = energyForceErrors(model, data);
    expect(errors.nAtoms).toBe(two[0].length + two[1].length);
    expect(Number.isFinite(errors.energyMae) && Number.isFinite(errors.forceMae)).toBe(true);
    // Stress error in GPa against the labels read by core (ASE convention, eV/Å³).
    let manual = 0;
    for (const s of two) {
      const p = model.predict(s, { stress: true }).stress!;
      const ref = s.info.stress as Float64Array;
      for (let c = 0; c < 6; c++) manual += (Math.abs(p[c] - ref[c]) * 160.21766208) / 12;
    }
    expect(stressMae(model, two)).toBeCloseTo(manual, 10);
    expect(manual).toBeGreaterThan(0);
  }, 60_000);

  it('decays the learning rate from lr to lrFinal', () => {
    const f = cosineSchedule(0.01, 0.001, 11);
    expect(f(0)).toBeCloseTo(0.01, 15);
    expect(f(5)).toBeCloseTo(0.0055, 15);
    expect(f(10)).toBeCloseTo(0.001, 15);
  });
});
