// Validation of DensityCorrelations' options: every bad value fails here, naming the field.
import { assertBoolean, assertInteger, assertPositiveNumber, Labels } from '@equikit/core';
import type { SpeciesCompression, SpeciesCompressionOptions } from '../species/compression.js';

export interface CompressionOptions {
  /**
   * Principal components kept per channel. A number: at most that many at every order ν ≥ 2,
   * ν = 1 stays uncompressed. An array: entry ν − 1 for ν = 1 … maxCorrelationOrder (null: that
   * order is not compressed). Default: no PCA (then `expand` must be given).
   */
  components?: number | readonly (number | null)[];
  /**
   * NICE's expansion preselection (`num_expand`): forming order ν keeps only this many
   * (parent property, density property) products, those of largest variance product, over all
   * of the order's couplings. A number: every order ν ≥ 2. An array: entry ν − 1 for ν = 1 …
   * maxCorrelationOrder, the first null (ν = 1 is not a product), null: every product.
   * Default: every product.
   */
  expand?: number | readonly (number | null)[];
  /** Keep only the fewest leading components carrying this fraction of a channel's variance (then capped by `components`). In (0, 1], default 1. */
  varianceThreshold?: number;
}

export interface DensityCorrelationsOptions {
  /** The highest body order ν (ν = 1 is the density itself). Integer in [1, 8]. */
  maxCorrelationOrder: number;
  /** The largest λ of any channel of order ν ≥ 2 (intermediate or output). Default: the expansion's maxAngular. */
  angularCutoff?: number;
  /** Keys of compute()'s TensorMap to return: Labels over some of (order_nu, o3_lambda, o3_sigma, center_type). Default all. */
  selectedKeys?: Labels;
  /** Couple a channel whose last ν = 1 factor has l′ only with l ≥ l′ (featomic's sorted l_1 ≤ … ≤ l_ν). Default false. */
  skipRedundant?: boolean;
  /** NICE's PCA after every order (needs fit()); null (default): the exact, uncompressed products. */
  compression?: CompressionOptions | null;
  /** Orders whose invariants (λ = 0, σ = +1) make the InvariantCalculator features, concatenated in this (ascending) order. Default 1 … maxCorrelationOrder. */
  invariantOrders?: readonly number[];
  /** Mix the neighbour species into d channels before the iteration (see the README's species compression). Default: full species. */
  speciesCompression?: SpeciesCompressionOptions | SpeciesCompression;
}

export interface ResolvedOptions {
  maxCorrelationOrder: number;
  angularCutoff: number;
  selectedKeys: Labels | null;
  skipRedundant: boolean;
  compression: { components: (number | null)[]; expand: (number | null)[]; varianceThreshold: number } | null;
  invariantOrders: number[];
}

export const MAX_CORRELATION_ORDER = 8;
export const KEY_NAMES = ['order_nu', 'o3_lambda', 'o3_sigma', 'center_type'] as const;
const KNOWN = ['maxCorrelationOrder', 'angularCutoff', 'selectedKeys', 'skipRedundant', 'compression', 'invariantOrders', 'speciesCompression'];

