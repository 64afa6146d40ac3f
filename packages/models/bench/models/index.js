// Model name → fit function: `fit(train, { element, overrides, onProgress })` resolves to
// { model, describe }, where model has predict(structure) → { energy, forces, stress }.
// Each model registers itself here (one line per model file).
import { fitLinear } from './linear.js';
import { fitLinearNice } from './linear-nice.js';
import { fitGp } from './gp.js';

export const MODELS = {
  linear: fitLinear,
  'linear-nice': fitLinearNice,
  gp: fitGp,
};
