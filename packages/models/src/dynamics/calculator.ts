// An ASE-style calculator: energy, forces and stress of whatever structure it is handed, each
// computed once per distinct structure (ASE's check_state: positions, numbers, cell, pbc).
// Models that can take a neighbour list (pair potentials) get one with a Verlet skin that is
// searched again only when an atom has moved more than skin / 2.
import { assertNonNegativeNumber, type Structure } from '@equikit/core';
import { toStructure, type StructureInput } from '@equikit/density';
import { VerletNeighborList, type NeighborList } from '@equikit/neighbors';
import type { Prediction, Predictor } from '../evaluate.js';
import { hasVolume } from '../training-data.js';

/** A model that can use a neighbour list it is given (so the Calculator can keep one with a skin). */
export interface NeighborListPredictor extends Predictor {
  /** Å: pairs closer than this are needed. */
  readonly cutoff: number;
  /** Both (i, j) and (j, i) per pair (true), or each pair once (false). */
  readonly fullNeighborList: boolean;
  predictWithNeighbors(structure: Structure, pairs: NeighborList): Prediction;
}

export interface CalculatorOptions {
  /**
   * Verlet skin (Å) of the neighbour list kept for models that accept one (NeighborListPredictor).
   * Default 0.3 (ASE's NeighborList default). Models that search their own neighbours ignore it.
   */
  skin?: number;
}

export function acceptsNeighborList(model: Predictor): model is NeighborListPredictor {
  const m = model as Partial<NeighborListPredictor>;
  return typeof m.predictWithNeighbors === 'function' && typeof m.cutoff === 'number' && typeof m.fullNeighborList === 'boolean';
}

export class Calculator {
  readonly model: Predictor;
  /** Model evaluations so far (a cache hit does not count). */
  calls = 0;
  private readonly neighbors: VerletNeighborList | undefined;
  private state: { positions: Float64Array; numbers: Int32Array; cell: Float64Array; pbc: boolean[] } | undefined;
  private results: Prediction | undefined;

  constructor(model: Predictor, options: CalculatorOptions = {}) {
    if (model === null || typeof model !== 'object' || typeof (model as Predictor).predict !== 'function') {
      throw new TypeError('model must be an object with a predict(structure) method (a fitted potential)');
    }
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const { skin = 0.3 } = options;
    assertNonNegativeNumber(skin, 'options.skin');
    this.model = model;
    if (acceptsNeighborList(model)) this.neighbors = new VerletNeighborList({ cutoff: model.cutoff, skin, full: model.fullNeighborList });
  }

  /** Pair searches the Verlet list has run (0 for models that search their own neighbours). */
  get neighborListBuilds(): number {
    return this.neighbors?.builds ?? 0;
  }

  /** Total energy, eV. */
  getPotentialEnergy(atoms: StructureInput): number {
    return this.calculate(atoms).energy;
  }

  /** Forces, eV/Å, 3N values (a copy). */
  getForces(atoms: StructureInput): Float64Array {
    return this.calculate(atoms).forces.slice();
  }

  /**
   * Stress σ = (1/V) ∂E/∂ε in eV/Å³ (ASE's sign: positive under tension): 6 Voigt values xx yy zz yz xz xy (ASE's default), or with { voigt: false }
   * the symmetric 3×3 tensor row-major. Throws for structures not periodic in all three directions.
   */
  getStress(atoms: StructureInput, options: { voigt?: boolean } = {}): Float64Array {
    const s = toStructure(atoms, 'atoms');
    const { voigt = true } = options;
    if (typeof voigt !== 'boolean') throw new TypeError(`options.voigt must be a boolean, got ${typeof voigt}`);
    if (!hasVolume(s)) throw new RangeError(`atoms: stress needs a cell periodic in all three directions (pbc is ${s.pbc.join(' ')})`);
    const stress = this.calculate(s).stress;
    if (!stress) throw new RangeError('the model returned no stress for a periodic structure');
    if (voigt) return stress.slice();
    const [xx, yy, zz, yz, xz, xy] = stress;
    return new Float64Array([xx, xy, xz, xy, yy, yz, xz, yz, zz]);
  }

  /** Energy, forces and stress of `atoms`, from the cache when nothing changed since the last call. */
  calculate(atoms: StructureInput): Prediction {
    const s = toStructure(atoms, 'atoms');
    if (this.results && this.sameState(s)) return this.results;
    this.calls++;
    const result = this.neighbors && acceptsNeighborList(this.model)
      ? this.model.predictWithNeighbors(s, this.neighbors.update(s))
      : this.model.predict(s);
    this.state = { positions: s.positions.slice(), numbers: s.numbers.slice(), cell: s.cell.slice(), pbc: [...s.pbc] };
    this.results = result;
    return result;
  }

  /** Forgets the cached results (ASE's reset()). */
  reset(): void {
    this.state = undefined;
    this.results = undefined;
  }

  private sameState(s: Structure): boolean {
    const st = this.state;
    if (!st || st.positions.length !== s.positions.length) return false;
    for (let k = 0; k < 3; k++) if (st.pbc[k] !== s.pbc[k]) return false;
    for (let k = 0; k < 9; k++) if (st.cell[k] !== s.cell[k]) return false;
    for (let k = 0; k < st.numbers.length; k++) if (st.numbers[k] !== s.numbers[k]) return false;
    for (let k = 0; k < st.positions.length; k++) if (st.positions[k] !== s.positions[k]) return false;
    return true;
  }
}
