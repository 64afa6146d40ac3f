// Feature configurations a linear model is built from: plain JSON objects that name an
// InvariantCalculator of @equikit/correlations and its settings, so a model can be saved and
// rebuilt. The model only uses the InvariantCalculator interface (species sums with gradients
// for training, a vector–Jacobian product for prediction), so any body order plugs in.
import * as correlations from '@equikit/correlations';
import { InvariantCalculator, PowerSpectrum } from '@equikit/correlations';
import { ConcatenatedFeatures, type FeatureCalculator } from './concatenated-features.js';
import type { SphericalExpansionHypers } from '@equikit/density';
import type { Structure } from '@equikit/core';
import { describe } from '../training-data.js';

export type FeatureConfig =
  | {
      /** The SOAP power spectrum (ν = 2, librascal's layout). */
      type: 'power-spectrum';
      expansion: SphericalExpansionHypers;
      /** Divide each centre's features by their norm. Default false. */
      normalize?: boolean;
    }
  | {
      /** NICE/ACDC density correlations up to any body order (λ = 0 invariants). */
      type: 'density-correlations';
      expansion: SphericalExpansionHypers;
      /** DensityCorrelations' options (maxCorrelationOrder, angularCutoff, compression, …). With compression, its PCA is fitted on the training set. */
      options: Record<string, unknown>;
    }
  | {
      /** Several feature sets side by side per atom (e.g. the exact power spectrum and compressed ν = 3, 4 NICE invariants). */
      type: 'concatenation';
      /** The parts, in order (power-spectrum or density-correlations configurations). */
      parts: FeatureConfig[];
    };

/** A part of a concatenation: any configuration but another concatenation. */
type PartConfig = Exclude<FeatureConfig, { type: 'concatenation' }>;

/** A calculator that can also save and restore learned state (DensityCorrelations' PCA). */
interface Stateful {
  toJSON(): unknown;
  fit(structures: readonly Structure[], options: { species: ArrayLike<number> }): unknown;
  readonly isFitted: boolean;
}

interface StatefulClass {
  new (hypers: SphericalExpansionHypers, options: Record<string, unknown>): InvariantCalculator & Stateful;
  fromJSON(json: unknown, expansion?: SphericalExpansionHypers): InvariantCalculator & Stateful;
}

/** A copy with typed arrays turned into plain arrays: JSON-ready, numbers round-trip exactly. */
export function plainCopy(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plainCopy);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plainCopy(v);
    return out;
  }
  return value;
}

function densityCorrelationsClass(): StatefulClass {
  const found = (correlations as Record<string, unknown>).DensityCorrelations;
  if (typeof found !== 'function') {
    throw new Error("features.type 'density-correlations' needs DensityCorrelations from @equikit/correlations, which this build does not export");
  }
  return found as StatefulClass;
}

/** Checks the configuration's shape (the calculator checks the values) and returns a JSON-ready copy. */
export function checkFeatureConfig(config: unknown, name = 'options.features'): FeatureConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new TypeError(`${name} must be an object like { type: 'power-spectrum', expansion: { cutoff, density, basis } }, got ${describe(config)}`);
  }
  const c = config as Record<string, unknown>;
  if (c.type !== 'power-spectrum' && c.type !== 'density-correlations' && c.type !== 'concatenation') {
    throw new TypeError(`${name}.type must be 'power-spectrum' or 'density-correlations' (or 'concatenation' of such parts), got ${describe(c.type)}`);
  }
  const allowed = c.type === 'power-spectrum' ? ['type', 'expansion', 'normalize'] : c.type === 'concatenation' ? ['type', 'parts'] : ['type', 'expansion', 'options'];
  for (const key of Object.keys(c)) {
    if (!allowed.includes(key)) throw new TypeError(`${name} has an unknown field '${key}'; allowed fields are ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  if (c.type === 'concatenation') {
    if (!Array.isArray(c.parts) || c.parts.length === 0) throw new TypeError(`${name}.parts must be a non-empty array of feature configurations, got ${describe(c.parts)}`);
    const parts = c.parts.map((part, k) => {
      if (part !== null && typeof part === 'object' && (part as Record<string, unknown>).type === 'concatenation') {
        throw new TypeError(`${name}.parts[${k}] is a concatenation; list its parts directly instead`);
      }
      return checkFeatureConfig(part, `${name}.parts[${k}]`);
    });
    return { type: 'concatenation', parts };
  }
  if (c.expansion === null || typeof c.expansion !== 'object') throw new TypeError(`${name}.expansion must be the spherical-expansion hypers object, got ${describe(c.expansion)}`);
  if (c.type === 'density-correlations' && (c.options === null || typeof c.options !== 'object')) {
    throw new TypeError(`${name}.options must be DensityCorrelations' options object (at least maxCorrelationOrder), got ${describe(c.options)}`);
  }
  return plainCopy(config) as FeatureConfig;
}

/**
 * The calculator of a configuration. For density correlations with compression, its PCA is
 * fitted on `train` over `species` (training only; a saved model restores it with fromState).
 */
export function createCalculator(config: FeatureConfig, train: readonly Structure[], species: Int32Array): FeatureCalculator {
  if (config.type === 'concatenation') return new ConcatenatedFeatures(config.parts.map((part) => createPart(part as PartConfig, train, species)));
  return createPart(config, train, species);
}

function createPart(config: PartConfig, train: readonly Structure[], species: Int32Array): InvariantCalculator {
  if (config.type === 'power-spectrum') {
    return new PowerSpectrum(config.expansion, { normalize: config.normalize ?? false });
  }
  const calculator = new (densityCorrelationsClass())(config.expansion, config.options);
  if (config.options.compression) calculator.fit(train, { species });
  return calculator;
}

/** Learned calculator state to save beside the configuration (null when there is none). */
export function calculatorState(calculator: FeatureCalculator): unknown {
  if (calculator instanceof ConcatenatedFeatures) return calculator.parts.map(calculatorState);
  const stateful = calculator as unknown as Partial<Stateful>;
  return stateful.isFitted && typeof stateful.toJSON === 'function' ? plainCopy(stateful.toJSON()) : null;
}

/** The calculator of a saved model: the configuration and the state calculatorState returned. */
export function restoreCalculator(config: FeatureConfig, state: unknown): FeatureCalculator {
  if (config.type === 'concatenation') {
    if (!Array.isArray(state) || state.length !== config.parts.length) {
      throw new TypeError(`the feature state of a concatenation must be an array of ${config.parts.length} part states (null for parts without one), got ${describe(state)}`);
    }
    return new ConcatenatedFeatures(config.parts.map((part, k) => restorePart(part as PartConfig, state[k])));
  }
  return restorePart(config, state);
}

function restorePart(config: PartConfig, state: unknown): InvariantCalculator {
  if (config.type === 'power-spectrum' || state === null || state === undefined) return createPart(config, [], new Int32Array(0));
  return densityCorrelationsClass().fromJSON(state, config.expansion);
}
