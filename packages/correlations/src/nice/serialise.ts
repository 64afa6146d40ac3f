// The fitted state of DensityCorrelations as plain JSON. Numbers are written by
// JSON.stringify's shortest round-trip form, so toJSON → JSON text → fromJSON is exact.
import type { NicePlan, PlanShape } from './plan.js';
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
  };
  /** Null before fit (or without compression). */
  fitted: { species: number[]; channels: ChannelJSON[] } | null;
}

interface Serialisable {
  maxCorrelationOrder: number;
  angularCutoff: number;
  skipRedundant: boolean;
  pcaCompression: ResolvedOptions['compression'];
  invariantOrders: readonly number[];
  selectedKeys: ResolvedOptions['selectedKeys'];
}

export function serialise(calc: Serialisable, hypers: unknown, fitted: { species: Int32Array; plan: NicePlan } | null): DensityCorrelationsJSON {
  const keys = calc.selectedKeys;
  return {
    format: 'equikit.DensityCorrelations',
    version: 1,
    hypers: hypers ?? null,
    options: {
      maxCorrelationOrder: calc.maxCorrelationOrder,
      angularCutoff: calc.angularCutoff,
      skipRedundant: calc.skipRedundant,
      compression: calc.pcaCompression ? { components: [...calc.pcaCompression.components], varianceThreshold: calc.pcaCompression.varianceThreshold } : null,
      invariantOrders: [...calc.invariantOrders],
      selectedKeys: keys ? { names: [...keys.names], values: Array.from({ length: keys.count }, (_, k) => Array.from(keys.entry(k))) } : null,
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
        }
      : null,
  };
}

/** Rebuilds the plan and checks, channel by channel, that the stored one describes the same couplings. */
export function restorePlan(shape: PlanShape, maxOrder: number, channels: readonly ChannelJSON[]): NicePlan {
  if (!Array.isArray(channels)) throw new TypeError('json.fitted.channels must be an array');
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
  });
  if (plan.channels.length !== channels.length) throw new RangeError(`json.fitted.channels has ${channels.length} channels, the options and hypers give ${plan.channels.length}`);
  return plan;
}
