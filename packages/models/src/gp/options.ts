// Validation of SparseGPPotential.fit's options: every field named in its error.
import { assertFiniteNumber, assertInteger, assertNonNegativeNumber, assertOneOf, assertPositiveNumber, atomicNumber, type BackendName } from '@equikit/core';
import type { SphericalExpansionHypers } from '@equikit/density';
import type { TargetNames } from '../training-data.js';

export type SparseMethod = 'fps' | 'cur';
export type FitStage = 'features' | 'sparse' | 'assembly' | 'solve';

export interface SparseGPProgress {
  stage: FitStage;
  /** Items done in this stage (structures for features/assembly, species for sparse, folds for solve). */
  done: number;
  total: number;
}

/** 1/σ of each residual, as LinearPotential's: energy per atom, force components, virial per atom (stress × V / N). */
export interface SparseGPWeights {
  /** On the energy per atom (atoms/eV). */
  energy?: number;
  /** On each force component (Å/eV). */
  forces?: number;
  /** On each Voigt component of the virial per atom, stress × volume / atoms (atoms/eV). */
  stress?: number;
}

/** The power spectrum's configuration, as LinearPotential's FeatureConfig (the GP always normalises). */
export interface SparseGPFeatures {
  type: 'power-spectrum';
  expansion: SphericalExpansionHypers;
  /** Must be true or absent: the kernel is defined on normalised features. */
  normalize?: boolean;
}

export interface SparsePointsOptions {
  /** Sparse points per centre species: one number for all, or per chemical symbol ({ Si: 500 }). */
  count: number | Record<string, number>;
  /** 'fps' (farthest-point sampling, default) or 'cur'. */
  method?: SparseMethod;
  /** Seed of CUR's power iterations (FPS starts at each species' first environment). Default 0. */
  seed?: number;
}

export interface SparseGPFitOptions {
  /** { type: 'power-spectrum', expansion } (LinearPotential's form), or the expansion hypers alone. */
  features: SparseGPFeatures | SphericalExpansionHypers;
  /** Where each target is (see TargetNames); default energy, forces and stress. */
  targets?: TargetNames;
  /** 1/σ of the residuals, or 'auto' (default, LinearPotential's): σ = 1 meV/atom, 0.04 eV/Å, 20 meV/atom of virial. */
  weights?: 'auto' | SparseGPWeights;
  /** λ of the GP prior (the noise variance relative to the weights), or 'auto' (default): k-fold cross-validation. */
  regularization?: 'auto' | number;
  /** Kernel exponent ζ, an integer 1..6 (SOAP-GAP uses 2..4). Default 2. */
  zeta?: number;
  sparsePoints: SparsePointsOptions;
  /** Per-species energies e0 (eV, keyed by symbol or atomic number), or 'fit' (default): least squares on the energies. */
  referenceEnergies?: 'fit' | Record<string, number>;
  /** Relative jitter added to K_MM's diagonal (raised tenfold as needed). Default 1e-10. */
  jitter?: number;
  /** Folds of the cross-validation for regularization 'auto'. Default 5 (at most the number of structures). */
  folds?: number;
  /** Seed of the fold assignment. Default 0. */
  seed?: number;
  /** Backend of the expansion: 'js', 'wasm' or 'wasm-simd'. */
  backend?: BackendName;
  onProgress?: (progress: SparseGPProgress) => void;
}

export const AUTO_WEIGHTS: Required<SparseGPWeights> = { energy: 1 / 0.001, forces: 1 / 0.04, stress: 1 / 0.02 };

export interface CheckedFitOptions {
  features: SphericalExpansionHypers;
  targets?: TargetNames;
  weights: Required<SparseGPWeights>;
  regularization: 'auto' | number;
  zeta: number;
  count: (z: number) => number;
  method: SparseMethod;
  seed: number;
  referenceEnergies: 'fit' | Map<number, number>;
  jitter: number;
  folds: number;
  foldSeed: number;
  backend?: BackendName;
  onProgress?: (progress: SparseGPProgress) => void;
}

const KNOWN = ['features', 'targets', 'weights', 'regularization', 'zeta', 'sparsePoints', 'referenceEnergies', 'jitter', 'folds', 'seed', 'backend', 'onProgress'];

