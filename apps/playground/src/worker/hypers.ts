// The SOAP preset of the CLI and the demo (packages/equikit/src/cli/presets.ts), repeated here
// so the worker bundle does not pull in the facade: cutoff 5 Å as in Zuo et al.'s SOAP-GAP.
import type { SphericalExpansionHypers } from '@equikit/density';

export const SOAP_HYPERS: SphericalExpansionHypers = {
  cutoff: { radius: 5.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.5 },
  basis: { maxAngular: 4, radial: { type: 'gto', maxRadial: 6 } },
};
