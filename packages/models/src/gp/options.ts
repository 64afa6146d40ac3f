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

export interface SparseGPWeights {
  /** On the energy per atom (1/eV). */
  energy?: number;
  /** On each force component (Å/eV). */
  forces?: number;
  /** On each Voigt stress component (Å³/eV). */
  stress?: number;
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
  /** Hypers of the power spectrum (normalised per centre by the model): cutoff, density, basis. */
  features: SphericalExpansionHypers;
  /** Where each target is (see TargetNames); default energy, forces and stress. */
  targets?: TargetNames;
  /** Weights of the residuals, or 'auto' (default): energy 1000/eV per atom, forces 10 Å/eV, stress 1602 Å³/eV (1 meV/atom ~ 0.1 eV/Å ~ 0.1 GPa). */
  weights?: 'auto' | SparseGPWeights;
  /** λ of the GP prior (the noise variance relative to the weights), or 'auto' (default): k-fold cross-validation. */
  regularization?: 'auto' | number;
  /** Kernel exponent ζ, an integer 1..6 (SOAP-GAP uses 2..4). Default 2. */
  zeta?: number;
  sparsePoints: SparsePointsOptions;
  /** Per-species energies e0 (eV, by chemical symbol), or 'fit' (default): least squares on the energies. */
  referenceEnergies?: 'fit' | Record<string, number>;
  /** Relative jitter added to K_MM's diagonal (raised tenfold as needed). Default 1e-10. */
  jitter?: number;
  /** Folds of the cross-validation for regularization 'auto'. Default 5 (at most the number of structures). */
  folds?: number;
  /** Backend of the expansion: 'js', 'wasm' or 'wasm-simd'. */
  backend?: BackendName;
  onProgress?: (progress: SparseGPProgress) => void;
}

export const AUTO_WEIGHTS: Required<SparseGPWeights> = { energy: 1000, forces: 10, stress: 1602.1766208 };

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
  backend?: BackendName;
  onProgress?: (progress: SparseGPProgress) => void;
}

const KNOWN = ['features', 'targets', 'weights', 'regularization', 'zeta', 'sparsePoints', 'referenceEnergies', 'jitter', 'folds', 'backend', 'onProgress'];

export function checkFitOptions(options: unknown): CheckedFitOptions {
  if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object with features and sparsePoints, got ${options === null ? 'null' : typeof options}`);
  const o = options as SparseGPFitOptions;
  for (const key of Object.keys(o)) if (!KNOWN.includes(key)) throw new TypeError(`options has an unknown field '${key}'; allowed: ${KNOWN.join(', ')}`);
  if (o.features === null || typeof o.features !== 'object') throw new TypeError(`options.features must be the power spectrum's hypers { cutoff, density, basis }, got ${o.features === null ? 'null' : typeof o.features}`);
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
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new TypeError(`options.onProgress must be a function, got ${typeof o.onProgress}`);
  return {
    features: o.features,
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
    backend: o.backend,
    onProgress: o.onProgress,
  };
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
    const z = symbolToNumber(symbol, 'options.referenceEnergies');
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
