// Hyper-parameters of the spherical expansion: featomic's current structure, camelCased.
// `parseHypers` validates everything once, at construction, so that a bad value fails
// with a message naming the field and the allowed range instead of as a NaN later.
import { assertFiniteNumber, assertInteger, assertNonNegativeNumber, assertOneOf, assertPositiveNumber } from '@equikit/core';

/** How the density is switched off at the cutoff radius. */
export type SmoothingHypers =
  /** f(r) = ½(1 + cos(π (r − radius + width)/width)) on (radius − width, radius], 1 below, 0 above. */
  | { type: 'shifted-cosine'; width: number }
  /** f(r) = 1 for r ≤ radius, 0 above: no smoothing. */
  | { type: 'step' };

export interface CutoffHypers {
  /** Spherical cutoff radius in Å (librascal `interaction_cutoff`, featomic `cutoff.radius`). */
  radius: number;
  smoothing: SmoothingHypers;
}

/** Radial weighting of each neighbour's density: rate / (rate + (r/scale)^exponent) (Willatt et al. 2018). */
export interface DensityScalingHypers {
  type: 'willatt2018';
  scale: number;
  rate: number;
  exponent: number;
}

export type DensityHypers =
  | {
      /** Unnormalised Gaussians exp(−|x − r_j|²/(2 width²)) on every atom. */
      type: 'gaussian';
      /** σ in Å (librascal `gaussian_sigma_constant`, featomic `density.width`). */
      width: number;
      /** Weight of the centre atom's own density; default 1 (librascal always uses 1). */
      centerAtomWeight?: number;
      scaling?: DensityScalingHypers;
    }
  | {
      /** Point atoms: only valid with a `tabulated` radial integral, which then holds everything. */
      type: 'dirac-delta';
      centerAtomWeight?: number;
      scaling?: DensityScalingHypers;
    };

/** One node of a user-tabulated radial integral (a cubic Hermite spline, as featomic's `Tabulated`). */
export interface TabulatedPoint {
  /** Distance r in Å. */
  position: number;
  /** I_nl(r), laid out [n][l] (length maxRadial·(maxAngular+1)) or [n] (the same for every l). */
  values: ArrayLike<number>;
  /** dI_nl/dr at this node, same layout as `values`. */
  derivatives: ArrayLike<number>;
}

export type RadialBasisHypers =
  /** librascal's GTO basis: σ_n = radius·max(√n, 1)/maxRadial, Löwdin-orthonormalised on [0, ∞). */
  | { type: 'gto'; maxRadial: number }
  /** j_l(z_ln r/radius), z_ln the n-th zero of j_l, normalised on [0, radius]; maxRadial functions for every l. */
  | { type: 'spherical-bessel'; maxRadial: number }
  /**
   * Laplacian eigenstates (Bigi et al. 2022): the spherical-Bessel functions whose eigenvalue z_ln²
   * is at most that of (l = 0, n = maxRadial − 1), so higher l get fewer radial functions.
   */
  | { type: 'laplacian-eigenstate'; maxRadial: number }
  /** A radial integral tabulated by the user on increasing positions covering [0, cutoff.radius]. */
  | { type: 'tabulated'; maxRadial: number; points: readonly TabulatedPoint[] };

export interface BasisHypers {
  /** Largest l (inclusive) of the spherical harmonics (librascal and featomic `max_angular`). */
  maxAngular: number;
  radial: RadialBasisHypers;
  /**
   * Largest error allowed when the radial integral is tabulated by cubic splines; `0` evaluates
   * the exact integral at every pair. Default 1e-8 (featomic's default).
   */
  splineAccuracy?: number;
  /**
   * How splines are made (an equikit extension, not in featomic): 'librascal' (default for GTO) is
   * librascal's natural spline, so results equal librascal's, with steps of about the accuracy where
   * its lookup changes piece; 'hermite' (the only choice for other bases) is a cubic Hermite spline
   * of values and exact derivatives, continuous with a continuous derivative, within the accuracy
   * everywhere (values and derivatives).
   */
  splineMethod?: 'librascal' | 'hermite';
}

export interface SphericalExpansionHypers {
  cutoff: CutoffHypers;
  density: DensityHypers;
  basis: BasisHypers;
}

/** Hypers after validation, with defaults filled in and the Laplacian-eigenstate shape resolved. */
export interface ResolvedHypers {
  cutoff: number;
  smoothing: { type: 'shifted-cosine'; width: number } | { type: 'step' };
  density: { type: 'gaussian'; width: number } | { type: 'dirac-delta' };
  centerAtomWeight: number;
  scaling: DensityScalingHypers | undefined;
  maxAngular: number;
  radial: RadialBasisHypers;
  /** Largest number of radial functions of any l: the n axis of the dense layout. */
  maxRadial: number;
  /** Number of radial functions of each l (all equal except for laplacian-eigenstate). */
  radialPerAngular: number[];
  splineAccuracy: number;
  splineMethod: 'librascal' | 'hermite';
}

