#!/usr/bin/env node
// One training step of the mlearn-si model (bench/mlearn-si.config.json) on one 64-atom Si
// structure of the mlearn training set: energy, forces (recorded backward), the energy+force
// loss, its gradient in every weight (double backward) and an Adam update. CPU-time medians per
// step (ms) over the backends, and the split forward+forces / weight gradient on the last one.
//
//   node bench/train-step.js [--reps 9] [--backend js,wasm,wasm-simd]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { readMlearnRecords } from '@equikit/core';
import { init as initO3 } from '@equikit/o3';
import { Adam, EquivariantPotential, energyForceLoss, grad, init } from '../dist/index.js';
import { averageNeighbours } from './mlearn-si.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const REPS = Number(option('reps', 9));
const BACKENDS = option('backend', 'js,wasm,wasm-simd').split(',');
await init();
await initO3();
const config = JSON.parse(readFileSync(new URL('./mlearn-si.config.json', import.meta.url), 'utf8'));
const all = readMlearnRecords(readFileSync(new URL('../../../data/mlearn/Si/training.json', import.meta.url), 'utf8'));
const structure = all.find((s) => s.length === 64 && s.info.group === 'AIMD-NVT') ?? all.find((s) => s.length === 64);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`training step, 64-atom Si (${structure.info.group ?? 'mlearn'}), model ${config.model.hidden}, lMax ${config.model.lMax}, rMax ${config.model.rMax}; load average ${loadavg()[0].toFixed(2)}`);
console.log('| backend | edges | step ms | forward + forces ms | weight gradient ms |');
console.log('|---|---|---|---|---|');
for (const backend of BACKENDS) {
  const modelConfig = { ...config.model, avgNumNeighbors: averageNeighbours([structure], config.model.rMax) };
  const model = new EquivariantPotential(modelConfig, { backend });
  const graph = model.graph([structure]);
  const batch = { graph, energies: Float64Array.of(structure.info.energy), forces: structure.arrays.forces, invAtoms: Float64Array.of(1 / 64) };
  const params = model.parameters();
  const adam = new Adam(params, { lr: 1e-4 });
  const steps = [];
  const firsts = [];
  const seconds = [];
  for (let r = 0; r <= REPS; r++) {
    const t0 = cpu();
    const loss = energyForceLoss(model, batch, config.fit.energyWeight, config.fit.forceWeight);
    const t1 = cpu();
    adam.step(grad(loss, params));
    const t2 = cpu();
    if (r === 0) continue; // warm-up
    steps.push(t2 - t0);
    firsts.push(t1 - t0);
    seconds.push(t2 - t1);
  }
  console.log(`| ${backend} | ${graph.nEdges} | ${median(steps).toFixed(0)} | ${median(firsts).toFixed(0)} | ${median(seconds).toFixed(0)} |`);
}
