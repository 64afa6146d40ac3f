// The Chromium test pages of the WebGPU path, run once on a real GPU through Deno (outside CI):
// deno run -A --import-map bench/webgpu/import_map.json bench/webgpu/deno-checks.js
import neighbours from '../../../neighbors/test/webgpu/neighbor-list-gpu-page.js';
import expansion from '../../../density/test/webgpu/expansion-gpu-page.js';
import powerSpectrum from '../../../correlations/test/webgpu/power-spectrum-gpu-page.js';
import model from '../../test/webgpu/linear-model-gpu-page.js';

const max = (xs) => Math.max(...xs);
const n = await neighbours();
const e = await expansion();
const p = await powerSpectrum();
const m = await model();
console.log(JSON.stringify({
  adapter: n.adapter,
  neighbours: n.rows.map((r) => ({ name: r.name, pairs: r.pairs, missing: r.missing, extra: r.extra, vectorError: r.vectorError })),
  neighboursDeterministic: n.deterministic,
  expansionValues: max(e.rows.map((r) => r.values.relative)),
  expansionValuesCpuList: max(e.rows.map((r) => r.cpuNeighbourList.relative)),
  expansionForces: max(e.rows.map((r) => r.forces.relative)),
  expansionEquivariance: e.equivariance.relative,
  powerSpectrum: max(p.rows.map((r) => r.values.relative)),
  powerSpectrumInvariance: p.invariance.relative,
  modelEnergy: max(m.rows.map((r) => r.energy.relative)),
  modelForces: max(m.rows.map((r) => r.forces.relative)),
  modelSymmetry: m.symmetry,
  auto: m.auto,
}, null, 1));
