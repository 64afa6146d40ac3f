// The parts of SphericalExpansionGPU that need no GPU, in Node: programs (cache key from the
// hypers only, never from an input's size), refusals before any device is asked for, and the
// WGSL weight polynomials. The GPU results are checked in Chromium by webgpu.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SphericalExpansionGPU } from '../src/webgpu/index.js';
import { expansionProgram, pullbackProgram } from '../src/webgpu/expansion-wgsl.js';
import { gpuRadial } from '../src/webgpu/radial-wgsl.js';
import { parseHypers } from '../src/hypers.js';
import { laplacianEigenstateShape } from '../src/radial/spherical-bessel.js';

afterEach(() => vi.unstubAllGlobals());

const HYPERS = {
  cutoff: { radius: 4, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.3 },
  basis: { maxAngular: 3, radial: { type: 'gto' as const, maxRadial: 4 }, splineAccuracy: 1e-6 },
};

describe('SphericalExpansionGPU without a GPU', () => {
  it('names navigator.gpu when WebGPU is missing, and the adapter when there is none', async () => {
    vi.stubGlobal('navigator', undefined);
    await expect(SphericalExpansionGPU.create(HYPERS)).rejects.toThrow(/SphericalExpansionGPU: navigator\.gpu is missing: this runtime has no navigator/);
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => null } });
    await expect(SphericalExpansionGPU.create(HYPERS)).rejects.toThrow(/requestAdapter\(\) returned null: no WebGPU adapter/);
  });

  it('refuses the exact radial integral and bad options before asking for a device', async () => {
    const requestAdapter = vi.fn(async () => null);
    vi.stubGlobal('navigator', { gpu: { requestAdapter } });
    await expect(SphericalExpansionGPU.create({ ...HYPERS, basis: { ...HYPERS.basis, splineAccuracy: 0 } })).rejects.toThrow(
      /needs a splined radial basis on a uniform grid: basis\.splineAccuracy > 0/,
    );
    await expect(SphericalExpansionGPU.create({ ...HYPERS, basis: { ...HYPERS.basis, radial: { type: 'gto', maxRadial: 0 } } })).rejects.toThrow(/basis\.radial\.maxRadial must be an integer/);
    await expect(SphericalExpansionGPU.create(HYPERS, { device: {} })).rejects.toThrow(/options\.device must be a GPUDevice/);
    await expect(SphericalExpansionGPU.create(HYPERS, null as never)).rejects.toThrow(/options must be an object/);
    expect(requestAdapter).not.toHaveBeenCalled();
  });
});

describe('expansion programs', () => {
  const hypers = parseHypers(HYPERS, laplacianEigenstateShape);
  const radial = gpuRadial(hypers, 1);

  it('have a cache key fixed by the hypers alone, one source per key', () => {
    const a = expansionProgram({ maxRadial: 4, maxAngular: 3, radial });
    const b = expansionProgram({ maxRadial: 4, maxAngular: 3, radial: gpuRadial(hypers, 1) });
    expect(a.cacheKey).toBe(b.cacheKey);
    expect(a.source).toBe(b.source);
    expect(a.cacheKey).toMatch(/^density-expansion:N4:l3:natural:/);
    expect(a.granularity).toBe('workgroup');
    const other = gpuRadial(parseHypers({ ...HYPERS, cutoff: { ...HYPERS.cutoff, radius: 4.5 } }, laplacianEigenstateShape), 1);
    expect(expansionProgram({ maxRadial: 4, maxAngular: 3, radial: other }).cacheKey).not.toBe(a.cacheKey);
    expect(pullbackProgram({ maxRadial: 4, maxAngular: 3, radial }).cacheKey).toMatch(/^density-pullback:/);
  });

  it('refuse a basis too large for the workgroup memory WebGPU guarantees', () => {
    expect(() => pullbackProgram({ maxRadial: 8, maxAngular: 30, radial })).toThrow(/bytes of workgroup memory per pair, more than WebGPU guarantees \(16384\)/);
  });

  it('bake the tables: centre terms at the end, spline values first (rounded to f32)', () => {
    const r = gpuRadial(hypers, 2);
    expect(r.tables.length - r.centreOffset).toBe(4);
    expect(r.tables[r.centreOffset]).toBeGreaterThan(0);
    expect(gpuRadial(hypers, 1).tables[r.centreOffset] * 2).toBeCloseTo(r.tables[r.centreOffset], 7);
    expect(r.wgsl).toContain('fn radialAt(r: f32, e: u32) -> vec2<f32>');
    expect(r.wgsl).toContain('fn weightAt(r: f32) -> vec2<f32>');
  });
});

describe('the polynomial sin/cos of the cutoff weight (WGSL sin/cos are only 2⁻¹¹ accurate)', () => {
  // the same Horner forms as radial-wgsl.ts, in f64: truncation error only
  const sinCos = (phi: number) => {
    const p2 = phi * phi;
    const s = phi * (1 + p2 * (-1 / 6 + p2 * (1 / 120 + p2 * (-1 / 5040 + p2 * (1 / 362880 + p2 * (-1 / 39916800 + p2 / 6227020800))))));
    const c = 1 + p2 * (-0.5 + p2 * (1 / 24 + p2 * (-1 / 720 + p2 * (1 / 40320 + p2 * (-1 / 3628800 + p2 * (1 / 479001600 - p2 / 87178291200))))));
    return [s, c];
  };
  it('are within 1e-9 of sin and cos on [0, π/2]', () => {
    for (let k = 0; k <= 1000; k++) {
      const phi = (k / 1000) * (Math.PI / 2);
      const [s, c] = sinCos(phi);
      expect(Math.abs(s - Math.sin(phi))).toBeLessThan(1e-9);
      expect(Math.abs(c - Math.cos(phi))).toBeLessThan(1e-9);
    }
  });
  it('is the form in the generated WGSL', () => {
    const wgsl = gpuRadial(parseHypers(HYPERS, laplacianEigenstateShape), 1).wgsl;
    expect(wgsl).toContain('fn sinCosQuarter(phi: f32) -> vec2<f32>');
    expect(wgsl).not.toMatch(/\bcos\(/);
  });
});