export function checkFitOptions(options: unknown): CheckedFitOptions {
  if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object with features and sparsePoints, got ${options === null ? 'null' : typeof options}`);
  const o = options as SparseGPFitOptions;
  for (const key of Object.keys(o)) if (!KNOWN.includes(key)) throw new TypeError(`options has an unknown field '${key}'; allowed: ${KNOWN.join(', ')}`);
  const features = checkFeatures(o.features);
  const zeta = o.zeta ?? 2;
  assertInteger(zeta, 'options.zeta', 1, 6);
  const regularization = o.regularization ?? 'auto';
  if (regularization !== 'auto') assertPositiveNumber(regularization, 'options.regularization');
  const weights = checkWeights(o.weights ?? 'auto');
  if (o.sparsePoints === null || typeof o.sparsePoints !== 'object') throw new TypeError(`options.sparsePoints must be an object { count, method }, got ${o.sparsePoints === null ? 'null' : typeof o.sparsePoints}`);
  const { count, method = 'fps', seed = 0 } = o.sparsePoints;
  assertOneOf(method, 'options.sparsePoints.method', ['fps', 'cur']);
  assertInteger(seed, 'options.sparsePoints.seed', 0, 2 ** 32 - 1);
  const jitter = o.jitter ?? 1e-10;
  assertPositiveNumber(jitter, 'options.jitter');
  if (jitter > 1e-4) throw new RangeError(`options.jitter must be at most 1e-4 (relative to K_MM's diagonal), got ${jitter}`);
  const folds = o.folds ?? 5;
  assertInteger(folds, 'options.folds', 2);
  const foldSeed = o.seed ?? 0;
  assertInteger(foldSeed, 'options.seed', 0, 2 ** 32 - 1);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new TypeError(`options.onProgress must be a function, got ${typeof o.onProgress}`);
  return {
    features,
    targets: o.targets,
    weights,
    regularization,
    zeta,
    count: checkCount(count),
    method,
    seed,
    referenceEnergies: checkReferenceEnergies(o.referenceEnergies ?? 'fit'),
    jitter,
    folds,
    foldSeed,
    backend: o.backend,
    onProgress: o.onProgress,
  };
}

/** The expansion hypers of either form of options.features. */
function checkFeatures(features: unknown): SphericalExpansionHypers {
  if (features === null || typeof features !== 'object' || Array.isArray(features)) {
    throw new TypeError(`options.features must be { type: 'power-spectrum', expansion: { cutoff, density, basis } }, got ${features === null ? 'null' : typeof features}`);
  }
  const f = features as Record<string, unknown>;
  if (!('type' in f)) return f as unknown as SphericalExpansionHypers;
  if (f.type !== 'power-spectrum') throw new TypeError(`options.features.type must be 'power-spectrum' (the GP's kernel is on the normalised power spectrum), got ${JSON.stringify(f.type)}`);
  for (const key of Object.keys(f)) if (!['type', 'expansion', 'normalize'].includes(key)) throw new TypeError(`options.features has an unknown field '${key}'; allowed: type, expansion, normalize`);
  if (f.normalize !== undefined && f.normalize !== true) throw new RangeError('options.features.normalize must be true or absent: the kernel (X̂_i·Z_m)^ζ is defined on normalised power spectra');
  if (f.expansion === null || typeof f.expansion !== 'object') throw new TypeError(`options.features.expansion must be the spherical-expansion hypers object, got ${f.expansion === null ? 'null' : typeof f.expansion}`);
  return f.expansion as SphericalExpansionHypers;
}

function checkWeights(weights: unknown): Required<SparseGPWeights> {
  if (weights === 'auto') return { ...AUTO_WEIGHTS };
  if (weights === null || typeof weights !== 'object') throw new TypeError(`options.weights must be 'auto' or { energy, forces, stress }, got ${weights === null ? 'null' : typeof weights}`);
  const out = { ...AUTO_WEIGHTS };
  for (const [key, value] of Object.entries(weights)) {
    if (key !== 'energy' && key !== 'forces' && key !== 'stress') throw new TypeError(`options.weights has an unknown field '${key}'; allowed: energy, forces, stress`);
    if (value === undefined) continue;
    assertNonNegativeNumber(value, `options.weights.${key}`);
    out[key] = value;
  }
  return out;
}

function checkCount(count: unknown): (z: number) => number {
  if (typeof count === 'number') {
    assertInteger(count, 'options.sparsePoints.count', 1);
    return () => count;
  }
  if (count === null || typeof count !== 'object') throw new TypeError(`options.sparsePoints.count must be a positive integer or { symbol: count }, got ${count === null ? 'null' : typeof count}`);
  const byZ = new Map<number, number>();
  for (const [symbol, value] of Object.entries(count)) {
    const z = symbolToNumber(symbol, 'options.sparsePoints.count');
    assertInteger(value, `options.sparsePoints.count.${symbol}`, 1);
    byZ.set(z, value);
  }
  return (z) => {
    const value = byZ.get(z);
    if (value === undefined) throw new RangeError(`options.sparsePoints.count has no entry for an element of the training set (Z = ${z})`);
    return value;
  };
}

function checkReferenceEnergies(value: unknown): 'fit' | Map<number, number> {
  if (value === 'fit') return 'fit';
  if (value === null || typeof value !== 'object') throw new TypeError(`options.referenceEnergies must be 'fit' or { symbol: energy in eV }, got ${value === null ? 'null' : typeof value}`);
  const out = new Map<number, number>();
  for (const [symbol, e] of Object.entries(value)) {
    const z = /^[0-9]+$/.test(symbol) ? Number(symbol) : symbolToNumber(symbol, 'options.referenceEnergies');
    assertInteger(z, `options.referenceEnergies key ${symbol} (an atomic number)`, 1, 118);
    assertFiniteNumber(e, `options.referenceEnergies.${symbol}`);
    out.set(z, e);
  }
  return out;
}

function symbolToNumber(symbol: string, name: string): number {
  try {
    return atomicNumber(symbol);
  } catch {
    throw new RangeError(`${name} keys must be chemical symbols such as 'Si', got ${JSON.stringify(symbol)}`);
  }
}
