// The public calculator: validated hypers and every set-up (radial tables, harmonics) done
// once in the constructor; compute/computeDense then only run the kernels.
import { assertBoolean, assertInteger, assertOneOf, Labels, resolveBackend, type BackendName, type TensorMap } from '@equikit/core';
import { SphericalHarmonics } from '@equikit/o3';
import { radialWeight, willatt2018 } from './cutoff.js';
import { computeDenseExpansion, type DenseExpansion } from './dense.js';
import { expandPairs, findPairs, IMPLEMENTED_BACKENDS, typeIndex, type ExpansionSetup, type PairList, type PairSink } from './expansion/pair-expansion.js';
import { parseHypers, type ResolvedHypers, type SphericalExpansionHypers } from './hypers.js';
import { createRadialIntegral } from './radial/index.js';
import { laplacianEigenstateShape } from './radial/spherical-bessel.js';
import { toStructure, type StructureInput } from './structure-input.js';
import { computeTensorMap, type GradientParameter } from './tensor-map.js';

export interface ComputeOptions {
  /** Gradients to attach to every block: 'positions' and/or 'strain'. Default none. */
  gradients?: readonly GradientParameter[];
  /** Only these samples: Labels over some of ('system', 'atom'); an entry matches on the names it has. */
  selectedSamples?: Labels;
  /** Only these keys: Labels over some of ('center_type', 'o3_lambda', 'o3_sigma', 'neighbor_type'). */
  selectedKeys?: Labels;
  /** 'js', 'wasm' or 'wasm-simd' for this call (and its harmonics); default: the forced one, else the best available. */
  backend?: BackendName;
}

export interface DenseOptions {
  /** Also return positionGradients. Default false. */
  gradients?: boolean;
  /** Atomic numbers indexing the species axis; default: those present in the structure, sorted. */
  species?: ArrayLike<number>;
  /** As ComputeOptions.backend. */
  backend?: BackendName;
}

export class SphericalExpansion {
  /** The validated hypers with defaults filled in. */
  readonly hypers: Readonly<ResolvedHypers>;
  private readonly setup: ExpansionSetup;
  private readonly harmonicsByBackend = new Map<BackendName, SphericalHarmonics>();

  constructor(hypers: SphericalExpansionHypers) {
    this.hypers = parseHypers(hypers, laplacianEigenstateShape);
    const h = this.hypers;
    this.setup = {
      cutoff: h.cutoff,
      maxRadial: h.maxRadial,
      maxAngular: h.maxAngular,
      radial: createRadialIntegral(h),
      weight: radialWeight(h),
      centreWeight: h.centerAtomWeight * (h.scaling ? willatt2018(h.scaling).value(0) : 1),
      harmonics: new SphericalHarmonics(h.maxAngular),
    };
  }

  /**
   * The expansion of one or several structures as a TensorMap (featomic's layout; values in
   * librascal's scaling): keys (center_type, o3_lambda, o3_sigma, neighbor_type), samples
   * (system, atom), components (o3_mu), properties (n). See tensor-map.ts for gradients.
   */
  compute(structures: StructureInput | readonly StructureInput[], options: ComputeOptions = {}): TensorMap {
    const list = Array.isArray(structures) ? structures : [structures];
    const checked = list.map((s, k) => toStructure(s, Array.isArray(structures) ? `structures[${k}]` : 'structures'));
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const gradients = options.gradients ?? [];
    if (!Array.isArray(gradients)) throw new TypeError(`options.gradients must be an array of 'positions' and/or 'strain', got ${typeof gradients}`);
    gradients.forEach((g, k) => assertOneOf(g, `options.gradients[${k}]`, ['positions', 'strain']));
    for (const name of ['selectedSamples', 'selectedKeys'] as const) {
      const value = options[name];
      if (value !== undefined && !(value instanceof Labels)) throw new TypeError(`options.${name} must be Labels, got ${value === null ? 'null' : typeof value}`);
    }
    const types = presentSpecies(checked);
    return computeTensorMap(checked, types, this.setupFor(options.backend), {
      gradients,
      radialPerAngular: this.hypers.radialPerAngular,
      selectedSamples: options.selectedSamples,
      selectedKeys: options.selectedKeys,
    });
  }

