// What every invariant calculator (power spectrum, NICE invariants) shares: the expansion,
// one CentreMap per species list, and the structure-level products of driver.ts.
import { assertBoolean, type BackendName, type Structure, type TensorMap } from '@equikit/core';
import { checkSpecies, presentSpecies, SphericalExpansion, toStructure, type SphericalExpansionHypers, type StructureInput } from '@equikit/density';
import type { CentreMap } from './centre-map.js';
import { denseFeatures, speciesSums, vectorJacobianProduct, type DenseFeatures, type SpeciesSums, type VectorJacobianProduct } from './driver.js';
import { SpeciesCompression } from './species/compression.js';
import { SpeciesMixingMap } from './species/mixing-map.js';
import { checkComputeArguments, type ComputeOptions } from './tensor-map-options.js';
import { singleBlockLayout, type FeatureLayout } from './tensor-map-layout.js';
import { computeFeatureTensorMap } from './tensor-map.js';

export type GradientName = 'positions' | 'strain';

export interface InvariantDenseOptions {
  /** Position gradients (`true` or ['positions']), and/or ['strain']. Default none. */
  gradients?: boolean | readonly GradientName[];
  /** Atomic numbers of the species axes; default: those present in the structure, sorted. */
  species?: ArrayLike<number>;
  /** 'js', 'wasm' or 'wasm-simd' for the expansion. */
  backend?: BackendName;
}

/**
 * The species axis a map reads, as keys name it: the atomic numbers, or the d channels of a
 * species compression (then every block depends on every neighbour).
 */
export interface NeighbourAxis {
  /** Entries: nSpecies, or d channels. */
  count: number;
  /** Key name of neighbour slot `prefix` ('neighbor_1' → 'neighbor_1_type', or 'neighbor_1_channel'). */
  name(prefix: string): string;
  /** Key value of entry k: an atomic number, or the channel index. */
  value(k: number): number;
  /** FeatureBlock.neighbourTypes of a block built from entries ks. */
  dependsOn(ks: readonly number[]): readonly number[] | 'all';
}

export abstract class InvariantCalculator {
  readonly expansion: SphericalExpansion;
  private speciesMixing: SpeciesCompression | undefined;
  private readonly maps = new Map<number, CentreMap>();
  private readonly mixedMaps = new Map<string, CentreMap>();

  constructor(hypers: SphericalExpansionHypers | SphericalExpansion) {
    this.expansion = hypers instanceof SphericalExpansion ? hypers : new SphericalExpansion(hypers);
  }

  /** The per-centre feature map for `nSpecies` neighbour species. */
  protected abstract createMap(nSpecies: number): CentreMap;

  /** The species compression in use (subclasses opt in with useSpeciesCompression), or undefined. */
  get speciesCompression(): SpeciesCompression | undefined {
    return this.speciesMixing;
  }

  /** The map over `nSpecies` species (or channels). Cached: maps hold scratch and tables worth reusing. */
  mapFor(nSpecies: number): CentreMap {
    let map = this.maps.get(nSpecies);
    if (!map) this.maps.set(nSpecies, (map = this.createMap(nSpecies)));
    return map;
  }

  /** Features per atom for `nSpecies` species (independent of it under a species compression). */
  sizeFor(nSpecies: number): number {
    return this.mapFor(this.speciesCompression ? this.speciesCompression.channels : nSpecies).outputSize;
  }

  /**
   * The map that reads coefficients over these species (sorted atomic numbers): createMap(nSpecies),
   * or, under a species compression, createMap(d) behind the mixing W keyed by these atomic numbers.
   */
  mapForSpecies(species: Int32Array): CentreMap {
    const compression = this.speciesCompression;
    if (!compression) return this.mapFor(species.length);
    const id = species.join(',');
    let map = this.mixedMaps.get(id);
    if (!map) this.mixedMaps.set(id, (map = new SpeciesMixingMap(this.mapFor(compression.channels), compression.weightsFor(species), species.length)));
    return map;
  }

  /** The species axis of the maps for these species, as keys name it. */
  neighbourAxis(species: Int32Array): NeighbourAxis {
    const compression = this.speciesCompression;
    if (compression) {
      return { count: compression.channels, name: (prefix) => `${prefix}_channel`, value: (k) => k, dependsOn: () => 'all' };
    }
    return { count: species.length, name: (prefix) => `${prefix}_type`, value: (k) => species[k], dependsOn: (ks) => ks };
  }

  /**
   * How mapForSpecies(species)'s feature axis splits into TensorMap blocks (keys after
   * center_type). Default: one block per centre type, properties (feature). Override it to
   * key blocks by neighbour types, angular channels, ….
   */
  featureLayout(species: Int32Array): FeatureLayout {
    return singleBlockLayout(this.mapForSpecies(species).outputSize);
  }

  /**
   * Features of one or several structures as a TensorMap: keys (center_type, …the layout's),
   * samples (system, atom), gradients as density's compute (positions: samples (sample, system,
   * atom), components (xyz); strain: samples (sample), components (xyz_1, xyz_2)). Values and
   * gradients are computeDense's entries, sliced into blocks.
   */
  compute(structures: StructureInput | readonly StructureInput[], options: ComputeOptions = {}): TensorMap {
    const checked = checkComputeArguments(structures, options);
    const { species } = checked;
    return computeFeatureTensorMap(this.expansion, this.mapForSpecies(species), this.featureLayout(species), checked.structures, species, checked);
  }

  /** values [nAtoms][size]; positionGradients [i][k][3][size]; strainGradients [i][3][3][size]. */
  computeDense(structure: StructureInput, options: InvariantDenseOptions = {}): DenseFeatures {
    const { s, species, want } = this.prepare(structure, options);
    return denseFeatures(this.expansion, this.mapForSpecies(species), s, species, { ...want, backend: options.backend });
  }

  /** Features summed per centre species, with gradients (a linear model's design rows). */
  computeSpeciesSums(structure: StructureInput, options: InvariantDenseOptions = {}): SpeciesSums {
    const { s, species, want } = this.prepare(structure, options);
    return speciesSums(this.expansion, this.mapForSpecies(species), s, species, { ...want, backend: options.backend });
  }

  /** The gradient of Σ_i g_i·X_i with respect to positions and strain (forces and stress of a model). */
  vectorJacobianProduct(
    structure: StructureInput,
    cotangent: Float64Array | ((i: number, values: Float64Array, offset: number, out: Float64Array) => void),
    options: Omit<InvariantDenseOptions, 'gradients'> = {},
  ): VectorJacobianProduct {
    const { s, species } = this.prepare(structure, options);
    return vectorJacobianProduct(this.expansion, this.mapForSpecies(species), s, species, cotangent, options.backend);
  }

  /** Reads the `speciesCompression` option (undefined: full species keys); call it from a subclass constructor. */
  protected useSpeciesCompression(option: unknown, name = 'options.speciesCompression'): void {
    this.speciesMixing = option === undefined ? undefined : SpeciesCompression.parse(option, name);
    this.mixedMaps.clear();
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
