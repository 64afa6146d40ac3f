#!/usr/bin/env node
// The Zuo et al. (2020) benchmark: fit on each element's training set, score on its test set,
// print our MAEs beside the published GAP and MTP figures, with fit time and prediction time per atom.
// Usage: node bench/run.js [--elements Si,Ge] [--model linear,gp] [--hypers '{"maxRadial":6}'] [--json out.json]
import { writeFileSync } from 'node:fs';
import { evaluate } from '../dist/index.js';
import { loadSet } from './data.js';
import { MODELS } from './models/index.js';
import { PUBLISHED } from './published.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const elements = flag('elements', 'Ge,Li,Mo,Si').split(',');
const models = flag('model', Object.keys(MODELS).join(',')).split(',');
const overrides = JSON.parse(flag('hypers', '{}'));
for (const e of elements) if (!PUBLISHED[e]) throw new Error(`--elements: unknown element ${e}; known: ${Object.keys(PUBLISHED).join(', ')}`);
for (const m of models) if (!MODELS[m]) throw new Error(`--model: unknown model ${m}; known: ${Object.keys(MODELS).join(', ')}`);

const results = [];
for (const element of elements) {
  const train = loadSet(element, 'train');
  const test = loadSet(element, 'test');
  for (const name of models) {
    const t0 = performance.now();
    let last = '';
    const { model, describe } = await MODELS[name](train, {
      element,
      overrides,
      onProgress: (p) => {
        const line = `  ${element} ${name}: ${p.stage} ${p.done}/${p.total}`;
        if (p.done === p.total && line !== last) console.error((last = line));
      },
    });
    const fitSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const score = evaluate(model, test);
    const predictMicros = ((performance.now() - t1) * 1000) / score.atoms;
    results.push({ element, model: name, describe, fitSeconds, predictMicros, score });
    console.error(`  ${element} ${name}: ${describe}; E ${score.energy.mae.toFixed(2)} meV/atom, F ${score.forces.mae.toFixed(3)} eV/Å, σ ${score.stress?.mae.toFixed(2)} GPa`);
  }
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`\n| element | model | GAP E | GAP F | MTP E | MTP F | ours E MAE | ours F MAE | ours E RMSE | ours F RMSE | ours σ MAE (GPa) | fit time (s) | predict (µs/atom) |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
for (const r of results) {
  const p = PUBLISHED[r.element];
  const s = r.score;
  console.log(
    `| ${pad(r.element, 2)} | ${r.model} | ${p.gap.energy} | ${p.gap.forces} | ${p.mtp.energy} | ${p.mtp.forces} | ` +
      `${s.energy.mae.toFixed(2)} | ${s.forces.mae.toFixed(3)} | ${s.energy.rmse.toFixed(2)} | ${s.forces.rmse.toFixed(3)} | ` +
      `${s.stress ? s.stress.mae.toFixed(2) : '–'} | ${r.fitSeconds.toFixed(0)} | ${r.predictMicros.toFixed(0)} |`,
  );
}
console.log('\nE in meV/atom, F in eV/Å (test-set MAE). Models:');
for (const r of results) console.log(`- ${r.element} ${r.model}: ${r.describe}`);
const out = flag('json', undefined);
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
