// NICE / ACDC density correlations: ν → ν + 1 by Clebsch–Gordan products with the ν = 1
// density, every (λ, σ) channel kept up to angularCutoff, optionally compressed by a PCA fitted
// on a training set after every order. Invariants (λ = 0, σ = +1 of the chosen orders) go
// through InvariantCalculator (dense, species sums, VJP); every block through compute().
import { Labels, type BackendName, type TensorMap } from '@equikit/core';
import { checkSpecies, presentSpecies, typeIndex, SphericalExpansion, toStructure, type SphericalExpansionHypers, type StructureInput } from '@equikit/density';
import type { DenseFeatures, SpeciesSums, VectorJacobianProduct } from '../driver.js';
import { InvariantCalculator, type InvariantDenseOptions } from '../invariant-calculator.js';
import { SpeciesCompression, type SpeciesCompressionOptions } from '../species/compression.js';
import { checkComputeArguments, type ComputeOptions } from '../tensor-map-options.js';
import { fitPlan } from './fit.js';
import { NiceMap } from './nice-map.js';
import { checkKeyNames, resolveOptions, type DensityCorrelationsOptions, type ResolvedOptions } from './options.js';
import { buildPlan, type NicePlan, type PlanShape } from './plan.js';
import { computeNiceTensorMap } from './tensor-map.js';
import { restorePlan, serialise, type DensityCorrelationsJSON } from './serialise.js';

export interface FitOptions {
  /** Atomic numbers of the neighbour-species axis; default: those present in the training set. Fixed from then on. */
  species?: ArrayLike<number>;
  backend?: BackendName;
}


export class DensityCorrelations extends InvariantCalculator {
  readonly maxCorrelationOrder: number;
  readonly angularCutoff: number;
  readonly skipRedundant: boolean;
  readonly selectedKeys: Labels | null;
  /** The PCA settings (options.compression), or null. */
  readonly pcaCompression: ResolvedOptions['compression'];
  readonly invariantOrders: readonly number[];
  /** The hypers as given (JSON-ready), or null when an expansion object was passed. */
  private readonly hypersJSON: unknown;
  /** The speciesCompression option as JSON (null: none). */
  private readonly speciesCompressionJSON: unknown;
  private fitted: { species: Int32Array; plan: NicePlan } | null = null;
  private readonly plans = new Map<number, NicePlan>();
  private readonly invariantMaps = new Map<number, NiceMap>();

  constructor(hypers: SphericalExpansionHypers | SphericalExpansion, options: DensityCorrelationsOptions) {
    super(hypers);
    const resolved = resolveOptions(options, this.expansion.hypers.maxAngular);
    this.maxCorrelationOrder = resolved.maxCorrelationOrder;
    this.angularCutoff = resolved.angularCutoff;
    this.skipRedundant = resolved.skipRedundant;
    this.selectedKeys = resolved.selectedKeys;
    this.pcaCompression = resolved.compression;
    this.invariantOrders = resolved.invariantOrders;
    this.hypersJSON = hypers instanceof SphericalExpansion ? null : toPlainJSON(hypers);
    this.useSpeciesCompression(options.speciesCompression);
    this.speciesCompressionJSON = options.speciesCompression === undefined ? null : speciesCompressionJSON(options.speciesCompression, this.speciesCompression!);
  }

  /** Whether fit() has run (or the state came from fromJSON). */
  get isFitted(): boolean {
    return this.fitted !== null;
  }

  /** The neighbour species the fitted projections belong to (null before fit). */
  get species(): Int32Array | null {
    return this.fitted ? this.fitted.species.slice() : null;
  }

  /**
   * Learns the PCA of every channel from the centres of `structures` (needs `compression`).
   * Refitting replaces the previous state. Returns `this`.
   */
  fit(structures: StructureInput | readonly StructureInput[], options: FitOptions = {}): this {
    if (!this.pcaCompression) throw new Error('fit() needs options.compression: without it DensityCorrelations has nothing to learn');
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const list = Array.isArray(structures) ? structures : [structures];
    if (list.length === 0) throw new RangeError('structures must hold at least one structure to fit on');
    const checked = list.map((s, k) => toStructure(s, Array.isArray(structures) ? `structures[${k}]` : 'structures'));
    const species = options.species === undefined ? presentSpecies(checked) : checkSpecies(options.species);
    const parts = checked.map((s) => this.expansion.computeDense(s, { species, backend: options.backend }).values);
    const coefficients = new Float64Array(parts.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const p of parts) {
      coefficients.set(p, at);
      at += p.length;
    }
    const nCentres = checked.reduce((sum, s) => sum + s.length, 0);
    // under a species compression the iteration (and its PCA) runs on the d mixed channels
    const compression = this.speciesCompression;
    const axis = compression ? compression.channels : species.length;
    const input = compression ? mixSpecies(coefficients, nCentres, compression.weightsFor(species), species.length, compression.channels) : coefficients;
    const plan = fitPlan(this.shape(axis), this.expansion.hypers.maxRadial, input, nCentres, {
      maxOrder: this.maxCorrelationOrder,
      components: this.pcaCompression.components,
      expand: this.pcaCompression.expand,
      varianceThreshold: this.pcaCompression.varianceThreshold,
    });
    this.setFitted(species, plan);
    return this;
  }

