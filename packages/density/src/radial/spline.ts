// Cubic-spline tabulation of a radial integral I_nl(r) on a uniform grid, refined by
// doubling until it meets the requested accuracy, so that each pair then costs one
// interval lookup instead of ₁F₁ or quadrature. Two flavours:
//
// - `natural`: librascal's own scheme (math/interpolator.hh at the reference commit), kept
//   point for point so that our splined GTO coefficients equal librascal's: a natural cubic
//   spline on 2^(d+1) uniform points over [1e-5, cutoff], d = 5, 6, …, accepted once the
//   mean absolute error at the interval midpoints is below the accuracy, evaluated on the
//   interval librascal's lookup picks (floor((r − r₀)·N/(r_N − r₀)) − 1, clamped).
// - `hermite`: cubic Hermite interpolation of values and exact derivatives on [0, cutoff],
//   accepted once the largest error of values and of derivatives (probed where each peaks) is below
//   the accuracy. Used for the other bases, and for user tables (any increasing positions).
import type { RadialIntegral } from './radial-integral.js';

const DERIVATIVE_PROBE = 0.5 - 1 / (2 * Math.sqrt(3));

/** Largest grid before giving up: the function is then too rough for the accuracy asked. */
const MAX_POINTS = 1 << 17;

function linspace(count: number, start: number, end: number): Float64Array {
  // as Eigen's LinSpaced: start + i·step, the last point exactly `end`
  const out = new Float64Array(count);
  const step = (end - start) / (count - 1);
  for (let i = 0; i < count; i++) out[i] = i === count - 1 ? end : start + i * step;
  return out;
}

/** Natural cubic spline on a uniform grid, evaluated as librascal does. */
export class NaturalSplineRadialIntegral implements RadialIntegral {
  readonly maxRadial: number;
  readonly maxAngular: number;
  private readonly size: number;
  private readonly start: number;
  private readonly h: number;
  private readonly pointsPerUnit: number;
  private readonly lastInterval: number;
  /** Node-major: values[k·size + e]. */
  private readonly values: Float64Array;
  /** Second derivatives times h²/6, node-major. */
  private readonly curvature: Float64Array;

  constructor(readonly gridSize: number, private readonly grid: Float64Array, values: Float64Array, maxRadial: number, maxAngular: number) {
    this.maxRadial = maxRadial;
    this.maxAngular = maxAngular;
    this.size = maxRadial * (maxAngular + 1);
    this.start = grid[0];
    this.h = grid[1] - grid[0];
    this.pointsPerUnit = gridSize / (grid[gridSize - 1] - grid[0]);
    this.lastInterval = gridSize - 2;
    this.values = values;
    this.curvature = naturalCurvature(values, gridSize, this.size, this.h);
  }

  /** The tables and lookup constants, for the WebAssembly kernel that evaluates this same spline. */
  tables(): { grid: Float64Array; values: Float64Array; curvature: Float64Array; start: number; pointsPerUnit: number; lastInterval: number; h: number } {
    const { grid, values, curvature, start, pointsPerUnit, lastInterval, h } = this;
    return { grid, values, curvature, start, pointsPerUnit, lastInterval, h };
  }

  /** The interval librascal evaluates at r (often the one before r's own: it is kept for equality). */
  private interval(r: number): number {
    return Math.max(0, Math.min(this.lastInterval, Math.trunc((r - this.start) * this.pointsPerUnit) - 1));
  }

  compute(r: number, out: Float64Array, derivatives?: Float64Array): void {
    const { size, h, values: y, curvature: s } = this;
    const k = this.interval(r);
    const lo = k * size;
    const hi = lo + size;
    const a = (this.grid[k + 1] - r) / h;
    const b = 1 - a;
    const ca = a * a - 1;
    const cb = b * b - 1;
    for (let e = 0; e < size; e++) out[e] = a * (y[lo + e] + ca * s[lo + e]) + b * (y[hi + e] + cb * s[hi + e]);
    if (derivatives) {
      const da = 3 * a * a - 1;
      const db = 3 * b * b - 1;
      for (let e = 0; e < size; e++) derivatives[e] = (y[hi + e] - y[lo + e] - da * s[lo + e] + db * s[hi + e]) / h;
    }
  }

