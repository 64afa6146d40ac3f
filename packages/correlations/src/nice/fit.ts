// Fitting NICE: the plan is built order by order; each channel's expanded properties are
// computed for every training centre (from the already compressed parents), their covariance
// gives the projection, and the projected values are kept for the next order.
import { productForward, project, readDensity } from './nice-map.js';
import { accumulateCovariance, principalProjection, principalProjectionFromRows } from './pca.js';
import { buildPlan, type NicePlan, type PlanShape } from './plan.js';

export interface FitSettings {
  maxOrder: number;
  /** Components kept at order ν (index ν − 1), null: that order is not compressed. */
  components: readonly (number | null)[];
  varianceThreshold: number;
}

/**
 * `coefficients` [nCentres][C] in the dense layout with `maxRadial` functions per (species, l).
 * Returns the plan with every projection fitted.
 */
export function fitPlan(shape: PlanShape, maxRadial: number, coefficients: Float64Array, nCentres: number, settings: FitSettings): NicePlan {
  const C = shape.nSpecies * maxRadial * (shape.maxAngular + 1) ** 2;
  /** Per channel: compressed values of every centre, [centre][M][size]. */
  const data: Float64Array[] = [];
  return buildPlan(shape, settings.maxOrder, (index, plan) => {
    const ch = plan.channels[index];
    const width = 2 * ch.lambda + 1;
    const P = ch.expandedSize;
    const expanded = new Float64Array(width * P);
    const compute = (i: number): Float64Array => {
      if (ch.nu === 1) {
        readDensity(shape, maxRadial, coefficients, i * C, ch.lambda, expanded, 0);
        return expanded;
      }
      expanded.fill(0);
      for (const term of ch.terms) {
        const parent = plan.channels[term.parent];
        const dens = plan.channels[term.density];
        const pw = (2 * parent.lambda + 1) * parent.size;
        const dw = (2 * dens.lambda + 1) * dens.size;
        productForward(term, data[term.parent], i * pw, parent.size, data[term.density], i * dw, dens.size, expanded, 0, P);
      }
      return expanded;
    };
    const budget = settings.components[ch.nu - 1];
    // the last order's values feed nothing (only ν = 1 values feed every order)
    const keep = ch.nu === 1 || ch.nu < settings.maxOrder;
    if (budget === null) {
      if (keep) {
        data[index] = new Float64Array(nCentres * width * P);
        for (let i = 0; i < nCentres; i++) data[index].set(compute(i), i * width * P);
      }
      return null;
    }
    let projection: Float64Array;
    const rows = nCentres * width;
    if (rows < P) {
      // fewer samples than properties: the Gram matrix is the smaller eigenproblem
      const A = new Float64Array(rows * P);
      for (let i = 0; i < nCentres; i++) A.set(compute(i), i * width * P);
      projection = principalProjectionFromRows(A, rows, P, budget, settings.varianceThreshold);
    } else {
      const cov = new Float64Array(P * P);
      for (let i = 0; i < nCentres; i++) accumulateCovariance(cov, P, compute(i), 0, width);
      projection = principalProjection(cov, P, budget, settings.varianceThreshold);
    }
    const R = projection.length / P;
    if (keep) {
      data[index] = new Float64Array(nCentres * width * R);
      for (let i = 0; i < nCentres; i++) project(projection, R, P, width, compute(i), 0, data[index], i * width * R);
    }
    return projection;
  });
}
