// PowerSpectrumGPU run for real: headless Chromium with its SwiftShader adapter, through
// @equikit/browser-harness (test/webgpu/power-spectrum-gpu-page.js computes, these tests
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
  adapter: { available: boolean; reason?: string; description?: string; vendor?: string };
  rows: { normalize: boolean; system: string; size: number; refSize: number; sameLength: boolean; values: Error3; finite: boolean }[];
  invariance: Error3 & { determinant: number };
  ms: number;
}

const page = webgpuPageReport({ root, module: 'packages/correlations/test/webgpu/power-spectrum-gpu-page.js', built, packageDir: 'packages/correlations', timeoutMs: 170_000 });
beforeAll(page.load, 180_000);
const ready = (): Report => page.ready();

const SYSTEMS = ['periodic, 2 species', 'cluster, 3 species', 'small triclinic cell (self images)'];

describe('PowerSpectrumGPU in Chromium (WebGPU, SwiftShader) against the f64 wasm PowerSpectrum', () => {
  it.each([false, true].flatMap((normalize) => SYSTEMS.map((system) => ({ normalize, system }))))(
    'normalize $normalize, $system: the same layout, features within 2e-6 of the largest',
    ({ normalize, system }) => {
      const row = ready().rows.find((r) => r.normalize === normalize && r.system === system)!;
      expect(row, 'the page ran this case').toBeDefined();
      expect(row.finite).toBe(true);
      expect(row.size).toBe(row.refSize);
      expect(row.sameLength).toBe(true);
      expect(row.values.scale).toBeGreaterThan(normalize ? 0.1 : 1e-5);
      expect(row.values.relative, JSON.stringify(row.values)).toBeLessThan(2e-6);
    },
  );

  it('gives O(3)-invariant features: a rotation with inversion changes them by f32 rounding only', () => {
    const { invariance } = ready();
    expect(invariance.determinant).toBeCloseTo(-1, 12);
    expect(invariance.scale).toBeGreaterThan(1e-5);
    expect(invariance.relative).toBeLessThan(2e-6);
  });
});
