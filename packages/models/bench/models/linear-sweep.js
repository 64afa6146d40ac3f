#!/usr/bin/env node
// Tuning aid for the linear models of the Zuo et al. benchmark: computes the species sums (features
// summed per centre species, with position and strain gradients) of the training and test sets ONCE
// per feature configuration, keeps one normal-equation block per (fold, target kind), and then scores
// any row weights and λ on the test set in seconds: A(w) = Σ_kind w_kind² A_kind, b(w) likewise.
// Test predictions come from the test set's species sums (energy Σ_s w_s·ΣX, forces −Σ_s w_s·∂ΣX/∂r,
// stress sym Σ_s w_s·∂ΣX/∂ε / V), the same numbers LinearPotential.predict's VJP gives.
//
// Usage (after a build), from packages/models:
//   node bench/models/linear-sweep.js --element Si --features '{"type":"nice","nu":4,"components":32,"expand":200}' \
//        [--features2 '{"type":"power-spectrum","maxRadial":8,"maxAngular":6}'] \
//        [--sigmas '[[0.001,0.04,0.02],[0.002,0.04,0.02]]'] [--cache /tmp/lnice]
// Feature hypers: those of bench/models/linear.js (cutoff, width, maxRadial, maxAngular, smoothing,
// scaling) merged over the element's defaults, plus for "nice" those of bench/models/linear-nice.js.
// --features2 and --features3 concatenate more feature sets (per species, after the first).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mulberry32 } from '@equikit/core';
import { extractTargets } from '../../dist/index.js';
import { createCalculator } from '../../dist/linear/features.js';
import { addStructureRows, VOIGT } from '../../dist/linear/design.js';
import { NormalEquations } from '../../dist/solver/normal-equations.js';
import { RidgeSolver, searchRegularization } from '../../dist/solver/ridge.js';
import { denseKernels } from '../../dist/solver/kernels.js';
import { loadSet } from '../data.js';
import { expansionHypers, LINEAR_HYPERS } from './linear.js';
import { NICE_HYPERS, niceOptions } from './linear-nice.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const element = flag('element', 'Si');
const cacheDir = flag('cache', '/tmp/lnice');
const sigmas = JSON.parse(flag('sigmas', '[[0.001,0.04,0.02]]'));
const folds = 5;
const EV_PER_A3_TO_GPA = 160.21766208;

function featureConfig(spec) {
  const { type, nu, components, expand, angularCutoff, invariantOrders, varianceThreshold, normalize, ...rest } = spec;
  if (type === 'power-spectrum') {
    const h = { ...LINEAR_HYPERS[element], ...rest };
    return { type: 'power-spectrum', expansion: expansionHypers(h), normalize: normalize ?? false };
  }
  const given = { nu, components, expand, angularCutoff, invariantOrders, varianceThreshold, ...rest };
  for (const k of Object.keys(given)) if (given[k] === undefined) delete given[k];
  // powerSpectrum (the benchmark's concatenation) is not part of the NICE features: pass it as --features2
  const { nu: n2, components: c2, expand: e2, angularCutoff: a2, invariantOrders: o2, varianceThreshold: v2, powerSpectrum, ...expansion } = { ...NICE_HYPERS[element], ...given };
  return {
    type: 'density-correlations',
    expansion: expansionHypers(expansion),
    options: niceOptions({ nu: n2, components: c2, expand: e2, angularCutoff: a2, invariantOrders: o2, varianceThreshold: v2 }),
  };
}

