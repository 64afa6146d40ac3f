// LinearModelGPU and predictAsync run for real: headless Chromium with its SwiftShader adapter,
// through @equikit/browser-harness (test/webgpu/linear-model-gpu-page.js computes, these tests
// assert). Missing Chromium, a missing build or no adapter FAIL with the reason.
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
  adapter: { available: boolean; reason?: string };
  rows: { system: string; atoms: number; energy: { gpu: number; cpu: number; relative: number }; energies: Error3; forces: Error3; finite: boolean }[];
  symmetry: { determinant: number; energy: number; forces: Error3 };
  auto: Record<string, unknown> & { warnings: string[] };
  ms: number;
}

const page = webgpuPageReport({ root, module: 'packages/models/test/webgpu/linear-model-gpu-page.js', built, packageDir: 'packages/models', timeoutMs: 170_000 });
beforeAll(page.load, 180_000);
const ready = (): Report => page.ready();

describe('LinearModelGPU in Chromium (WebGPU, SwiftShader) against LinearPotential.predict (f64, wasm)', () => {
  it.each(['periodic, 2 species', 'cluster, 3 species', 'small triclinic cell (self images)'])(
    '%s: energy within 1e-6, per-atom energies within 1e-6, forces within 1e-4 of the largest (f32)',
    (system) => {
      const row = ready().rows.find((r) => r.system === system)!;
      expect(row, 'the page ran this case').toBeDefined();
      expect(row.finite).toBe(true);
      expect(row.energy.relative, JSON.stringify(row.energy)).toBeLessThan(1e-6);
      expect(row.energies.relative, JSON.stringify(row.energies)).toBeLessThan(1e-6);
      expect(row.forces.scale).toBeGreaterThan(1e-3);
      expect(row.forces.relative, JSON.stringify(row.forces)).toBeLessThan(1e-4);
    },
  );

  it('gives an O(3)-invariant energy and equivariant forces (rotation with inversion)', () => {
    const { symmetry } = ready();
    expect(symmetry.determinant).toBeCloseTo(-1, 12);
    expect(symmetry.energy).toBeLessThan(1e-6);
    expect(symmetry.forces.relative).toBeLessThan(1e-4);
  });

  it("predictAsync: 'auto' stays on the CPU below the threshold, uses WebGPU above it, a CPU backend when named", () => {
    const { auto } = ready();
    expect(auto.belowThreshold).toMatch(/^(wasm|wasm-simd)$/);
    expect(auto.fallbackAdapterSkipped, 'SwiftShader is a fallback adapter').toMatch(/^(wasm|wasm-simd)$/);
    expect(auto.aboveThreshold).toBe('webgpu');
    expect(auto.matchesGpu).toBe(true);
    expect(auto.cpuBackend).toBe('js');
  });

  it('predictAsync: a lost device falls back to the CPU with one warning, and a later explicit webgpu call gets a fresh device', () => {
    const { auto } = ready();
    expect(auto.afterLoss).toMatch(/^(wasm|wasm-simd)$/);
    expect(auto.afterLossEnergy).toBeLessThan(1e-6);
    expect(auto.warnings).toHaveLength(1);
    expect(auto.warnings[0]).toMatch(/^equikit: SphericalExpansionGPU: the GPU device was lost: .*; running on the CPU instead$/);
    expect(auto.explicitAfterLoss).toBe('ran on webgpu');
  });
});
