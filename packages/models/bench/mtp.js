#!/usr/bin/env node
// MTP on the Zuo et al. (2020) benchmark: fit on each element's training set, score on
// its test set, print MAEs beside the published GAP and MTP figures, with fit and prediction times.
// Usage: node bench/mtp.js [--elements Si,Ge] [--levels 16,20,24] [--iterations 200] [--refine-structures 60]
//                          [--max-dist 5] [--size 8] [--json out.json]
import { writeFileSync } from 'node:fs';
import { evaluate, MomentTensorPotential } from '../dist/index.js';
import { loadSet } from './data.js';
import { PUBLISHED } from './published.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const elements = flag('elements', 'Si,Ge,Li,Mo').split(',');
const levels = flag('levels', '16,20,24').split(',').map(Number);
const iterations = Number(flag('iterations', '200'));
const maxDist = Number(flag('max-dist', '5'));
const size = Number(flag('size', '8'));
const refineStructures = flag('refine-structures', undefined);

const results = [];
for (const element of elements) {
  const train = loadSet(element, 'train');
  const test = loadSet(element, 'test');
  for (const level of levels) {
    const t0 = performance.now();
    let lastStage = '';
    const model = await MomentTensorPotential.fit(train, {
      level,
      maxDist,
      radialBasisSize: size,
      iterations,
      refineStructures: refineStructures === undefined ? undefined : Number(refineStructures),
      onProgress: (stage, done, total) => {
        if (stage !== lastStage || (stage === 'refine' && done % 25 === 0)) console.error(`  ${element} MTP-${level}: ${stage} ${done}/${total} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        lastStage = stage;
      },
    });
    const fitSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const score = evaluate(model, test);
    const predictMicros = ((performance.now() - t1) * 1000) / score.atoms;
    const row = { element, model: `MTP-${level}`, parameters: model.parameterCount, fitSeconds, predictMicros, score };
    results.push(row);
    console.error(`  ${element} MTP-${level}: ${model.parameterCount} parameters; E ${score.energy.mae.toFixed(2)} meV/atom, F ${score.forces.mae.toFixed(3)} eV/Å, σ ${score.stress?.mae.toFixed(2)} GPa, fit ${fitSeconds.toFixed(0)} s`);
  }
}

console.log(`\nMTP on the Zuo et al. test sets (cutoff ${maxDist} Å, ${size} Chebyshev polynomials, ${iterations} L-BFGS iterations); MAE energy meV/atom, forces eV/Å`);
console.log('| element | model | parameters | energy | forces | stress GPa | published MTP energy / forces | published GAP energy / forces | fit s | predict µs/atom |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const p = PUBLISHED[r.element];
  console.log(
    `| ${r.element} | ${r.model} | ${r.parameters} | ${r.score.energy.mae.toFixed(2)} | ${r.score.forces.mae.toFixed(3)} | ${r.score.stress ? r.score.stress.mae.toFixed(2) : '—'} | ${p.mtp.energy} / ${p.mtp.forces} | ${p.gap.energy} / ${p.gap.forces} | ${r.fitSeconds.toFixed(0)} | ${r.predictMicros.toFixed(0)} |`,
  );
}
const out = flag('json', undefined);
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
