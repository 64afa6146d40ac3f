// PowerSpectrumGPU run for real: headless Chromium with its SwiftShader adapter, through
// @equikit/browser-harness (test/webgpu/power-spectrum-gpu-page.js computes, these tests
// assert). Missing Chromium, a missing build or no adapter FAIL with the reason.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHROMIUM, runModuleInChromium } from '@equikit/browser-harness';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const chromium = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
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

let report: Report | undefined;
let setupError: string | undefined;

beforeAll(async () => {
  if (!existsSync(chromium)) {
    setupError = `Chromium not found at ${chromium} (set CHROMIUM_PATH, or install chromium): the WebGPU suite needs it`;
    return;
  }
  if (!existsSync(built)) {
    setupError = `${built} is missing: run \`npm run build\` in packages/correlations first (the page imports dist/)`;
    return;
  }
  try {
    const { value } = await runModuleInChromium({ root, module: 'packages/correlations/test/webgpu/power-spectrum-gpu-page.js', timeoutMs: 170_000 });
    report = value as Report;
  } catch (error) {
    setupError = `the WebGPU page failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}, 180_000);

function ready(): Report {
  if (setupError) throw new Error(setupError);
  if (!report!.adapter.available) throw new Error(`no WebGPU adapter in Chromium: ${report!.adapter.reason}`);
  return report!;
}

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
