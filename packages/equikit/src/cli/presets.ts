// Feature presets of the CLI, the demo and the playground: one place, so that a model fitted
// by one is read by the others. Cutoff 5 Å as in Zuo et al.'s SOAP-GAP models.
import type { SphericalExpansionHypers } from '@equikit/density';

export const SOAP_HYPERS: SphericalExpansionHypers = {
  cutoff: { radius: 5.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.5 },
  basis: { maxAngular: 4, radial: { type: 'gto', maxRadial: 6 } },
};

export const PRESETS = ['soap'] as const;
export type Preset = (typeof PRESETS)[number];
