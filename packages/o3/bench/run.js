#!/usr/bin/env node
// Spherical/solid harmonics benchmark: single thread, n = 100000 random points,
// medians of repeated runs in ns per point, beside sphericart's C++ figures from issue 4.
//
//   node bench/run.js                       full table (f64 and f32, every backend)
//   node bench/run.js --lmax 1,8 --quick    subsets; --reps N (default 9)
//
// Modes: `compute` fills caller-owned JS arrays (outputs reused between runs, as a C++
// caller reuses its buffers); `view` is computeView, which leaves outputs in wasm memory.
//
// Each sample repeats the call for at least 20 ms. The tables give the median over samples
// of the process CPU time (user + system) per point, which a shared, loaded machine
// disturbs far less than wall-clock time; `--wall` prints wall-clock medians instead.
// `--runs N` measures each cell N times (a few seconds apart at most) and keeps the lowest
// median, to get past bursts of load from other processes.
import { loadavg } from 'node:os';
import { SphericalHarmonics, mulberry32 } from '../dist/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const N = Number(option('n', 100000));
const REPS = Number(option('reps', args.includes('--quick') ? 5 : 9));
const LMAX = option('lmax', '1,2,4,8,16').split(',').map(Number);
const PRECISIONS = option('precision', 'f64,f32').split(',');
const BACKENDS = option('backend', 'js,wasm,wasm-simd').split(',');
const WALL = args.includes('--wall');
const RUNS = Number(option('runs', 1));

// sphericart C++ (issue 4), f64, ns per point
const SPHERICART = {
  values: { 1: 3.1, 2: 4.6, 4: 12.2, 8: 51, 16: 228 },
  gradients: { 1: 6.3, 2: 22.7, 4: 35, 8: 283, 16: 880 },
  solid: { 1: 0.53, 2: 1.9, 4: 7.4, 8: 46, 16: 210 },
};

const KINDS = [
  { name: 'values', normalized: true, gradients: false },
  { name: 'gradients', normalized: true, gradients: true },
  { name: 'solid', normalized: false, gradients: false },
];

const rng = mulberry32(2024);
const xyz64 = new Float64Array(3 * N);
for (let i = 0; i < xyz64.length; i++) xyz64[i] = 2 * rng() - 1;
const xyz32 = Float32Array.from(xyz64);

function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(f) {
  let best = Infinity;
  for (let run = 0; run < RUNS; run++) best = Math.min(best, medianOnce(f));
  return best;
}

function medianOnce(f) {
  f();
  f();
  const samples = [];
  for (let r = 0; r < REPS; r++) {
    const w0 = performance.now();
    const c0 = cpuMs();
    let calls = 0;
    do {
      f();
      calls++;
    } while (performance.now() - w0 < 20);
    const ms = WALL ? performance.now() - w0 : cpuMs() - c0;
    samples.push(ms / calls);
  }
  samples.sort((a, b) => a - b);
  return (samples[samples.length >> 1] * 1e6) / N;
}

const fmt = (x) => (x === undefined ? '–' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

console.log(
  `# @equikit/o3 harmonics: n = ${N}, median of ${REPS} samples of ${WALL ? 'wall-clock' : 'CPU'} time` +
    `${RUNS > 1 ? ` (lowest of ${RUNS} runs)` : ''}, ns per point ` +
    `(node ${process.version}, load average ${loadavg()[0].toFixed(1)} at start)\n`,
);
for (const kind of KINDS) {
  for (const precision of PRECISIONS) {
    const columns = [];
    for (const backend of BACKENDS) {
      columns.push({ label: `${backend}`, backend, mode: 'compute' });
      if (backend !== 'js') columns.push({ label: `${backend} view`, backend, mode: 'view' });
    }
    console.log(`## ${kind.name === 'solid' ? 'SolidHarmonics, values' : `SphericalHarmonics, ${kind.name === 'values' ? 'values' : 'with gradients'}`} (${precision})\n`);
    console.log(`| lMax | sphericart f64 | ${columns.map((c) => c.label).join(' | ')} |`);
    console.log(`|---|---|${columns.map(() => '---').join('|')}|`);
    for (const L of LMAX) {
      const cells = columns.map(({ backend, mode }) => {
        const sh = new SphericalHarmonics(L, { normalized: kind.normalized, precision, backend });
        const xyz = precision === 'f32' ? xyz32 : xyz64;
        if (mode === 'view') return median(() => sh.computeView(xyz, { gradients: kind.gradients }));
        const out = kind.gradients ? sh.computeWithGradients(xyz) : sh.compute(xyz);
        return median(() => (kind.gradients ? sh.computeWithGradients(xyz, out) : sh.compute(xyz, out)));
      });
      console.log(`| ${L} | ${fmt(SPHERICART[kind.name][L])} | ${cells.map(fmt).join(' | ')} |`);
    }
    console.log('');
  }
}
