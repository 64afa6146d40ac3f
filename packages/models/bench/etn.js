#!/usr/bin/env node
// ETN (and MTP beside it) on a data set: the Zuo et al. element sets (data/mlearn) or the
// Cu–Au–Pd EMT alloys (data/emt-cuaupd). Fits each model on the training set, scores the test
// set, prints a markdown table with parameter counts, MAEs and times.
// Usage: node bench/etn.js [--data emt|Si|Ge|Li|Mo] [--models etn,mtp] [--level 16] [--iterations 0]
//          [--lmax 2] [--cores 4] [--rank 2] [--channels 1] [--sweeps 4] [--structures N]
//          [--max-dist 5] [--size 8] [--json out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { readExtxyz } from '@equikit/core';
import { EquivariantTensorNetworkPotential, evaluate, MomentTensorPotential } from '../dist/index.js';
import { loadSet } from './data.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const data = flag('data', 'emt');
const models = flag('models', 'etn,mtp').split(',');
const maxDist = Number(flag('max-dist', '5'));
const size = Number(flag('size', '8'));
const structures = flag('structures', undefined);

function load(split) {
  if (data === 'emt') return readExtxyz(readFileSync(new URL(`../../../data/emt-cuaupd/${split}.extxyz`, import.meta.url), 'utf8'));
  return loadSet(data, split);
}
const train = load('train');
const test = load('test');
const log = (t0, what) => (stage, done, total, loss) => {
  if (stage === 'sweep' || stage === 'refine' || done === total) console.error(`  ${what}: ${stage} ${done}/${total}${loss !== undefined ? ` loss ${loss.toPrecision(4)}` : ''} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
};

const rows = [];
for (const kind of models) {
  const t0 = performance.now();
  let model;
  let label;
  if (kind === 'etn') {
    const hypers = {
      lMax: Number(flag('lmax', '2')),
      cores: Number(flag('cores', '4')),
      rank: Number(flag('rank', '2')),
      channels: Number(flag('channels', '1')),
      radialBasisSize: size,
    };
    label = `ETN L=${hypers.lMax} K=${hypers.cores} rank ${hypers.rank} channels ${hypers.channels}`;
    model = await EquivariantTensorNetworkPotential.fit(train, {
      ...hypers,
      maxDist,
      sweeps: Number(flag('sweeps', '4')),
      structures: structures === undefined ? undefined : Number(structures),
      onProgress: log(t0, label),
    });
  } else {
    const level = Number(flag('level', '16'));
    const iterations = Number(flag('iterations', '0'));
    label = `MTP level ${level}${iterations ? `, ${iterations} L-BFGS` : ''}`;
    model = await MomentTensorPotential.fit(train, {
      level,
      maxDist,
      radialBasisSize: size,
      iterations,
      refineStructures: structures === undefined ? undefined : Number(structures),
      onProgress: log(t0, label),
    });
  }
  const fitSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const score = evaluate(model, test);
  const predictMicros = ((performance.now() - t1) * 1000) / score.atoms;
  rows.push({ data, model: label, parameters: model.parameterCount, fitSeconds, predictMicros, score });
  console.error(`  ${label}: ${model.parameterCount} parameters; E ${score.energy.mae.toFixed(2)} meV/atom, F ${score.forces.mae.toFixed(3)} eV/Å, fit ${fitSeconds.toFixed(0)} s`);
}

console.log(`\n${data} test set (cutoff ${maxDist} Å, ${size} Chebyshev polynomials${structures ? `, ${structures} training structures in the iterative stage` : ''}); MAE energy meV/atom, forces eV/Å, stress GPa`);
console.log('| data | model | parameters | energy | forces | stress | fit s | predict µs/atom |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.data} | ${r.model} | ${r.parameters} | ${r.score.energy.mae.toFixed(2)} | ${r.score.forces.mae.toFixed(3)} | ${r.score.stress ? r.score.stress.mae.toFixed(2) : '—'} | ${r.fitSeconds.toFixed(0)} | ${r.predictMicros.toFixed(0)} |`);
}
const out = flag('json', undefined);
if (out) writeFileSync(out, JSON.stringify(rows, null, 2));
