// The parts of the WebGPU path that need no GPU, in Node: the error when WebGPU or an
// adapter is missing, argument checks before any device is touched, and the program
// object (cache key from set-up only, WGSL per lMax). The GPU results are checked in
// Chromium by webgpu.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  gradientRadiusLimit,
  harmonicsLoopsWgsl,
  harmonicsProgram,
  harmonicsWgsl,
  loopTables,
  MAX_GPU_L,
  MAX_UNROLLED_L,
  SphericalHarmonicsGPU,
  solidRadiusLimit,
} from '../src/webgpu/index.js';
import { buildPrefactors } from '../src/sh/prefactors.js';

afterEach(() => vi.unstubAllGlobals());

describe('SphericalHarmonicsGPU without a GPU', () => {
  it('names navigator.gpu when WebGPU is missing', async () => {
    vi.stubGlobal('navigator', undefined);
    await expect(SphericalHarmonicsGPU.create(2)).rejects.toThrow(/navigator\.gpu is missing: this runtime has no navigator.*Pass options\.device/);
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('isSecureContext', false);
    await expect(SphericalHarmonicsGPU.create(2)).rejects.toThrow(/navigator\.gpu is missing: the page is not a secure context/);
  });

  it('names the adapter when requestAdapter() finds none', async () => {
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => null } });
    await expect(SphericalHarmonicsGPU.create(2)).rejects.toThrow(/requestAdapter\(\) returned null: no WebGPU adapter/);
  });

  it('checks its arguments before asking for a device', async () => {
    const requestAdapter = vi.fn(async () => null);
    vi.stubGlobal('navigator', { gpu: { requestAdapter } });
    await expect(SphericalHarmonicsGPU.create(-1)).rejects.toThrow(RangeError);
    await expect(SphericalHarmonicsGPU.create(MAX_GPU_L + 1)).rejects.toThrow(/lMax must be an integer in \[0, 64\]/);
    await expect(SphericalHarmonicsGPU.create(MAX_UNROLLED_L + 1, { style: 'unrolled' })).rejects.toThrow(/options\.style 'unrolled' takes lMax ≤ 16, got 17/);
    await expect(SphericalHarmonicsGPU.create(2, { style: 'fast' as never })).rejects.toThrow(/options\.style must be one of 'unrolled', 'loops'/);
    await expect(SphericalHarmonicsGPU.create(1.5)).rejects.toThrow(TypeError);
    await expect(SphericalHarmonicsGPU.create(2, { normalized: 1 as unknown as boolean })).rejects.toThrow(/options\.normalized must be a boolean/);
    await expect(SphericalHarmonicsGPU.create(2, { device: {} as never })).rejects.toThrow(/options\.device must be a GPUDevice/);
    expect(requestAdapter).not.toHaveBeenCalled();
  });
});

/** A stand-in GPUDevice that records calls; enough for set-up, caching and ownership. */
function fakeDevice(options: { failBuild?: boolean } = {}) {
  const calls = { shaderModules: 0, pipelines: 0, destroyed: 0 };
  let lose: (info: { message: string }) => void = () => undefined;
  const device = {
    limits: { maxStorageBufferBindingSize: 1 << 27, maxBufferSize: 1 << 28, maxComputeWorkgroupsPerDimension: 65535 },
    queue: { writeBuffer: () => undefined, submit: () => undefined },
    lost: new Promise<{ message: string }>((resolve) => (lose = resolve)),
    createShaderModule: () => {
      calls.shaderModules++;
      return { getCompilationInfo: async () => ({ messages: [{ type: 'error', lineNum: 3, linePos: 7, message: 'unresolved value' }] }) };
    },
    createComputePipelineAsync: async () => {
      calls.pipelines++;
      if (options.failBuild) throw new Error('GPUPipelineError: invalid shader');
      return { getBindGroupLayout: () => ({ label: '' }) };
    },
    createBuffer: () => {
      throw new Error('not used by these tests');
    },
    createBindGroup: () => ({ label: '' }),
    createCommandEncoder: () => {
      throw new Error('not used by these tests');
    },
    pushErrorScope: () => undefined,
    popErrorScope: async () => null,
    destroy: () => {
      calls.destroyed++;
    },
  };
  return { device, calls, lose: (message: string) => lose({ message }) };
}

