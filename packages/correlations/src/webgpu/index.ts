// The WebGPU path of @equikit/correlations (f32): the power spectrum on the expansion's GPU buffers.
export { PowerSpectrumGPU, type PowerSpectrumGPUOptions } from './power-spectrum-gpu.js';
export { normalizeProgram, powerSpectrumProgram, pullbackProgram as powerSpectrumPullbackProgram, type PowerSpectrumShape as PowerSpectrumGpuShape } from './power-spectrum-wgsl.js';
