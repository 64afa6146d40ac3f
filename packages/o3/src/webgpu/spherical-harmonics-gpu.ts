// Real spherical (or solid) harmonics on WebGPU, in f32, for large point sets. Same
// layout and conventions as SphericalHarmonics (sh/spherical-harmonics.ts); the WGSL is
// generated once per (lMax, normalized, gradients) and cached per device.
import { assertBoolean, assertInteger, assertOneOf } from '@equikit/core';
import { requestGpuDevice } from './device.js';
import { BufferUsage, MAP_READ, type GpuBuffer, type GpuComputePipeline, type GpuDevice } from './gpu-types.js';
import { MAX_L } from '../sh/prefactors.js';
import { harmonicsProgram, MAX_UNROLLED_L, type HarmonicsProgramKey, type ProgramStyle } from './sh-program.js';
import { loopTables } from './sh-wgsl-loops.js';
import { checkedPoints, output } from './points.js';
import { WORKGROUP_SIZE } from './wgsl-common.js';

export type { GpuDevice };

/** Largest lMax on the GPU, as on the CPU. Above MAX_UNROLLED_L (16) the 'loops' programs are used. */
export const MAX_GPU_L = MAX_L;

export interface SphericalHarmonicsGPUOptions {
  /**
   * true (default): real spherical harmonics of r/|r| (orthonormal on the sphere), as
   * SphericalHarmonics; false: real solid harmonics |r|^l·Y(r/|r|).
   */
  normalized?: boolean;
  /** A GPUDevice to run on; default: one requested from navigator.gpu (destroyed by destroy()). */
  device?: GpuDevice;
  /**
   * 'unrolled' (default for lMax ≤ 16, the only lMax it accepts): straight-line WGSL, slow
   * to build for large lMax (on SwiftShader about 4 s for gradients at lMax 16);
   * 'loops' (default above 16): loops over prefactor tables, quick to build for any lMax.
   */
  style?: ProgramStyle;
}

/** Outputs, f32, sphericart's layout with K = (lMax+1)², k = l² + l + m. */
export interface HarmonicsGPUResult {
  /** n × K: values[i·K + k]. */
  values: Float32Array;
  /** n × 3 × K: gradients[(i·3 + a)·K + k] = ∂Y_k/∂r_a (a = x, y, z). */
  gradients?: Float32Array;
}

interface Buffers {
  capacity: number;
  withGradients: boolean;
  params: GpuBuffer;
  input: GpuBuffer;
  values: GpuBuffer;
  gradients: GpuBuffer | undefined;
  staging: GpuBuffer;
}

/** Compiled pipelines, shared by every calculator on a device, by program cache key. */
const pipelineCache = new WeakMap<GpuDevice, Map<string, Promise<GpuComputePipeline>>>();

async function compile(device: GpuDevice, key: HarmonicsProgramKey): Promise<GpuComputePipeline> {
  const program = harmonicsProgram(key);
  let perDevice = pipelineCache.get(device);
  if (!perDevice) pipelineCache.set(device, (perDevice = new Map()));
  const cached = perDevice.get(program.cacheKey);
  if (cached) return cached;
  const module = device.createShaderModule({ code: program.source, label: program.cacheKey });
  const pipeline = device.createComputePipelineAsync({ label: program.cacheKey, layout: 'auto', compute: { module, entryPoint: 'main' } }).catch(async (error: unknown) => {
    perDevice.delete(program.cacheKey);
    const info = await module.getCompilationInfo().catch(() => ({ messages: [] }));
    const messages = info.messages.map((m) => `${m.type} at ${m.lineNum}:${m.linePos}: ${m.message}`).join('; ');
    throw new Error(`SphericalHarmonicsGPU: the WGSL program ${program.cacheKey} failed to build: ${String(error)}${messages ? ` (${messages})` : ''}`);
  });
  perDevice.set(program.cacheKey, pipeline);
  return pipeline;
}

/**
 * Real spherical harmonics of many points on a GPU, in f32. Build with
 * `await SphericalHarmonicsGPU.create(lMax, options)`; each `compute` uploads the points,
 * runs one dispatch per chunk and reads the values back. Buffers are kept and reused
 * across calls while they are large enough; `destroy()` frees them.
 *
 * Conventions are SphericalHarmonics's: Y(1,−1) ∝ y, Y(1,0) ∝ z, Y(1,1) ∝ x; at the
 * origin Y = (1/√4π, 0, …) with zero gradients. Points are rounded to f32 first; a point
 * whose every |coordinate| is below 1.18e−38 (the smallest normal f32) counts as the origin.
 */
export class SphericalHarmonicsGPU {
  readonly lMax: number;
  readonly normalized: boolean;
  /** Number of harmonics per point, (lMax+1)². */
  readonly size: number;
  readonly device: GpuDevice;
  /** The WGSL program style in use, 'unrolled' or 'loops'. */
  readonly style: ProgramStyle;
  private readonly ownsDevice: boolean;
  /** Prefactor tables (binding 4) of the 'loops' programs. */
  private tables: GpuBuffer | undefined;
  private buffers: Buffers | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private lostMessage: string | undefined;
  private destroyed = false;

