#!/usr/bin/env node
// Issue 11's mlearn benchmark: a small NequIP-style network trained on data/mlearn/Si
// (214 structures, 13 233 atoms) on energies and forces, evaluated on the 25 test structures
// in the units of Zuo et al. (energy MAE meV/atom, force MAE eV/Å per component), beside the
// published GAP and MTP errors. One thread, float64.
//
//   node bench/mlearn-si.js                       (after `npm run build -w @equikit/nn`)
//   node bench/mlearn-si.js --epochs 2 --train 8  (a quick look)
//   node bench/mlearn-si.js --save si-model.json  (keeps the trained weights)
//   node bench/mlearn-si.js --load si-model.json  (evaluates saved weights, no training)
//
// The configuration is bench/mlearn-si.config.json (the fast test in test/mlearn-recipe.test.ts
// trains the same configuration on 2 structures). Prints each epoch's loss and time, then the
// errors (and the test stress error, though stress is not in the loss), wall and process CPU time.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { readMlearnRecords } from '@equikit/core';
import { init as initO3 } from '@equikit/o3';
import { buildGraph, EquivariantPotential, energyForceErrors, fitEnergyForces, init, initializeShiftScale, loadModel, saveModel } from '../dist/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const root = new URL('../../../', import.meta.url);
const config = JSON.parse(readFileSync(new URL('./mlearn-si.config.json', import.meta.url), 'utf8'));

/** Structures → the { structures, energies, forces } that fitEnergyForces takes. */
export function toData(structures) {
  return { structures, energies: structures.map((s) => s.info.energy), forces: structures.map((s) => s.arrays.forces) };
}

/** Mean number of neighbours within rMax over the training atoms (NequIP's avg_num_neighbors). */
export function averageNeighbours(structures, rMax) {
  let edges = 0;
  let atoms = 0;
  for (const s of structures) {
    edges += buildGraph([s], rMax).nEdges;
    atoms += s.numbers.length;
  }
  return edges / atoms;
}

/** Cosine decay from lr to lrFinal over the epochs. */
export function cosineSchedule(lr, lrFinal, epochs) {
  return (epoch) => lrFinal + 0.5 * (lr - lrFinal) * (1 + Math.cos((Math.PI * epoch) / Math.max(1, epochs - 1)));
}

/** The benchmark's recipe: model from the configuration, shift/scale from the data, Adam with cosine decay. */
export function trainSi(train, cfg = config, { epochs = cfg.fit.epochs, onEpoch } = {}) {
  const modelConfig = { ...cfg.model };
  if (modelConfig.avgNumNeighbors === 'auto') modelConfig.avgNumNeighbors = averageNeighbours(train.structures, modelConfig.rMax);
  const model = new EquivariantPotential(modelConfig);
  initializeShiftScale(model, train);
  const { lr, lrFinal, ...fit } = cfg.fit;
  const history = fitEnergyForces(model, train, { ...fit, epochs, lr, schedule: cosineSchedule(lr, lrFinal, epochs), onEpoch });
  return { model, history, modelConfig };
}

/** Mean absolute error of the six Voigt stress components (GPa) over structures with a stress label. */
export function stressMae(model, structures) {
  const GPA = 160.21766208; // eV/Å³ in GPa
  let sum = 0;
  let count = 0;
  for (const s of structures) {
    const ref = s.info.stress;
    if (!ref) continue;
    const { stress } = model.predict(s, { stress: true });
    for (let c = 0; c < 6; c++) sum += Math.abs(stress[c] - ref[c]) * GPA;
    count += 6;
  }
  return sum / count;
}

function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await init();
  await initO3();
  const limit = Number(option('train', Infinity));
  const trainAll = readMlearnRecords(readFileSync(new URL('data/mlearn/Si/training.json', root), 'utf8'));
  const test = toData(readMlearnRecords(readFileSync(new URL('data/mlearn/Si/test.json', root), 'utf8')));
  const train = toData(trainAll.slice(0, Math.min(limit, trainAll.length)));
  const epochs = Number(option('epochs', config.fit.epochs));
  const nAtoms = train.structures.reduce((s, x) => s + x.numbers.length, 0);
  console.log(`mlearn Si: ${train.structures.length} training structures (${nAtoms} atoms), ${test.structures.length} test; load average ${loadavg()[0].toFixed(2)}`);
  console.log(JSON.stringify({ ...config, fit: { ...config.fit, epochs } }));
  const w0 = performance.now();
  const c0 = cpuSeconds();
  let last = w0;
  const load = option('load', undefined);
  const { model, history, modelConfig } = load
    ? (() => {
      const m = loadModel(JSON.parse(readFileSync(load, 'utf8')));
      return { model: m, history: [], modelConfig: m.config };
    })()
    : trainSi(train, config, {
      epochs,
      onEpoch: (epoch, loss) => {
        const now = performance.now();
        console.log(`epoch ${epoch + 1}/${epochs}  loss ${loss.toExponential(3)}  ${((now - last) / 1000).toFixed(1)} s  (total ${((now - w0) / 1000).toFixed(0)} s wall, ${(cpuSeconds() - c0).toFixed(0)} s CPU, load ${loadavg()[0].toFixed(1)})`);
        last = now;
      },
    });
  const wall = (performance.now() - w0) / 1000;
  const cpu = cpuSeconds() - c0;
  const params = model.parameters().reduce((s, p) => s + p.size, 0);
  const testErr = energyForceErrors(model, test);
  const trainErr = energyForceErrors(model, train);
  const fmt = (e) => `energy MAE ${(1000 * e.energyMae).toFixed(2)} meV/atom (RMSE ${(1000 * e.energyRmse).toFixed(2)}), force MAE ${e.forceMae.toFixed(3)} eV/Å (RMSE ${e.forceRmse.toFixed(3)})`;
  console.log(`model: ${params} parameters, avgNumNeighbors ${modelConfig.avgNumNeighbors.toFixed(2)}; ${load ? `loaded ${load}` : `training ${wall.toFixed(0)} s wall, ${cpu.toFixed(0)} s CPU, ${epochs} epochs`}`);
  console.log(`train: ${fmt(trainErr)}`);
  console.log(`test:  ${fmt(testErr)}; stress MAE ${stressMae(model, test.structures).toFixed(2)} GPa (stress not in the loss)`);
  console.log('published (Zuo et al. 2020, Si test): GAP 2.91 meV/atom, 0.07 eV/Å; MTP 2.21 meV/atom, 0.06 eV/Å');
  const save = option('save', undefined);
  if (save) writeFileSync(save, JSON.stringify(saveModel(model)));
  const json = option('json', undefined);
  if (json) writeFileSync(json, JSON.stringify({ config, epochs, params, wall, cpu, history, train: trainErr, test: testErr }, null, 1));
}
