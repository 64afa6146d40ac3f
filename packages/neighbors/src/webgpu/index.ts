// The WebGPU pieces of @equikit/neighbors: the runtime every equikit GPU calculator shares
// (device, program objects, pipeline cache, buffers) and the pair list on the GPU.
export { GpuBufferUsage, GPU_MAP_READ, type WebGpuAdapter, type WebGpuBuffer, type WebGpuCommandEncoder, type WebGpuComputePipeline, type WebGpuDevice } from './runtime/gpu-types.js';
export { assertWebGpuDevice, forgetWebGpuAdapter, requestWebGpuDevice, webGpuAdapter, webGpuMissingReason } from './runtime/device.js';
export { dispatchSize, f32Literal, WGSL_INDEXING, WGSL_TWO_SUM, type GpuProgram } from './runtime/program.js';
export { GpuContext, GpuDeviceLostError, type GpuContextOptions } from './runtime/context.js';
export { centreOffsets, uploadPairList, type GpuPairList } from './pair-list-gpu.js';
export { NeighborListGPU, gridShape, type GpuNeighborList, type NeighborListGPUOptions } from './neighbor-list-gpu.js';
