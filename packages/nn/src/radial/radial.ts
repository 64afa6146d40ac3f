// NequIP's radial embedding: a Bessel basis (2/r_c)·sin(nπd/r_c)/d, n = 1 … N, times the
// polynomial cutoff u(d/r_c) with u(x) = 1 − (p+1)(p+2)/2·x^p + p(p+2)·x^(p+1) − p(p+1)/2·x^(p+2)
// (u(1) = u′(1) = u″(1) = 0), built from autodiff operations.
import { assertBoolean, assertInteger, assertPositiveNumber } from '@equikit/core';
import { addScalar, div, mul, powInt, scale, sin, sqrt, square, add, maskWhere } from '../autodiff/elementwise.js';
import { repeatCols, repeatRows, sumCols } from '../autodiff/shape-ops.js';
import { Tensor } from '../autodiff/tensor.js';
import { Module } from '../nn/module.js';

/** |r| of each row of [E, 3]. */
export function edgeLengths(vectors: Tensor): Tensor {
  return sqrt(sumCols(square(vectors)));
}

export class BesselBasis extends Module {
  /** nπ/r_c, n = 1 … N (NequIP's `bessel_weights` divided by r_c); a parameter when trainable. */
  readonly frequencies: Tensor;

  constructor(
    readonly rMax: number,
    readonly numBasis = 8,
    readonly trainable = false,
  ) {
    super();
    assertPositiveNumber(rMax, 'BesselBasis: rMax');
    assertInteger(numBasis, 'BesselBasis: numBasis', 1);
    assertBoolean(trainable, 'BesselBasis: trainable');
    const f = Float64Array.from({ length: numBasis }, (_, n) => ((n + 1) * Math.PI) / rMax);
    this.frequencies = trainable ? Tensor.variable(f) : Tensor.from(f);
  }

  /** d [E] → [E, N]. */
  forward(d: Tensor): Tensor {
    const E = d.size;
    const N = this.numBasis;
    const D = repeatCols(d, N);
    return scale(div(sin(mul(D, repeatRows(this.frequencies, E))), D), 2 / this.rMax);
  }

  namedParameters(): Array<[string, Tensor]> {
    return this.trainable ? [['frequencies', this.frequencies]] : [];
  }
}

export class PolynomialCutoff {
  constructor(
    readonly rMax: number,
    readonly p = 6,
  ) {
    assertPositiveNumber(rMax, 'PolynomialCutoff: rMax');
    assertInteger(p, 'PolynomialCutoff: p', 1);
  }

  /** d [E] → u(d/r_c) [E], zero beyond r_c. */
  forward(d: Tensor): Tensor {
    const p = this.p;
    const x = scale(d, 1 / this.rMax);
    let u = addScalar(scale(powInt(x, p), (-(p + 1) * (p + 2)) / 2), 1);
    u = add(u, scale(powInt(x, p + 1), p * (p + 2)));
    u = add(u, scale(powInt(x, p + 2), (-p * (p + 1)) / 2));
    return maskWhere(u, x.data.map((v) => (v < 1 ? 1 : 0)));
  }
}

/** NequIP's radial edge embedding: Bessel basis × polynomial cutoff, [E] → [E, N]. */
export class RadialEmbedding extends Module {
  readonly bessel: BesselBasis;
  readonly cutoff: PolynomialCutoff;

  constructor(rMax: number, options: { numBasis?: number; p?: number; trainable?: boolean } = {}) {
    super();
    this.bessel = new BesselBasis(rMax, options.numBasis ?? 8, options.trainable ?? false);
    this.cutoff = new PolynomialCutoff(rMax, options.p ?? 6);
  }

  get numBasis(): number {
    return this.bessel.numBasis;
  }

  forward(d: Tensor): Tensor {
    return mul(this.bessel.forward(d), repeatCols(this.cutoff.forward(d), this.bessel.numBasis));
  }

  namedParameters(): Array<[string, Tensor]> {
    return this.bessel.namedParameters().map(([n, t]) => [`bessel.${n}`, t]);
  }
}
