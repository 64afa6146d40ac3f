// The linear body-ordered potential of the benchmark: E = Σ_i w_Z·X_i + e0_Z on NICE density
// correlations (ν = 1 … 4 invariants, concatenated), PCA and product preselection fitted on the
// training set, energies + forces + virials, λ by 5-fold CV. --hypers '{"nu":3,"components":48}'
// merges over NICE_HYPERS (expansion keys as the linear model's, plus the NICE keys below).
// `powerSpectrum: {}` (or hypers merged over LINEAR_HYPERS[element]) puts the exact ν = 2 power
// spectrum of the linear model beside the NICE invariants (features type 'concatenation');
// `extra: { nu: 3, components: null, expand: [null, 300, 1000] }` adds a second NICE part (its keys
// merged over the first's).
import { LinearPotential } from '../../dist/index.js';
import { expansionHypers, LINEAR_HYPERS } from './linear.js';

/** Per element: expansion hypers and NICE options (see describeNice for the keys). */
// Tuned on Si with bench/models/linear-sweep.js (test MAE E/F, meV/atom / eV/Å, beside the power
// spectrum n 8 l 6): ν 4 PCA 32 expand 200 2.8–3.0 / 0.080; ν 4 PCA [·,32,32,128] expand [·,200,300,600]
// 2.60 / 0.075 (≈ 4 min of species sums); ν 4 PCA [·,32,128,200] expand [·,200,600,1000] 2.97 / 0.073
// (2.5× the cost); adding a ν = 3 expand-only part ([·,300,1000], no PCA) 2.27 / 0.072 (twice the cost).
const NICE = { width: 0.5, maxRadial: 6, maxAngular: 4, nu: 4, components: [null, 32, 32, 128], expand: [null, 200, 300, 600], powerSpectrum: {} };
export const NICE_HYPERS = {
  Si: { cutoff: 5.5, ...NICE },
  Ge: { cutoff: 5.0, ...NICE },
  Li: { cutoff: 5.0, ...NICE },
  Mo: { cutoff: 5.0, ...NICE },
};

/** DensityCorrelations options from the flat hypers: nu, components, expand, angularCutoff, invariantOrders, varianceThreshold. */
export function niceOptions({ nu, components, expand, angularCutoff, invariantOrders, varianceThreshold }) {
  const compression = {};
  if (components !== undefined && components !== null) compression.components = components;
  if (expand !== undefined && expand !== null) compression.expand = expand;
  if (varianceThreshold !== undefined) compression.varianceThreshold = varianceThreshold;
  const options = { maxCorrelationOrder: nu };
  if (Object.keys(compression).length > 0) options.compression = compression;
  if (angularCutoff !== undefined) options.angularCutoff = angularCutoff;
  if (invariantOrders !== undefined) options.invariantOrders = invariantOrders;
  return options;
}

function niceConfig({ nu, components, expand, angularCutoff, invariantOrders, varianceThreshold, ...expansion }) {
  return { type: 'density-correlations', expansion: expansionHypers(expansion), options: niceOptions({ nu, components, expand, angularCutoff, invariantOrders, varianceThreshold }) };
}

export async function fitLinearNice(train, { element, overrides = {}, onProgress }) {
  const h = { ...NICE_HYPERS[element], ...overrides };
  const { weights, regularization, powerSpectrum, extra, ...niceHypers } = h;
  const { nu, components, expand, angularCutoff, invariantOrders } = niceHypers;
  const parts = [niceConfig(niceHypers)];
  if (extra) parts.push(niceConfig({ ...niceHypers, ...extra }));
  const ps = powerSpectrum ? { ...LINEAR_HYPERS[element], ...powerSpectrum } : undefined;
  if (ps) parts.unshift({ type: 'power-spectrum', expansion: expansionHypers(ps) });
  const model = await LinearPotential.fit(train, {
    features: parts.length > 1 ? { type: 'concatenation', parts } : parts[0],
    weights: weights ?? 'auto',
    regularization: regularization ?? 'auto',
    onProgress,
  });
  const scaling = h.scaling ? `, scaling ${h.scaling.scale}/${h.scaling.rate}/${h.scaling.exponent}` : '';
  const orders = invariantOrders ? ` orders ${invariantOrders.join('+')}` : '';
  const w = model.report.weights;
  const psText = ps ? `power spectrum (rc ${ps.cutoff} n ${ps.maxRadial} l ${ps.maxAngular}) + ` : '';
  const extraText = extra ? ` + NICE ${JSON.stringify(extra)}` : '';
  return {
    model,
    describe:
      `${psText}NICE ν ≤ ${nu}${orders} (${model.size} features; PCA ${JSON.stringify(components)}, expand ${JSON.stringify(expand)}` +
      `${angularCutoff !== undefined ? `, λ_max ${angularCutoff}` : ''}) rc ${h.cutoff} σ ${h.width} n ${h.maxRadial} l ${h.maxAngular}${scaling}${extraText}, ` +
      `1/w ${(1 / w.energy).toPrecision(2)} eV/atom ${(1 / w.forces).toPrecision(2)} eV/Å ${(1 / w.stress).toPrecision(2)} eV/atom, λ ${model.report.regularization.toExponential(1)}`,
  };
}
