export type { CentreMap } from './centre-map.js';
export { NormalizedMap } from './normalized.js';
export { PowerSpectrumMap, type PowerSpectrumMapOptions, type PowerSpectrumShape } from './power-spectrum-map.js';
export { PowerSpectrum, type PowerSpectrumOptions } from './power-spectrum.js';
export { InvariantCalculator, type GradientName, type InvariantDenseOptions, type NeighbourAxis } from './invariant-calculator.js';
export { computeFeatureTensorMap, type FeatureMapOptions } from './tensor-map.js';
export { blockSize, singleBlockLayout, type FeatureBlock, type FeatureLayout } from './tensor-map-layout.js';
export { checkComputeArguments, type CheckedCompute, type ComputeOptions } from './tensor-map-options.js';
export {
  denseFeatures,
  expandAndMap,
  speciesSums,
  streamPairTangents,
  vectorJacobianProduct,
  type DenseFeatures,
  type Expanded,
  type SpeciesSums,
  type VectorJacobianProduct,
} from './driver.js';
export * from './nice/index.js';
export * from './equivariant/index.js';
export * from './species/index.js';
export * from './wasm/index.js';
export * from './webgpu/index.js';