  private constructor(lMax: number, normalized: boolean, style: ProgramStyle, device: GpuDevice, ownsDevice: boolean) {
    this.lMax = lMax;
    this.normalized = normalized;
    this.style = style;
    this.size = (lMax + 1) * (lMax + 1);
    this.device = device;
    this.ownsDevice = ownsDevice;
    device.lost.then((info) => (this.lostMessage = info.message || 'device lost')).catch(() => undefined);
  }

  /** Validates the options, gets a device and compiles the values program. */
  static async create(lMax: number, options: SphericalHarmonicsGPUOptions = {}): Promise<SphericalHarmonicsGPU> {
    assertInteger(lMax, 'lMax', 0, MAX_GPU_L);
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const { normalized = true, device, style = lMax <= MAX_UNROLLED_L ? 'unrolled' : 'loops' } = options;
    assertBoolean(normalized, 'options.normalized');
    assertOneOf(style, 'options.style', ['unrolled', 'loops']);
    if (style === 'unrolled' && lMax > MAX_UNROLLED_L) {
      throw new RangeError(`options.style 'unrolled' takes lMax ≤ ${MAX_UNROLLED_L}, got ${lMax}; use 'loops'`);
    }
    if (device !== undefined && (device === null || typeof device !== 'object' || typeof device.createBuffer !== 'function')) {
      throw new TypeError('options.device must be a GPUDevice (from adapter.requestDevice())');
    }
    const gpu = new SphericalHarmonicsGPU(lMax, normalized, style, device ?? (await requestGpuDevice()), device === undefined);
    try {
      if (style === 'loops') {
        const tables = loopTables(lMax);
        gpu.tables = gpu.device.createBuffer({ label: 'sh prefactors', size: tables.byteLength, usage: BufferUsage.STORAGE | BufferUsage.COPY_DST });
        gpu.device.queue.writeBuffer(gpu.tables, 0, tables);
      }
      await compile(gpu.device, gpu.programKey(false));
    } catch (error) {
      gpu.destroy();
      throw error;
    }
    return gpu;
  }

  /** Values, n × (lMax+1)², as f32. `out.values` (a Float32Array of that length) is filled if given. */
  compute(xyz: Float32Array | Float64Array, out?: { values?: Float32Array }): Promise<{ values: Float32Array }> {
    return this.enqueue(xyz, false, out) as Promise<{ values: Float32Array }>;
  }

  /** Values and gradients (n × 3 × (lMax+1)²), as f32; `out` as for compute. */
  computeWithGradients(
    xyz: Float32Array | Float64Array,
    out?: { values?: Float32Array; gradients?: Float32Array },
  ): Promise<{ values: Float32Array; gradients: Float32Array }> {
    return this.enqueue(xyz, true, out) as Promise<{ values: Float32Array; gradients: Float32Array }>;
  }

  /** Frees the GPU buffers (and the device, when create() requested it). Later calls throw. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.releaseBuffers();
    this.tables?.destroy();
    if (this.ownsDevice) this.device.destroy();
  }

  /**
   * Checks the arguments now (a bad call rejects at once), then runs after the calls
   * before it: they share the buffers. A Float64Array input is converted now; a
   * Float32Array is uploaded when the call's turn comes, so leave it unchanged until then.
   */
  private enqueue(xyz: Float32Array | Float64Array, withGradients: boolean, out: Partial<HarmonicsGPUResult> | undefined): Promise<HarmonicsGPUResult> {
    let points: Float32Array;
    let values: Float32Array;
    let gradients: Float32Array | undefined;
    try {
      points = checkedPoints(xyz, this.lMax, this.normalized, withGradients);
      if (out !== undefined && (out === null || typeof out !== 'object')) {
        throw new TypeError(`out must be an object { values?, gradients? }, got ${out === null ? 'null' : typeof out}`);
      }
      const n = points.length / 3;
      values = output(out?.values, 'out.values', n * this.size);
      gradients = withGradients ? output(out?.gradients, 'out.gradients', 3 * n * this.size) : undefined;
    } catch (error) {
      return Promise.reject(error);
    }
    const job = this.tail.then(() => this.run(points, values, gradients));
    this.tail = job.catch(() => undefined);
    return job;
  }

  private async run(points: Float32Array, values: Float32Array, gradients: Float32Array | undefined): Promise<HarmonicsGPUResult> {
    if (this.destroyed) throw new Error('SphericalHarmonicsGPU: this calculator was destroyed');
    if (this.lostMessage !== undefined) throw new Error(`SphericalHarmonicsGPU: the GPU device was lost: ${this.lostMessage}`);
    const n = points.length / 3;
    const withGradients = gradients !== undefined;
    if (n > 0) {
      const pipeline = await compile(this.device, this.programKey(withGradients));
      const chunk = this.chunkPoints(withGradients);
      for (let start = 0; start < n; start += chunk) {
        await this.runChunk(pipeline, points, start, Math.min(chunk, n - start), values, gradients);
      }
    }
    return gradients ? { values, gradients } : { values };
  }

