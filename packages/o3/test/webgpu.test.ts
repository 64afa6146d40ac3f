// The WebGPU path, run for real: headless Chromium with its SwiftShader adapter (CPU
// Vulkan) through @equikit/runtime-smoke's harness. One page run (test/webgpu/
// sh-gpu-page.js) computes everything; the tests below assert on its report. Missing
// Chromium, a missing build or no adapter FAIL with the reason: CI installs Chromium, so
// a WebGPU suite that silently skipped would hide a broken kernel.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHROMIUM, runModuleInChromium } from '@equikit/browser-harness';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const chromium = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
const built = fileURLToPath(new URL('../dist/webgpu/index.js', import.meta.url));
// Every lMax to 8 and the largest unrolled one, 16; the 'loops' programs at a few small lMax
// (the same cases as unrolled) and up to the largest, 64.
const CASES = [
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 16].map((lMax) => ({ lMax, style: 'unrolled' })),
  ...[1, 5, 16, 32, 64].map((lMax) => ({ lMax, style: 'loops' })),
];

interface Ratio {
  ratio: number;
  point?: number[];
  k?: number;
}
interface Report {
  adapter: { available: boolean; reason?: string; vendor?: string; architecture?: string; description?: string };
  accuracy: {
    lMax: number;
    style: string;
    normalized: boolean;
    points: number;
    finite: boolean;
    value: Ratio;
    gradient: Ratio;
    byL: { value: number[]; gradient: number[]; valueError: number[]; gradientError: number[] };
  }[];
  equivariance: { lMax: number; style: string; normalized: boolean; valueRatio: number; gradientRatio: number }[];
  finiteDifferences: { lMax: number; normalized: boolean; ratio: number }[];
  codePaths: { lMax: number; normalized: boolean; valueRatio: number; gradientRatio: number }[];
  reuse: Record<string, number | boolean | string>;
  chunking: { style: string; points: number; pointsPerDispatch: number; identical: boolean }[];
  errors: { name: string; ok: boolean; got: string }[];
  origin: Record<'spherical' | 'solid', { rows: { values: number[]; gradients: number[] }[]; cpu: { values: number[]; gradients: number[] } }>;
  ownDevice: number[];
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
    setupError = `${built} is missing: run \`npm run build\` in packages/o3 first (the page imports dist/)`;
    return;
  }
  try {
    const { value } = await runModuleInChromium({ root, module: 'packages/o3/test/webgpu/sh-gpu-page.js', input: { cases: CASES }, timeoutMs: 90_000 });
    report = value as Report;
  } catch (error) {
    setupError = `the WebGPU page failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}, 100_000);

function ready(): Report {
  if (setupError) throw new Error(setupError);
  if (!report!.adapter.available) throw new Error(`no WebGPU adapter in Chromium: ${report!.adapter.reason}`);
  return report!;
}

describe('SphericalHarmonicsGPU in Chromium (WebGPU, SwiftShader)', () => {
  it('gets a WebGPU adapter', () => {
    const r = ready();
    expect(r.adapter.available).toBe(true);
    console.info(`WebGPU adapter: ${r.adapter.vendor} / ${r.adapter.architecture} / ${r.adapter.description}; page ran ${Math.round(r.ms)} ms`);
  });

  it.each(CASES.flatMap((c) => [true, false].map((normalized) => ({ ...c, normalized }))))(
    '$style lMax $lMax normalized $normalized: values and gradients match the js f64 path within the f32 tolerance, per degree',
    ({ lMax, style, normalized }) => {
      const row = ready().accuracy.find((a) => a.lMax === lMax && a.style === style && a.normalized === normalized)!;
      expect(row, 'the page ran this case').toBeDefined();
      expect(row.finite).toBe(true);
      expect(row.value.ratio, JSON.stringify(row.value)).toBeLessThan(1);
      expect(row.gradient.ratio, JSON.stringify(row.gradient)).toBeLessThan(1);
      // Every degree was compared (a ratio of exactly 0 would mean it never was).
      expect(row.byL.value).toHaveLength(lMax + 1);
      for (let l = 0; l <= lMax; l++) {
        expect(row.byL.value[l], `value l=${l}`).toBeGreaterThan(0);
        if (l > 0) expect(row.byL.gradient[l], `gradient l=${l}`).toBeGreaterThan(0);
      }
    },
  );

  it('is O(3)-equivariant: Y(R·r) = D(R)·Y(r) and ∇Y(R·r) = R·∇Y(r)·D(R)ᵀ for a rotation with inversion', () => {
    const rows = ready().equivariance;
    expect(rows.map((r) => r.style)).toEqual(['unrolled', 'unrolled', 'loops', 'loops']);
    for (const row of rows) {
      expect(row.valueRatio, `${row.style} lMax ${row.lMax} normalized ${row.normalized}`).toBeLessThan(1);
      expect(row.gradientRatio, `${row.style} lMax ${row.lMax} normalized ${row.normalized}`).toBeLessThan(1);
      expect(row.valueRatio).toBeGreaterThan(0);
    }
  });

  it('has gradients equal to central finite differences of the f64 values (lMax 8)', () => {
    for (const row of ready().finiteDifferences) {
      expect(row.ratio, `normalized ${row.normalized}`).toBeLessThan(1);
      expect(row.ratio).toBeGreaterThan(0);
    }
  });

  it("agrees between the 'unrolled' and 'loops' programs on the same points", () => {
    const rows = ready().codePaths;
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.valueRatio, `lMax ${row.lMax} normalized ${row.normalized}`).toBeLessThan(1);
      expect(row.gradientRatio, `lMax ${row.lMax} normalized ${row.normalized}`).toBeLessThan(1);
    }
  });

  it('gives the documented origin values, and treats points below the smallest normal f32 as the origin', () => {
    const { origin } = ready();
    const y00 = 1 / Math.sqrt(4 * Math.PI);
    for (const kind of ['spherical', 'solid'] as const) {
      const { rows, cpu } = origin[kind];
      expect(cpu.values[0]).toBeCloseTo(y00, 14);
      for (const row of rows) {
        expect(row.values[0]).toBeCloseTo(y00, 7);
        expect(row.values.slice(1)).toEqual(new Array(15).fill(0));
        for (let k = 0; k < 48; k++) expect(row.gradients[k], `${kind} gradient ${k}`).toBeCloseTo(cpu.gradients[k], 6);
      }
    }
    // Solid harmonics: ∇S_1 at the origin is the constant √(3/4π)·(y, z, x) Jacobian, not 0.
    expect(origin.solid.rows[0].gradients.some((g) => g !== 0)).toBe(true);
  });

  it('reuses its buffers across calls of any size, sequential or concurrent, fills `out`, leaves the input alone', () => {
    const { reuse } = ready();
    expect(reuse.maxValueRatio).toBeLessThan(1);
    expect(reuse.maxGradientRatio).toBeLessThan(1);
    expect(reuse).toMatchObject({
      lengthsOk: true,
      outFilledInPlace: true,
      outMatchesFresh: true,
      inputUnchanged: true,
      f32EqualsF64Input: true,
      subarrayInput: true,
    });
    expect(reuse.destroyedError).toMatch(/^Error: SphericalHarmonicsGPU: this calculator was destroyed/);
  });

  it('splits large inputs into dispatches within the device limits, with identical results', () => {
    for (const row of ready().chunking) expect(row.identical, row.style).toBe(true);
  });

  it('rejects bad arguments with TypeError/RangeError naming the argument', () => {
    for (const e of ready().errors) expect(e.ok, `${e.name}: got ${e.got}`).toBe(true);
  });

  it('requests its own device when none is given', () => {
    const values = ready().ownDevice;
    expect(values[0]).toBeCloseTo(1 / Math.sqrt(4 * Math.PI), 7);
    expect(values[2]).toBeCloseTo(Math.sqrt(3 / (4 * Math.PI)), 6); // Y(1,0) ∝ z at (0, 0, 3)
  });
});
