#!/usr/bin/env node
// Single-thread timings of the spherical expansion on issue 5's systems (n_max = 8,
// l_max = 6, cutoff 5 Å, σ = 0.3, shifted cosine 0.5, GTO), median of repeated runs,
// per atom, beside librascal's native figures for its full SOAP power spectrum.
// Usage: node bench/run.js [--quick] [--backend js,wasm,wasm-simd]
import { setBackend } from '@equikit/core';
import { SphericalExpansion } from '../dist/index.js';
import { fccCopper, waterBox } from './systems.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const backends = args.includes('--backend') ? args[args.indexOf('--backend') + 1].split(',') : ['js', 'wasm', 'wasm-simd'];

function hypers(splineAccuracy) {
  return {
    cutoff: { radius: 5, smoothing: { type: 'shifted-cosine', width: 0.5 } },
    density: { type: 'gaussian', width: 0.3 },
    basis: { maxAngular: 6, radial: { type: 'gto', maxRadial: 8 }, splineAccuracy },
  };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(run) {
  run();
  const times = [];
  const budget = quick ? 1000 : 6000;
  const start = performance.now();
  while (times.length < 3 || (performance.now() - start < budget && times.length < 30)) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return { median: median(times), runs: times.length };
}

const systems = [
  { name: '4000-atom FCC Cu', make: fccCopper, librascal: { spline: 27.3, exact: 58.7, gradients: 690 } },
  { name: '5184-atom water box', make: waterBox, librascal: { spline: 38.6 } },
];
const splined = new SphericalExpansion(hypers(1e-8));
const exact = new SphericalExpansion(hypers(0));

const rows = [];
for (const system of systems) {
  const structure = system.make();
  const nAtoms = structure.numbers.length;
  for (const backend of backends) {
    try {
      setBackend(backend);
      let outputBytes = 0;
      const cases = [
        ['expansion, splined', 'spline', () => splined.computeDense(structure)],
        ['expansion, exact', 'exact', () => exact.computeDense(structure)],
        // every pair's d c/d r_ij computed and handed to a callback that does nothing: the kernel cost
        ['expansion + per-pair gradients streamed (computePairs), splined', 'gradients', () => splined.computePairs(structure, { onPair() {} })],
        [
          'expansion + positions & strain gradients as a TensorMap, splined',
          'gradients',
          () => {
            const map = splined.compute(structure, { gradients: ['positions', 'strain'] });
            outputBytes = 0;
            for (const block of map.blocks()) {
              outputBytes += 8 * (block.values.length + block.gradient('positions').values.length + block.gradient('strain').values.length);
            }
          },
        ],
      ];
      for (const [what, ref, run] of cases) {
        if (system.librascal[ref] === undefined && ref !== 'spline') continue;
        const { median: ms, runs } = time(run);
        const row = { system: system.name, backend, what, 'µs/atom': +((1000 * ms) / nAtoms).toFixed(2), runs, 'librascal SOAP µs/atom': system.librascal[ref] ?? '—' };
        if (what.includes('TensorMap')) {
          const pairs = splined.computePairs(structure).pairs.length;
          row['output MB'] = +(outputBytes / 1e6).toFixed(0);
          row['bytes/pair'] = Math.round(outputBytes / pairs);
        }
        rows.push(row);
        console.log(JSON.stringify(row));
      }
    } catch (error) {
      console.log(`${system.name} ${backend}: ${error.message}`);
    } finally {
      setBackend('auto');
    }
  }
}
console.table(rows);
