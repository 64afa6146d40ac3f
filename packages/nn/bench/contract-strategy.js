#!/usr/bin/env node
// Which WebAssembly contraction kernel is fastest for which form (src/kernels/contract-wasm.ts):
// 'lanes' (batch in the SIMD lanes, transposing in and out), 'blocks' (own layout, dense channel
// loops per coupling non-zero) and 'rows' (own layout, term list), on the shapes of a training
// step (NequIP convolution over 1346 edges, Linear over 64 atoms) and of bench/run.js
// (128 × SH(L) ⊗ SH(L)). Prints CPU µs per call and terms per transposed row, the quantity
// chooseStrategy compares with LANES_TERMS_PER_ROW.
//
//   node bench/contract-strategy.js [--flavor wasm-simd]
import { Irreps } from '@equikit/o3';
import { chooseStrategy, contractWasm } from '../dist/kernels/contract-wasm.js';
import { Linear, TensorProduct, init } from '../dist/index.js';
import { benchTensorProduct } from './tensor-products.js';

await init();
const flavor = process.argv.includes('--flavor') ? process.argv[process.argv.indexOf('--flavor') + 1] : 'wasm-simd';

function convolution(hidden) {
  const sh = Irreps.sphericalHarmonics(2);
  const tgt = Irreps.parse(hidden);
  const mid = [];
  const ins = [];
  tgt.terms.forEach((a, i1) => sh.terms.forEach((b, i2) => {
    for (const ir of a.ir.times(b.ir)) {
      if (!tgt.terms.some((t) => t.ir.equals(ir))) continue;
      ins.push([i1, i2, mid.length, 'uvu', true, 1]);
      mid.push([a.mul, ir]);
    }
  }));
  return new TensorProduct(tgt, sh, new Irreps(mid), ins, { sharedWeights: false, internalWeights: false }).weighted;
}

const cases = [
  ['conv 16x0e+8x1o+8x2e, 1346 edges', convolution('16x0e+8x1o+8x2e'), 1346],
  ['conv 32x0e+32x1o+32x2e, 1346 edges', convolution('32x0e+32x1o+32x2e'), 1346],
  ['Linear 352 → 96, 64 atoms', new Linear('32x0e+32x1o+32x2e', '32x0e+8x1o+8x2e').form, 64],
  ...[1, 4, 7].map((L) => [`SH(${L}) ⊗ SH(${L}), 128`, benchTensorProduct(L).unweighted, 128]),
];

function cpuMicros() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

console.log(`| form | slot | terms per moved row | chosen | lanes µs | blocks µs | rows µs |`);
console.log('|---|---|---|---|---|---|---|');
for (const [name, form, B] of cases) {
  let s = 1;
  const rnd = (n) => Float64Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5);
  for (const slot of [3, 0, 2]) {
    if (!form.present[slot]) continue;
    const others = [0, 1, 2, 3].filter((t) => t !== slot);
    const batched = others.map((t) => form.present[t] && form.batched[t]);
    const data = others.map((t, k) => (form.present[t] ? rnd((batched[k] ? B : 1) * form.sizes[t]) : Float64Array.of(1)));
    const call = { form, slot, batch: B, data, batched, outBatched: form.batched[slot] };
    const moved = (call.outBatched ? form.sizes[slot] : 0) + others.reduce((m, t, k) => m + (batched[k] ? form.sizes[t] : 0), 0);
    const cells = ['lanes', 'blocks', 'rows'].map((strategy) => {
      if (strategy === 'blocks' && !form.packed) return '–';
      const f = () => contractWasm(call, flavor, strategy);
      f();
      const samples = [];
      for (let r = 0; r < 5; r++) {
        let n = 0;
        const t0 = cpuMicros();
        const w0 = performance.now();
        while (performance.now() - w0 < 40) { f(); n++; }
        samples.push((cpuMicros() - t0) / n);
      }
      return samples.sort((a, b) => a - b)[2].toFixed(0);
    });
    console.log(`| ${name} | ${slot} | ${(form.nTerms / moved).toFixed(1)} | ${chooseStrategy(call)} | ${cells.join(' | ')} |`);
  }
}