/** The spherical-Bessel zeros decide the ragged Laplacian-eigenstate shape; injected to keep this file free of math. */
export type RaggedShape = (maxRadial: number, maxAngular: number, radius: number) => number[];

export const RADIAL_TYPES = ['gto', 'spherical-bessel', 'laplacian-eigenstate', 'tabulated'] as const;
const SMOOTHING_TYPES = ['shifted-cosine', 'step'] as const;
const DENSITY_TYPES = ['gaussian', 'dirac-delta'] as const;
const SCALING_TYPES = ['willatt2018'] as const;

/** Above this the basis sizes are surely a mistake (and the GTO overlap matrix is singular). */
const MAX_RADIAL_LIMIT = 64;
const MAX_ANGULAR_LIMIT = 64;

function assertObject(value: unknown, name: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
}

/** Unknown fields are rejected (as featomic's deny_unknown_fields), so a typo never passes silently. */
function assertOnlyKeys(value: Record<string, unknown>, name: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${name} has an unknown field '${key}'; allowed fields are ${allowed.map((a) => `'${a}'`).join(', ')}`);
    }
  }
}

function parseSmoothing(value: unknown, radius: number): ResolvedHypers['smoothing'] {
  assertObject(value, 'cutoff.smoothing');
  assertOneOf(value.type, 'cutoff.smoothing.type', SMOOTHING_TYPES);
  if (value.type === 'step') {
    assertOnlyKeys(value, 'cutoff.smoothing', ['type']);
    return { type: 'step' };
  }
  assertOnlyKeys(value, 'cutoff.smoothing', ['type', 'width']);
  const width = value.width;
  assertFiniteNumber(width, 'cutoff.smoothing.width');
  if (!(width > 0 && width <= radius)) {
    throw new RangeError(`cutoff.smoothing.width must be in (0, cutoff.radius = ${radius}], got ${width}`);
  }
  return { type: 'shifted-cosine', width };
}

function parseScaling(value: unknown): DensityScalingHypers | undefined {
  if (value === undefined) return undefined;
  assertObject(value, 'density.scaling');
  assertOneOf(value.type, 'density.scaling.type', SCALING_TYPES);
  assertOnlyKeys(value, 'density.scaling', ['type', 'scale', 'rate', 'exponent']);
  assertPositiveNumber(value.scale, 'density.scaling.scale');
  assertPositiveNumber(value.rate, 'density.scaling.rate');
  assertPositiveNumber(value.exponent, 'density.scaling.exponent');
  return { type: 'willatt2018', scale: value.scale, rate: value.rate, exponent: value.exponent };
}

function parseTabulatedPoints(
  value: unknown,
  maxRadial: number,
  maxAngular: number,
  radius: number,
): TabulatedPoint[] {
  if (!Array.isArray(value) || value.length < 2) {
    throw new TypeError(`basis.radial.points must be an array of at least 2 points, got ${Array.isArray(value) ? `${value.length}` : typeof value}`);
  }
  const full = maxRadial * (maxAngular + 1);
  let length = -1;
  const points: TabulatedPoint[] = [];
  for (let k = 0; k < value.length; k++) {
    const name = `basis.radial.points[${k}]`;
    const point: unknown = value[k];
    assertObject(point, name);
    assertOnlyKeys(point, name, ['position', 'values', 'derivatives']);
    assertNonNegativeNumber(point.position, `${name}.position`);
    if (k > 0 && !(point.position > points[k - 1].position)) {
      throw new RangeError(`${name}.position must be larger than the previous position ${points[k - 1].position}, got ${point.position}`);
    }
    for (const field of ['values', 'derivatives'] as const) {
      const array = point[field] as ArrayLike<number> | undefined;
      if (!array || typeof array !== 'object' || typeof array.length !== 'number') {
        throw new TypeError(`${name}.${field} must be an array of numbers`);
      }
      if (array.length !== maxRadial && array.length !== full) {
        throw new RangeError(
          `${name}.${field} must have length maxRadial = ${maxRadial} or maxRadial·(maxAngular+1) = ${full}, got ${array.length}`,
        );
      }
      if (length === -1) length = array.length;
      if (array.length !== length) {
        throw new RangeError(`${name}.${field} must have the same length as the other points (${length}), got ${array.length}`);
      }
      for (let i = 0; i < array.length; i++) assertFiniteNumber(array[i], `${name}.${field}[${i}]`);
    }
    points.push({
      position: point.position,
      values: Float64Array.from(point.values as ArrayLike<number>),
      derivatives: Float64Array.from(point.derivatives as ArrayLike<number>),
    });
  }
  if (points[0].position !== 0 || points[points.length - 1].position < radius) {
    throw new RangeError(
      `basis.radial.points must cover [0, cutoff.radius = ${radius}]: got positions from ${points[0].position} to ${points[points.length - 1].position}`,
    );
  }
  return points;
}

/**
 * Validates user hypers and fills the defaults. Throws a TypeError (wrong kind of value,
 * unknown field or type) or RangeError (value out of range) naming the field.
 */
export function parseHypers(input: unknown, raggedShape: RaggedShape): ResolvedHypers {
  assertObject(input, 'hypers');
  assertOnlyKeys(input, 'hypers', ['cutoff', 'density', 'basis']);

  const cutoffIn = input.cutoff;
  assertObject(cutoffIn, 'cutoff');
  assertOnlyKeys(cutoffIn, 'cutoff', ['radius', 'smoothing']);
  assertPositiveNumber(cutoffIn.radius, 'cutoff.radius');
  const cutoff = cutoffIn.radius;
  const smoothing = parseSmoothing(cutoffIn.smoothing, cutoff);

  const densityIn = input.density;
  assertObject(densityIn, 'density');
  assertOneOf(densityIn.type, 'density.type', DENSITY_TYPES);
  let density: ResolvedHypers['density'];
  if (densityIn.type === 'gaussian') {
    assertOnlyKeys(densityIn, 'density', ['type', 'width', 'centerAtomWeight', 'scaling']);
    assertPositiveNumber(densityIn.width, 'density.width');
    density = { type: 'gaussian', width: densityIn.width };
  } else {
    assertOnlyKeys(densityIn, 'density', ['type', 'centerAtomWeight', 'scaling']);
    density = { type: 'dirac-delta' };
  }
  let centerAtomWeight = 1;
  if (densityIn.centerAtomWeight !== undefined) {
    assertFiniteNumber(densityIn.centerAtomWeight, 'density.centerAtomWeight');
    centerAtomWeight = densityIn.centerAtomWeight;
  }
  const scaling = parseScaling(densityIn.scaling);

  const basisIn = input.basis;
  assertObject(basisIn, 'basis');
  assertOnlyKeys(basisIn, 'basis', ['maxAngular', 'radial', 'splineAccuracy', 'splineMethod']);
  assertInteger(basisIn.maxAngular, 'basis.maxAngular', 0, MAX_ANGULAR_LIMIT);
  const maxAngular = basisIn.maxAngular;
  let splineAccuracy = 1e-8;
  if (basisIn.splineAccuracy !== undefined) {
    assertNonNegativeNumber(basisIn.splineAccuracy, 'basis.splineAccuracy');
    splineAccuracy = basisIn.splineAccuracy;
  }

  let splineMethod: ResolvedHypers['splineMethod'] = 'hermite';
  if (basisIn.splineMethod !== undefined) assertOneOf(basisIn.splineMethod, 'basis.splineMethod', ['librascal', 'hermite']);

  const radialIn = basisIn.radial;
  assertObject(radialIn, 'basis.radial');
  assertOneOf(radialIn.type, 'basis.radial.type', RADIAL_TYPES);
  assertOnlyKeys(radialIn, 'basis.radial', radialIn.type === 'tabulated' ? ['type', 'maxRadial', 'points'] : ['type', 'maxRadial']);
  assertInteger(radialIn.maxRadial, 'basis.radial.maxRadial', 1, MAX_RADIAL_LIMIT);
  const maxRadial = radialIn.maxRadial;

  let radial: RadialBasisHypers;
  let radialPerAngular = new Array<number>(maxAngular + 1).fill(maxRadial);
  if (radialIn.type === 'tabulated') {
    radial = { type: 'tabulated', maxRadial, points: parseTabulatedPoints(radialIn.points, maxRadial, maxAngular, cutoff) };
  } else {
    radial = { type: radialIn.type, maxRadial };
  }
  if (radial.type === 'laplacian-eigenstate') {
    radialPerAngular = raggedShape(maxRadial, maxAngular, cutoff);
    const empty = radialPerAngular.indexOf(0);
    if (empty !== -1) {
      throw new RangeError(
        `basis.maxAngular must be ≤ ${empty - 1} for a laplacian-eigenstate basis with maxRadial = ${maxRadial}: ` +
          `l = ${empty} has no eigenstate below the cutoff eigenvalue, got ${maxAngular}`,
      );
    }
  }

  if (radial.type === 'gto') splineMethod = (basisIn.splineMethod as ResolvedHypers['splineMethod'] | undefined) ?? 'librascal';
  else if (basisIn.splineMethod === 'librascal') {
    throw new TypeError(`basis.splineMethod must be 'hermite' for a '${radial.type}' radial basis (librascal only splines GTO), got 'librascal'`);
  }

  if (radial.type === 'tabulated' && density.type !== 'dirac-delta') {
    throw new TypeError(
      `density.type must be 'dirac-delta' with a 'tabulated' radial integral (the table already holds the density), got '${density.type}'`,
    );
  }
  if (radial.type !== 'tabulated' && density.type !== 'gaussian') {
    throw new TypeError(`density.type must be 'gaussian' with a '${radial.type}' radial basis, got '${density.type}'`);
  }

  return { cutoff, smoothing, density, centerAtomWeight, scaling, maxAngular, radial, maxRadial, radialPerAngular, splineAccuracy, splineMethod };
}
