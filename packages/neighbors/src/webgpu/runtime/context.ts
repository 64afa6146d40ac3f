// One GPUDevice with what every equikit GPU calculator needs from it: cached pipelines,
// buffers, dispatches inside an error scope, read-back, and device-loss detection.
import { assertWebGpuDevice, requestWebGpuDevice } from './device.js';
import { GPU_MAP_READ, GpuBufferUsage, type WebGpuBuffer, type WebGpuCommandEncoder, type WebGpuComputePipeline, type WebGpuDevice } from './gpu-types.js';
import { dispatchSize, type GpuProgram } from './program.js';

const pipelineCache = new WeakMap<WebGpuDevice, Map<string, Promise<WebGpuComputePipeline>>>();

/** Thrown when the device is gone; callers that can fall back to the CPU catch this one. */
export class GpuDeviceLostError extends Error {
  constructor(who: string, message: string) {
    super(`${who}: the GPU device was lost: ${message}`);
    this.name = 'GpuDeviceLostError';
  }
}

export interface GpuContextOptions {
  /** A GPUDevice to run on; without it one is requested (and destroyed by destroy()). */
  device?: unknown;
}

export class GpuContext {
  readonly device: WebGpuDevice;
  private readonly ownsDevice: boolean;
  private lostMessage: string | undefined;
  private destroyed = false;

  private constructor(device: WebGpuDevice, ownsDevice: boolean) {
    this.device = device;
    this.ownsDevice = ownsDevice;
    device.lost.then((info) => (this.lostMessage = info.message || 'device lost')).catch(() => undefined);
  }

  /** The caller's device, or a new one (`who` names the calculator in errors). */
  static async create(who: string, options: GpuContextOptions = {}): Promise<GpuContext> {
    if (options.device !== undefined) {
      assertWebGpuDevice(options.device, 'options.device');
      return new GpuContext(options.device, false);
    }
    return new GpuContext(await requestWebGpuDevice(who), true);
  }

  /** A context on a device shared with another calculator (never destroys it). */
  static shared(context: GpuContext): GpuContext {
    return new GpuContext(context.device, false);
  }

  get lost(): string | undefined {
    return this.lostMessage;
  }

  /** Throws GpuDeviceLostError when the device is gone, an Error when this context was destroyed. */
  check(who: string): void {
    if (this.destroyed) throw new Error(`${who}: this calculator was destroyed`);
    if (this.lostMessage !== undefined) throw new GpuDeviceLostError(who, this.lostMessage);
  }

  /** The compiled pipeline of `program`, built once per device and cache key. */
  pipeline(program: GpuProgram): Promise<WebGpuComputePipeline> {
    let perDevice = pipelineCache.get(this.device);
    if (!perDevice) pipelineCache.set(this.device, (perDevice = new Map()));
    const cached = perDevice.get(program.cacheKey);
    if (cached) return cached;
    const module = this.device.createShaderModule({ code: program.source, label: program.cacheKey });
    const map = perDevice;
    const built = this.device.createComputePipelineAsync({ label: program.cacheKey, layout: 'auto', compute: { module, entryPoint: 'main' } }).catch(async (error: unknown) => {
      map.delete(program.cacheKey); // a failure is not cached
      const info = await module.getCompilationInfo().catch(() => ({ messages: [] }));
      const messages = info.messages.map((m) => `${m.type} at ${m.lineNum}:${m.linePos}: ${m.message}`).join('; ');
      throw new Error(`${program.name}: the WGSL program ${program.cacheKey} failed to build: ${String(error)}${messages ? ` (${messages})` : ''}`);
    });
    perDevice.set(program.cacheKey, built);
    return built;
  }

  /** A storage buffer of at least `bytes` (rounded up to 16; never 0 bytes). */
  buffer(label: string, bytes: number, extraUsage = 0): WebGpuBuffer {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    if (size > this.device.limits.maxBufferSize) {
      throw new RangeError(`${label}: ${size} bytes are more than this device's maxBufferSize (${this.device.limits.maxBufferSize})`);
    }
    return this.device.createBuffer({ label, size, usage: GpuBufferUsage.STORAGE | GpuBufferUsage.COPY_SRC | GpuBufferUsage.COPY_DST | extraUsage });
  }

