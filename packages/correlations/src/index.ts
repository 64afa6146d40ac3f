export type { CentreMap } from './centre-map.js';
export { NormalizedMap } from './normalized.js';
export { PowerSpectrumMap, type PowerSpectrumShape } from './power-spectrum-map.js';
export { PowerSpectrum, type PowerSpectrumOptions } from './power-spectrum.js';
export { InvariantCalculator, type GradientName, type InvariantDenseOptions } from './invariant-calculator.js';
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
