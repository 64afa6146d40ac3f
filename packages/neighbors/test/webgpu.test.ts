// NeighborListGPU run for real: headless Chromium with its SwiftShader adapter, through
// @equikit/browser-harness (test/webgpu/neighbor-list-gpu-page.js computes, these tests
// assert). Missing Chromium, a missing build or no adapter FAIL with the reason.
import { fileURLToPath } from 'node:url';
import { webgpuPageReport } from '@equikit/browser-harness';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const built = fileURLToPath(new URL('../dist/webgpu/index.js', import.meta.url));

interface Report {
  adapter: { available: boolean; reason?: string };
  rows: { name: string; pairs: number; gpuPairs: number; missing: number; extra: number; vectorError: number; scale: number; closestToCutoff: number | null; rowsSorted: boolean }[];
  deterministic: boolean;
  overlap: string;
  badCutoff: string;
}

const page = webgpuPageReport({ root, module: 'packages/neighbors/test/webgpu/neighbor-list-gpu-page.js', built, packageDir: 'packages/neighbors', timeoutMs: 110_000 });
beforeAll(page.load, 120_000);
const ready = (): Report => page.ready();

const SYSTEMS = [
  'FCC 4×4×4 (256 atoms), rattled, cutoff 5',
  'FCC 8×8×8 (2048 atoms), cutoff 5',
  'cluster (no cell), 300 atoms, cutoff 3.3',
  'slab (pbc x, y), triclinic, cutoff 4',
  'tiny triclinic cell, cutoff larger than the cell',
  'atoms outside the cell (wrapped)',
  'FCC 4×4×4 translated 1000 Å from the cell',
  'one atom, no neighbours',
];

describe('NeighborListGPU in Chromium (WebGPU, SwiftShader) against the wasm neighborList', () => {
  it.each(SYSTEMS)('%s: the same (i, j, S) pairs, vectors within f32 rounding, rows by centre', (name) => {
    const row = ready().rows.find((r) => r.name === name)!;
    expect(row, 'the page ran this case').toBeDefined();
    expect(row.gpuPairs).toBe(row.pairs);
    expect(row.missing).toBe(0);
    expect(row.extra).toBe(0);
    expect(row.rowsSorted).toBe(true);
    // two-float positions: the f32 rounding of the vector itself (|d| < 5 Å: 2⁻²²·4), however far
    // the atoms are from the origin (plain f32 would be off by 2⁻²⁴·|r|: 1e−4 Å at 2000 Å)
    expect(row.vectorError).toBeLessThan(2.5e-7);
    if (row.pairs > 0) {
      expect(row.scale).toBeGreaterThan(1);
      // the claim "identical" is only meaningful if no pair sits within f32 reach of the cutoff
      expect(row.closestToCutoff).toBeGreaterThan(1e-5);
    }
  });

  it('has pairs on the non-trivial systems (the comparison compared something)', () => {
    expect(ready().rows.filter((r) => r.pairs > 1000).length).toBeGreaterThanOrEqual(4);
  });

  it('gives the same list in the same order on every run (bins sorted by atom index after the atomic counting sort)', () => {
    expect(ready().deterministic).toBe(true);
  });

  it('names overlapping atoms and a bad cutoff', () => {
    expect(ready().overlap).toMatch(/^RangeError: structure: two atoms overlap \(distance 0\)/);
    expect(ready().badCutoff).toMatch(/^RangeError: cutoff must be a finite, positive number/);
  });
});
