// Feature presets of the CLI, the demo and the playground: one place, so that a model fitted
// by one is read by the others. Cutoff 5 Å as in Zuo et al.'s SOAP-GAP models.
import type { SphericalExpansionHypers } from '@equikit/density';
import type { FeatureConfig } from '@equikit/models';

export const SOAP_HYPERS: SphericalExpansionHypers = {
  cutoff: { radius: 5.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.5 },
  basis: { maxAngular: 4, radial: { type: 'gto', maxRadial: 6 } },
};

/** For fitting: the linear benchmark's tuned silicon hypers (packages/models/bench/models/linear.js). */
export const SOAP_FIT_HYPERS: SphericalExpansionHypers = {
  cutoff: { radius: 5.5, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.5 },
  basis: { maxAngular: 6, radial: { type: 'gto', maxRadial: 8 } },
};

/** NICE up to ν = 3 on a smaller basis, PCA-compressed after each order. */
export const NICE_HYPERS: SphericalExpansionHypers = {
  cutoff: { radius: 5.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.5 },
  basis: { maxAngular: 3, radial: { type: 'gto', maxRadial: 4 } },
};

export const FEATURE_SETS = {
  soap: { type: 'power-spectrum', expansion: SOAP_FIT_HYPERS } as FeatureConfig,
  nice: { type: 'density-correlations', expansion: NICE_HYPERS, options: { maxCorrelationOrder: 3, compression: { components: 64 } } } as FeatureConfig,
};

export const PRESETS = ['soap'] as const;
export type Preset = (typeof PRESETS)[number];

export function linearFeatures(name: string): FeatureConfig {
  return FEATURE_SETS[name as keyof typeof FEATURE_SETS];
}

export const SPARSE_GP_DEFAULTS = { hypers: SOAP_HYPERS, sparse: 200, zeta: 4 };
