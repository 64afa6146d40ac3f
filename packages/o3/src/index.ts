export { init, wasmModule } from './wasm.js';
export {
  SphericalHarmonics,
  sphericalHarmonics,
  MAX_L,
  type ArrayFor,
  type HarmonicsResult,
  type Precision,
  type SphericalHarmonicsOptions,
} from './sh/spherical-harmonics.js';
export { clebschGordan, wigner3j, MAX_COUPLING_L } from './cg/tables.js';
export { clebschGordanReal } from './cg/real.js';
export { wignerD, wignerDAll, MAX_WIGNER_L, type RotationInput } from './rotation/wigner-d.js';
export { mulberry32, randomRotation, randomO3, eulerToMatrix, quaternionToMatrix, type Rng } from './rotation/random.js';
export { Irrep, Irreps, MulIrrep, type Parity } from './irreps.js';
export {
  E3NN_NORMALIZATIONS,
  e3nnNormalizationFactor,
  fromE3nnAxes,
  fromE3nnNormalization,
  gradientsToE3nnAxes,
  toE3nnAxes,
  toE3nnNormalization,
  type E3nnNormalization,
} from './e3nn.js';
export { SphericalHarmonicsGPU, MAX_GPU_L, solidRadiusLimit, gradientRadiusLimit, type GpuDevice, type HarmonicsGPUResult, type SphericalHarmonicsGPUOptions, type ProgramStyle } from './webgpu/index.js';
export { harmonicsStatementsWgsl, type HarmonicsStatementsOptions } from './webgpu/sh-wgsl-statements.js';
