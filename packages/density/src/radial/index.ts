// Builds the radial integral the hypers ask for: exact, or splined to `splineAccuracy`.
import type { ResolvedHypers } from '../hypers.js';
import { GtoRadialIntegral } from './gto.js';
import { NumericalRadialIntegral } from './numerical.js';
import type { RadialIntegral } from './radial-integral.js';
import { sphericalBesselBasis } from './spherical-bessel.js';
import { HermiteSplineRadialIntegral, NaturalSplineRadialIntegral } from './spline.js';

export type { RadialIntegral } from './radial-integral.js';

/** librascal starts its splines here (SPHERICAL_BESSEL_FUNCTION_FTOL); no neighbour is this close. */
const LIBRASCAL_SPLINE_START = 1e-5;

export interface RadialSetup {
  /** I_nl(r) for neighbours, [n][l]. */
  integral: RadialIntegral;
  /** I_n0(0) for the centre's own density, exact (as librascal's spline variant): length maxRadial. */
  centre: Float64Array;
}

export function createRadialIntegral(hypers: ResolvedHypers): RadialSetup {
  const { cutoff, maxRadial, maxAngular, splineAccuracy, radial, density } = hypers;
  const lSize = maxAngular + 1;
  let exact: RadialIntegral;
  let integral: RadialIntegral;
  if (radial.type === 'tabulated') {
    exact = integral = tabulatedIntegral(radial.points, maxRadial, maxAngular);
  } else if (density.type !== 'gaussian') {
    throw new TypeError(`density.type must be 'gaussian' with a '${radial.type}' radial basis`);
  } else if (radial.type === 'gto') {
    exact = new GtoRadialIntegral(cutoff, density.width, maxRadial, maxAngular);
    if (splineAccuracy === 0) integral = exact;
    else if (hypers.splineMethod === 'hermite') integral = HermiteSplineRadialIntegral.tabulate(exact, cutoff, splineAccuracy);
    else integral = NaturalSplineRadialIntegral.tabulate(exact, LIBRASCAL_SPLINE_START, cutoff, splineAccuracy);
  } else {
    const basis = sphericalBesselBasis(cutoff, maxRadial, maxAngular, hypers.radialPerAngular);
    exact = new NumericalRadialIntegral(basis.evaluate, cutoff, density.width, maxRadial, maxAngular);
    integral = splineAccuracy > 0 ? HermiteSplineRadialIntegral.tabulate(exact, cutoff, splineAccuracy) : exact;
  }
  const atZero = new Float64Array(maxRadial * lSize);
  exact.compute(0, atZero);
  const centre = new Float64Array(maxRadial);
  for (let n = 0; n < maxRadial; n++) centre[n] = atZero[n * lSize];
  return { integral, centre };
}

/** A user table: values per point [n][l], or [n] shared by every l. */
function tabulatedIntegral(
  points: readonly { position: number; values: ArrayLike<number>; derivatives: ArrayLike<number> }[],
  maxRadial: number,
  maxAngular: number,
): RadialIntegral {
  const lSize = maxAngular + 1;
  const size = maxRadial * lSize;
  const positions = new Float64Array(points.length);
  const values = new Float64Array(points.length * size);
  const derivatives = new Float64Array(points.length * size);
  points.forEach((point, k) => {
    positions[k] = point.position;
    const shared = point.values.length === maxRadial && size !== maxRadial;
    for (let n = 0; n < maxRadial; n++) {
      for (let l = 0; l < lSize; l++) {
        const from = shared ? n : n * lSize + l;
        values[k * size + n * lSize + l] = point.values[from];
        derivatives[k * size + n * lSize + l] = point.derivatives[from];
      }
    }
  });
  return new HermiteSplineRadialIntegral(positions, values, derivatives, maxRadial, maxAngular);
}