  /**
   * The coupling plan for `nSpecies` neighbour species, or, under a species compression, the
   * channels d (the fitted one under options.compression).
   */
  planFor(nSpecies: number): NicePlan {
    if (this.pcaCompression) {
      if (!this.fitted) throw new Error('DensityCorrelations with options.compression must be fitted first: call fit(structures)');
      if (nSpecies !== this.fitted.plan.shape.nSpecies) {
        throw new RangeError(
          this.speciesCompression
            ? `this DensityCorrelations was fitted for ${this.fitted.plan.shape.nSpecies} species-compression channels, not ${nSpecies}`
            : `this DensityCorrelations was fitted for ${this.fitted.species.length} species [${this.fitted.species.join(', ')}], not ${nSpecies}`,
        );
      }
      return this.fitted.plan;
    }
    let plan = this.plans.get(nSpecies);
    if (!plan) this.plans.set(nSpecies, (plan = buildPlan(this.shape(nSpecies), this.maxCorrelationOrder, () => null)));
    return plan;
  }

  /** The order ν of each invariant feature (for per-order regularisation or inspection). */
  invariantOrderOf(nSpecies: number): Int32Array {
    const plan = this.planFor(this.speciesCompression ? this.speciesCompression.channels : nSpecies);
    const orders: number[] = [];
    for (const nu of this.invariantOrders) for (const c of this.invariantChannels(plan, nu)) for (let p = 0; p < plan.channels[c].size; p++) orders.push(nu);
    return Int32Array.from(orders);
  }

  override mapFor(nSpecies: number): NiceMap {
    let map = this.invariantMaps.get(nSpecies);
    if (!map) this.invariantMaps.set(nSpecies, (map = this.createMap(nSpecies)));
    return map;
  }

  protected override createMap(nSpecies: number): NiceMap {
    const plan = this.planFor(nSpecies);
    const groups = this.invariantOrders.map((nu) => this.invariantChannels(plan, nu)).filter((g) => g.length > 0);
    return new NiceMap(plan, groups, { maxRadial: this.expansion.hypers.maxRadial });
  }

  override computeDense(structure: StructureInput, options: InvariantDenseOptions = {}): DenseFeatures {
    return super.computeDense(structure, this.withSpecies(options));
  }

  override computeSpeciesSums(structure: StructureInput, options: InvariantDenseOptions = {}): SpeciesSums {
    return super.computeSpeciesSums(structure, this.withSpecies(options));
  }

  override vectorJacobianProduct(
    structure: StructureInput,
    cotangent: Float64Array | ((i: number, values: Float64Array, offset: number, out: Float64Array) => void),
    options: Omit<InvariantDenseOptions, 'gradients'> = {},
  ): VectorJacobianProduct {
    return super.vectorJacobianProduct(structure, cotangent, this.withSpecies(options));
  }

  /**
   * Every selected (order_nu, o3_lambda, o3_sigma, center_type) block of orders 1 … maxCorrelationOrder
   * (see tensor-map.ts for the layout), with position and/or strain gradients.
   */
  override compute(structures: StructureInput | readonly StructureInput[], options: ComputeOptions = {}): TensorMap {
    const checked = checkComputeArguments(structures, options);
    const compression = this.speciesCompression;
    // a species compression reads any species (W is keyed by atomic number); otherwise the fitted axis is the only one
    const species = this.fitted && !compression ? this.fitted.species : checked.species;
    if (this.fitted && !compression) checked.structures.forEach((s) => typeIndex(s, species));
    if (checked.selectedKeys) checkKeyNames(checked.selectedKeys, 'options.selectedKeys');
    return computeNiceTensorMap(this.expansion, this.planFor(compression ? compression.channels : species.length), checked.structures, species, {
      mixing: compression ? compression.weightsFor(species) : null,
      positions: checked.gradients.includes('positions'),
      strain: checked.gradients.includes('strain'),
      selectedKeys: checked.selectedKeys ?? this.selectedKeys,
      selectedSamples: checked.selectedSamples ?? null,
      backend: checked.backend,
    });
  }

  /** Options, species and every projection, as plain JSON (numbers round-trip exactly). */
  toJSON(): DensityCorrelationsJSON {
    return serialise(this, this.hypersJSON, this.speciesCompressionJSON, this.fitted);
  }

