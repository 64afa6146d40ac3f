// NICE (DensityCorrelations) timings per atom: ν = 3 and ν = 4 invariants (values, and values
// with the forces' vector–Jacobian product), on a 512-atom diamond Si cell, and their scaling with
// maxRadial and maxAngular. Imports from dist: build first (npm run build -w @equikit/correlations).
//   node bench/nice.js [--quick] [--backend js|wasm|wasm-simd] [--system si|cu]
import { DensityCorrelations } from '../dist/index.js';
import { init as initDensity } from '@equikit/density';

await initDensity();
const quick = process.argv.includes('--quick');
const flag = (name, fallback) => {
  const k = process.argv.indexOf(name);
  return k >= 0 && k + 1 < process.argv.length ? process.argv[k + 1] : fallback;
};
const backend = flag('--backend', undefined);
const system = flag('--system', 'si');
if (!['si', 'cu'].includes(system)) throw new RangeError(`--system must be si or cu, got ${system}`);

/** Diamond Si (a = 5.43 Å, 8 atoms per cell) or fcc Cu (a = 3.61 Å, 4 per cell), `reps`³ cells, rattled (seeded). */
function crystal(reps) {
  const si = system === 'si';
  const a = si ? 5.43 : 3.61;
  const fcc = [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]];
  const basis = si ? [...fcc, ...fcc.map(([x, y, z]) => [x + 0.25, y + 0.25, z + 0.25])] : fcc;
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const positions = [];
  for (let i = 0; i < reps; i++) for (let j = 0; j < reps; j++) for (let k = 0; k < reps; k++) {
    for (const b of basis) positions.push((i + b[0]) * a + 0.1 * rand(), (j + b[1]) * a + 0.1 * rand(), (k + b[2]) * a + 0.1 * rand());
  }
  const L = reps * a;
  return { positions, numbers: positions.filter((_, q) => q % 3 === 0).map(() => (si ? 14 : 29)), cell: [L, 0, 0, 0, L, 0, 0, 0, L], pbc: true };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f, repeats) {
  f();
  const t = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const structure = system === 'si' ? crystal(quick ? 2 : 4) : crystal(quick ? 3 : 5);
const nAtoms = structure.numbers.length;
const training = crystal(2);
const repeats = quick ? 1 : 3;
const COMPONENTS = 16;

const rows = [];
const cases = [];
// without an expansion preselection (see README), every (parent component, density property) pair
// of a channel is expanded before its PCA: sizes beyond these make fit() and the projections slow
for (const nu of [3, 4]) cases.push({ nu, maxRadial: 4, maxAngular: 3 });
for (const maxRadial of [6, 8]) cases.push({ nu: 4, maxRadial, maxAngular: 3 });
for (const maxAngular of [2, 4]) cases.push({ nu: 4, maxRadial: 4, maxAngular });
for (const { nu, maxRadial, maxAngular } of cases) {
  const hypers = {
    cutoff: { radius: 5, smoothing: { type: 'shifted-cosine', width: 0.5 } },
    density: { type: 'gaussian', width: 0.5 },
    basis: { maxAngular, radial: { type: 'gto', maxRadial } },
  };
  const calc = new DensityCorrelations(hypers, { maxCorrelationOrder: nu, compression: { components: COMPONENTS } });
  const fitStart = performance.now();
  calc.fit(training, { backend });
  const fitMs = performance.now() - fitStart;
  const F = calc.sizeFor(1);
  const values = time(() => calc.computeDense(structure, { backend }), repeats);
  const g = new Float64Array(nAtoms * F).fill(1e-3);
  const vjp = time(() => calc.vectorJacobianProduct(structure, g, { backend }), repeats);
  rows.push(`| ${nu} | ${maxRadial} | ${maxAngular} | ${F} | ${fitMs.toFixed(0)} | ${((values / nAtoms) * 1000).toFixed(1)} | ${((vjp / nAtoms) * 1000).toFixed(1)} |`);
  console.error(rows[rows.length - 1]);
}

console.log(`\nDensityCorrelations (NICE, ${COMPONENTS} PCA components per (λ, σ) channel, fitted on a ${training.numbers.length}-atom cell; ${nAtoms}-atom ${system === 'si' ? 'Si' : 'Cu'}, backend ${backend ?? 'default'}, cutoff 5 Å, median of ${repeats}; ${process.version})\n`);
console.log('| ν | maxRadial | maxAngular | invariants | fit (ms) | values (µs/atom) | values + forces VJP (µs/atom) |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
