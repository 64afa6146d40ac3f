// The fitted state of DensityCorrelations as plain JSON. Numbers are written by
// JSON.stringify's shortest round-trip form, so toJSON → JSON text → fromJSON is exact.
import type { NicePlan, PairSelection, PlanShape } from './plan.js';
import { buildPlan } from './plan.js';
import type { ResolvedOptions } from './options.js';

export interface ChannelJSON {
  nu: number;
  lambda: number;
  sigma: number;
  lastL: number;
  expandedSize: number;
  size: number;
  /** Row-major [size][expandedSize], or null (uncompressed). */
  projection: number[] | null;
}

export interface SelectionJSON {
  parent: number[];
  p: number[];
  density: number[];
  q: number[];
}

export interface DensityCorrelationsJSON {
  format: 'equikit.DensityCorrelations';
  version: 1;
  /** The expansion hypers as given to the constructor; null when it got a SphericalExpansion object. */
  hypers: unknown;
  options: {
    maxCorrelationOrder: number;
    angularCutoff: number;
    skipRedundant: boolean;
    compression: ResolvedOptions['compression'];
    invariantOrders: number[];
    selectedKeys: { names: string[]; values: number[][] } | null;
    /** The speciesCompression option (absent or null: full species). */
    speciesCompression?: unknown;
  };
  /**
   * Null before fit (or without compression). `selections[ν − 1]`: the products kept when forming
   * order ν + 1 (flat lists parent channel, p, density channel, q), null for every product; absent
   * in states written before the preselection existed (then every product).
   */
  fitted: { species: number[]; channels: ChannelJSON[]; selections?: (SelectionJSON | null)[] } | null;
}

interface Serialisable {
  maxCorrelationOrder: number;
  angularCutoff: number;
  skipRedundant: boolean;
  pcaCompression: ResolvedOptions['compression'];
  invariantOrders: readonly number[];
  selectedKeys: ResolvedOptions['selectedKeys'];
}

export function serialise(calc: Serialisable, hypers: unknown, speciesCompression: unknown, fitted: { species: Int32Array; plan: NicePlan } | null): DensityCorrelationsJSON {
  const keys = calc.selectedKeys;
  if (speciesCompression === undefined) {
    throw new TypeError('toJSON: a SpeciesCompression object with a weight matrix cannot be written; pass options.speciesCompression as the plain object { channels, weights, species }');
  }
  return {
    format: 'equikit.DensityCorrelations',
    version: 1,
    hypers: hypers ?? null,
    options: {
      maxCorrelationOrder: calc.maxCorrelationOrder,
      angularCutoff: calc.angularCutoff,
      skipRedundant: calc.skipRedundant,
      compression: calc.pcaCompression
        ? { components: [...calc.pcaCompression.components], expand: [...calc.pcaCompression.expand], varianceThreshold: calc.pcaCompression.varianceThreshold }
        : null,
      invariantOrders: [...calc.invariantOrders],
      selectedKeys: keys ? { names: [...keys.names], values: Array.from({ length: keys.count }, (_, k) => Array.from(keys.entry(k))) } : null,
      speciesCompression,
    },
    fitted: fitted
      ? {
          species: Array.from(fitted.species),
          channels: fitted.plan.channels.map((ch, k) => ({
            nu: ch.nu,
            lambda: ch.lambda,
            sigma: ch.sigma,
            lastL: ch.lastL,
            expandedSize: ch.expandedSize,
            size: ch.size,
            projection: fitted.plan.projections[k] ? Array.from(fitted.plan.projections[k]!) : null,
          })),
          selections: fitted.plan.selections.map((s) => (s ? { parent: Array.from(s.parent), p: Array.from(s.p), density: Array.from(s.density), q: Array.from(s.q) } : null)),
        }
      : null,
  };
}

/** Rebuilds the plan and checks, channel by channel, that the stored one describes the same couplings. */
export function restorePlan(shape: PlanShape, maxOrder: number, channels: readonly ChannelJSON[], selections: readonly (SelectionJSON | null)[] | undefined): NicePlan {
  if (!Array.isArray(channels)) throw new TypeError('json.fitted.channels must be an array');
  if (selections !== undefined && (!Array.isArray(selections) || selections.length !== maxOrder - 1)) {
    throw new RangeError(`json.fitted.selections must hold maxCorrelationOrder − 1 = ${maxOrder - 1} entries (one per product order)`);
  }
  const select = (nu: number, p: NicePlan): PairSelection | null => {
    const stored = selections?.[nu - 1] ?? null;
    return stored === null ? null : checkSelection(stored, p, nu, `json.fitted.selections[${nu - 1}]`);
  };
  const plan = buildPlan(shape, maxOrder, (index, p) => {
    const ch = p.channels[index];
    const stored = channels[index];
    const where = `json.fitted.channels[${index}]`;
    if (!stored || stored.nu !== ch.nu || stored.lambda !== ch.lambda || stored.sigma !== ch.sigma || stored.lastL !== ch.lastL || stored.expandedSize !== ch.expandedSize) {
      throw new RangeError(
        `${where} does not match the options and hypers: expected (ν ${ch.nu}, λ ${ch.lambda}, σ ${ch.sigma}, lastL ${ch.lastL}, ${ch.expandedSize} expanded properties), got ${stored ? `(ν ${stored.nu}, λ ${stored.lambda}, σ ${stored.sigma}, lastL ${stored.lastL}, ${stored.expandedSize})` : 'nothing'}`,
      );
    }
    if (stored.projection === null) return null;
    if (!Array.isArray(stored.projection) || stored.projection.length !== stored.size * stored.expandedSize) {
      throw new RangeError(`${where}.projection must hold size × expandedSize = ${stored.size * stored.expandedSize} numbers`);
    }
    const projection = Float64Array.from(stored.projection);
    for (let k = 0; k < projection.length; k++) {
      if (!Number.isFinite(projection[k])) throw new RangeError(`${where}.projection[${k}] must be a finite number, got ${stored.projection[k]}`);
    }
    return projection;
  }, select);
  if (plan.channels.length !== channels.length) throw new RangeError(`json.fitted.channels has ${channels.length} channels, the options and hypers give ${plan.channels.length}`);
  return plan;
}

/** A stored selection: four equally long integer lists naming existing channels of the right orders and properties. */
function checkSelection(stored: SelectionJSON, plan: NicePlan, nu: number, where: string): PairSelection {
  if (stored === null || typeof stored !== 'object') throw new TypeError(`${where} must be null or { parent, p, density, q }`);
  const lists = (['parent', 'p', 'density', 'q'] as const).map((name) => {
    const list = stored[name];
    if (!Array.isArray(list) || list.length !== stored.parent?.length) throw new RangeError(`${where}.${name} must be an array as long as ${where}.parent`);
    return Int32Array.from(list, (v, k) => {
      if (!Number.isInteger(v)) throw new RangeError(`${where}.${name}[${k}] must be an integer, got ${v}`);
      return v;
    });
  });
  const [parent, p, density, q] = lists;
  const parents = new Set(plan.orders[nu - 1]);
  const densities = new Set(plan.orders[0]);
  for (let k = 0; k < parent.length; k++) {
    if (!parents.has(parent[k]) || !densities.has(density[k]) || p[k] < 0 || p[k] >= plan.channels[parent[k]].size || q[k] < 0 || q[k] >= plan.channels[density[k]].size) {
      throw new RangeError(`${where} entry ${k} (channel ${parent[k]} property ${p[k]} ⊗ channel ${density[k]} property ${q[k]}) does not name an order-${nu} and a ν = 1 property of the plan`);
    }
  }
  return { parent, p, density, q };
}
