// The small part of the WebGPU API this package uses, declared structurally: the
// TypeScript DOM lib does not declare WebGPU, and a dependency on @webgpu/types only
// for these few members is not worth it. A real GPUDevice (from the browser, or typed
// by @webgpu/types) is assignable to GpuDevice.

/** GPUBufferUsage flags (numbers from the WebGPU spec, so no global is needed). */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

/** GPUMapMode.READ. */
export const MAP_READ = 0x0001;

export interface GpuBuffer {
  readonly size: number;
  mapAsync(mode: number, offset?: number, size?: number): Promise<undefined>;
  getMappedRange(offset?: number, size?: number): ArrayBuffer;
  unmap(): undefined | void;
  destroy(): undefined | void;
}

/** Opaque handles: only passed back to the API. */
export interface GpuBindGroup {
  readonly label: string;
}
export interface GpuBindGroupLayout {
  readonly label: string;
}
export interface GpuCommandBuffer {
  readonly label: string;
}

export interface GpuComputePass {
  setPipeline(pipeline: GpuComputePipeline): undefined | void;
  setBindGroup(index: number, bindGroup: GpuBindGroup): undefined | void;
  dispatchWorkgroups(x: number, y?: number, z?: number): undefined | void;
  end(): undefined | void;
}

export interface GpuCommandEncoder {
  beginComputePass(descriptor?: { label?: string }): GpuComputePass;
  copyBufferToBuffer(source: GpuBuffer, sourceOffset: number, destination: GpuBuffer, destinationOffset: number, size: number): undefined | void;
  finish(): GpuCommandBuffer;
}

export interface GpuQueue {
  writeBuffer(buffer: GpuBuffer, bufferOffset: number, data: ArrayBufferView, dataOffset?: number, size?: number): undefined | void;
  submit(commandBuffers: GpuCommandBuffer[]): undefined | void;
}

export interface GpuComputePipeline {
  getBindGroupLayout(index: number): GpuBindGroupLayout;
}

export interface GpuCompilationMessage {
  readonly message: string;
  readonly type: string;
  readonly lineNum: number;
  readonly linePos: number;
}

export interface GpuShaderModule {
  getCompilationInfo(): Promise<{ readonly messages: readonly GpuCompilationMessage[] }>;
}

export interface GpuDevice {
  readonly limits: {
    readonly maxStorageBufferBindingSize: number;
    readonly maxBufferSize: number;
    readonly maxComputeWorkgroupsPerDimension: number;
  };
  readonly queue: GpuQueue;
  readonly lost: Promise<{ readonly message: string }>;
  createBuffer(descriptor: { size: number; usage: number; label?: string }): GpuBuffer;
  createShaderModule(descriptor: { code: string; label?: string }): GpuShaderModule;
  createComputePipelineAsync(descriptor: {
    label?: string;
    layout: 'auto';
    compute: { module: GpuShaderModule; entryPoint: string };
  }): Promise<GpuComputePipeline>;
  createBindGroup(descriptor: {
    label?: string;
    layout: GpuBindGroupLayout;
    entries: { binding: number; resource: { buffer: GpuBuffer; offset?: number; size?: number } }[];
  }): GpuBindGroup;
  createCommandEncoder(descriptor?: { label?: string }): GpuCommandEncoder;
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): undefined | void;
  popErrorScope(): Promise<{ readonly message: string } | null>;
  destroy(): undefined | void;
}

export interface GpuAdapter {
  readonly limits?: unknown;
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly description?: string };
  requestDevice(descriptor?: { requiredLimits?: Record<string, number> }): Promise<GpuDevice>;
}

export interface GpuEntry {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapter | null>;
}
