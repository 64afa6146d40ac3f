// Completeness (Pozdnyakov, Willatt, Bartók, Ortner, Csányi, Ceriotti, PRL 125, 166001 (2020)).
//
// The paper's principle: when every neighbour sits at the same distance r from the centre, the
// power spectrum p_{n n' l} ∝ Σ_{j,k} R_n(r) R_n'(r) P_l(cos θ_jk) depends on the environment only
// through the multiset of pairwise angles {θ_jk} — so two non-congruent environments with the same
// angle multiset are indistinguishable at ν = 2, while the bispectrum (ν = 3), which sees angle
// triplets, separates them. (We could not retrieve the paper's own figures here, so the pair is
// built from that principle rather than copied.)
//
// Construction: neighbours on a circle of radius r around the centre (a great circle of the
// sphere), at polar angles φ = x·δ for x in a homometric pair of integer sets — sets with the same
// multiset of differences that are not translates or mirror images of one another (Bloom's
// classic pair {0, 1, 4, 10, 12, 17} / {0, 1, 8, 11, 13, 17}). With 17δ < π, the angle between two
// neighbours is |x_j − x_k|·δ, so both environments have the same angle multiset.
import { describe, expect, it } from 'vitest';
import { DensityCorrelations, PowerSpectrum } from '../src/index.js';
import { BACKENDS, randomO3, relativeError, rotateStructure, seeded, type TestStructure } from './helpers.js';

const HYPERS = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.3 },
  basis: { maxAngular: 4, radial: { type: 'gto' as const, maxRadial: 3 } },
};
const SET_A = [0, 1, 4, 10, 12, 17];
const SET_B = [0, 1, 8, 11, 13, 17];
const RADIUS = 2.5;
const STEP = Math.PI / 18;

function differences(set: readonly number[]): number[] {
  const d: number[] = [];
  for (let j = 0; j < set.length; j++) for (let k = j + 1; k < set.length; k++) d.push(Math.abs(set[j] - set[k]));
  return d.sort((a, b) => a - b);
}

/** Atom 0 is the centre; its neighbours are on the circle (they are only there to shape atom 0's environment). */
function ring(set: readonly number[]): TestStructure {
  const positions = [0, 0, 0];
  for (const x of set) positions.push(RADIUS * Math.cos(x * STEP), RADIUS * Math.sin(x * STEP), 0);
  return { positions, numbers: [6, ...set.map(() => 1)] };
}

const centre = (values: Float64Array, size: number) => values.subarray(0, size);

describe.each(BACKENDS)('completeness: a power-spectrum-degenerate pair (%s)', (backend) => {
  // a random O(3) placement of B, so "equal" cannot come from equal coordinates
  const A = ring(SET_A);
  const B = rotateStructure(ring(SET_B), randomO3(seeded(3)));

  it('the construction is a genuine homometric pair', () => {
    expect(differences(SET_A)).toEqual(differences(SET_B));
    const mirrored = SET_A.map((x) => 17 - x).sort((a, b) => a - b);
    expect(mirrored).not.toEqual(SET_B);
    expect(SET_A).not.toEqual(SET_B);
  });

  it('gives identical ν = 2 features (power spectrum and DensityCorrelations) and different ν = 3 features', () => {
    const ps = new PowerSpectrum(HYPERS);
    const pa = ps.computeDense(A, { backend });
    const pb = ps.computeDense(B, { backend });
    expect(relativeError(centre(pb.values, pb.size), centre(pa.values, pa.size))).toBeLessThan(1e-10);

    const nice = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, invariantOrders: [2, 3] });
    const orders = nice.invariantOrderOf(2);
    const na = nice.computeDense(A, { backend });
    const nb = nice.computeDense(B, { backend });
    const F = na.size;
    const pick = (values: Float64Array, nu: number) => centre(values, F).filter((_, f) => orders[f] === nu);
    expect(relativeError(pick(nb.values, 2), pick(na.values, 2))).toBeLessThan(1e-10);
    // ν = 3 separates them clearly (by far more than any rounding)
    expect(relativeError(pick(nb.values, 3), pick(na.values, 3))).toBeGreaterThan(1e-3);
  });
});
