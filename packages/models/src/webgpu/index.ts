// The WebGPU path of @equikit/models (f32): a linear power-spectrum model's energy and forces.
export { LinearModelGPU, type GpuPrediction, type LinearModelDescription, type LinearModelGPUOptions } from './linear-model-gpu.js';
export { atomEnergyProgram } from './energy-wgsl.js';
export { linearModelDescription, linearModelGPU, predictAsync, WEBGPU_AUTO_MIN_ATOMS, type AsyncPrediction, type PredictAsyncOptions } from './linear-model-auto.js';
