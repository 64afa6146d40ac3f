#!/usr/bin/env node
// Tensor-product throughput, single thread: a batch of 128 pairs of spherical-harmonics
// irreps up to L (1x0e+1x1o+1x2e+…) coupled by every allowed path into every irrep up to L
// of either parity ('uuu', no weights; one output term per (lOut, parity), paths summed),
// the forward map only, float64. L = 1, 4, 7 as in issue 11.
//
//   node bench/run.js                 (after `npm run build -w @equikit/nn`)
//   node bench/run.js --reps 15 --L 1,4
//
// Each sample repeats the call for at least 30 ms; the table gives the median over samples of
// the process CPU time per call (µs), less disturbed by other processes than wall time.
// With bench/e3nn-torch.json present (written by tools/fixtures/bench_nn_e3nn.py, torch with
// one thread, same irreps/instructions/batch, float64) its medians are printed alongside.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Irreps } from '@equikit/o3';
import { Tensor, TensorProduct, init, noGrad } from '../dist/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const REPS = Number(option('reps', 9));
const LS = option('L', '1,4,7').split(',').map(Number);
const BATCH = 128;
const BACKENDS = option('backend', 'js,wasm,wasm-simd').split(',');
await init();

/** The benchmark's tensor product for degree L, built from the same rule as the Python side. */
export function benchTensorProduct(L, backend) {
  const sh = Irreps.sphericalHarmonics(L);
  const outTerms = [];
  for (let l = 0; l <= L; l++) for (const p of ['e', 'o']) outTerms.push(`1x${l}${p}`);
  const out = Irreps.parse(outTerms.join('+'));
  const instructions = [];
  sh.terms.forEach((a, i1) => sh.terms.forEach((b, i2) => out.terms.forEach((o, iOut) => {
    if (a.ir.times(b.ir).some((ir) => ir.equals(o.ir))) instructions.push([i1, i2, iOut, 'uuu', false, 1]);
  })));
  return new TensorProduct(sh, sh, out, instructions, { backend });
}

function cpuMicros() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const e3nn = existsSync(new URL('./e3nn-torch.json', import.meta.url)) ? JSON.parse(readFileSync(new URL('./e3nn-torch.json', import.meta.url), 'utf8')) : undefined;
console.log(`tensor product 128 × SH(L) ⊗ SH(L) → all irreps ≤ L, forward, f64, single thread; load average ${loadavg()[0].toFixed(2)}`);
console.log(`| L | paths | terms | ${BACKENDS.map((b) => `${b} µs`).join(' | ')}${e3nn ? ' | e3nn-torch µs' : ''} |`);
console.log(`|---|---|---|${BACKENDS.map(() => '---').join('|')}${e3nn ? '|---' : ''}|`);
for (const L of LS) {
  const cells = [];
  let tp;
  for (const backend of BACKENDS) {
    tp = benchTensorProduct(L, backend);
    const rng = (() => { let s = 1; return () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1; })();
    const x1 = new Tensor(Float64Array.from({ length: BATCH * tp.irreps1.dim }, rng), [BATCH, tp.irreps1.dim]);
    const x2 = new Tensor(Float64Array.from({ length: BATCH * tp.irreps2.dim }, rng), [BATCH, tp.irreps2.dim]);
    noGrad(() => tp.forward(x1, x2)); // warm-up
    const samples = [];
    for (let r = 0; r < REPS; r++) {
      let calls = 0;
      const t0 = cpuMicros();
      const w0 = performance.now();
      while (performance.now() - w0 < 30) {
        noGrad(() => tp.forward(x1, x2));
        calls++;
      }
      samples.push((cpuMicros() - t0) / calls);
    }
    cells.push(median(samples).toFixed(L > 4 ? 0 : 1));
  }
  const terms = tp.numTerms;
  const ref = e3nn?.results?.find((r) => r.L === L);
  console.log(`| ${L} | ${tp.instructions.length} | ${terms} | ${cells.join(' | ')}${e3nn ? ` | ${ref ? ref.median_us.toFixed(L > 4 ? 0 : 1) : '–'}` : ''} |`);
}
if (e3nn) console.log(`e3nn-torch: ${e3nn.note}`);
