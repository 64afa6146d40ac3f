// What every invariant calculator (power spectrum, NICE invariants) shares: the expansion,
// one CentreMap per species list, and the structure-level products of driver.ts.
import { assertBoolean, type BackendName, type Structure } from '@equikit/core';
import { checkSpecies, presentSpecies, SphericalExpansion, toStructure, type SphericalExpansionHypers, type StructureInput } from '@equikit/density';
import type { CentreMap } from './centre-map.js';
import { denseFeatures, speciesSums, vectorJacobianProduct, type DenseFeatures, type SpeciesSums, type VectorJacobianProduct } from './driver.js';

export type GradientName = 'positions' | 'strain';

export interface InvariantDenseOptions {
  /** Position gradients (`true` or ['positions']), and/or ['strain']. Default none. */
  gradients?: boolean | readonly GradientName[];
  /** Atomic numbers of the species axes; default: those present in the structure, sorted. */
  species?: ArrayLike<number>;
  /** 'js', 'wasm' or 'wasm-simd' for the expansion. */
  backend?: BackendName;
}

export abstract class InvariantCalculator {
  readonly expansion: SphericalExpansion;
  private readonly maps = new Map<number, CentreMap>();

  constructor(hypers: SphericalExpansionHypers | SphericalExpansion) {
    this.expansion = hypers instanceof SphericalExpansion ? hypers : new SphericalExpansion(hypers);
  }

  /** The per-centre feature map for `nSpecies` neighbour species. */
  protected abstract createMap(nSpecies: number): CentreMap;

  /** Cached: maps hold scratch and tables worth reusing. */
  mapFor(nSpecies: number): CentreMap {
    let map = this.maps.get(nSpecies);
    if (!map) this.maps.set(nSpecies, (map = this.createMap(nSpecies)));
    return map;
  }

  /** Features per atom for `nSpecies` species. */
  sizeFor(nSpecies: number): number {
    return this.mapFor(nSpecies).outputSize;
  }

  /** values [nAtoms][size]; positionGradients [i][k][3][size]; strainGradients [i][3][3][size]. */
  computeDense(structure: StructureInput, options: InvariantDenseOptions = {}): DenseFeatures {
    const { s, species, want } = this.prepare(structure, options);
    return denseFeatures(this.expansion, this.mapFor(species.length), s, species, { ...want, backend: options.backend });
  }

  /** Features summed per centre species, with gradients (a linear model's design rows). */
  computeSpeciesSums(structure: StructureInput, options: InvariantDenseOptions = {}): SpeciesSums {
    const { s, species, want } = this.prepare(structure, options);
    return speciesSums(this.expansion, this.mapFor(species.length), s, species, { ...want, backend: options.backend });
  }

  /** The gradient of Σ_i g_i·X_i with respect to positions and strain (forces and stress of a model). */
  vectorJacobianProduct(
    structure: StructureInput,
    cotangent: Float64Array | ((i: number, values: Float64Array, offset: number, out: Float64Array) => void),
    options: Omit<InvariantDenseOptions, 'gradients'> = {},
  ): VectorJacobianProduct {
    const { s, species } = this.prepare(structure, options);
    return vectorJacobianProduct(this.expansion, this.mapFor(species.length), s, species, cotangent, options.backend);
  }

  private prepare(structure: StructureInput, options: InvariantDenseOptions) {
    const s: Structure = toStructure(structure, 'structure');
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const species = options.species === undefined ? presentSpecies([s]) : checkSpecies(options.species);
    const gradients = options.gradients ?? false;
    let want = { positions: false, strain: false };
    if (typeof gradients === 'boolean') {
      assertBoolean(gradients, 'options.gradients');
      want = { positions: gradients, strain: false };
    } else if (Array.isArray(gradients)) {
      gradients.forEach((g, k) => {
        if (g !== 'positions' && g !== 'strain') throw new RangeError(`options.gradients[${k}] must be 'positions' or 'strain', got ${JSON.stringify(g)}`);
      });
      want = { positions: gradients.includes('positions'), strain: gradients.includes('strain') };
    } else {
      throw new TypeError(`options.gradients must be a boolean or an array of 'positions' and/or 'strain', got ${typeof gradients}`);
    }
    return { s, species, want };
  }
}