describe('SphericalHarmonicsGPU with a stand-in device', () => {
  it('compiles one pipeline per (device, lMax, kind) and shares it between calculators', async () => {
    const { device, calls } = fakeDevice();
    await SphericalHarmonicsGPU.create(3, { device });
    await SphericalHarmonicsGPU.create(3, { device });
    expect(calls.shaderModules).toBe(1);
    await SphericalHarmonicsGPU.create(3, { device, normalized: false });
    await SphericalHarmonicsGPU.create(4, { device });
    expect(calls.shaderModules).toBe(3);
    const other = fakeDevice();
    await SphericalHarmonicsGPU.create(3, { device: other.device });
    expect(other.calls.shaderModules).toBe(1);
  });

  it('reports a failed build with the compiler messages, and does not cache the failure', async () => {
    const { device, calls } = fakeDevice({ failBuild: true });
    await expect(SphericalHarmonicsGPU.create(2, { device })).rejects.toThrow(
      /the WGSL program sh:l2:spherical:values:unrolled failed to build: Error: GPUPipelineError: invalid shader \(error at 3:7: unresolved value\)/,
    );
    await expect(SphericalHarmonicsGPU.create(2, { device })).rejects.toThrow(/failed to build/);
    expect(calls.pipelines).toBe(2);
  });

  it('destroys only a device it requested itself', async () => {
    const given = fakeDevice();
    (await SphericalHarmonicsGPU.create(1, { device: given.device })).destroy();
    expect(given.calls.destroyed).toBe(0);
    const own = fakeDevice();
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => ({ limits: {}, requestDevice: async () => own.device }) } });
    const sh = await SphericalHarmonicsGPU.create(1);
    sh.destroy();
    sh.destroy();
    expect(own.calls.destroyed).toBe(1);
    await expect(sh.compute(new Float64Array(3))).rejects.toThrow(/this calculator was destroyed/);
  });

  it('rejects calls after the device is lost, naming the reason', async () => {
    const { device, lose } = fakeDevice();
    const sh = await SphericalHarmonicsGPU.create(1, { device });
    lose('the GPU process crashed');
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(sh.compute(new Float64Array(3))).rejects.toThrow(/the GPU device was lost: the GPU process crashed/);
  });

  it('checks compute arguments at call time, before earlier calls finish', async () => {
    const { device } = fakeDevice();
    const sh = await SphericalHarmonicsGPU.create(1, { device });
    await expect(sh.compute(new Float64Array(4))).rejects.toThrow(RangeError);
    await expect(sh.compute(Float64Array.of(0, Infinity, 0))).rejects.toThrow(/xyz\[0\]\[1\] must be finite/);
    // n = 0 needs no GPU work at all
    expect((await sh.compute(new Float32Array(0))).values).toHaveLength(0);
  });
});