  /** librascal's refinement: 2^(d+1) points from d = 5 until the mean midpoint error is below `accuracy`. */
  static tabulate(exact: RadialIntegral, start: number, end: number, accuracy: number): NaturalSplineRadialIntegral {
    const size = exact.maxRadial * (exact.maxAngular + 1);
    const scratch = new Float64Array(size);
    for (let degree = 5; ; degree++) {
      const count = 2 << degree;
      if (count > MAX_POINTS) {
        throw new RangeError(`basis.splineAccuracy = ${accuracy} was not reached with ${MAX_POINTS} spline points; ask for a larger accuracy`);
      }
      const grid = linspace(count, start, end);
      const values = new Float64Array(count * size);
      for (let k = 0; k < count; k++) {
        exact.compute(grid[k], scratch);
        values.set(scratch, k * size);
      }
      const spline = new NaturalSplineRadialIntegral(count, grid, values, exact.maxRadial, exact.maxAngular);
      const offset = (end - start) / (2 * (count - 1));
      const tests = linspace(count - 1, start + offset, end - offset);
      const splined = new Float64Array(size);
      let total = 0;
      for (const r of tests) {
        exact.compute(r, scratch);
        spline.compute(r, splined);
        for (let e = 0; e < size; e++) total += Math.abs(splined[e] - scratch[e]);
      }
      if (total / (tests.length * size) < accuracy) return spline;
    }
  }
}

/** Second derivatives × h²/6 of the natural cubic spline through each column (tridiagonal solve). */
function naturalCurvature(y: Float64Array, count: number, size: number, h: number): Float64Array {
  const y2 = new Float64Array(count * size);
  const u = new Float64Array(count * size);
  for (let e = 0; e < size; e++) {
    for (let i = 1; i < count - 1; i++) {
      const p = 0.5 * y2[(i - 1) * size + e] + 2;
      y2[i * size + e] = -0.5 / p;
      const second = (3 * (y[(i + 1) * size + e] - 2 * y[i * size + e] + y[(i - 1) * size + e])) / (h * h);
      u[i * size + e] = (second - 0.5 * u[(i - 1) * size + e]) / p;
    }
    y2[(count - 1) * size + e] = 0;
    for (let k = count - 2; k > 0; k--) y2[k * size + e] = y2[k * size + e] * y2[(k + 1) * size + e] + u[k * size + e];
    y2[e] = 0;
  }
  const factor = (h * h) / 6;
  for (let i = 0; i < y2.length; i++) y2[i] *= factor;
  return y2;
}

/** Cubic Hermite interpolation through values and derivatives at increasing positions. */
export class HermiteSplineRadialIntegral implements RadialIntegral {
  private readonly size: number;
  private readonly uniformStep: number;

  /**
   * @param positions increasing; uniform grids get an O(1) lookup
   * @param values node-major [node][n][l]
   * @param derivatives node-major, same layout
   */
  constructor(
    readonly positions: Float64Array,
    private readonly values: Float64Array,
    private readonly derivatives: Float64Array,
    readonly maxRadial: number,
    readonly maxAngular: number,
  ) {
    this.size = maxRadial * (maxAngular + 1);
    const count = positions.length;
    const step = (positions[count - 1] - positions[0]) / (count - 1);
    let uniform = true;
    for (let k = 1; k < count && uniform; k++) uniform = Math.abs(positions[k] - positions[0] - k * step) <= 1e-12 * positions[count - 1];
    this.uniformStep = uniform ? step : 0;
  }