/** Species sums of every structure of both sets for one configuration, cached on disk by its hash. */
function sumsFor(config, train, test, species) {
  const key = createHash('sha1').update(JSON.stringify({ element, config })).digest('hex').slice(0, 12);
  const file = `${cacheDir}/${element}-${key}.bin`;
  const meta = `${cacheDir}/${element}-${key}.json`;
  const sets = [train, test];
  if (existsSync(file) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8'));
    const buf = readFileSync(file);
    const all = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
    let at = 0;
    const take = (len) => all.subarray(at, (at += len));
    const out = sets.map((set) =>
      set.map((s) => {
        const n = s.length;
        const S = species.length;
        return {
          values: take(S * m.size),
          positionGradients: take(S * n * 3 * m.size),
          strainGradients: take(S * 9 * m.size),
          nAtoms: n,
          size: m.size,
          species,
        };
      }),
    );
    console.error(`${config.type} (${m.size} features): cached ${file}, computed in ${m.seconds.toFixed(0)} s`);
    return { size: m.size, sums: out, seconds: m.seconds, fitSeconds: m.fitSeconds };
  }
  const t0 = performance.now();
  const calculator = createCalculator(config, train, species);
  const fitSeconds = (performance.now() - t0) / 1000;
  const size = calculator.sizeFor(species.length);
  console.error(`${config.type}: ${size} features, fit ${fitSeconds.toFixed(1)} s`);
  const out = sets.map((set, which) =>
    set.map((s, k) => {
      const r = calculator.computeSpeciesSums(s, { gradients: ['positions', 'strain'], species });
      if (k % 20 === 0) console.error(`  ${which ? 'test' : 'train'} ${k}/${set.length} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      return { values: r.values, positionGradients: r.positionGradients, strainGradients: r.strainGradients, nAtoms: r.nAtoms, size, species };
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  mkdirSync(cacheDir, { recursive: true });
  const parts = out.flat().flatMap((r) => [r.values, r.positionGradients, r.strainGradients]);
  writeFileSync(file, Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  writeFileSync(meta, JSON.stringify({ config, size, seconds, fitSeconds }));
  return { size, sums: out, seconds, fitSeconds };
}

/** Per species, the features of `a` then those of `b`. */
function concatenate(a, b, S) {
  const F = a.size + b.size;
  const join = (x, y, blocks) => {
    const out = new Float64Array(blocks * F);
    for (let q = 0; q < blocks; q++) {
      out.set(x.subarray(q * a.size, (q + 1) * a.size), q * F);
      out.set(y.subarray(q * b.size, (q + 1) * b.size), q * F + a.size);
    }
    return out;
  };
  return {
    size: F,
    sums: a.sums.map((set, w) =>
      set.map((r, k) => {
        const o = b.sums[w][k];
        return {
          values: join(r.values, o.values, S),
          positionGradients: join(r.positionGradients, o.positionGradients, S * r.nAtoms * 3),
          strainGradients: join(r.strainGradients, o.strainGradients, S * 9),
          nAtoms: r.nAtoms,
          size: F,
          species: r.species,
        };
      }),
    ),
  };
}

const train = loadSet(element, 'train');
const test = loadSet(element, 'test');
const species = Int32Array.from([...new Set(train.flatMap((s) => Array.from(s.numbers)))].sort((a, b) => a - b));
const S = species.length;
let features = sumsFor(featureConfig(JSON.parse(flag('features', '{"type":"nice"}'))), train, test, species);
for (const extra of ['features2', 'features3']) {
  if (flag(extra, undefined)) features = concatenate(features, sumsFor(featureConfig(JSON.parse(flag(extra))), train, test, species), S);
}
const F = features.size;
const P = S * F + S;
const kernels = denseKernels();
const targets = { energy: 'energy', forces: 'forces', stress: 'stress', virial: 'virial' };
const trainRefs = extractTargets(train, { targets, name: 'train' });
const testRefs = extractTargets(test, { targets, name: 'test' });
const layout = { nSpecies: S, size: F, fitReferences: true };
const counts = (s) => Float64Array.from(species, (z) => s.numbers.filter((x) => x === z).length);

// folds as LinearPotential's (seeded shuffle dealt round-robin, seed 0)
const order = train.map((_, k) => k);
const rng = mulberry32(0);
for (let k = order.length - 1; k > 0; k--) {
  const j = Math.floor(rng() * (k + 1));
  [order[k], order[j]] = [order[j], order[k]];
}
const foldOf = new Int32Array(train.length);
order.forEach((s, p) => (foldOf[s] = p % folds));

// one block per (fold, kind), rows with unit weight
const KINDS = ['energy', 'forces', 'stress'];
const blocks = KINDS.map(() => Array.from({ length: folds }, () => new NormalEquations(P, kernels)));
const featureTotals = new Float64Array(S * F);
const atomCounts = new Float64Array(S);
const row = new Float64Array(P);
train.forEach((s, k) => {
  const c = counts(s);
  for (let q = 0; q < S; q++) atomCounts[q] += c[q];
  for (let q = 0; q < S * F; q++) featureTotals[q] += features.sums[0][k].values[q];
  KINDS.forEach((kind, i) => {
    const w = { energy: 0, forces: 0, stress: 0, [kind]: 1 };
    row.fill(0);
    addStructureRows(blocks[i][foldOf[k]], features.sums[0][k], trainRefs[k], layout, w, c, 0, trainRefs[k].stress ? s.volume() : 0, row);
  });
});
for (const b of blocks.flat()) b.flush();
const roles = (() => {
  const countColumn = new Int32Array(P).fill(-1);
  const mean = new Float64Array(P);
  const penalized = new Uint8Array(P);
  penalized.fill(1, 0, S * F);
  for (let s = 0; s < S; s++) for (let f = 0; f < F; f++) {
    countColumn[s * F + f] = S * F + s;
    mean[s * F + f] = featureTotals[s * F + f] / atomCounts[s];
  }
  return { countColumn, mean, penalized };
})();

function combined(weights) {
  return Array.from({ length: folds }, (_, f) => {
    const ne = new NormalEquations(P, kernels);
    KINDS.forEach((kind, i) => {
      const w2 = weights[kind] ** 2;
      if (w2 === 0) return;
      const b = blocks[i][f];
      for (let q = 0; q < P * P; q++) ne.gram[q] += w2 * b.gram[q];
      for (let q = 0; q < P; q++) ne.rhs[q] += w2 * b.rhs[q];
      ne.targetSquares += w2 * b.targetSquares;
      ne.rows += b.rows;
    });
    return ne;
  });
}

function score(theta) {
  const e = [], f = [], st = [];
  test.forEach((s, k) => {
    const r = features.sums[1][k];
    const n = s.length;
    const c = counts(s);
    let energy = 0;
    for (let q = 0; q < S; q++) energy += c[q] * theta[S * F + q];
    for (let q = 0; q < S * F; q++) energy += theta[q] * r.values[q];
    const ref = testRefs[k];
    if (ref.energy !== undefined) e.push((1000 * Math.abs(energy - ref.energy)) / n);
    if (ref.forces) {
      for (let a = 0; a < n; a++) for (let x = 0; x < 3; x++) {
        let g = 0;
        for (let q = 0; q < S; q++) {
          const from = ((q * n + a) * 3 + x) * F;
          for (let p = 0; p < F; p++) g += theta[q * F + p] * r.positionGradients[from + p];
        }
        f.push(Math.abs(-g - ref.forces[3 * a + x]));
      }
    }
    if (ref.stress) {
      const V = s.volume();
      VOIGT.forEach(([a, b], v) => {
        let g = 0;
        for (let q = 0; q < S; q++) for (let p = 0; p < F; p++) g += theta[q * F + p] * 0.5 * (r.strainGradients[(q * 9 + 3 * a + b) * F + p] + r.strainGradients[(q * 9 + 3 * b + a) * F + p]);
        st.push(Math.abs(g / V - ref.stress[v]) * EV_PER_A3_TO_GPA);
      });
    }
  });
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { energy: mean(e), forces: mean(f), stress: mean(st) };
}

console.log(`\n${element}: ${F} features per species (${features.seconds ? `species sums ${features.seconds.toFixed(0)} s` : 'concatenated'})`);
console.log('| σ_E eV/atom | σ_F eV/Å | σ_V eV/atom | λ (CV) | test E meV/atom | test F eV/Å | test σ GPa |');
console.log('|---|---|---|---|---|---|---|');
for (const [se, sf, sv] of sigmas) {
  const weights = { energy: se > 0 ? 1 / se : 0, forces: sf > 0 ? 1 / sf : 0, stress: sv > 0 ? 1 / sv : 0 };
  const solver = new RidgeSolver(combined(weights), roles, kernels);
  const { lambda } = searchRegularization(solver);
  const theta = solver.solve(lambda);
  const m = score(theta);
  console.log(`| ${se} | ${sf} | ${sv} | ${lambda.toExponential(1)} | ${m.energy.toFixed(2)} | ${m.forces.toFixed(4)} | ${m.stress.toFixed(3)} |`);
}
