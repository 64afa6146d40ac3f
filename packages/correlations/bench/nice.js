// NICE (DensityCorrelations) timings per atom: ν = 3 and ν = 4 invariants (values; values with
// the forces' vector–Jacobian product; species sums with position gradients, the rows a linear
// model's force fit needs), fitted with the PCA and NICE's expansion preselection, and their
// scaling with maxRadial and maxAngular. Imports from dist: build first (npm run build -w @equikit/correlations).
//   node bench/nice.js [--quick] [--cpu] [--backend js|wasm|wasm-simd] [--system si|cu]
//                      [--components 32] [--expand 200] [--mlearn]
// --cpu reports this process's CPU time instead of wall time (steadier on a shared machine).
// --mlearn also fits ν = 4 on the whole Zuo et al. Si training set (data/mlearn/Si) and times the
// species sums with forces over its structures: the cost of a linear NICE potential's training.
import { readFileSync } from 'node:fs';
import { readMlearnRecords } from '@equikit/core';
import { init as initDensity } from '@equikit/density';
import { DensityCorrelations } from '../dist/index.js';

await initDensity();
const quick = process.argv.includes('--quick');
const useCpu = process.argv.includes('--cpu');
const flag = (name, fallback) => {
  const k = process.argv.indexOf(name);
  return k >= 0 && k + 1 < process.argv.length ? process.argv[k + 1] : fallback;
};
const backend = flag('--backend', 'wasm-simd');
const system = flag('--system', 'si');
const COMPONENTS = Number(flag('--components', 32));
const EXPAND = Number(flag('--expand', 200));
if (!['si', 'cu'].includes(system)) throw new RangeError(`--system must be si or cu, got ${system}`);

/** Diamond Si (a = 5.43 Å, 8 atoms per cell) or fcc Cu (a = 3.61 Å, 4 per cell), `reps`³ cells, rattled (seeded). */
function crystal(reps, seed = 12345, amplitude = 0.1) {
  const si = system === 'si';
  const a = si ? 5.43 : 3.61;
  const fcc = [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]];
  const basis = si ? [...fcc, ...fcc.map(([x, y, z]) => [x + 0.25, y + 0.25, z + 0.25])] : fcc;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const positions = [];
  for (let i = 0; i < reps; i++) for (let j = 0; j < reps; j++) for (let k = 0; k < reps; k++) {
    for (const b of basis) positions.push((i + b[0]) * a + amplitude * rand(), (j + b[1]) * a + amplitude * rand(), (k + b[2]) * a + amplitude * rand());
  }
  const L = reps * a;
  return { positions, numbers: positions.filter((_, q) => q % 3 === 0).map(() => (si ? 14 : 29)), cell: [L, 0, 0, 0, L, 0, 0, 0, L], pbc: true };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds of f (wall, or this process's CPU with --cpu). */
function clock(f) {
  if (useCpu) {
    const t0 = process.cpuUsage();
    f();
    const d = process.cpuUsage(t0);
    return (d.user + d.system) / 1000;
  }
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** Median of f(s) over `repeats` fresh copies of s (positions moved by ~1e-4 Å: nothing computed before is reused). */
function time(f, s, repeats) {
  let seed = 99;
  const jitter = () => ({ ...s, positions: s.positions.map((v) => v + 1e-4 * (((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5)) });
  f(jitter());
  const t = [];
  for (let r = 0; r < repeats; r++) {
    const copy = jitter();
    t.push(clock(() => f(copy)));
  }
  return median(t);
}

function hypersFor(maxRadial, maxAngular) {
  return {
    cutoff: { radius: 5, smoothing: { type: 'shifted-cosine', width: 0.5 } },
    density: { type: 'gaussian', width: 0.5 },
    basis: { maxAngular, radial: { type: 'gto', maxRadial } },
  };
}

const structure = system === 'si' ? crystal(quick ? 1 : 2) : crystal(quick ? 2 : 3);
const nAtoms = structure.numbers.length;
const training = [1, 2, 3].map((seed) => crystal(system === 'si' ? 2 : 3, seed, 0.1 + 0.15 * seed));
const trainingAtoms = training.reduce((sum, s) => sum + s.numbers.length, 0);
const repeats = quick ? 1 : 3;
const compression = { components: COMPONENTS, expand: EXPAND };

const rows = [];
const cases = [];
for (const nu of [3, 4]) cases.push({ nu, maxRadial: 6, maxAngular: 4 });
for (const maxRadial of quick ? [4] : [4, 8]) cases.push({ nu: 4, maxRadial, maxAngular: 4 });
for (const maxAngular of quick ? [2] : [2, 3, 6]) cases.push({ nu: 4, maxRadial: 6, maxAngular });
for (const { nu, maxRadial, maxAngular } of cases) {
  const calc = new DensityCorrelations(hypersFor(maxRadial, maxAngular), { maxCorrelationOrder: nu, compression });
  const fitMs = clock(() => calc.fit(training, { backend }));
  const F = calc.sizeFor(1);
  const values = time((s) => calc.computeDense(s, { backend }), structure, repeats);
  const g = new Float64Array(nAtoms * F).fill(1e-3);
  const vjp = time((s) => calc.vectorJacobianProduct(s, g, { backend }), structure, repeats);
  const sums = time((s) => calc.computeSpeciesSums(s, { gradients: ['positions', 'strain'], backend }), structure, 1);
  const perAtom = (ms) => ((ms / nAtoms) * 1000).toFixed(0);
  rows.push(`| ${nu} | ${maxRadial} | ${maxAngular} | ${F} | ${fitMs.toFixed(0)} | ${perAtom(values)} | ${perAtom(vjp)} | ${perAtom(sums)} |`);
  console.error(rows[rows.length - 1]);
}

const what = useCpu ? 'CPU time of this process' : 'wall time';
console.log(
  `\nDensityCorrelations (NICE: PCA ${COMPONENTS} components per (λ, σ), expand ${EXPAND} products per order, fitted on ${trainingAtoms} atoms of rattled cells; ` +
    `${nAtoms}-atom ${system === 'si' ? 'Si' : 'Cu'}, cutoff 5 Å, backend ${backend}, median of ${repeats}, ${what}; ${process.version})\n`,
);
console.log('| ν | maxRadial | maxAngular | invariants | fit (ms) | values (µs/atom) | values + forces VJP (µs/atom) | species sums + position/strain gradients (µs/atom) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);

if (process.argv.includes('--mlearn')) {
  const set = readMlearnRecords(readFileSync(new URL('../../../data/mlearn/Si/training.json', import.meta.url), 'utf8'));
  const atoms = set.reduce((sum, s) => sum + s.length, 0);
  const calc = new DensityCorrelations(hypersFor(6, 4), { maxCorrelationOrder: 4, compression });
  const fitMs = clock(() => calc.fit(set, { backend }));
  const sample = set.slice(0, quick ? 2 : 10);
  const sampleAtoms = sample.reduce((sum, s) => sum + s.length, 0);
  const sumsMs = clock(() => {
    for (const s of sample) calc.computeSpeciesSums(s, { gradients: ['positions', 'strain'], backend });
  });
  const perAtom = sumsMs / sampleAtoms;
  console.log(
    `\nmlearn Si training set (${set.length} structures, ${atoms} atoms), ν = 4, maxRadial 6, maxAngular 4: fit ${(fitMs / 1000).toFixed(1)} s; ` +
      `species sums with forces and stress ${(perAtom * 1000).toFixed(0)} µs/atom over its first ${sample.length} structures, so the design rows of the whole set take ≈ ${((perAtom * atoms) / 1000).toFixed(0)} s (${what}).`,
  );
}
