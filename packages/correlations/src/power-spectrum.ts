// The SOAP power spectrum (ν = 2 invariants) in librascal's layout and scaling.
import { assertBoolean } from '@equikit/core';
import type { SphericalExpansion, SphericalExpansionHypers } from '@equikit/density';
import type { CentreMap } from './centre-map.js';
import { InvariantCalculator } from './invariant-calculator.js';
import { NormalizedMap } from './normalized.js';
import { PowerSpectrumMap } from './power-spectrum-map.js';

export interface PowerSpectrumOptions {
  /** Divide each centre's feature vector by its L2 norm (librascal's and featomic's `normalize`). Default false. */
  normalize?: boolean;
}

/**
 * p^{i,ab}_{n1 n2 l} = f_ab/√(2l+1) Σ_m c^{i,a}_{n1 l m} c^{i,b}_{n2 l m}, f_ab = √2 for a < b, stored
 * for a ≤ b: the feature axis is [pairs a ≤ b][n1][n2][l], librascal's.
 */
export class PowerSpectrum extends InvariantCalculator {
  readonly normalize: boolean;

  constructor(hypers: SphericalExpansionHypers | SphericalExpansion, options: PowerSpectrumOptions = {}) {
    super(hypers);
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const { normalize = false } = options;
    assertBoolean(normalize, 'options.normalize');
    this.normalize = normalize;
    const radial = this.expansion.hypers.radialPerAngular;
    if (radial.some((count) => count !== this.expansion.hypers.maxRadial)) {
      // the Laplacian-eigenstate basis is ragged: pad-free pairs (n1, n2) would differ per l
      throw new RangeError(`PowerSpectrum needs the same number of radial functions for every l; this basis has [${radial.join(', ')}]`);
    }
  }

  protected createMap(nSpecies: number): CentreMap {
    const { maxRadial, maxAngular } = this.expansion.hypers;
    const map = new PowerSpectrumMap({ nSpecies, maxRadial, maxAngular });
    return this.normalize ? new NormalizedMap(map) : map;
  }
}