  private programKey(gradients: boolean): HarmonicsProgramKey {
    return { lMax: this.lMax, normalized: this.normalized, gradients, style: this.style };
  }

  /** Points per dispatch: bounded by the storage-binding and buffer size limits and the grid size. */
  private chunkPoints(withGradients: boolean): number {
    const { maxStorageBufferBindingSize, maxBufferSize, maxComputeWorkgroupsPerDimension } = this.device.limits;
    const K = this.size;
    const largestBinding = 4 * K * (withGradients ? 3 : 1);
    const staging = 4 * K * (withGradients ? 4 : 1);
    const limit = Math.min(
      Math.floor(maxStorageBufferBindingSize / largestBinding),
      Math.floor(maxBufferSize / staging),
      maxComputeWorkgroupsPerDimension * WORKGROUP_SIZE,
    );
    if (limit < 1) throw new RangeError(`SphericalHarmonicsGPU: lMax ${this.lMax} needs ${largestBinding} bytes per point, more than this device's storage limits`);
    return limit;
  }

  private async runChunk(
    pipeline: GpuComputePipeline,
    points: Float32Array,
    start: number,
    count: number,
    values: Float32Array,
    gradients: Float32Array | undefined,
  ): Promise<void> {
    const { device } = this;
    const K = this.size;
    const withGradients = gradients !== undefined;
    const b = this.ensureBuffers(count, withGradients);
    const valueBytes = 4 * count * K;
    const gradientBytes = withGradients ? 3 * valueBytes : 0;
    device.pushErrorScope('validation');
    device.queue.writeBuffer(b.params, 0, Uint32Array.of(count, 0, 0, 0));
    device.queue.writeBuffer(b.input, 0, points.subarray(3 * start, 3 * (start + count)));
    const entries = [
      { binding: 0, resource: { buffer: b.params } },
      { binding: 1, resource: { buffer: b.input, size: 12 * count } },
      { binding: 2, resource: { buffer: b.values, size: valueBytes } },
    ];
    if (withGradients) entries.push({ binding: 3, resource: { buffer: b.gradients!, size: gradientBytes } });
    if (this.tables) entries.push({ binding: 4, resource: { buffer: this.tables } });
    const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(count / WORKGROUP_SIZE));
    pass.end();
    encoder.copyBufferToBuffer(b.values, 0, b.staging, 0, valueBytes);
    if (withGradients) encoder.copyBufferToBuffer(b.gradients!, 0, b.staging, valueBytes, gradientBytes);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) throw new Error(`SphericalHarmonicsGPU: WebGPU rejected the dispatch: ${error.message}`);
    await b.staging.mapAsync(MAP_READ, 0, valueBytes + gradientBytes);
    try {
      const range = b.staging.getMappedRange(0, valueBytes + gradientBytes);
      values.set(new Float32Array(range, 0, count * K), start * K);
      gradients?.set(new Float32Array(range, valueBytes, 3 * count * K), 3 * start * K);
    } finally {
      b.staging.unmap();
    }
  }

  /** The buffer set, reallocated only when a chunk needs more room than it has. */
  private ensureBuffers(count: number, withGradients: boolean): Buffers {
    const current = this.buffers;
    if (current && current.capacity >= count && (current.withGradients || !withGradients)) return current;
    const capacity = Math.max(count, current?.capacity ?? 0);
    const keepGradients = withGradients || (current?.withGradients ?? false);
    this.releaseBuffers();
    const K = this.size;
    const { device } = this;
    const storage = BufferUsage.STORAGE;
    const valueBytes = 4 * capacity * K;
    this.buffers = {
      capacity,
      withGradients: keepGradients,
      params: device.createBuffer({ label: 'sh params', size: 16, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST }),
      input: device.createBuffer({ label: 'sh xyz', size: 12 * capacity, usage: storage | BufferUsage.COPY_DST }),
      values: device.createBuffer({ label: 'sh values', size: valueBytes, usage: storage | BufferUsage.COPY_SRC }),
      gradients: keepGradients ? device.createBuffer({ label: 'sh gradients', size: 3 * valueBytes, usage: storage | BufferUsage.COPY_SRC }) : undefined,
      staging: device.createBuffer({ label: 'sh readback', size: valueBytes * (keepGradients ? 4 : 1), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST }),
    };
    return this.buffers;
  }

  private releaseBuffers(): void {
    const b = this.buffers;
    this.buffers = undefined;
    if (!b) return;
    for (const buffer of [b.params, b.input, b.values, b.gradients, b.staging]) buffer?.destroy();
  }
}
