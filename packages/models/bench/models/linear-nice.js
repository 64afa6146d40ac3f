// The linear body-ordered potential of the benchmark: E = Σ_i w_Z·X_i + e0_Z on NICE density
// correlations (ν = 1 … 4 invariants, concatenated), PCA and product preselection fitted on the
// training set, energies + forces + virials, λ by 5-fold CV. --hypers '{"nu":3,"components":48}'
// merges over NICE_HYPERS (expansion keys as the linear model's, plus the NICE keys below).
// `powerSpectrum: {}` (or hypers merged over LINEAR_HYPERS[element]) puts the exact ν = 2 power
// spectrum of the linear model beside the NICE invariants (features type 'concatenation').
import { LinearPotential } from '../../dist/index.js';
import { expansionHypers, LINEAR_HYPERS } from './linear.js';

/** Per element: expansion hypers and NICE options (see describeNice for the keys). */
export const NICE_HYPERS = {
  Si: { cutoff: 5.5, width: 0.5, maxRadial: 6, maxAngular: 4, nu: 4, components: 32, expand: 200 },
  Ge: { cutoff: 5.0, width: 0.5, maxRadial: 6, maxAngular: 4, nu: 4, components: 32, expand: 200 },
  Li: { cutoff: 5.0, width: 0.5, maxRadial: 6, maxAngular: 4, nu: 4, components: 32, expand: 200 },
  Mo: { cutoff: 5.0, width: 0.5, maxRadial: 6, maxAngular: 4, nu: 4, components: 32, expand: 200 },
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

export async function fitLinearNice(train, { element, overrides = {}, onProgress }) {
  const h = { ...NICE_HYPERS[element], ...overrides };
  const { weights, regularization, nu, components, expand, angularCutoff, invariantOrders, varianceThreshold, powerSpectrum, ...expansion } = h;
  const nice = {
    type: 'density-correlations',
    expansion: expansionHypers(expansion),
    options: niceOptions({ nu, components, expand, angularCutoff, invariantOrders, varianceThreshold }),
  };
  const ps = powerSpectrum ? { ...LINEAR_HYPERS[element], ...powerSpectrum } : undefined;
  const model = await LinearPotential.fit(train, {
    features: ps ? { type: 'concatenation', parts: [{ type: 'power-spectrum', expansion: expansionHypers(ps) }, nice] } : nice,
    weights: weights ?? 'auto',
    regularization: regularization ?? 'auto',
    onProgress,
  });
  const scaling = h.scaling ? `, scaling ${h.scaling.scale}/${h.scaling.rate}/${h.scaling.exponent}` : '';
  const orders = invariantOrders ? ` orders ${invariantOrders.join('+')}` : '';
  const w = model.report.weights;
  const psText = ps ? `power spectrum (rc ${ps.cutoff} n ${ps.maxRadial} l ${ps.maxAngular}) + ` : '';
  return {
    model,
    describe:
      `${psText}NICE ν ≤ ${nu}${orders} (${model.size} features; PCA ${JSON.stringify(components)}, expand ${JSON.stringify(expand)}` +
      `${angularCutoff !== undefined ? `, λ_max ${angularCutoff}` : ''}) rc ${h.cutoff} σ ${h.width} n ${h.maxRadial} l ${h.maxAngular}${scaling}, ` +
      `1/w ${(1 / w.energy).toPrecision(2)} eV/atom ${(1 / w.forces).toPrecision(2)} eV/Å ${(1 / w.stress).toPrecision(2)} eV/atom, λ ${model.report.regularization.toExponential(1)}`,
  };
}