  /** Coefficients of one structure in librascal's dense layout and scaling (see DenseExpansion). */
  computeDense(structure: StructureInput, options: DenseOptions = {}): DenseExpansion {
    const s = toStructure(structure, 'structure');
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const { gradients = false } = options;
    assertBoolean(gradients, 'options.gradients');
    const species = options.species === undefined ? presentSpecies([s]) : checkSpecies(options.species);
    return computeDenseExpansion(s, species, this.setupFor(options.backend), gradients);
  }

  /**
   * Low level, for consumers that contract gradients on the fly (power-spectrum gradients,
   * forces): the dense coefficients, the pair list, and each pair's d c^{i, type(j)}/d r_ij
   * handed to `onPair(p, gradient, offset, pairs)` as it is computed, never stored. The gradient of pair p
   * is at `gradient[offset + 3N·l² + (xyz·(2l+1) + m)·N + n]` for n < N = maxRadial, valid only
   * during the call. Pair p joins centre `pairs.i[p]` to atom `pairs.j[p]` (maybe a periodic image,
   * `pairs.vectors[3p..]` = r_j + S·cell − r_i); for i == j it is an image of the centre.
   */
  computePairs(
    structure: StructureInput,
    options: { species?: ArrayLike<number>; backend?: BackendName; onPair?: (p: number, gradient: Float64Array, offset: number, pairs: PairList) => void } = {},
  ): { values: Float64Array; species: Int32Array; pairs: PairList } {
    const s = toStructure(structure, 'structure');
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    if (options.onPair !== undefined && typeof options.onPair !== 'function') {
      throw new TypeError(`options.onPair must be a function (p, gradient, offset, pairs) => void, got ${typeof options.onPair}`);
    }
    const species = options.species === undefined ? presentSpecies([s]) : checkSpecies(options.species);
    const setup = this.setupFor(options.backend);
    const pairs = findPairs(s, setup.cutoff);
    const onPair = options.onPair;
    const sink: PairSink | undefined = onPair ? (p, gradient, offset) => onPair(p, gradient, offset, pairs) : undefined;
    const values = expandPairs(s, typeIndex(s, species), species.length, pairs, setup, sink);
    return { values, species, pairs };
  }

  /** The set-up with a per-call backend: checked now, and given to the harmonics too. */
  private setupFor(backend: BackendName | undefined): ExpansionSetup {
    if (backend === undefined) return this.setup;
    resolveBackend('SphericalExpansion', IMPLEMENTED_BACKENDS, backend);
    let harmonics = this.harmonicsByBackend.get(backend);
    if (!harmonics) this.harmonicsByBackend.set(backend, (harmonics = new SphericalHarmonics(this.hypers.maxAngular, { backend })));
    return { ...this.setup, backend, harmonics };
  }
}

/** The sorted atomic numbers present in any of the structures. */
export function presentSpecies(structures: readonly { numbers: Int32Array }[]): Int32Array {
  const set = new Set<number>();
  for (const s of structures) for (const z of s.numbers) set.add(z);
  return Int32Array.from([...set].sort((a, b) => a - b));
}

/** The `species` option checked and sorted: distinct atomic numbers. */
export function checkSpecies(species: unknown): Int32Array {
  if (species === null || typeof species !== 'object' || typeof (species as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`options.species must be an array of atomic numbers, got ${species === null ? 'null' : typeof species}`);
  }
  const list = Array.from(species as ArrayLike<unknown>);
  list.forEach((z, k) => assertInteger(z, `options.species[${k}]`, 1, 118));
  const sorted = (list as number[]).slice().sort((a, b) => a - b);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k] === sorted[k - 1]) throw new RangeError(`options.species must not repeat an atomic number, got ${sorted[k]} twice`);
  }
  return Int32Array.from(sorted);
}
