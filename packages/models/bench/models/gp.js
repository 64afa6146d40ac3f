// The SOAP-GAP style sparse GP of the benchmark: normalised power spectrum, (X̂·Z)^ζ kernel, sparse
// points per species by CUR, energies + forces + virials, λ by 5-fold CV. --hypers '{"count":1000,"zeta":4,...}'
// merges over GP_HYPERS; weights are 1/σ as in SparseGPFitOptions ({ energy, forces, stress }).
import { SparseGPPotential } from '../../dist/index.js';
import { expansionHypers } from './linear.js';

/**
 * Per element: expansion (as the linear model's) and kernel settings, the best of a sweep (README's
 * benchmark table): M 1000 (Mo: N 10, M 1500, which took its energy MAE below GAP's and MTP's).
 */
export const GP_HYPERS = {
  Si: { cutoff: 5.0, width: 0.5, maxRadial: 8, maxAngular: 6, zeta: 4, count: 1000, method: 'cur' },
  Ge: { cutoff: 5.0, width: 0.5, maxRadial: 8, maxAngular: 6, zeta: 4, count: 1000, method: 'cur' },
  Li: { cutoff: 5.0, width: 0.5, maxRadial: 8, maxAngular: 6, zeta: 4, count: 1000, method: 'cur' },
  Mo: { cutoff: 5.0, width: 0.5, maxRadial: 10, maxAngular: 6, zeta: 4, count: 1500, method: 'cur' },
};

export async function fitGp(train, { element, overrides = {}, onProgress }) {
  const h = { ...GP_HYPERS[element], ...overrides };
  const { zeta, count, method, weights, regularization, ...expansion } = h;
  // seconds per fit stage: from the previous stage's last report to this stage's last report
  const ends = {};
  const t0 = performance.now();
  const model = await SparseGPPotential.fit(train, {
    features: { type: 'power-spectrum', expansion: expansionHypers(expansion) },
    zeta,
    sparsePoints: { count, method },
    weights: weights ?? 'auto',
    regularization: regularization ?? 'auto',
    onProgress: (p) => {
      ends[p.stage] = performance.now();
      onProgress?.(p);
    },
  });
  let last = t0;
  const timing = Object.entries(ends).map(([k, end]) => {
    const text = `${k} ${((end - last) / 1000).toFixed(0)} s`;
    last = end;
    return text;
  }).join(', ');
  return {
    model,
    describe: `sparse GP ζ ${zeta}, ${model.weights.length} ${method} points, power spectrum rc ${h.cutoff} σ ${h.width} n ${h.maxRadial} l ${h.maxAngular}, λ ${model.regularization.toExponential(1)}${weights ? `, weights ${JSON.stringify(weights)}` : ''} (fit: ${timing})`,
  };
}
