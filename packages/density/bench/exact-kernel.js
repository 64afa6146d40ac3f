#!/usr/bin/env node
// The exact GTO radial-integral kernel alone (gtoExact, values and r-derivatives), on the distances of
// FCC Cu's neighbours within 5 Å (12 at 2.556, 6 at 3.615, 24 at 4.427 Å) with the bench hypers:
// CPU-time median and minimum per pair. Usage: [SHELL_ONLY=0|1|2] [REPS=40] node bench/exact-kernel.js [wasm-simd,wasm,js]
import { GtoRadialIntegral } from '../dist/radial/gto.js';
import { ASYMPTOTIC_TERMS, SERIES_TERMS } from '../dist/radial/gto-kummer.js';
import { wasmModule } from '../dist/wasm.js';

const backends = (process.argv[2] ?? 'wasm-simd,wasm,js').split(',');
const a = 3.615;
const all = [[12, a / Math.SQRT2], [6, a], [24, a * Math.sqrt(1.5)]];
const shells = process.env.SHELL_ONLY ? [all[+process.env.SHELL_ONLY]] : all;
const distances = [];
for (let k = 0; k < 6; k++) for (const [count, r] of shells) for (let c = 0; c < count; c++) distances.push(r * (1 + 1e-3 * Math.sin(k + c)));
const count = distances.length;
const N = 8;
const L = 7;
const integral = new GtoRadialIntegral(5, 0.3, N, L - 1);
const median = (t) => [...t].sort((x, y) => x - y)[t.length >> 1];

for (const backend of backends) {
  const times = [];
  if (backend === 'js') {
    const v = new Float64Array(N * L);
    const d = new Float64Array(N * L);
    for (let rep = 0; rep < +(process.env.REPS ?? 40); rep++) {
      const c0 = process.cpuUsage();
      for (let k = 0; k < 20; k++) for (const r of distances) integral.compute(r, v, d);
      const c = process.cpuUsage(c0);
      times.push((c.user + c.system) / (20 * count));
    }
  } else {
    const inst = wasmModule.instance(backend);
    const e = inst.exports;
    inst.reset();
    const t = integral.wasmTables();
    const rPtr = inst.put(Float64Array.from(distances));
    const kappa = inst.put(t.kappa);
    const beta = inst.put(t.beta);
    const pre = inst.put(t.prefactor);
    const starts = inst.put(t.starts);
    const perNL = inst.put(t.perNL);
    const ortho = inst.put(t.ortho);
    const out = inst.alloc(count * N * L * 8);
    const dOut = inst.alloc(count * N * L * 8);
    const scratch = inst.alloc((2 * L + 2 * N * L) * 8);
    for (let rep = 0; rep < +(process.env.REPS ?? 40); rep++) {
      const c0 = process.cpuUsage();
      for (let k = 0; k < 20; k++) e.gtoExact(count, rPtr, N, L, t.alpha, kappa, beta, pre, starts, perNL, ASYMPTOTIC_TERMS, SERIES_TERMS, ortho, out, dOut, scratch);
      const c = process.cpuUsage(c0);
      times.push((c.user + c.system) / (20 * count));
    }
    inst.reset();
  }
  console.log(backend, 'gtoExact µs/pair: CPU median', median(times).toFixed(3), 'min', Math.min(...times).toFixed(3));
}
