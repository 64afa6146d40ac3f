#!/usr/bin/env node
// The exact-GTO expansion of the 4000-atom FCC Cu alone (issue 5 hypers, splineAccuracy 0): CPU-time
// median per atom. Usage: node bench/exact.js [backends, comma-separated] [repetitions]
import { setBackend } from '@equikit/core';
import { SphericalExpansion } from '../dist/index.js';
import { fccCopper } from './systems.js';
const backends = (process.argv[2] ?? 'wasm-simd').split(',');
const reps = +(process.argv[3] ?? 7);
const exact = new SphericalExpansion({ cutoff: { radius: 5, smoothing: { type: 'shifted-cosine', width: 0.5 } }, density: { type: 'gaussian', width: 0.3 }, basis: { maxAngular: 6, radial: { type: 'gto', maxRadial: 8 }, splineAccuracy: 0 } });
const s = fccCopper();
const n = s.numbers.length;
for (const b of backends) {
  setBackend(b);
  exact.computeDense(s);
  const t = [];
  for (let i = 0; i < reps; i++) { const c0 = process.cpuUsage(); exact.computeDense(s); const c = process.cpuUsage(c0); t.push((c.user + c.system) / n); }
  t.sort((x, y) => x - y);
  console.log(b, 'exact µs/atom (CPU median)', t[t.length >> 1].toFixed(1), t.map((x) => x.toFixed(0)).join(' '));
}
