// The WebGPU path of @equikit/o3 (f32): harmonics for large point sets.
export {
  SphericalHarmonicsGPU,
  MAX_GPU_L,
  solidRadiusLimit,
  gradientRadiusLimit,
  type GpuDevice,
  type HarmonicsGPUResult,
  type SphericalHarmonicsGPUOptions,
} from './spherical-harmonics-gpu.js';
export { harmonicsProgram, harmonicsWgsl, type HarmonicsProgram, type HarmonicsProgramKey } from './sh-wgsl.js';
