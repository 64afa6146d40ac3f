// The part of the WebGPU API the equikit GPU kernels use, declared structurally: the
// TypeScript DOM lib does not declare WebGPU, and @webgpu/types for these few members is not
// worth a dependency. A real GPUDevice (browser, Deno) is assignable to WebGpuDevice.

/** GPUBufferUsage flags (numbers from the WebGPU spec, so no global is needed). */
export const GpuBufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

/** GPUMapMode.READ. */
export const GPU_MAP_READ = 0x0001;

export interface WebGpuBuffer {
  readonly size: number;
  mapAsync(mode: number, offset?: number, size?: number): Promise<undefined>;
  getMappedRange(offset?: number, size?: number): ArrayBuffer;
  unmap(): undefined | void;
  destroy(): undefined | void;
}

/** Opaque handles, only passed back to the API. */
export interface WebGpuBindGroup {
  readonly label: string;
}
export interface WebGpuBindGroupLayout {
  readonly label: string;
}
export interface WebGpuCommandBuffer {
  readonly label: string;
}

export interface WebGpuComputePass {
  setPipeline(pipeline: WebGpuComputePipeline): undefined | void;
  setBindGroup(index: number, bindGroup: WebGpuBindGroup): undefined | void;
  dispatchWorkgroups(x: number, y?: number, z?: number): undefined | void;
  end(): undefined | void;
}

export interface WebGpuCommandEncoder {
  beginComputePass(descriptor?: { label?: string }): WebGpuComputePass;
  copyBufferToBuffer(source: WebGpuBuffer, sourceOffset: number, destination: WebGpuBuffer, destinationOffset: number, size: number): undefined | void;
  clearBuffer(buffer: WebGpuBuffer, offset?: number, size?: number): undefined | void;
  finish(): WebGpuCommandBuffer;
}

export interface WebGpuQueue {
  writeBuffer(buffer: WebGpuBuffer, bufferOffset: number, data: ArrayBufferView, dataOffset?: number, size?: number): undefined | void;
  submit(commandBuffers: WebGpuCommandBuffer[]): undefined | void;
  onSubmittedWorkDone(): Promise<undefined>;
}

export interface WebGpuComputePipeline {
  getBindGroupLayout(index: number): WebGpuBindGroupLayout;
}

export interface WebGpuCompilationMessage {
  readonly message: string;
  readonly type: string;
  readonly lineNum: number;
  readonly linePos: number;
}

export interface WebGpuShaderModule {
  getCompilationInfo(): Promise<{ readonly messages: readonly WebGpuCompilationMessage[] }>;
}

export interface WebGpuLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxStorageBuffersPerShaderStage: number;
}

export interface WebGpuDevice {
  readonly limits: WebGpuLimits;
  readonly queue: WebGpuQueue;
  readonly lost: Promise<{ readonly message: string; readonly reason?: string }>;
  createBuffer(descriptor: { size: number; usage: number; label?: string; mappedAtCreation?: boolean }): WebGpuBuffer;
  createShaderModule(descriptor: { code: string; label?: string }): WebGpuShaderModule;
  createComputePipelineAsync(descriptor: {
    label?: string;
    layout: 'auto';
    compute: { module: WebGpuShaderModule; entryPoint: string };
  }): Promise<WebGpuComputePipeline>;
  createBindGroup(descriptor: {
    label?: string;
    layout: WebGpuBindGroupLayout;
    entries: { binding: number; resource: { buffer: WebGpuBuffer; offset?: number; size?: number } }[];
  }): WebGpuBindGroup;
  createCommandEncoder(descriptor?: { label?: string }): WebGpuCommandEncoder;
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): undefined | void;
  popErrorScope(): Promise<{ readonly message: string } | null>;
  destroy(): undefined | void;
}

export interface WebGpuAdapter {
  readonly limits?: unknown;
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly description?: string };
  requestDevice(descriptor?: { requiredLimits?: Record<string, number> }): Promise<WebGpuDevice>;
}

export interface WebGpuEntry {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<WebGpuAdapter | null>;
}
