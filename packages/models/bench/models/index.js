// Model name → fit function: `fit(train, { element, overrides, onProgress })` resolves to
// { model, describe }, where model has predict(structure) → { energy, forces, stress }.
// Each model registers itself here (one line per model file).
import { fitLinear } from './linear.js';

export const MODELS = {
  linear: fitLinear,
};