export function resolveOptions(options: DensityCorrelationsOptions, maxAngular: number): ResolvedOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`options must be an object with at least maxCorrelationOrder, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) throw new TypeError(`options.${key} is not a DensityCorrelations option (known: ${KNOWN.join(', ')})`);
  }
  const { maxCorrelationOrder, angularCutoff = maxAngular, selectedKeys, skipRedundant = false, compression = null } = options;
  assertInteger(maxCorrelationOrder, 'options.maxCorrelationOrder', 1, MAX_CORRELATION_ORDER);
  assertInteger(angularCutoff, 'options.angularCutoff', 0, 4 * maxAngular + 4);
  assertBoolean(skipRedundant, 'options.skipRedundant');
  if (selectedKeys !== undefined && selectedKeys !== null) {
    if (!(selectedKeys instanceof Labels)) throw new TypeError(`options.selectedKeys must be Labels, got ${typeof selectedKeys}`);
    checkKeyNames(selectedKeys, 'options.selectedKeys');
  }
  const invariantOrders = options.invariantOrders ?? Array.from({ length: maxCorrelationOrder }, (_, k) => k + 1);
  if (!Array.isArray(invariantOrders) || invariantOrders.length === 0) {
    throw new TypeError(`options.invariantOrders must be a non-empty array of orders in [1, maxCorrelationOrder = ${maxCorrelationOrder}]`);
  }
  invariantOrders.forEach((nu, k) => {
    assertInteger(nu, `options.invariantOrders[${k}]`, 1, maxCorrelationOrder);
    if (k > 0 && nu <= invariantOrders[k - 1]) throw new RangeError(`options.invariantOrders must be strictly ascending, got [${invariantOrders.join(', ')}]`);
  });
  return {
    maxCorrelationOrder,
    angularCutoff,
    selectedKeys: selectedKeys ?? null,
    skipRedundant,
    compression: resolveCompression(compression, maxCorrelationOrder),
    invariantOrders: [...invariantOrders],
  };
}

function resolveCompression(compression: CompressionOptions | null, maxOrder: number): ResolvedOptions['compression'] {
  if (compression === null) return null;
  if (typeof compression !== 'object' || Array.isArray(compression)) {
    throw new TypeError(`options.compression must be null or an object { components?, expand?, varianceThreshold? }, got ${Array.isArray(compression) ? 'an array' : typeof compression}`);
  }
  for (const key of Object.keys(compression)) {
    if (!['components', 'expand', 'varianceThreshold'].includes(key)) throw new TypeError(`options.compression.${key} is not a compression option (known: components, expand, varianceThreshold)`);
  }
  const { components, expand, varianceThreshold = 1 } = compression;
  assertPositiveNumber(varianceThreshold, 'options.compression.varianceThreshold');
  if (varianceThreshold > 1) throw new RangeError(`options.compression.varianceThreshold must be in (0, 1], got ${varianceThreshold}`);
  if (components === undefined && expand === undefined) {
    throw new TypeError('options.compression needs components (the PCA) and/or expand (the product preselection)');
  }
  const perOrder = perOrderCounts(components, maxOrder, 'options.compression.components', false);
  const expandPerOrder = perOrderCounts(expand, maxOrder, 'options.compression.expand', true);
  return { components: perOrder, expand: expandPerOrder, varianceThreshold };
}

/** A count per order: a number for every order ν ≥ 2, or one entry (or null) per order 1 … maxOrder. */
function perOrderCounts(value: number | readonly (number | null)[] | undefined, maxOrder: number, name: string, firstNull: boolean): (number | null)[] {
  if (value === undefined || value === null) return Array.from({ length: maxOrder }, () => null);
  if (typeof value === 'number') {
    assertInteger(value, name, 1);
    return Array.from({ length: maxOrder }, (_, k) => (k === 0 ? null : value));
  }
  if (!Array.isArray(value)) {
    throw new TypeError(`${name} must be a positive integer or an array of them (or null per order), got ${typeof value}`);
  }
  if (value.length !== maxOrder) {
    throw new RangeError(`${name} must have one entry per order 1 … ${maxOrder} (maxCorrelationOrder), got ${value.length}`);
  }
  return value.map((c, k) => {
    if (c === null) return null;
    if (k === 0 && firstNull) throw new RangeError(`${name}[0] must be null: order 1 is the density, not a product`);
    assertInteger(c, `${name}[${k}]`, 1);
    return c;
  });
}

/** A key selection may only use the key names of compute()'s TensorMap. */
export function checkKeyNames(keys: Labels, name: string): void {
  for (const key of keys.names) {
    if (!(KEY_NAMES as readonly string[]).includes(key)) throw new RangeError(`${name} has the name '${key}'; allowed: ${KEY_NAMES.join(', ')}`);
  }
}
