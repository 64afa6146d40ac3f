// Diagnoses NeighborListGPU against neighborList on one system, on a real GPU (outside CI).
import { neighborList, NeighborListGPU } from '@equikit/neighbors';
import { SYSTEMS } from '../../../neighbors/test/webgpu/neighbor-list-gpu-page.js';
const adapter = await navigator.gpu.requestAdapter();
const device = await adapter.requestDevice({ requiredLimits: { maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage } });
const gpu = await NeighborListGPU.create({ device });
for (const name of ['FCC 8×8×8 (2048 atoms), cutoff 5', 'FCC 4×4×4 (256 atoms), rattled, cutoff 5']) {
  const [s, cutoff] = SYSTEMS[name];
  const ref = neighborList(s, { cutoff, full: true, sorted: true, backend: 'wasm' });
  const got = await gpu.computeAsync(s, { cutoff });
  const key = (l, p) => `${l.i[p]} ${l.j[p]} ${l.shifts[3 * p]} ${l.shifts[3 * p + 1]} ${l.shifts[3 * p + 2]}`;
  const seen = new Map();
  let dup = 0;
  for (let p = 0; p < got.length; p++) { const k = key(got, p); if (seen.has(k)) dup++; seen.set(k, p); }
  const refKeys = new Set(Array.from({ length: ref.length }, (_, p) => key(ref, p)));
  const missing = [];
  for (let p = 0; p < ref.length; p++) if (!seen.has(key(ref, p))) missing.push(p);
  const n = s.positions.length / 3;
  const cRef = new Int32Array(n), cGot = new Int32Array(n);
  for (let p = 0; p < ref.length; p++) cRef[ref.i[p]]++;
  for (let p = 0; p < got.length; p++) cGot[got.i[p]]++;
  let atomsShort = 0;
  for (let a = 0; a < n; a++) if (cRef[a] !== cGot[a]) atomsShort++;
  const hist = {};
  for (const p of missing) { const d = ref.distances[p].toFixed(1); hist[d] = (hist[d] ?? 0) + 1; }
  const shifted = missing.filter((p) => ref.shifts[3 * p] || ref.shifts[3 * p + 1] || ref.shifts[3 * p + 2]).length;
  const extra = Array.from(seen.keys()).filter((k) => !refKeys.has(k)).slice(0, 5);
  console.log(JSON.stringify({ name, ref: ref.length, got: got.length, dup, missing: missing.length, atomsShort, shifted, hist, sampleMissing: missing.slice(0, 5).map((p) => key(ref, p) + ' d=' + ref.distances[p]), extra, zeroCounts: Array.from(cGot).filter((c) => c === 0).length }));
}
