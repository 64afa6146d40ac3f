// Validation of LinearPotential.fit's options: every bad value fails here, naming the field.
import { assertFiniteNumber, assertInteger, assertNonNegativeNumber, atomicNumber, isAtomicNumber, type BackendName } from '@equikit/core';
import { describe, resolveTargetNames, type ResolvedTargetNames, type TargetNames } from '../training-data.js';
import { checkFeatureConfig, type FeatureConfig } from './features.js';
import type { RowWeights } from './design.js';

/** What onProgress receives: the stage, and how far it is. */
export interface FitProgress {
  /** 'features': a structure's features and gradients computed; 'assembly': its rows added; 'solve': one Cholesky solve done. */
  stage: 'features' | 'assembly' | 'solve';
  done: number;
  total: number;
}

export interface LinearFitOptions {
  /** The feature configuration (see FeatureConfig). */
  features: FeatureConfig;
  /** Where each target is in info/arrays; a target set to false is not fitted. */
  targets?: TargetNames;
  /**
   * 1/σ of each target's residual: energy per atom (eV/atom), force components (eV/Å), virial
   * per atom = stress × volume / atoms (eV/atom). 0 leaves a target out. 'auto' (default):
   * σ = 1 meV/atom, 0.04 eV/Å, 20 meV/atom (AUTO_WEIGHTS).
   */
  weights?: Partial<RowWeights> | 'auto';
  /** The ridge λ on standardised weights (see README), or 'auto' (default): k-fold cross-validation over 1e-12 … 1. */
  regularization?: number | 'auto';
  /** Folds of the cross-validation (structures split at random with a fixed seed). Default 5. */
  folds?: number;
  /** Seed of the fold assignment. Default 0. */
  seed?: number;
  /** Per-species reference energies in eV, keyed by symbol or atomic number (fixed), or 'fit' (default). */
  referenceEnergies?: 'fit' | Record<string, number>;
  /** Species of the model (atomic numbers); default those in the training set. */
  species?: ArrayLike<number>;
  /** Progress callback. */
  onProgress?: (progress: FitProgress) => void;
  /** Backend of the features and the solver ('js', 'wasm', 'wasm-simd'); default the best available. */
  backend?: BackendName;
}

/** σ = 1 meV/atom, 0.04 eV/Å, 20 meV/atom: the 'auto' weights (1/σ). */
export const AUTO_WEIGHTS: Readonly<RowWeights> = { energy: 1 / 0.001, forces: 1 / 0.04, stress: 1 / 0.02 };

export interface ResolvedFitOptions {
  features: FeatureConfig;
  targets: ResolvedTargetNames;
  weights: RowWeights;
  regularization: number | 'auto';
  folds: number;
  seed: number;
  referenceEnergies: Map<number, number> | 'fit';
  species: Int32Array | undefined;
  onProgress: ((progress: FitProgress) => void) | undefined;
  backend: BackendName | undefined;
}

const KNOWN = ['features', 'targets', 'weights', 'regularization', 'folds', 'seed', 'referenceEnergies', 'species', 'onProgress', 'backend'];

export function resolveFitOptions(options: unknown): ResolvedFitOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`options must be an object with at least features, got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.includes(key)) throw new TypeError(`options has an unknown field '${key}'; allowed fields are ${KNOWN.join(', ')}`);
  }
  if (o.features === undefined) throw new TypeError('options.features is required: a feature configuration like { type: \'power-spectrum\', expansion: hypers }');
  const features = checkFeatureConfig(o.features);
  const targets = resolveTargetNames(o.targets, 'options.targets');
  const weights = resolveWeights(o.weights, targets);
  let regularization: number | 'auto' = 'auto';
  if (o.regularization !== undefined && o.regularization !== 'auto') {
    assertNonNegativeNumber(o.regularization, 'options.regularization');
    regularization = o.regularization;
  }
  const folds = o.folds ?? 5;
  assertInteger(folds, 'options.folds', 2, 100);
  const seed = o.seed ?? 0;
  assertInteger(seed, 'options.seed', 0, 2 ** 32 - 1);
  const referenceEnergies = resolveReferenceEnergies(o.referenceEnergies);
  if (referenceEnergies === 'fit' && weights.energy === 0) {
    throw new RangeError('options.referenceEnergies must be given when energies are not fitted (targets.energy false or weights.energy 0): nothing else determines them');
  }
  let species: Int32Array | undefined;
  if (o.species !== undefined) {
    if (o.species === null || typeof o.species !== 'object' || typeof (o.species as ArrayLike<number>).length !== 'number') {
      throw new TypeError(`options.species must be an array of atomic numbers, got ${describe(o.species)}`);
    }
    const list = Array.from(o.species as ArrayLike<unknown>);
    list.forEach((z, k) => assertInteger(z, `options.species[${k}]`, 1, 118));
    species = Int32Array.from(new Set(list as number[])).sort();
    if (species.length !== list.length) throw new RangeError('options.species must not repeat an atomic number');
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new TypeError(`options.onProgress must be a function, got ${describe(o.onProgress)}`);
  return {
    features,
    targets,
    weights,
    regularization,
    folds,
    seed,
    referenceEnergies,
    species,
    onProgress: o.onProgress as ResolvedFitOptions['onProgress'],
    backend: o.backend as BackendName | undefined,
  };
}

function resolveWeights(value: unknown, targets: ResolvedTargetNames): RowWeights {
  let weights: RowWeights;
  if (value === undefined || value === 'auto') {
    weights = { ...AUTO_WEIGHTS };
  } else {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TypeError(`options.weights must be 'auto' or an object { energy, forces, stress } of 1/σ values, got ${describe(value)}`);
    }
    const given = value as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (!['energy', 'forces', 'stress'].includes(key)) throw new TypeError(`options.weights has an unknown field '${key}'; allowed fields are energy, forces, stress`);
    }
    weights = { ...AUTO_WEIGHTS };
    for (const key of ['energy', 'forces', 'stress'] as const) {
      if (given[key] === undefined) continue;
      assertNonNegativeNumber(given[key], `options.weights.${key}`);
      weights[key] = given[key] as number;
    }
  }
  // a disabled target has no rows, whatever its weight
  if (targets.energy === false) weights.energy = 0;
  if (targets.forces === false) weights.forces = 0;
  if (targets.stress === false && targets.virial === false) weights.stress = 0;
  if (weights.energy === 0 && weights.forces === 0 && weights.stress === 0) {
    throw new RangeError('options.weights and options.targets leave nothing to fit: give energy, forces or stress a positive weight');
  }
  return weights;
}

function resolveReferenceEnergies(value: unknown): Map<number, number> | 'fit' {
  if (value === undefined || value === 'fit') return 'fit';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`options.referenceEnergies must be 'fit' or an object like { Si: -5.42 } (eV per atom, by symbol or atomic number), got ${describe(value)}`);
  }
  const map = new Map<number, number>();
  for (const [key, energy] of Object.entries(value as Record<string, unknown>)) {
    const z = /^\d+$/.test(key) ? Number(key) : symbolNumber(key);
    if (!isAtomicNumber(z)) throw new RangeError(`options.referenceEnergies has key '${key}', which is neither a chemical symbol nor an atomic number 1..118`);
    assertFiniteNumber(energy, `options.referenceEnergies.${key}`);
    if (map.has(z)) throw new RangeError(`options.referenceEnergies gives element ${z} twice`);
    map.set(z, energy);
  }
  return map;
}

function symbolNumber(symbol: string): number {
  try {
    return atomicNumber(symbol);
  } catch {
    return -1;
  }
}