  /** A storage buffer holding `data`. */
  upload(label: string, data: ArrayBufferView): WebGpuBuffer {
    const buffer = this.buffer(label, data.byteLength);
    if (data.byteLength > 0) this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  /** A uniform buffer of u32/f32 words (each entry a number; `f32` marks the indices written as f32). */
  params(label: string, words: readonly number[], f32: readonly number[] = []): WebGpuBuffer {
    const data = new ArrayBuffer(Math.max(16, Math.ceil((4 * words.length) / 16) * 16));
    const u = new Uint32Array(data);
    const f = new Float32Array(data);
    words.forEach((w, k) => (f32.includes(k) ? (f[k] = w) : (u[k] = w)));
    const buffer = this.device.createBuffer({ label, size: data.byteLength, usage: GpuBufferUsage.UNIFORM | GpuBufferUsage.COPY_DST });
    this.device.queue.writeBuffer(buffer, 0, new Uint8Array(data));
    return buffer;
  }

  /**
   * Records one dispatch of `program` over `items` with `buffers` bound at 0, 1, 2, … .
   * Each binding must fit maxStorageBufferBindingSize (checked here, with the buffer's label).
   */
  dispatch(encoder: WebGpuCommandEncoder, program: GpuProgram, pipeline: WebGpuComputePipeline, buffers: readonly WebGpuBuffer[], items: number): void {
    const [x, y] = dispatchSize(program, items, this.device.limits.maxComputeWorkgroupsPerDimension);
    if (x === 0) return;
    const limit = this.device.limits.maxStorageBufferBindingSize;
    buffers.forEach((b, k) => {
      if (b.size > limit) throw new RangeError(`${program.name}: binding ${k} needs ${b.size} bytes, more than this device's maxStorageBufferBindingSize (${limit})`);
    });
    const bindGroup = this.device.createBindGroup({
      label: program.cacheKey,
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const pass = encoder.beginComputePass({ label: program.name });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y);
    pass.end();
  }

  /** Submits `encoder` inside validation and out-of-memory error scopes; throws what they caught. */
  async submit(who: string, encoder: WebGpuCommandEncoder): Promise<void> {
    this.check(who);
    await this.lossAware(who, async () => {
      this.device.pushErrorScope('out-of-memory');
      this.device.pushErrorScope('validation');
      this.device.queue.submit([encoder.finish()]);
      const validation = await this.device.popErrorScope();
      const memory = await this.device.popErrorScope();
      if (validation) throw new Error(`${who}: WebGPU rejected the work: ${validation.message}`);
      if (memory) throw new RangeError(`${who}: the GPU ran out of memory: ${memory.message}`);
    });
  }

  /** Runs `work`; an error it throws while the device is (or turns out to be) lost becomes GpuDeviceLostError. */
  private async lossAware<T>(who: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.check(who); // lost while it ran: results may be garbage
      return result;
    } catch (error) {
      if (error instanceof GpuDeviceLostError) throw error;
      // device.lost resolves a little after the failing call: give it a turn
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.lostMessage !== undefined) throw new GpuDeviceLostError(who, this.lostMessage);
      throw error;
    }
  }

  /** Copies `bytes` of each buffer (from `offset`, a multiple of 4) back to the CPU (one staging buffer, one map). */
  async read(who: string, sources: readonly { buffer: WebGpuBuffer; bytes: number; offset?: number }[]): Promise<ArrayBuffer[]> {
    const sizes = sources.map((s) => Math.ceil(s.bytes / 4) * 4);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total === 0) return sources.map(() => new ArrayBuffer(0));
    const staging = this.device.createBuffer({ label: `${who} read-back`, size: total, usage: GpuBufferUsage.MAP_READ | GpuBufferUsage.COPY_DST });
    try {
      const encoder = this.device.createCommandEncoder();
      let offset = 0;
      sources.forEach((s, k) => {
        if (sizes[k] > 0) encoder.copyBufferToBuffer(s.buffer, s.offset ?? 0, staging, offset, sizes[k]);
        offset += sizes[k];
      });
      await this.submit(who, encoder);
      await this.lossAware(who, () => staging.mapAsync(GPU_MAP_READ, 0, total));
      const range = staging.getMappedRange(0, total);
      offset = 0;
      const out = sources.map((s, k) => {
        const copy = range.slice(offset, offset + s.bytes);
        offset += sizes[k];
        return copy;
      });
      staging.unmap();
      return out;
    } finally {
      staging.destroy();
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.ownsDevice) this.device.destroy();
  }
}
