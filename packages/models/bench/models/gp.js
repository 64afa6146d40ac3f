// The SOAP-GAP style sparse GP of the benchmark: normalised power spectrum, (X̂·Z)^ζ kernel, sparse
// points per species by CUR, energies + forces + virials, λ by 5-fold CV. Register it in
// bench/models/index.js as `gp: fitGp`. --hypers '{"count":1000,"zeta":4,...}' merges over GP_HYPERS.
import { SparseGPPotential } from '../../dist/index.js';
import { expansionHypers } from './linear.js';

/** Per element: expansion (as the linear model's) and kernel settings. */
export const GP_HYPERS = {
  Si: { cutoff: 5.0, width: 0.5, maxRadial: 8, maxAngular: 6, zeta: 4, count: 500, method: 'cur' },
  Ge: { cutoff: 5.0, width: 0.5, maxRadial: 8, maxAngular: 6, zeta: 4, count: 500, method: 'cur' },
  Li: { cutoff: 5.0, width: 0.5, maxRadial: 8, maxAngular: 6, zeta: 4, count: 500, method: 'cur' },
  Mo: { cutoff: 5.0, width: 0.5, maxRadial: 8, maxAngular: 6, zeta: 4, count: 500, method: 'cur' },
};

export async function fitGp(train, { element, overrides = {}, onProgress }) {
  const h = { ...GP_HYPERS[element], ...overrides };
  const { zeta, count, method, weights, regularization, ...expansion } = h;
  const model = await SparseGPPotential.fit(train, {
    features: { type: 'power-spectrum', expansion: expansionHypers(expansion) },
    zeta,
    sparsePoints: { count, method },
    weights: weights ?? 'auto',
    regularization: regularization ?? 'auto',
    onProgress,
  });
  return {
    model,
    describe: `sparse GP ζ ${zeta}, ${model.weights.length} ${method} points, power spectrum rc ${h.cutoff} σ ${h.width} n ${h.maxRadial} l ${h.maxAngular}, λ ${model.regularization.toExponential(1)}`,
  };
}
