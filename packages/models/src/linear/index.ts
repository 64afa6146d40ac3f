// Public exports of src/linear.
export { LinearPotential, type LinearFitReport, type LinearPotentialJSON } from './linear-potential.js';
export { AUTO_WEIGHTS, type FitProgress, type LinearFitOptions } from './options.js';
export type { FeatureConfig } from './features.js';
export type { RowWeights } from './design.js';
export { ConcatenatedFeatures, type FeatureCalculator } from './concatenated-features.js';
