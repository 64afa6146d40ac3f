// The facade: every @equikit package in one import. Core is re-exported flat; each
// kernel package also as a namespace, so same-named exports (`init`) stay apart.
import * as neighbors from '@equikit/neighbors';
import * as o3 from '@equikit/o3';
import * as density from '@equikit/density';
import * as correlations from '@equikit/correlations';
import * as models from '@equikit/models';
import * as nn from '@equikit/nn';
import type { WasmInitOptions } from '@equikit/core';

export * from '@equikit/core';
export { neighbors, o3, density, correlations, models, nn };

// The classes most programs start from, flat, so `import { PowerSpectrum } from 'equikit'` works.
export { neighborList, NeighborSearch, VerletNeighborList } from '@equikit/neighbors';
export { SphericalHarmonics, sphericalHarmonics, clebschGordanReal, wignerD, randomRotation, randomO3, Irrep, Irreps } from '@equikit/o3';
export { SphericalExpansion } from '@equikit/density';
export { PowerSpectrum, EquivariantPowerSpectrum, DensityCorrelations } from '@equikit/correlations';
export { LinearPotential, SparseGPPotential, evaluate, Calculator, VelocityVerlet, Langevin } from '@equikit/models';
export { EquivariantPotential } from '@equikit/nn';
/** Sensible defaults: the feature sets the CLI, the demo and the playground use. */
export { SOAP_HYPERS, SOAP_FIT_HYPERS, NICE_HYPERS, FEATURE_SETS } from './cli/presets.js';

/** Per-package `init` options; each package loads its own .wasm. */
export interface InitOptions {
  neighbors?: WasmInitOptions;
  o3?: WasmInitOptions;
  density?: WasmInitOptions;
  correlations?: WasmInitOptions;
  models?: WasmInitOptions;
  nn?: WasmInitOptions;
}

/**
 * Loads the WebAssembly of every kernel package. Needed only where the runtime
 * cannot compile WebAssembly synchronously (large modules on a browser's main
 * thread, edge runtimes: pass precompiled modules there).
 */
export async function init(options: InitOptions = {}): Promise<void> {
  await Promise.all([
    neighbors.init(options.neighbors),
    o3.init(options.o3),
    density.init(options.density),
    correlations.init(options.correlations),
    models.init(options.models),
    nn.init(options.nn),
  ]);
}
