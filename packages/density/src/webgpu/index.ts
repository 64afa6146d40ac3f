// The WebGPU path of @equikit/density (f32): the expansion and its backward pass for forces.
export { SphericalExpansionGPU, type GpuSystem, type GpuSystemOptions, type SphericalExpansionGPUOptions } from './spherical-expansion-gpu.js';
export { expansionProgram, pullbackProgram, EXPANSION_WORKGROUP, type ExpansionShape } from './expansion-wgsl.js';
export { gpuRadial, type GpuRadial } from './radial-wgsl.js';
