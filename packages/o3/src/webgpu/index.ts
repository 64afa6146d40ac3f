// The WebGPU path of @equikit/o3 (f32): harmonics for large point sets.
export {
  SphericalHarmonicsGPU,
  MAX_GPU_L,
  type GpuDevice,
  type HarmonicsGPUResult,
  type SphericalHarmonicsGPUOptions,
} from './spherical-harmonics-gpu.js';
export { gradientRadiusLimit, solidRadiusLimit } from './points.js';
export { harmonicsProgram, MAX_UNROLLED_L, type HarmonicsProgram, type HarmonicsProgramKey, type ProgramStyle } from './sh-program.js';
export { harmonicsWgsl } from './sh-wgsl.js';
export { harmonicsLoopsWgsl, loopTables } from './sh-wgsl-loops.js';
export { harmonicsStatementsWgsl, type HarmonicsStatementsOptions } from './sh-wgsl-statements.js';