  /**
   * Rebuilds a calculator from toJSON()'s output. `expansion` overrides (or, when the calculator
   * was built from an expansion object, supplies) the expansion hypers.
   */
  static fromJSON(json: DensityCorrelationsJSON, expansion?: SphericalExpansionHypers | SphericalExpansion): DensityCorrelations {
    if (json === null || typeof json !== 'object') throw new TypeError(`json must be the object toJSON() returned, got ${json === null ? 'null' : typeof json}`);
    if (json.format !== 'equikit.DensityCorrelations' || json.version !== 1) {
      throw new RangeError(`json.format must be 'equikit.DensityCorrelations' version 1, got ${JSON.stringify(json.format)} version ${JSON.stringify(json.version)}`);
    }
    const hypers = expansion ?? (json.hypers as SphericalExpansionHypers | null);
    if (!hypers) throw new TypeError('json has no hypers (the calculator was built from a SphericalExpansion object): pass the expansion as the second argument');
    const o = json.options;
    const calc = new DensityCorrelations(hypers, {
      maxCorrelationOrder: o.maxCorrelationOrder,
      angularCutoff: o.angularCutoff,
      skipRedundant: o.skipRedundant,
      compression: o.compression,
      invariantOrders: o.invariantOrders,
      selectedKeys: o.selectedKeys ? new Labels(o.selectedKeys.names, o.selectedKeys.values) : undefined,
      ...(o.speciesCompression ? { speciesCompression: o.speciesCompression as SpeciesCompressionOptions } : {}),
    });
    if (json.fitted) {
      const species = checkSpecies(json.fitted.species);
      const axis = calc.speciesCompression ? calc.speciesCompression.channels : species.length;
      calc.setFitted(species, restorePlan(calc.shape(axis), calc.maxCorrelationOrder, json.fitted.channels, json.fitted.selections));
    }
    return calc;
  }

  private setFitted(species: Int32Array, plan: NicePlan): void {
    this.fitted = { species, plan };
    this.invariantMaps.clear();
    // the base class caches the mixing wrappers around the old maps: setting the same compression again clears them
    if (this.speciesCompression) this.useSpeciesCompression(this.speciesCompression);
  }

  private shape(nSpecies: number): PlanShape {
    const { maxAngular, radialPerAngular } = this.expansion.hypers;
    return { nSpecies, maxAngular, radialPerAngular, angularCutoff: this.angularCutoff, skipRedundant: this.skipRedundant };
  }

  private invariantChannels(plan: NicePlan, nu: number): number[] {
    return plan.orders[nu - 1].filter((c) => plan.channels[c].lambda === 0 && plan.channels[c].sigma === 1 && plan.channels[c].size > 0);
  }

  /**
   * Under compression the species axis is the fitted one: the default, and the only one accepted
   * (a species compression reads any species: its W is keyed by atomic number).
   */
  private withSpecies<T extends { species?: ArrayLike<number> }>(options: T): T {
    if (!this.fitted || this.speciesCompression || options === null || typeof options !== 'object') return options;
    const fitted = this.fitted.species;
    if (options.species !== undefined) {
      const given = checkSpecies(options.species);
      if (given.length !== fitted.length || given.some((z, k) => z !== fitted[k])) {
        throw new RangeError(`options.species must be the fitted species [${fitted.join(', ')}], got [${given.join(', ')}]`);
      }
    }
    return { ...options, species: fitted };
  }
}

/** c̃[i][q][·] = Σ_a W[q][a] c[i][a][·] for every centre (W: d × S row-major). */
function mixSpecies(c: Float64Array, nCentres: number, W: Float64Array, S: number, d: number): Float64Array {
  const B = c.length / (nCentres * S);
  const out = new Float64Array(nCentres * d * B);
  for (let i = 0; i < nCentres; i++) {
    for (let q = 0; q < d; q++) {
      const to = (i * d + q) * B;
      for (let a = 0; a < S; a++) {
        const w = W[q * S + a];
        if (w === 0) continue;
        const from = (i * S + a) * B;
        for (let k = 0; k < B; k++) out[to + k] += w * c[from + k];
      }
    }
  }
  return out;
}

/** The speciesCompression option as JSON: as given when a plain object, { channels, seed } for a SpeciesCompression of random weights. */
function speciesCompressionJSON(option: unknown, parsed: SpeciesCompression): unknown {
  if (!(option instanceof SpeciesCompression)) return toPlainJSON(option);
  if (parsed.seed !== undefined) return { channels: parsed.channels, weights: 'random', seed: parsed.seed };
  return undefined;
}

/** A JSON-ready deep copy (typed arrays become plain arrays). */
function toPlainJSON(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v)));
}

