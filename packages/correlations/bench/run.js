#!/usr/bin/env node
// Single-thread timings of the SOAP power spectrum on issue 5's systems (n_max = 8, l_max = 6,
// cutoff 5 Å, σ = 0.3, shifted cosine 0.5, GTO), medians of repeated runs in µs per atom, beside
// librascal's native figures for its full SOAP power spectrum (issue 5). Cases:
//   expansion alone; expansion + power spectrum values (computeDense); with position gradients
//   through computeSpeciesSums (a linear model's training rows) and through vectorJacobianProduct
//   (a model's forces); and, to see where the time goes, the expansion streaming every pair's
//   gradient to a callback that does nothing.
// Times are CPU time of this process (the machine is often shared; alone, it equals wall time).
// Usage: node bench/run.js [--quick] [--backend js,wasm,wasm-simd] [--system cu,water] [--no-nice]
// Then runs bench/nice.js (ν = 3, 4) when it exists, with the same arguments.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32, setBackend } from '@equikit/core';
import { SphericalExpansion } from '@equikit/density';
import { fccCopper, waterBox } from '../../density/bench/systems.js';
import { PowerSpectrum } from '../dist/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1].split(',') : fallback);
const backends = option('--backend', ['js', 'wasm', 'wasm-simd']);
const systemNames = option('--system', ['cu', 'water']);

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

/** This process's CPU time in ms (user + system): with nothing else running it equals wall-clock time. */
function cpu() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Median CPU time (ms) after one warm-up run; a case slower than 5 s is timed once more only. */
function time(run) {
  const t = cpu();
  run();
  const first = cpu() - t;
  const times = [];
  const budget = quick ? 1000 : 6000;
  const minimum = first > 5000 ? 1 : 3;
  const start = performance.now();
  while (times.length < minimum || (performance.now() - start < budget && times.length < 15)) {
    const t0 = cpu();
    run();
    times.push(cpu() - t0);
  }
  return { median: median(times), runs: times.length };
}

const SYSTEMS = {
  cu: { name: '4000-atom FCC Cu', make: fccCopper, librascal: { spline: 27.3, exact: 58.7, gradients: 690 } },
  water: { name: '5184-atom water box', make: waterBox, librascal: { spline: 38.6 } },
};

const splined = new SphericalExpansion(hypers(1e-8));
const exact = new SphericalExpansion(hypers(0));
const soap = new PowerSpectrum(splined);
const soapExact = new PowerSpectrum(exact);

const rows = [];
for (const key of systemNames) {
  const system = SYSTEMS[key];
  const structure = system.make();
  const nAtoms = structure.numbers.length;
  const nPairs = splined.computePairs(structure).pairs.length;
  for (const backend of backends) {
    setBackend(backend);
    try {
      const F = soap.computeDense(structure).size;
      const rng = mulberry32(5);
      const cotangent = new Float64Array(nAtoms * F).map(() => rng() - 0.5);
      const cases = [
        ['expansion alone, splined', 'spline', () => splined.computeDense(structure)],
        ['expansion + power spectrum, splined', 'spline', () => soap.computeDense(structure)],
        ['expansion alone, exact', 'exact', () => exact.computeDense(structure)],
        ['expansion + power spectrum, exact', 'exact', () => soapExact.computeDense(structure)],
        ['expansion + every pair gradient streamed to a no-op (density computePairs)', 'gradients', () => splined.computePairs(structure, { onPair() {} })],
        ['power spectrum species sums + position gradients (computeSpeciesSums)', 'gradients', () => soap.computeSpeciesSums(structure, { gradients: ['positions'] })],
        ['power spectrum forces: vectorJacobianProduct', 'gradients', () => soap.vectorJacobianProduct(structure, cotangent)],
      ];
      for (const [what, ref, run] of cases) {
        if (system.librascal[ref] === undefined) continue;
        const { median: ms, runs } = time(run);
        const row = {
          system: system.name,
          backend,
          what,
          'µs/atom': +((1000 * ms) / nAtoms).toPrecision(3),
          runs,
          'librascal SOAP µs/atom': system.librascal[ref],
        };
        if (what.includes('computeSpeciesSums')) {
          const S = new Set(structure.numbers).size;
          row['output bytes'] = 8 * S * nAtoms * 3 * F;
          row['bytes/pair'] = Math.round(row['output bytes'] / nPairs);
        }
        if (what.includes('vectorJacobianProduct')) row['output bytes'] = 8 * (nAtoms * F + 3 * nAtoms + 9);
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

console.log('\n| system | what | ' + backends.join(' | ') + ' | librascal SOAP |');
console.log('|---|---|' + backends.map(() => '---|').join('') + '---|');
const keys = [...new Set(rows.map((r) => `${r.system}\u0000${r.what}`))];
for (const k of keys) {
  const [system, what] = k.split('\u0000');
  const cells = backends.map((b) => rows.find((r) => r.system === system && r.what === what && r.backend === b)?.['µs/atom'] ?? '—');
  const ref = rows.find((r) => r.system === system && r.what === what)['librascal SOAP µs/atom'];
  console.log(`| ${system} | ${what} | ${cells.join(' | ')} | ${ref} |`);
}

const nice = fileURLToPath(new URL('./nice.js', import.meta.url));
if (existsSync(nice) && !args.includes('--no-nice')) spawnSync(process.execPath, [nice, ...args], { stdio: 'inherit' });

