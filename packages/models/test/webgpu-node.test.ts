// predictAsync and LinearModelGPU where there is no WebGPU (Node): 'auto' runs on the CPU,
// 'webgpu' names what is missing, models it cannot run are refused before any device.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LinearPotential } from '../src/linear/index.js';
import { LinearModelGPU, linearModelDescription, predictAsync, WEBGPU_AUTO_MIN_ATOMS } from '../src/webgpu/index.js';

afterEach(() => vi.unstubAllGlobals());

const EXPANSION = {
  cutoff: { radius: 3, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.3 },
  basis: { maxAngular: 2, radial: { type: 'gto' as const, maxRadial: 2 }, splineAccuracy: 1e-6 },
};

function base64(values: number[]): string {
  return Buffer.from(new Float64Array(values).buffer).toString('base64');
}

function potential(normalize = false) {
  const F = 2 * 2 * 3;
  return LinearPotential.fromJSON({
    format: 'equikit.LinearPotential',
    version: 1,
    features: { type: 'power-spectrum', expansion: EXPANSION, normalize },
    featureState: null,
    species: [29],
    size: F,
    weights: base64(Array.from({ length: F }, (_, k) => Math.sin(k + 1))),
    referenceEnergies: base64([-1.5]),
    fit: null,
  });
}

const dimer = { positions: [0, 0, 0, 1.2, 0.9, 0.3], numbers: [29, 29] };

describe('predictAsync without WebGPU', () => {
  it("'auto' runs LinearPotential.predict on the CPU, with the same numbers", async () => {
    vi.stubGlobal('navigator', undefined);
    const p = potential();
    const got = await predictAsync(p, dimer, { minAtoms: 0 });
    expect(got.backend).toMatch(/^(js|wasm|wasm-simd)$/);
    const ref = p.predict(dimer as never);
    expect(got.energy).toBe(ref.energy);
    expect(Array.from(got.forces)).toEqual(Array.from(ref.forces));
    expect(WEBGPU_AUTO_MIN_ATOMS).toBeGreaterThan(100);
  });

  it("'webgpu' names the missing navigator.gpu", async () => {
    vi.stubGlobal('navigator', undefined);
    await expect(predictAsync(potential(), dimer, { backend: 'webgpu' })).rejects.toThrow(/navigator\.gpu is missing/);
  });

  it('checks its options', async () => {
    await expect(predictAsync(potential(), dimer, { minAtoms: -1 })).rejects.toThrow(/options\.minAtoms must be a non-negative integer/);
    await expect(predictAsync(potential(), dimer, null as never)).rejects.toThrow(/options must be an object/);
  });
});

describe('LinearModelGPU refusals', () => {
  it('runs power-spectrum models without normalisation only', () => {
    expect(() => linearModelDescription(potential(true))).toThrow(/without normalisation/);
    expect(linearModelDescription(potential()).referenceEnergies).toEqual([-1.5]);
  });

  it('checks the model before asking for a device', async () => {
    const requestAdapter = vi.fn(async () => null);
    vi.stubGlobal('navigator', { gpu: { requestAdapter } });
    const model = linearModelDescription(potential());
    await expect(LinearModelGPU.create({ ...model, species: [29, 28] })).rejects.toThrow(/must not repeat|sorted increasing/);
    await expect(LinearModelGPU.create({ ...model, weights: [1, Number.NaN] })).rejects.toThrow(/model\.weights\[1\] must be a finite number/);
    await expect(LinearModelGPU.create({ ...model, referenceEnergies: [1, 2] })).rejects.toThrow(/one entry per species \(1\), got 2/);
    expect(requestAdapter).not.toHaveBeenCalled();
  });
});
