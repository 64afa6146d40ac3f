// ASE's LennardJones calculator (ase.calculators.lj) as a model: u = 4ε((σ/r)¹² − (σ/r)⁶) per pair
// within rc, either shifted to 0 at rc (smooth: false, ASE's default; forces jump at rc) or times
// ASE's C¹ cutoff function between ro and rc (smooth: true; what MD wants). It takes a neighbour
// list, so a Calculator keeps a Verlet list with a skin for it.
import { assertBoolean, assertPositiveNumber, type Structure } from '@equikit/core';
import { toStructure, type StructureInput } from '@equikit/density';
import { neighborList, type NeighborList } from '@equikit/neighbors';
import type { Prediction } from '../evaluate.js';
import { hasVolume } from '../training-data.js';
import type { NeighborListPredictor } from './calculator.js';

export interface LennardJonesOptions {
  /** Å; the minimum is at 2^{1/6} σ. Default 1. */
  sigma?: number;
  /** eV, the well depth. Default 1. */
  epsilon?: number;
  /** Cutoff, Å. Default 3σ. */
  rc?: number;
  /** Onset of the smooth cutoff, Å (< rc). Default 0.66 rc. */
  ro?: number;
  /** Default false, as ASE. */
  smooth?: boolean;
}

export class LennardJones implements NeighborListPredictor {
  readonly sigma: number;
  readonly epsilon: number;
  readonly rc: number;
  readonly ro: number;
  readonly smooth: boolean;
  readonly fullNeighborList = false;

  constructor(options: LennardJonesOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const { sigma = 1, epsilon = 1, smooth = false } = options;
    assertPositiveNumber(sigma, 'options.sigma');
    assertPositiveNumber(epsilon, 'options.epsilon');
    assertBoolean(smooth, 'options.smooth');
    const rc = options.rc ?? 3 * sigma;
    assertPositiveNumber(rc, 'options.rc');
    const ro = options.ro ?? 0.66 * rc;
    assertPositiveNumber(ro, 'options.ro');
    if (ro >= rc) throw new RangeError(`options.ro must be smaller than options.rc (${rc}), got ${ro}`);
    this.sigma = sigma;
    this.epsilon = epsilon;
    this.rc = rc;
    this.ro = ro;
    this.smooth = smooth;
  }

  get cutoff(): number {
    return this.rc;
  }

  predict(structure: StructureInput): Prediction {
    const s = toStructure(structure, 'structure');
    return this.predictWithNeighbors(s, neighborList(s, { cutoff: this.rc, full: false }));
  }

  /** `pairs`: each pair once (full: false), cutoff ≥ rc. */
  predictWithNeighbors(structure: Structure, pairs: NeighborList): Prediction {
    const { sigma, epsilon, rc, ro, smooth } = this;
    const rc2 = rc * rc;
    const ro2 = ro * ro;
    const shift = 4 * epsilon * ((sigma / rc) ** 12 - (sigma / rc) ** 6);
    const forces = new Float64Array(3 * structure.length);
    const virial = new Float64Array(9);
    let energy = 0;
    for (let p = 0; p < pairs.length; p++) {
      const dx = pairs.vectors[3 * p], dy = pairs.vectors[3 * p + 1], dz = pairs.vectors[3 * p + 2];
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const c6 = (sigma * sigma / r2) ** 3;
      const c12 = c6 * c6;
      let u = 4 * epsilon * (c12 - c6);
      // du/dr / r, so that the pair force on j is −du·d
      let du = (-24 * epsilon * (2 * c12 - c6)) / r2;
      if (smooth) {
        const [fc, dfc] = cutoffFunction(r2, rc2, ro2);
        du = fc * du + 2 * dfc * u;
        u *= fc;
      } else {
        u -= shift;
      }
      energy += u;
      const i = pairs.i[p], j = pairs.j[p];
      const d = [dx, dy, dz];
      for (let x = 0; x < 3; x++) {
        // a pair of an atom with its own image moves rigidly: no net force
        forces[3 * i + x] += du * d[x];
        forces[3 * j + x] -= du * d[x];
        for (let y = 0; y < 3; y++) virial[3 * x + y] += du * d[x] * d[y];
      }
    }
    const prediction: Prediction = { energy, forces };
    if (hasVolume(structure)) {
      const v = structure.volume();
      prediction.stress = new Float64Array([virial[0] / v, virial[4] / v, virial[8] / v, virial[5] / v, virial[2] / v, virial[1] / v]);
    }
    return prediction;
  }
}

/** ASE's (JAX-MD's) cutoff on squared distances: value and derivative with respect to r². */
function cutoffFunction(r2: number, rc2: number, ro2: number): [number, number] {
  if (r2 < ro2) return [1, 0];
  if (r2 >= rc2) return [0, 0];
  const denominator = (rc2 - ro2) ** 3;
  return [((rc2 - r2) ** 2 * (rc2 + 2 * r2 - 3 * ro2)) / denominator, (6 * (rc2 - r2) * (ro2 - r2)) / denominator];
}
