// λ-SOAP as a TensorMap: keys (center_type, o3_lambda, o3_sigma, neighbor_1_type, neighbor_2_type),
// components (o3_mu), properties (l_1, l_2, n_1, n_2), with position and strain gradients, through
// the same per-centre map machinery as the invariants (tensor-map.ts).
import { assertInteger, Labels, type TensorMap } from '@equikit/core';
import { SphericalExpansion, type SphericalExpansionHypers, type StructureInput } from '@equikit/density';
import type { FeatureBlock, FeatureLayout } from '../tensor-map-layout.js';
import { checkComputeArguments, type ComputeOptions } from '../tensor-map-options.js';
import { computeFeatureTensorMap } from '../tensor-map.js';
import { LambdaSoapMap } from './lambda-soap-map.js';

export interface EquivariantPowerSpectrumOptions {
  /** Largest λ, an integer in [0, 2·(the expansion's maxAngular)]. Default: the expansion's maxAngular. */
  maxAngular?: number;
}

const KNOWN_OPTIONS = ['maxAngular'];

export class EquivariantPowerSpectrum {
  readonly expansion: SphericalExpansion;
  /** Largest λ. */
  readonly maxAngular: number;
  private readonly maps = new Map<number, LambdaSoapMap>();

  constructor(hypers: SphericalExpansionHypers | SphericalExpansion, options: EquivariantPowerSpectrumOptions = {}) {
    this.expansion = hypers instanceof SphericalExpansion ? hypers : new SphericalExpansion(hypers);
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    for (const key of Object.keys(options)) {
      if (!KNOWN_OPTIONS.includes(key)) throw new RangeError(`options.${key} is not an EquivariantPowerSpectrum option; expected ${KNOWN_OPTIONS.join(', ')}`);
    }
    const { maxAngular: lx, radialPerAngular, maxRadial } = this.expansion.hypers;
    const { maxAngular = lx } = options;
    assertInteger(maxAngular, 'options.maxAngular', 0, 2 * lx);
    this.maxAngular = maxAngular;
    if (radialPerAngular.some((count) => count !== maxRadial)) {
      throw new RangeError(`EquivariantPowerSpectrum needs the same number of radial functions for every l; this basis has [${radialPerAngular.join(', ')}]`);
    }
  }

  /** The per-centre map over `nSpecies` neighbour species (cached). */
  mapFor(nSpecies: number): LambdaSoapMap {
    let map = this.maps.get(nSpecies);
    if (!map) {
      const { maxRadial, maxAngular } = this.expansion.hypers;
      this.maps.set(nSpecies, (map = new LambdaSoapMap({ nSpecies, maxRadial, maxAngular, maxLambda: this.maxAngular })));
    }
    return map;
  }

  /** One block per (λ, σ, a ≤ b): components (o3_mu), properties (l_1, l_2, n_1, n_2). */
  featureLayout(species: Int32Array): FeatureLayout {
    const N = this.expansion.hypers.maxRadial;
    const components = new Map<number, Labels>();
    const blocks: FeatureBlock[] = this.mapFor(species.length).blocks.map((block) => {
      const { lambda, sigma, a, b } = block;
      if (!components.has(lambda)) components.set(lambda, new Labels('o3_mu', Array.from({ length: 2 * lambda + 1 }, (_, m) => [m - lambda])));
      const rows: number[][] = [];
      for (const [l1, l2] of block.groups) for (let n1 = 0; n1 < N; n1++) for (let n2 = 0; n2 < N; n2++) rows.push([l1, l2, n1, n2]);
      return {
        key: [lambda, sigma, species[a], species[b]],
        neighbourTypes: a === b ? [a] : [a, b],
        components: [components.get(lambda)!],
        properties: new Labels(['l_1', 'l_2', 'n_1', 'n_2'], rows),
        offset: block.offset,
      };
    });
    return { keyNames: ['o3_lambda', 'o3_sigma', 'neighbor_1_type', 'neighbor_2_type'], blocks };
  }

  /**
   * λ-SOAP of one or several structures (see the README): samples (system, atom), gradients as
   * density's compute (positions: samples (sample, system, atom), components (xyz, o3_mu);
   * strain: samples (sample), components (xyz_1, xyz_2, o3_mu)).
   */
  compute(structures: StructureInput | readonly StructureInput[], options: ComputeOptions = {}): TensorMap {
    const checked = checkComputeArguments(structures, options);
    const { species } = checked;
    return computeFeatureTensorMap(this.expansion, this.mapFor(species.length), this.featureLayout(species), checked.structures, species, checked);
  }
}
