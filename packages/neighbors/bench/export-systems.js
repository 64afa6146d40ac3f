#!/usr/bin/env node
// Writes the benchmark systems as JSON (positions, cell, pbc, cutoff) so that another
// library can be timed on exactly the same structures: node bench/export-systems.js out.json
import { writeFileSync } from 'node:fs';
import { SYSTEMS } from './systems.js';

const out = process.argv[2] ?? 'systems.json';
writeFileSync(out, JSON.stringify(SYSTEMS.map((s) => {
  const { positions, cell, pbc } = s.make();
  return { name: s.name, cutoff: s.cutoff, positions: Array.from(positions), cell: Array.from(cell), pbc };
})));
console.log(`wrote ${out}`);
