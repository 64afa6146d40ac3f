// Fitting NICE: the plan is built order by order; each channel's expanded properties are
// computed for every training centre (from the already compressed parents), their covariance
// gives the projection, and the projected values are kept for the next order. Before each
// product order, the preselection (`expand`) keeps the (parent, density) property pairs of
// largest variance product, as NICE's num_expand.
import { expandTerm, project, readDensity } from './kernels.js';
import { accumulateCovariance, principalProjection, principalProjectionFromRows } from './pca.js';
import { buildPlan, couples, type NicePlan, type PairSelection, type PlanShape } from './plan.js';

export interface FitSettings {
  maxOrder: number;
  /** Components kept at order ν (index ν − 1), null: that order is not compressed. */
  components: readonly (number | null)[];
  /** Products kept when forming order ν (index ν − 1), null: every product. */
  expand: readonly (number | null)[];
  varianceThreshold: number;
}

/**
 * `coefficients` [nCentres][C] in the dense layout with `maxRadial` functions per (species, l).
 * Returns the plan with every projection (and preselection) fitted.
 */
export function fitPlan(shape: PlanShape, maxRadial: number, coefficients: Float64Array, nCentres: number, settings: FitSettings): NicePlan {
  const C = shape.nSpecies * maxRadial * (shape.maxAngular + 1) ** 2;
  /** Per channel: compressed values of every centre, [centre][M][size]. */
  const data: Float64Array[] = [];
  /** Per channel: each property's mean squared norm over centres, Σ_M x_M² (rotation invariant). */
  const importance: Float64Array[] = [];
  const select = (nu: number, plan: NicePlan): PairSelection | null => {
    const budget = settings.expand[nu];
    return budget === null ? null : preselect(shape, plan, nu, importance, budget);
  };
  return buildPlan(
    shape,
    settings.maxOrder,
    (index, plan) => {
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
          expandTerm(term, data[term.parent], i * pw, parent.size, data[term.density], i * dw, dens.size, expanded, 0, P);
        }
        return expanded;
      };
      const budget = settings.components[ch.nu - 1];
      // the last order's values feed nothing (only ν = 1 values feed every order)
      const keep = ch.nu === 1 || ch.nu < settings.maxOrder;
      let projection: Float64Array | null = null;
      if (budget !== null) {
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
      }
      if (keep) {
        const R = projection ? projection.length / P : P;
        const values = new Float64Array(nCentres * width * R);
        for (let i = 0; i < nCentres; i++) {
          if (projection) project(projection, R, P, width, compute(i), 0, values, i * width * R);
          else values.set(compute(i), i * width * P);
        }
        data[index] = values;
        importance[index] = meanSquares(values, nCentres, width, R);
      }
      return projection;
    },
    select,
  );
}

/** Per property r: (1/n) Σ_centres Σ_M x[centre][M][r]². */
function meanSquares(values: Float64Array, nCentres: number, width: number, R: number): Float64Array {
  const out = new Float64Array(R);
  for (let row = 0; row < nCentres * width; row++) for (let r = 0; r < R; r++) out[r] += values[row * R + r] ** 2;
  for (let r = 0; r < R; r++) out[r] /= Math.max(nCentres, 1);
  return out;
}

/**
 * NICE's preselection before forming order ν + 1: of every (parent channel of order ν, property
 * p) × (ν = 1 channel, property q) that couples, the `budget` of largest importance product
 * imp(p)·imp(q) (ties: the first in (parent, p, density, q) order; products of zero importance
 * never). For ν = 1 ⊗ ν = 1, (l₂, q) ⊗ (l₁, p) is ± (l₁, p) ⊗ (l₂, q), so only (l₁, p) ≤ (l₂, q) competes.
 * Returned sorted by (parent, density, p, q).
 */
export function preselect(shape: PlanShape, plan: NicePlan, nu: number, importance: readonly Float64Array[], budget: number): PairSelection {
  const parents = plan.orders[nu - 1];
  const density = plan.orders[0];
  const candidates: { parent: number; p: number; density: number; q: number; score: number }[] = [];
  for (const a of parents) {
    for (const b of density) {
      if (!couples(shape, plan.channels[a], plan.channels[b])) continue;
      if (nu === 1 && b < a) continue;
      const ia = importance[a];
      const ib = importance[b];
      for (let p = 0; p < ia.length; p++) {
        for (let q = nu === 1 && a === b ? p : 0; q < ib.length; q++) {
          const score = ia[p] * ib[q];
          if (score > 0) candidates.push({ parent: a, p, density: b, q, score });
        }
      }
    }
  }
  // stable: equal scores keep enumeration order
  const kept = candidates
    .map((c, k) => ({ c, k }))
    .sort((x, y) => y.c.score - x.c.score || x.k - y.k)
    .slice(0, budget)
    .map(({ c }) => c)
    .sort((x, y) => x.parent - y.parent || x.density - y.density || x.p - y.p || x.q - y.q);
  return {
    parent: Int32Array.from(kept, (c) => c.parent),
    p: Int32Array.from(kept, (c) => c.p),
    density: Int32Array.from(kept, (c) => c.density),
    q: Int32Array.from(kept, (c) => c.q),
  };
}
