export { init, wasmModule } from './wasm.js';
export type {
  BasisHypers,
  CutoffHypers,
  DensityHypers,
  DensityScalingHypers,
  RadialBasisHypers,
  SmoothingHypers,
  SphericalExpansionHypers,
  TabulatedPoint,
} from './hypers.js';
export { hyp1f1, hyp1f1Scaled } from './math/hyp1f1.js';
export { SphericalExpansion, checkSpecies, presentSpecies, type DenseOptions } from './spherical-expansion.js';
export { toStructure, type StructureInput } from './structure-input.js';
export { typeIndex } from './expansion/pair-expansion.js';
export type { DenseExpansion } from './dense.js';
export type { ComputeOptions } from './spherical-expansion.js';
export type { GradientParameter } from './tensor-map.js';
export type { PairList, PairSink } from './expansion/pair-expansion.js';
export * from './webgpu/index.js';
