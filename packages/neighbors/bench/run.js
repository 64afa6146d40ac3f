#!/usr/bin/env node
// Single-thread neighbour-list timings on the systems of issue 3, one reused
// NeighborSearch per case, median of repeated runs, beside vesin's native figures.
// Usage: node bench/run.js [--quick] [--backend js,wasm,wasm-simd]
import { NeighborSearch } from '../dist/index.js';
import { SYSTEMS as systems } from './systems.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const backendArg = args[args.indexOf('--backend') + 1];
const backends = args.includes('--backend') ? backendArg.split(',') : ['js', 'wasm', 'wasm-simd'];


function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// Wall-clock and CPU time of each run. On a shared machine the process can be descheduled
// in the middle of a run; the CPU time (user + system of this process) does not count that.
function time(search, structure) {
  for (let w = 0; w < 3; w++) search.compute(structure);
  const wall = [], cpu = [];
  const budget = quick ? 300 : 1500;
  const start = performance.now();
  while (wall.length < 7 || (performance.now() - start < budget && wall.length < 200)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    search.compute(structure);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { median: median(wall), cpu: median(cpu), runs: wall.length };
}

const rows = [];
for (const system of systems) {
  const structure = system.make();
  for (const mode of ['full', 'half']) {
    const ref = system.vesin[mode];
    if (ref === undefined) continue;
    const row = { system: system.name, mode, vesin: ref };
    for (const backend of backends) {
      const search = new NeighborSearch({ cutoff: system.cutoff, full: mode === 'full', backend });
      const { median: ms, cpu, runs } = time(search, structure);
      row[backend] = ms;
      row[`${backend} cpu`] = cpu;
      row.pairs = search.compute(structure).length;
      process.stderr.write(`${system.name} ${mode} ${backend}: ${ms.toFixed(2)} ms wall, ${cpu.toFixed(2)} ms cpu (medians of ${runs}), ${row.pairs} pairs\n`);
    }
    rows.push(row);
  }
}

// A system without a vesin figure in issue 3 gets '—' (bench/time-vesin.py measures one here).
const ratio = (ms, vesin) => (Number.isFinite(vesin) ? `${ms.toFixed(2)} (${(ms / vesin).toFixed(2)}×)` : ms.toFixed(2));
const shown = (vesin) => (Number.isFinite(vesin) ? vesin : '—');

console.log('Wall-clock medians, ms (× vesin):');
const cols = backends.map((b) => `${b} ms (× vesin)`);
console.log(`| system | list | pairs | vesin ms | ${cols.join(' | ')} |`);
console.log(`|---|---|---|---|${backends.map(() => '---').join('|')}|`);
for (const r of rows) {
  const cells = backends.map((b) => ratio(r[b], r.vesin));
  console.log(`| ${r.system} | ${r.mode} | ${r.pairs} | ${shown(r.vesin)} | ${cells.join(' | ')} |`);
}

console.log('\nCPU-time medians (user + system of this process), ms (× vesin):');
console.log(`| system | list | vesin ms | ${cols.join(' | ')} |`);
console.log(`|---|---|---|${backends.map(() => '---').join('|')}|`);
for (const r of rows) {
  const cells = backends.map((b) => ratio(r[`${b} cpu`], r.vesin));
  console.log(`| ${r.system} | ${r.mode} | ${shown(r.vesin)} | ${cells.join(' | ')} |`);
}
