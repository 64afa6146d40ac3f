#!/usr/bin/env node
// Tensor-product throughput, single thread: a batch of 128 pairs of spherical-harmonics
// irreps up to L (1x0e+1x1o+1x2e+…) coupled by every allowed path into every irrep up to L
// of either parity ('uuu', no weights; one output term per (lOut, parity), paths summed),
// float64. L = 1, 4, 7 as in issue 11. Three passes are timed:
//   fwd   the forward map (no recording);
//   bwd   the forward pass recorded plus the backward pass: gradients of ⟨G, out⟩ in x1 and x2;
//   2bwd  that with createGraph, plus a second backward pass: the gradient in x1 and x2 of
//         ⟨V1, ∂/∂x1⟩ + ⟨V2, ∂/∂x2⟩ (what a force loss needs of a tensor product).
//
//   node bench/run.js                 (after `npm run build -w @equikit/nn`)
//   node bench/run.js --reps 15 --L 1,4 --pass fwd,bwd
//
// Each sample repeats the call for at least 30 ms; the table gives the median over samples of
// the process CPU time per call (µs), less disturbed by other processes than wall time.
// With bench/e3nn-torch.json present (written by tools/fixtures/bench_nn_e3nn.py, torch with
// one thread, same irreps/instructions/batch, float64) its medians are printed alongside.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Irreps } from '@equikit/o3';
import { Tensor, add, grad, init, mul, noGrad, sum } from '../dist/index.js';
import { benchTensorProduct } from './tensor-products.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const REPS = Number(option('reps', 9));
const LS = option('L', '1,4,7').split(',').map(Number);
const BATCH = 128;
const BACKENDS = option('backend', 'js,wasm,wasm-simd').split(',');
const PASSES = option('pass', 'fwd,bwd,2bwd').split(',');
await init();

function cpuMicros() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** One timed call of a pass on tensor product tp with inputs x1, x2 and cotangents G, V1, V2. */
function passOf(name, tp, x1, x2, G, V1, V2) {
  if (name === 'fwd') return () => noGrad(() => tp.forward(x1, x2));
  const a = Tensor.variable(x1.data, x1.shape);
  const b = Tensor.variable(x2.data, x2.shape);
  if (name === 'bwd') return () => grad(tp.forward(a, b).array, [a, b], { gradOutput: G });
  if (name === '2bwd') {
    return () => {
      const [ga, gb] = grad(tp.forward(a, b).array, [a, b], { gradOutput: G, createGraph: true });
      return grad(add(sum(mul(ga, V1)), sum(mul(gb, V2))), [a, b]);
    };
  }
  throw new RangeError(`--pass: unknown pass ${name} (fwd, bwd, 2bwd)`);
}

function timeCall(f) {
  f(); // warm-up
  const samples = [];
  for (let r = 0; r < REPS; r++) {
    let calls = 0;
    const t0 = cpuMicros();
    const w0 = performance.now();
    while (performance.now() - w0 < 30) {
      f();
      calls++;
    }
    samples.push((cpuMicros() - t0) / calls);
  }
  return median(samples);
}

const e3nn = existsSync(new URL('./e3nn-torch.json', import.meta.url)) ? JSON.parse(readFileSync(new URL('./e3nn-torch.json', import.meta.url), 'utf8')) : undefined;
console.log(`tensor product 128 × SH(L) ⊗ SH(L) → all irreps ≤ L, f64, single thread; CPU-time medians in µs per call; load average ${loadavg()[0].toFixed(2)}`);
const columns = PASSES.flatMap((p) => BACKENDS.map((b) => `${p} ${b}`));
console.log(`| L | paths | terms | ${columns.join(' | ')}${e3nn ? ' | fwd e3nn-torch' : ''} |`);
console.log(`|---|---|---|${columns.map(() => '---').join('|')}${e3nn ? '|---' : ''}|`);
for (const L of LS) {
  const cells = [];
  let tp;
  for (const pass of PASSES) {
    for (const backend of BACKENDS) {
      tp = benchTensorProduct(L, backend);
      const rng = (() => { let s = 1; return () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1; })();
      const make = (dim) => new Tensor(Float64Array.from({ length: BATCH * dim }, rng), [BATCH, dim]);
      const x1 = make(tp.irreps1.dim);
      const x2 = make(tp.irreps2.dim);
      const G = make(tp.irrepsOut.dim);
      const V1 = make(tp.irreps1.dim);
      const V2 = make(tp.irreps2.dim);
      cells.push(timeCall(passOf(pass, tp, x1, x2, G, V1, V2)).toFixed(L > 4 ? 0 : 1));
    }
  }
  const ref = e3nn?.results?.find((r) => r.L === L);
  console.log(`| ${L} | ${tp.instructions.length} | ${tp.numTerms} | ${cells.join(' | ')}${e3nn ? ` | ${ref ? ref.median_us.toFixed(L > 4 ? 0 : 1) : '–'}` : ''} |`);
}
if (e3nn) console.log(`e3nn-torch: ${e3nn.note}`);
