#!/usr/bin/env node
// The wasm-simd kernels alone, on cache-resident blocks: the same block of points is
// computed again and again into the same arena buffers (about 256 KiB of outputs), so
// the figures show the kernels' arithmetic throughput without main-memory traffic (the
// issue quotes AssemblyScript f64x2 at about 65 ns/point at lMax 8 "on in-cache blocks").
// Medians of 15 samples of CPU time, ns per point; `--runs N` keeps the lowest of N medians
// (to get past bursts of load from other processes). `node bench/kernels.js [--flavor wasm]`.
import { buildPrefactors } from '../dist/sh/prefactors.js';
import { wasmModule } from '../dist/wasm.js';

const args = process.argv.slice(2);
const flavor = args.includes('--flavor') ? args[args.indexOf('--flavor') + 1] : 'wasm-simd';
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 1;
const SPHERICART = { values: [3.1, 4.6, 12.2, 51, 228], gradients: [6.3, 22.7, 35, 283, 880], solid: [0.53, 1.9, 7.4, 46, 210] };
const LMAX = [1, 2, 4, 8, 16];

function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function measure(f, points) {
  let best = Infinity;
  for (let run = 0; run < RUNS; run++) best = Math.min(best, measureOnce(f, points));
  return best;
}

function measureOnce(f, points) {
  for (let i = 0; i < 20; i++) f();
  const samples = [];
  for (let r = 0; r < 15; r++) {
    const w0 = performance.now();
    const c0 = cpuMs();
    let calls = 0;
    do {
      f();
      calls++;
    } while (performance.now() - w0 < 20);
    samples.push((cpuMs() - c0) / calls);
  }
  samples.sort((a, b) => a - b);
  return (samples[7] * 1e6) / points;
}

const inst = wasmModule.instance(flavor);
const e = inst.exports;
console.log(`# ${flavor} kernels on cache-resident blocks, median CPU time${RUNS > 1 ? ` (lowest of ${RUNS} runs)` : ''}, ns per point\n`);
console.log('| lMax | sphericart values | f64 values | f32 values | sphericart gradients | f64 gradients | f32 gradients | sphericart solid | f64 solid | f32 solid |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
LMAX.forEach((L, j) => {
  const row = [];
  for (const precision of ['f64', 'f32']) {
    const f32 = precision === 'f32';
    const S = f32 ? 4 : 8;
    const K = (L + 1) ** 2;
    const pre = buildPrefactors(L);
    const cast = (t) => (f32 ? new Float32Array(t) : t);
    inst.reset();
    const a = inst.put(cast(pre.a));
    const b = inst.put(cast(pre.b));
    const cs = inst.put(pre.colStart);
    const kp = inst.put(cast(pre.kp));
    const km = inst.put(cast(pre.km));
    const kz = inst.put(cast(pre.kz));
    const n = Math.max(16, Math.floor(262144 / (4 * K * S)) & ~3);
    const xyz = new (f32 ? Float32Array : Float64Array)(3 * n).map((_, i) => Math.sin(1 + i * 12.9898));
    const xp = inst.put(xyz);
    const vp = inst.alloc(n * K * S);
    const gp = inst.alloc(3 * n * K * S);
    const sp = inst.alloc(e.scratchBytes(L));
    const V = f32 ? e.shValuesF32 : e.shValuesF64;
    const G = f32 ? e.shGradientsF32 : e.shGradientsF64;
    row.push({
      values: measure(() => V(xp, n, L, 1, a, b, cs, vp, sp), n),
      gradients: measure(() => G(xp, n, L, 1, a, b, cs, kp, km, kz, vp, gp, sp), n),
      solid: measure(() => V(xp, n, L, 0, a, b, cs, vp, sp), n),
    });
  }
  inst.reset();
  const f = (x) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
  console.log(
    `| ${L} | ${SPHERICART.values[j]} | ${f(row[0].values)} | ${f(row[1].values)} | ${SPHERICART.gradients[j]} | ${f(row[0].gradients)} | ${f(row[1].gradients)} | ${SPHERICART.solid[j]} | ${f(row[0].solid)} | ${f(row[1].solid)} |`,
  );
});
