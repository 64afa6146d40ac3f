#!/usr/bin/env node
// f32 accuracy: largest |f32 − f64| per l over random unit vectors, for values and gradients
// of the normalized harmonics (both evaluated at the same float32-rounded points, so only
// the arithmetic differs). `node bench/f32-accuracy.js [lMax] [n]`.
import { SphericalHarmonics, mulberry32 } from '../dist/index.js';

const L = Number(process.argv[2] ?? 16);
const N = Number(process.argv[3] ?? 20000);
const K = (L + 1) ** 2;
const rng = mulberry32(77);
const xyz32 = new Float32Array(3 * N);
for (let i = 0; i < N; i++) {
  // uniform direction: z uniform in [−1, 1], φ uniform
  const z = 2 * rng() - 1;
  const phi = 2 * Math.PI * rng();
  const s = Math.sqrt(1 - z * z);
  xyz32.set([s * Math.cos(phi), s * Math.sin(phi), z], 3 * i);
}
const xyz64 = Float64Array.from(xyz32);
const exact = new SphericalHarmonics(L, { backend: 'js' }).computeWithGradients(xyz64);

const rows = {};
for (const backend of ['js', 'wasm', 'wasm-simd']) {
  const got = new SphericalHarmonics(L, { precision: 'f32', backend }).computeWithGradients(xyz32);
  const ev = new Float64Array(L + 1);
  const eg = new Float64Array(L + 1);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < K; k++) {
      const l = Math.floor(Math.sqrt(k));
      ev[l] = Math.max(ev[l], Math.abs(got.values[i * K + k] - exact.values[i * K + k]));
      // gradients grow like l; report them relative to l (the size of ∇Y on the unit sphere)
      for (let a = 0; a < 3; a++) {
        const d = Math.abs(got.gradients[(3 * i + a) * K + k] - exact.gradients[(3 * i + a) * K + k]);
        eg[l] = Math.max(eg[l], d / Math.max(1, l));
      }
    }
  }
  rows[backend] = { ev, eg };
}
const e = (x) => x.toExponential(1);
console.log(`f32 vs f64, max abs error over ${N} random points (gradients divided by max(1, l))\n`);
console.log('| l | js values | wasm values | wasm-simd values | js ∇/l | wasm ∇/l | wasm-simd ∇/l |');
console.log('|---|---|---|---|---|---|---|');
for (let l = 0; l <= L; l++) {
  console.log(`| ${l} | ${e(rows.js.ev[l])} | ${e(rows.wasm.ev[l])} | ${e(rows['wasm-simd'].ev[l])} | ${e(rows.js.eg[l])} | ${e(rows.wasm.eg[l])} | ${e(rows['wasm-simd'].eg[l])} |`);
}
