// Test-set errors of any potential: energy per atom, force components and stress components,
// in the units papers quote (meV/atom, eV/Å, GPa), so figures compare directly with GAP/MTP tables.
import type { Structure } from '@equikit/core';
import { assertStructureList, extractTargets, type TargetNames } from './training-data.js';

/** What evaluate needs of a model: energies, forces and (for periodic cells) stress of one structure. */
export interface Predictor {
  predict(structure: Structure): Prediction;
}

export interface Prediction {
  /** Total energy, eV. */
  energy: number;
  /** Forces, eV/Å, 3N. */
  forces: Float64Array;
  /** Stress, eV/Å³, ASE sign and Voigt order (xx yy zz yz xz xy); undefined without a volume. */
  stress?: Float64Array;
}

/** Mean absolute and root-mean-square error over `count` compared values. */
export interface ErrorStats {
  mae: number;
  rmse: number;
  /** Largest absolute error. */
  max: number;
  count: number;
}

export interface EvaluationResult {
  /** Energy per atom, meV/atom, one value per structure with a reference energy. */
  energy?: ErrorStats;
  /** Force components, eV/Å, three per atom of every structure with reference forces. */
  forces?: ErrorStats;
  /** Stress components, GPa, six (Voigt) per periodic structure with a reference stress. */
  stress?: ErrorStats;
  /** Structures scored. */
  structures: number;
  /** Atoms in them. */
  atoms: number;
}

export interface EvaluateOptions {
  /** Where the references are (as in fit); a structure lacking one is scored on the others. */
  targets?: TargetNames;
  /** Called after each structure with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** eV/Å³ → GPa (ASE's units.GPa, CODATA 2014, as core's mlearn reader). */
export const EV_PER_A3_IN_GPA = 160.21766208;

/**
 * Scores `model` on `test`: for every structure, predicts and compares with the references
 * found under `targets` (missing ones are skipped; the counts say how many were compared).
 * A stat is absent when nothing of that kind was compared. Throws if the model returns
 * non-finite values or arrays of the wrong length, naming the structure.
 */
export function evaluate(model: Predictor, test: readonly Structure[], options: EvaluateOptions = {}): EvaluationResult {
  if (model === null || typeof model !== 'object' || typeof (model as Predictor).predict !== 'function') {
    throw new TypeError('model must be an object with a predict(structure) method');
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  const list = assertStructureList(test, 'test');
  const references = extractTargets(list, { targets: options.targets, missing: 'skip', name: 'test' });
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new TypeError('options.onProgress must be a function');
  const energy = new Accumulator();
  const forces = new Accumulator();
  const stress = new Accumulator();
  let atoms = 0;
  list.forEach((structure, index) => {
    const reference = references[index];
    const predicted = model.predict(structure);
    const where = `model.predict(test[${index}])`;
    checkPrediction(predicted, structure, where);
    atoms += structure.length;
    if (reference.energy !== undefined) energy.add((1000 * (predicted.energy - reference.energy)) / structure.length);
    if (reference.forces !== undefined) {
      for (let k = 0; k < reference.forces.length; k++) forces.add(predicted.forces[k] - reference.forces[k]);
    }
    if (reference.stress !== undefined) {
      if (!predicted.stress) throw new RangeError(`${where} returned no stress for a periodic structure with a reference stress`);
      for (let k = 0; k < 6; k++) stress.add(EV_PER_A3_IN_GPA * (predicted.stress[k] - reference.stress[k]));
    }
    options.onProgress?.(index + 1, list.length);
  });
  const result: EvaluationResult = { structures: list.length, atoms };
  if (energy.count > 0) result.energy = energy.stats();
  if (forces.count > 0) result.forces = forces.stats();
  if (stress.count > 0) result.stress = stress.stats();
  return result;
}

function checkPrediction(p: Prediction, structure: Structure, where: string): void {
  if (p === null || typeof p !== 'object') throw new TypeError(`${where} must return { energy, forces, stress }, got ${p === null ? 'null' : typeof p}`);
  if (typeof p.energy !== 'number' || !Number.isFinite(p.energy)) throw new RangeError(`${where}.energy must be a finite number, got ${String(p.energy)}`);
  if (!(p.forces instanceof Float64Array) || p.forces.length !== 3 * structure.length) {
    throw new RangeError(`${where}.forces must be a Float64Array of ${3 * structure.length} values`);
  }
  for (let k = 0; k < p.forces.length; k++) if (!Number.isFinite(p.forces[k])) throw new RangeError(`${where}.forces[${k}] must be finite, got ${p.forces[k]}`);
  if (p.stress !== undefined) {
    if (!(p.stress instanceof Float64Array) || p.stress.length !== 6) throw new RangeError(`${where}.stress must be a Float64Array of 6 Voigt values`);
    for (let k = 0; k < 6; k++) if (!Number.isFinite(p.stress[k])) throw new RangeError(`${where}.stress[${k}] must be finite, got ${p.stress[k]}`);
  }
}

class Accumulator {
  count = 0;
  private abs = 0;
  private squares = 0;
  private largest = 0;

  add(error: number): void {
    const a = Math.abs(error);
    this.count++;
    this.abs += a;
    this.squares += a * a;
    if (a > this.largest) this.largest = a;
  }

  stats(): ErrorStats {
    return { mae: this.abs / this.count, rmse: Math.sqrt(this.squares / this.count), max: this.largest, count: this.count };
  }
}