describe('harmonicsProgram', () => {
  it('has a cache key from its set-up only, and one WGSL source per key', () => {
    const a = harmonicsProgram({ lMax: 4, normalized: true, gradients: false, style: 'unrolled' });
    expect(a.cacheKey).toBe('sh:l4:spherical:values:unrolled');
    const b = harmonicsProgram({ lMax: 4, normalized: false, gradients: true, style: 'loops' });
    expect(b.cacheKey).toBe('sh:l4:solid:grad:loops');
    expect(harmonicsProgram({ lMax: 4, normalized: true, gradients: false, style: 'unrolled' }).source).toBe(a.source);
    expect(a.workgroupSize).toBe(64);
    expect(a.bindings).toEqual([0, 1, 2]);
    expect(b.bindings).toEqual([0, 1, 2, 3, 4]);
    expect(a.source).not.toContain('gradients');
    expect(harmonicsWgsl({ lMax: 4, normalized: true, gradients: true })).toContain('@binding(3) var<storage, read_write> gradients');
  });

  it('writes each of the (lMax+1)² values once, and 3(lMax+1)² gradients', () => {
    for (const lMax of [0, 3, 8]) {
      const K = (lMax + 1) ** 2;
      const src = harmonicsWgsl({ lMax, normalized: false, gradients: true });
      const written = [...src.matchAll(/values\[o \+ (\d+)u\] =/g)].map((m) => Number(m[1]));
      expect(written.sort((x, y) => x - y)).toEqual(Array.from({ length: K }, (_, k) => k));
      const grads = new Set([...src.matchAll(/gradients\[g \+ (\d+)u\] =/g)].map((m) => Number(m[1])));
      expect(grads.size).toBe(3 * K);
    }
  });

  it('bakes the prefactors in as f32 literals that round-trip', () => {
    const pre = buildPrefactors(6);
    const src = harmonicsWgsl({ lMax: 6, normalized: true, gradients: false });
    const literals = new Set([...src.matchAll(/(\d+\.\d+(?:e[+-]\d+)?)f/g)].map((m) => Math.fround(Number(m[1]))));
    for (const v of [pre.a[0], pre.a[1], pre.b[5], pre.a[pre.colStart[6]]]) expect(literals.has(Math.fround(v))).toBe(true);
  });
});

describe('the loops programs', () => {
  it('stay small for any lMax and take their prefactors from a table', () => {
    const small = harmonicsLoopsWgsl({ lMax: 2, normalized: true, gradients: true });
    const large = harmonicsLoopsWgsl({ lMax: 64, normalized: true, gradients: true });
    expect(large.length - small.length).toBeLessThan(40);
    expect(large).toContain('const L: u32 = 64u;');
    expect(large).toContain('@binding(4) var<storage, read> tables');
    expect(harmonicsWgsl({ lMax: 16, normalized: true, gradients: true }).length).toBeGreaterThan(20 * large.length);
  });

  it('lays the tables out as a | b by column, then kp | km | kz by row', () => {
    const lMax = 5;
    const pre = buildPrefactors(lMax);
    const t = loopTables(lMax);
    const T = ((lMax + 1) * (lMax + 2)) / 2;
    expect(t).toHaveLength(5 * T);
    for (let m = 0; m <= lMax; m++) expect(pre.colStart[m]).toBe((m * (2 * lMax + 3 - m)) / 2); // the WGSL's column start
    expect(t[pre.colStart[3] + 1]).toBe(Math.fround(pre.a[pre.colStart[3] + 1]));
    expect(t[T + pre.colStart[1] + 3]).toBe(Math.fround(pre.b[pre.colStart[1] + 3]));
    expect(t[4 * T + 14]).toBe(Math.fround(pre.kz[14]));
  });
});

describe('f32 range limits', () => {
  it('keep |r|^l·N_l of solid harmonics, and 1/|r| gradients of spherical ones, inside f32', () => {
    for (const lMax of [1, 4, 8, 16]) {
      const n = Math.sqrt((2 * lMax + 1) / (4 * Math.PI));
      expect(solidRadiusLimit(lMax) ** lMax * n * 2 * (lMax + 1)).toBeLessThan(3.5e38);
      expect(solidRadiusLimit(lMax) ** lMax * n * 2 * (lMax + 1)).toBeGreaterThan(1e38);
      expect((2 * (lMax + 1) * n) / gradientRadiusLimit(lMax)).toBeLessThan(3.5e38);
    }
    expect(solidRadiusLimit(8)).toBeGreaterThan(1e4);
  });
});
