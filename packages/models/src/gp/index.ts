// Public exports of src/gp: the SOAP-GAP style sparse GP potential and its sparse-point selection.
export { SparseGPPotential, SPARSE_GP_FORMAT, type SparseGPJSON } from './sparse-gp.js';
export type { SparseGPFeatures, SparseGPFitOptions, SparseGPProgress, SparseGPWeights, SparsePointsOptions, SparseMethod, FitStage } from './options.js';
export { farthestPointSampling, curSelection, type CurOptions } from './sparse-selection.js';
export type { SparseSet } from './kernel.js';
