// The linear power-spectrum potential of the benchmark: per-element expansion hypers (structure
// types differ: Li and Mo bcc, Ge and Si diamond), energies + forces + virials, λ by 5-fold CV.
import { LinearPotential } from '../../dist/index.js';

/** Expansion hypers per element; --hypers '{...}' merges over these (for tuning). */
export const LINEAR_HYPERS = {
  Si: { cutoff: 5.5, width: 0.5, maxRadial: 8, maxAngular: 6 },
  Ge: { cutoff: 5.0, width: 0.5, maxRadial: 8, maxAngular: 6 },
  Li: { cutoff: 5.0, width: 0.5, maxRadial: 8, maxAngular: 6 },
  Mo: { cutoff: 5.0, width: 0.5, maxRadial: 8, maxAngular: 6 },
};

export function expansionHypers({ cutoff, width, maxRadial, maxAngular, smoothing = 0.5, scaling }) {
  return {
    cutoff: { radius: cutoff, smoothing: { type: 'shifted-cosine', width: smoothing } },
    density: scaling ? { type: 'gaussian', width, scaling: { type: 'willatt2018', ...scaling } } : { type: 'gaussian', width },
    basis: { maxAngular, radial: { type: 'gto', maxRadial } },
  };
}

export async function fitLinear(train, { element, overrides = {}, onProgress }) {
  const h = { ...LINEAR_HYPERS[element], ...overrides };
  const { weights, regularization, normalize, ...expansion } = h;
  const model = await LinearPotential.fit(train, {
    features: { type: 'power-spectrum', expansion: expansionHypers(expansion), normalize: normalize ?? false },
    weights: weights ?? 'auto',
    regularization: regularization ?? 'auto',
    onProgress,
  });
  const scaling = h.scaling ? `, scaling ${h.scaling.scale}/${h.scaling.rate}/${h.scaling.exponent}` : '';
  return { model, describe: `power spectrum rc ${h.cutoff} σ ${h.width} n ${h.maxRadial} l ${h.maxAngular}${scaling}, λ ${model.report.regularization.toExponential(1)}` };
}
