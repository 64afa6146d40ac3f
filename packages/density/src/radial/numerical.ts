// The radial integral of a Gaussian density on any radial basis, by quadrature:
//   I_nl(r) = π^{-1/2} ∫₀^X x² R_nl(x) e^{-(x−r)²/(2σ²)} ĩ_l(x r/σ²) dx,   ĩ_l(z) = e^{-z} i_l(z)
// which is librascal's normalisation (c_nlm = (4π^{3/2})^{-1} ∫ d³x R_nl Y_lm e^{-|x − r_ij|²/(2σ²)}),
// written with the scaled modified Bessel function so that nothing overflows. The r-derivative
// uses i_l' = (l i_{l−1} + (l+1) i_{l+1})/(2l+1), free of 1/z at z = 0.
import { scaledModifiedSphericalBesselI } from '../math/bessel.js';
import { compositeGaussLegendre } from '../math/quadrature.js';
import type { RadialIntegral } from './radial-integral.js';

/** Values R_nl(x) of a basis, layout [n][l]. */
export type RadialBasisFunction = (x: number, out: Float64Array) => void;

/** Gauss–Legendre points per panel, and panels per σ: the Gaussian is then resolved to ~1e-15. */
const ORDER = 12;
const PANELS_PER_SIGMA = 2;
/** Nodes further than this many σ from r contribute less than e^{-40²/2}... nothing. */
const WINDOW_SIGMAS = 9;

export class NumericalRadialIntegral implements RadialIntegral {
  private readonly nodes: Float64Array;
  /** weight_q · x_q² · R_nl(x_q) / √π, layout [q][n][l]. */
  private readonly weightedBasis: Float64Array;
  private readonly lSize: number;
  private readonly bessel: Float64Array;
  private readonly invSigma2: number;

  /**
   * @param basis R_nl(x), evaluated once per quadrature node
   * @param extent X: the basis is integrated over [0, X] (the cutoff for a basis that ends there)
   */
  constructor(
    basis: RadialBasisFunction,
    extent: number,
    readonly sigma: number,
    readonly maxRadial: number,
    readonly maxAngular: number,
  ) {
    this.lSize = maxAngular + 1;
    const size = maxRadial * this.lSize;
    const panels = Math.max(8, Math.ceil((PANELS_PER_SIGMA * extent) / sigma));
    const { nodes, weights } = compositeGaussLegendre(0, extent, panels, ORDER);
    this.nodes = nodes;
    this.weightedBasis = new Float64Array(nodes.length * size);
    const values = new Float64Array(size);
    for (let q = 0; q < nodes.length; q++) {
      basis(nodes[q], values);
      const factor = (weights[q] * nodes[q] * nodes[q]) / Math.sqrt(Math.PI);
      for (let e = 0; e < size; e++) this.weightedBasis[q * size + e] = factor * values[e];
    }
    this.bessel = new Float64Array(maxAngular + 2);
    this.invSigma2 = 1 / (sigma * sigma);
  }

  compute(r: number, values: Float64Array, derivatives?: Float64Array): void {
    const { lSize, maxRadial, nodes, weightedBasis, bessel, invSigma2 } = this;
    const size = maxRadial * lSize;
    values.fill(0, 0, size);
    if (derivatives) derivatives.fill(0, 0, size);
    const window = WINDOW_SIGMAS * this.sigma;
    for (let q = 0; q < nodes.length; q++) {
      const x = nodes[q];
      if (Math.abs(x - r) > window) continue;
      const gaussian = Math.exp(-0.5 * (x - r) * (x - r) * invSigma2);
      scaledModifiedSphericalBesselI(lSize, x * r * invSigma2, bessel);
      const base = q * size;
      for (let l = 0; l < lSize; l++) {
        const value = gaussian * bessel[l];
        let slope = 0;
        if (derivatives) {
          // d/dr [e^{-(x−r)²/2σ²} e^{-z} i_l(z)], z = x r/σ²
          const iPrime = ((l > 0 ? l * bessel[l - 1] : 0) + (l + 1) * bessel[l + 1]) / (2 * l + 1);
          slope = gaussian * invSigma2 * (x * iPrime - r * bessel[l]);
        }
        for (let n = 0; n < maxRadial; n++) {
          const w = weightedBasis[base + n * lSize + l];
          values[n * lSize + l] += w * value;
          if (derivatives) derivatives[n * lSize + l] += w * slope;
        }
      }
    }
  }
}