  /** Grid and tables for the WebAssembly kernel, when the grid is uniform (else undefined: JS evaluates). */
  uniformTables(): { x0: number; h: number; intervals: number; values: Float64Array; derivatives: Float64Array } | undefined {
    if (!(this.uniformStep > 0)) return undefined;
    return { x0: this.positions[0], h: this.uniformStep, intervals: this.positions.length - 1, values: this.values, derivatives: this.derivatives };
  }

  private interval(r: number): number {
    const last = this.positions.length - 2;
    if (this.uniformStep > 0) return Math.max(0, Math.min(last, Math.floor((r - this.positions[0]) / this.uniformStep)));
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.positions[mid] <= r) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  compute(r: number, out: Float64Array, derivatives?: Float64Array): void {
    const { size, positions, values: y, derivatives: d } = this;
    const k = this.interval(r);
    const x0 = positions[k];
    const h = positions[k + 1] - x0;
    const t = (r - x0) / h;
    const t2 = t * t;
    const t3 = t2 * t;
    const h00 = 2 * t3 - 3 * t2 + 1;
    const h10 = (t3 - 2 * t2 + t) * h;
    const h01 = -2 * t3 + 3 * t2;
    const h11 = (t3 - t2) * h;
    const lo = k * size;
    const hi = lo + size;
    for (let e = 0; e < size; e++) out[e] = h00 * y[lo + e] + h10 * d[lo + e] + h01 * y[hi + e] + h11 * d[hi + e];
    if (derivatives) {
      const g00 = (6 * t2 - 6 * t) / h;
      const g10 = 3 * t2 - 4 * t + 1;
      const g11 = 3 * t2 - 2 * t;
      for (let e = 0; e < size; e++) {
        derivatives[e] = g00 * (y[lo + e] - y[hi + e]) + g10 * d[lo + e] + g11 * d[hi + e];
      }
    }
  }

  /** Doubles a uniform grid on [0, end] from 16 intervals until values and derivatives are within `accuracy` everywhere. */
  static tabulate(exact: RadialIntegral, end: number, accuracy: number): HermiteSplineRadialIntegral {
    const size = exact.maxRadial * (exact.maxAngular + 1);
    const v = new Float64Array(size);
    const dv = new Float64Array(size);
    const sv = new Float64Array(size);
    const sd = new Float64Array(size);
    for (let intervals = 16; ; intervals *= 2) {
      if (intervals + 1 > MAX_POINTS) {
        throw new RangeError(`basis.splineAccuracy = ${accuracy} was not reached with ${MAX_POINTS} spline points; ask for a larger accuracy`);
      }
      const positions = linspace(intervals + 1, 0, end);
      const values = new Float64Array((intervals + 1) * size);
      const derivatives = new Float64Array((intervals + 1) * size);
      for (let k = 0; k <= intervals; k++) {
        exact.compute(positions[k], v, dv);
        values.set(v, k * size);
        derivatives.set(dv, k * size);
      }
      const spline = new HermiteSplineRadialIntegral(positions, values, derivatives, exact.maxRadial, exact.maxAngular);
      // The leading Hermite error is f⁗ t²(1−t)² h⁴/24: largest for values at the midpoint, and
      // for derivatives at t = ½ ± 1/(2√3), where it is probed (it vanishes at the midpoint).
      let worst = 0;
      for (let k = 0; k < intervals && worst <= accuracy; k++) {
        const h = positions[k + 1] - positions[k];
        for (const [t, what] of [[0.5, 0], [DERIVATIVE_PROBE, 1], [1 - DERIVATIVE_PROBE, 1]]) {
          exact.compute(positions[k] + t * h, v, dv);
          spline.compute(positions[k] + t * h, sv, sd);
          const [want, got] = what === 0 ? [v, sv] : [dv, sd];
          for (let e = 0; e < size; e++) worst = Math.max(worst, Math.abs(got[e] - want[e]));
        }
      }
      if (worst <= accuracy) return spline;
    }
  }
}
