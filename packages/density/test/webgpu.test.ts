// SphericalExpansionGPU run for real: headless Chromium with its SwiftShader adapter, through
// @equikit/browser-harness. One page run (test/webgpu/expansion-gpu-page.js) computes
// everything; the tests assert on its report. Missing Chromium, a missing build or no adapter
// FAIL with the reason: CI installs Chromium, and a suite that silently skipped would hide a
// broken kernel.
import { fileURLToPath } from 'node:url';
import { webgpuPageReport } from '@equikit/browser-harness';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const built = fileURLToPath(new URL('../dist/webgpu/index.js', import.meta.url));

interface Error3 {
  error: number;
  scale: number;
  relative: number;
}
interface Report {
  adapter: { available: boolean; reason?: string; description?: string; vendor?: string };
  rows: { hypers: string; system: string; sameLength: boolean; species: number[]; values: Error3; cpuNeighbourList: Error3; forces: Error3; finite: boolean }[];
  equivariance: Error3 & { determinant: number };
  ms: number;
}

const page = webgpuPageReport({ root, module: 'packages/density/test/webgpu/expansion-gpu-page.js', built, packageDir: 'packages/density', timeoutMs: 170_000 });
beforeAll(page.load, 180_000);
const ready = (): Report => page.ready();

const HYPERS = ['gto natural spline', 'gto hermite spline, scaling, centre weight', 'spherical bessel, step cutoff'];
const SYSTEMS = ['periodic, 2 species', 'cluster, 3 species', 'small triclinic cell (self images)'];

describe('SphericalExpansionGPU in Chromium (WebGPU, SwiftShader) against the f64 wasm path', () => {
  it('gets a WebGPU adapter', () => {
    const r = ready();
    console.info(`WebGPU adapter: ${r.adapter.vendor} / ${r.adapter.description}; page ran ${Math.round(r.ms)} ms`);
  });

  it.each(HYPERS.flatMap((hypers) => SYSTEMS.map((system) => ({ hypers, system }))))(
    '$hypers, $system: coefficients within 2e-6 (GPU and CPU neighbour lists) and backward-pass forces within 1e-4 of the largest',
    ({ hypers, system }) => {
      const row = ready().rows.find((r) => r.hypers === hypers && r.system === system)!;
      expect(row, 'the page ran this case').toBeDefined();
      expect(row.finite).toBe(true);
      expect(row.sameLength).toBe(true);
      expect(row.values.scale).toBeGreaterThan(1e-3); // compared something
      expect(row.values.relative, JSON.stringify(row.values)).toBeLessThan(2e-6);
      expect(row.cpuNeighbourList.relative, 'pairs from the CPU list').toBeLessThan(2e-6);
      expect(row.forces.scale).toBeGreaterThan(1e-3);
      expect(row.forces.relative, JSON.stringify(row.forces)).toBeLessThan(1e-4);
    },
  );

  it('gives the species axis of the structure (sorted atomic numbers)', () => {
    const rows = ready().rows.filter((r) => r.hypers === HYPERS[0]);
    expect(rows.map((r) => r.species)).toEqual([[28, 29], [1, 6, 8], [8, 14]]);
  });

  it('is O(3)-equivariant: c(Q·r) = D(Q)·c(r) for a rotation with inversion, within f32 error', () => {
    const { equivariance } = ready();
    expect(equivariance.scale).toBeGreaterThan(1e-3);
    expect(equivariance.relative).toBeLessThan(2e-6);
    expect(equivariance.determinant).toBeCloseTo(-1, 12);
  });
});
