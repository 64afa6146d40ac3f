// The SOAP power spectrum (ν = 2 invariants) in librascal's layout and scaling.
import { assertBoolean, Labels } from '@equikit/core';
import type { SphericalExpansion, SphericalExpansionHypers } from '@equikit/density';
import type { CentreMap } from './centre-map.js';
import { InvariantCalculator } from './invariant-calculator.js';
import { NormalizedMap } from './normalized.js';
import { PowerSpectrumMap } from './power-spectrum-map.js';
import type { SpeciesCompression, SpeciesCompressionOptions } from './species/compression.js';
import type { FeatureBlock, FeatureLayout } from './tensor-map-layout.js';

export interface PowerSpectrumOptions {
  /** Divide each centre's feature vector by its L2 norm (librascal's and featomic's `normalize`). Default false. */
  normalize?: boolean;
  /**
   * Mix the neighbour species into d channels before the product (see the README): d(d+1)/2 pair
   * blocks whatever the number of elements. Default none (full species pairs).
   */
  speciesCompression?: SpeciesCompressionOptions | SpeciesCompression;
}

const KNOWN_OPTIONS = ['normalize', 'speciesCompression'];

/**
 * p^{i,ab}_{n1 n2 l} = f_ab/√(2l+1) Σ_m c^{i,a}_{n1 l m} c^{i,b}_{n2 l m}, f_ab = √2 for a < b, stored
 * for a ≤ b: the feature axis is [pairs a ≤ b][n1][n2][l], librascal's.
 */
export class PowerSpectrum extends InvariantCalculator {
  readonly normalize: boolean;

  constructor(hypers: SphericalExpansionHypers | SphericalExpansion, options: PowerSpectrumOptions = {}) {
    super(hypers);
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    for (const key of Object.keys(options)) {
      if (!KNOWN_OPTIONS.includes(key)) throw new RangeError(`options.${key} is not a PowerSpectrum option; expected some of ${KNOWN_OPTIONS.join(', ')}`);
    }
    const { normalize = false } = options;
    assertBoolean(normalize, 'options.normalize');
    this.normalize = normalize;
    this.useSpeciesCompression(options.speciesCompression);
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

  /**
   * One block per neighbour pair a ≤ b (keys center_type, neighbor_1_type, neighbor_2_type, or
   * neighbor_1_channel, neighbor_2_channel under a species compression), properties (n_1, n_2, l):
   * the contiguous slice [n1][n2][l] of librascal's axis, values unchanged.
   */
  override featureLayout(species: Int32Array): FeatureLayout {
    const { maxRadial: N, maxAngular } = this.expansion.hypers;
    const L = maxAngular + 1;
    const axis = this.neighbourAxis(species);
    const rows: number[][] = [];
    for (let n1 = 0; n1 < N; n1++) for (let n2 = 0; n2 < N; n2++) for (let l = 0; l < L; l++) rows.push([n1, n2, l]);
    const properties = new Labels(['n_1', 'n_2', 'l'], rows);
    const blocks: FeatureBlock[] = [];
    for (let a = 0; a < axis.count; a++) {
      for (let b = a; b < axis.count; b++) {
        const neighbourTypes = axis.dependsOn(a === b ? [a] : [a, b]);
        // the norm couples every block: with normalize, any neighbour moves all of them
        const gradientTypes = this.normalize ? 'all' : neighbourTypes;
        blocks.push({ key: [axis.value(a), axis.value(b)], neighbourTypes, gradientTypes, components: [], properties, offset: blocks.length * N * N * L });
      }
    }
    return { keyNames: [axis.name('neighbor_1'), axis.name('neighbor_2')], blocks };
  }
}
