// A linear interatomic potential E = Σ_i (w_{Z_i}·X_i + e0_{Z_i}) on invariant features X_i,
// trained on energies, forces and virials by regularised least squares and evaluated with a
// vector–Jacobian product (forces and stress without the feature-gradient tensor).
import { chemicalSymbol, mulberry32, type BackendName, type Structure } from '@equikit/core';
import type { FeatureCalculator } from './concatenated-features.js';
import { toStructure, typeIndex } from '@equikit/density';
import type { Prediction } from '../evaluate.js';
import { decodeFloat64, encodeFloat64 } from '../serialization.js';
import { denseKernels } from '../solver/kernels.js';
import { NormalEquations } from '../solver/normal-equations.js';
import { RidgeSolver, searchRegularization, type ColumnRoles } from '../solver/ridge.js';
import { assertStructureList, describe, extractTargets, hasVolume } from '../training-data.js';
import { addStructureRows, parameterCount, VOIGT, type DesignLayout, type RowWeights } from './design.js';
import { calculatorState, checkFeatureConfig, createCalculator, restoreCalculator, type FeatureConfig } from './features.js';
import { resolveFitOptions, type LinearFitOptions } from './options.js';

/** How a model was fitted (kept in its JSON). */
export interface LinearFitReport {
  /** The ridge λ used. */
  regularization: number;
  /** With regularization 'auto': every λ tried and its cross-validation error (weighted squared residual). */
  crossValidation?: { folds: number; tried: { lambda: number; error: number }[] };
  weights: RowWeights;
  /** Rows of the least-squares problem (energies + force components + virial components). */
  rows: number;
  /** Root of the weighted squared residual per row on the training set. */
  trainingResidual: number;
  structures: number;
  atoms: number;
  /** Whether e0 was fitted. */
  fittedReferenceEnergies: boolean;
}

export interface LinearPotentialJSON {
  format: 'equikit.LinearPotential';
  version: 1;
  features: FeatureConfig;
  /** Learned feature state (DensityCorrelations' PCA), or null. */
  featureState: unknown;
  species: number[];
  /** Features per atom. */
  size: number;
  /** w, [species][size], base64 of little-endian float64. */
  weights: string;
  /** e0 per species (eV), base64 of little-endian float64. */
  referenceEnergies: string;
  fit: LinearFitReport | null;
}

/** Gives other work (a browser's event loop) a turn every this many milliseconds of fitting. */
const YIELD_EVERY_MS = 50;

export class LinearPotential {
  /** Per-species weight vectors, [species][size] (a copy is handed out by `weights`). */
  private readonly w: Float64Array;
  private readonly e0: Float64Array;

  private constructor(
    private readonly calculator: FeatureCalculator,
    private readonly config: FeatureConfig,
    /** Sorted atomic numbers of the model's species. */
    private readonly speciesList: Int32Array,
    /** Features per atom. */
    readonly size: number,
    weights: Float64Array,
    referenceEnergies: Float64Array,
    /** How the model was fitted (null for a model built another way). */
    readonly report: LinearFitReport | null,
  ) {
    this.w = weights;
    this.e0 = referenceEnergies;
  }

  /** The model's species (sorted atomic numbers). */
  get species(): Int32Array {
    return this.speciesList.slice();
  }

  /** The weights, [species][size] (a copy). */
  get weights(): Float64Array {
    return this.w.slice();
  }

  /** Per-species reference energies e0 (eV), keyed by chemical symbol. */
  get referenceEnergies(): Record<string, number> {
    const out: Record<string, number> = {};
    this.speciesList.forEach((z, s) => (out[chemicalSymbol(z)] = this.e0[s]));
    return out;
  }

  /** The feature configuration (a copy). */
  get features(): FeatureConfig {
    return checkFeatureConfig(this.config, 'features');
  }

  /**
   * Fits a model on `train` (see LinearFitOptions): features and their gradients structure by
   * structure into the normal equations, then a Cholesky solve (λ by cross-validation with 'auto').
   */
  static async fit(train: readonly Structure[], options: LinearFitOptions): Promise<LinearPotential> {
    const o = resolveFitOptions(options);
    const list = assertStructureList(train, 'train');
    const references = extractTargets(list, {
      targets: {
        energy: o.weights.energy > 0 ? o.targets.energy : false,
        forces: o.weights.forces > 0 ? o.targets.forces : false,
        stress: o.weights.stress > 0 ? o.targets.stress : false,
        virial: o.weights.stress > 0 ? o.targets.virial : false,
      },
      name: 'train',
    });
    const species = o.species ?? presentSpecies(list);
    list.forEach((s, k) => {
      for (const z of s.numbers) {
        if (!species.includes(z)) throw new RangeError(`train[${k}] has element ${chemicalSymbol(z)}, which is not in options.species [${Array.from(species).join(', ')}]`);
      }
    });
    const S = species.length;
    const given = o.referenceEnergies === 'fit' ? undefined : o.referenceEnergies;
    const e0Given = new Float64Array(S);
    if (given) {
      species.forEach((z, s) => {
        const e = given.get(z);
        if (e === undefined) throw new RangeError(`options.referenceEnergies has no energy for ${chemicalSymbol(z)}, a species of the model`);
        e0Given[s] = e;
      });
    }
    const calculator = createCalculator(o.features, list, species);
    const kernels = denseKernels(o.backend);
    const F = calculator.sizeFor(S);
    const layout: DesignLayout = { nSpecies: S, size: F, fitReferences: !given };
    const P = parameterCount(layout);

    const crossValidate = o.regularization === 'auto';
    const nFolds = crossValidate ? Math.min(o.folds, list.length) : 1;
    if (crossValidate && nFolds < 2) throw new RangeError("options.regularization 'auto' needs at least 2 training structures to cross-validate");
    const foldOf = assignFolds(list.length, nFolds, o.seed);
    const parts = Array.from({ length: nFolds }, () => new NormalEquations(P, kernels));
    const featureTotals = new Float64Array(S * F);
    const atomCounts = new Float64Array(S);
    const gradients: ('positions' | 'strain')[] = [];
    if (o.weights.forces > 0) gradients.push('positions');
    if (o.weights.stress > 0) gradients.push('strain');
    const row = new Float64Array(P);
    const progress = o.onProgress;
    let lastYield = Date.now();
    for (let k = 0; k < list.length; k++) {
      const structure = list[k];
      const wantStrain = references[k].stress !== undefined;
      const sums = calculator.computeSpeciesSums(structure, {
        gradients: gradients.filter((g) => g !== 'strain' || wantStrain),
        species,
        backend: o.backend,
      });
      progress?.({ stage: 'features', done: k + 1, total: list.length });
      const counts = speciesCounts(structure, species);
      let offset = 0;
      for (let s = 0; s < S; s++) {
        atomCounts[s] += counts[s];
        offset += counts[s] * e0Given[s];
      }
      for (let q = 0; q < S * F; q++) featureTotals[q] += sums.values[q];
      addStructureRows(parts[foldOf[k]], sums, references[k], layout, o.weights, counts, offset, wantStrain ? structure.volume() : 0, row);
      progress?.({ stage: 'assembly', done: k + 1, total: list.length });
      if (Date.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = Date.now();
      }
    }

    const solver = new RidgeSolver(parts, columnRoles(layout, featureTotals, atomCounts), kernels);
    let lambda: number;
    let crossValidation: LinearFitReport['crossValidation'];
    const totalSolves = crossValidate ? nFolds * 15 + 1 : 1;
    let solves = 0;
    const onSolve = () => progress?.({ stage: 'solve', done: ++solves, total: totalSolves });
    if (crossValidate) {
      const search = searchRegularization(solver, onSolve);
      lambda = search.lambda;
      crossValidation = { folds: nFolds, tried: search.tried };
    } else {
      lambda = o.regularization as number;
    }
    const theta = solver.solve(lambda);
    onSolve();
    const rows = parts.reduce((sum, part) => sum + part.rows, 0);
    const e0 = layout.fitReferences ? theta.slice(S * F) : e0Given;
    const report: LinearFitReport = {
      regularization: lambda,
      crossValidation,
      weights: { ...o.weights },
      rows,
      trainingResidual: Math.sqrt(solver.residualOf(theta) / rows),
      structures: list.length,
      atoms: atomCounts.reduce((a, b) => a + b, 0),
      fittedReferenceEnergies: layout.fitReferences,
    };
    if (!crossValidation) delete report.crossValidation;
    return new LinearPotential(calculator, o.features, species, F, theta.slice(0, S * F), Float64Array.from(e0), report);
  }

  /**
   * Energy (eV), forces (eV/Å) and, for a cell periodic in all three directions, stress (eV/Å³,
   * ASE sign and Voigt order xx yy zz yz xz xy), by one vector–Jacobian product.
   */
  predict(structure: Structure, options: { backend?: BackendName } = {}): Prediction {
    const s = toStructure(structure, 'structure');
    const typeOf = this.typesOf(s);
    const F = this.size;
    const n = s.length;
    const cotangent = new Float64Array(n * F);
    let energy = 0;
    for (let i = 0; i < n; i++) {
      cotangent.set(this.w.subarray(typeOf[i] * F, (typeOf[i] + 1) * F), i * F);
      energy += this.e0[typeOf[i]];
    }
    const vjp = this.calculator.vectorJacobianProduct(s, cotangent, { species: this.speciesList, backend: options.backend });
    energy += vjp.total;
    const forces = new Float64Array(3 * n);
    for (let k = 0; k < 3 * n; k++) forces[k] = -vjp.positions[k];
    const prediction: Prediction = { energy, forces };
    if (hasVolume(s)) {
      const V = s.volume();
      prediction.stress = Float64Array.from(VOIGT, ([a, b]) => (0.5 * (vjp.strain[3 * a + b] + vjp.strain[3 * b + a])) / V);
    }
    return prediction;
  }

  /** Per-atom energies w_{Z_i}·X_i + e0_{Z_i} (eV), summing to predict's energy. */
  atomicEnergies(structure: Structure, options: { backend?: BackendName } = {}): Float64Array {
    const s = toStructure(structure, 'structure');
    const typeOf = this.typesOf(s);
    const F = this.size;
    const values = this.calculator.computeDense(s, { species: this.speciesList, backend: options.backend }).values;
    return Float64Array.from(typeOf, (t, i) => {
      let e = this.e0[t];
      for (let f = 0; f < F; f++) e += this.w[t * F + f] * values[i * F + f];
      return e;
    });
  }

  /** Plain JSON; fromJSON(toJSON()) predicts bit for bit the same (weights stored as base64 float64). */
  toJSON(): LinearPotentialJSON {
    return {
      format: 'equikit.LinearPotential',
      version: 1,
      features: checkFeatureConfig(this.config, 'features'),
      featureState: calculatorState(this.calculator),
      species: Array.from(this.speciesList),
      size: this.size,
      weights: encodeFloat64(this.w),
      referenceEnergies: encodeFloat64(this.e0),
      fit: this.report ? (JSON.parse(JSON.stringify(this.report)) as LinearFitReport) : null,
    };
  }

  /** Rebuilds a model from toJSON()'s output (an object or its JSON text). */
  static fromJSON(json: LinearPotentialJSON | string): LinearPotential {
    const j = (typeof json === 'string' ? JSON.parse(json) : json) as Record<string, unknown>;
    if (j === null || typeof j !== 'object') throw new TypeError(`json must be the object LinearPotential.toJSON() returned, got ${describe(j)}`);
    if (j.format !== 'equikit.LinearPotential' || j.version !== 1) {
      throw new RangeError(`json.format must be 'equikit.LinearPotential' version 1, got ${describe(j.format)} version ${describe(j.version)}`);
    }
    const config = checkFeatureConfig(j.features, 'json.features');
    if (!Array.isArray(j.species) || j.species.length === 0) throw new TypeError(`json.species must be a non-empty array of atomic numbers, got ${describe(j.species)}`);
    const species = Int32Array.from(j.species as number[]);
    species.forEach((z, k) => {
      if (!Number.isInteger(z) || z < 1 || z > 118 || (k > 0 && z <= species[k - 1])) throw new RangeError('json.species must be increasing atomic numbers 1..118');
    });
    const calculator = restoreCalculator(config, j.featureState);
    const size = calculator.sizeFor(species.length);
    if (j.size !== size) throw new RangeError(`json.size is ${describe(j.size)} but the features give ${size} per atom for ${species.length} species`);
    const weights = decodeFloat64(j.weights, 'json.weights', species.length * size);
    const e0 = decodeFloat64(j.referenceEnergies, 'json.referenceEnergies', species.length);
    const report = j.fit === null || j.fit === undefined ? null : (JSON.parse(JSON.stringify(j.fit)) as LinearFitReport);
    return new LinearPotential(calculator, config, species, size, weights, e0, report);
  }

  private typesOf(s: Structure): Int32Array {
    for (let i = 0; i < s.length; i++) {
      if (!this.speciesList.includes(s.numbers[i])) {
        throw new RangeError(
          `structure has element ${chemicalSymbol(s.numbers[i])} (atom ${i}), which the model was not trained on; its species are ${Array.from(this.speciesList, chemicalSymbol).join(', ')}`,
        );
      }
    }
    return typeIndex(s, this.speciesList);
  }
}

function presentSpecies(list: readonly Structure[]): Int32Array {
  const set = new Set<number>();
  for (const s of list) for (const z of s.numbers) set.add(z);
  return Int32Array.from([...set].sort((a, b) => a - b));
}

function speciesCounts(structure: Structure, species: Int32Array): Float64Array {
  const counts = new Float64Array(species.length);
  for (const z of structure.numbers) counts[species.indexOf(z)]++;
  return counts;
}

/** Structures to folds: a seeded shuffle dealt round-robin, so fold sizes differ by at most one. */
function assignFolds(n: number, folds: number, seed: number): Int32Array {
  const order = Array.from({ length: n }, (_, k) => k);
  const rng = mulberry32(seed);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    [order[k], order[j]] = [order[j], order[k]];
  }
  const foldOf = new Int32Array(n);
  order.forEach((structure, position) => (foldOf[structure] = position % folds));
  return foldOf;
}

/** Centring of each feature column by its species' mean per atom (only with count columns). */
function columnRoles(layout: DesignLayout, featureTotals: Float64Array, atomCounts: Float64Array): ColumnRoles {
  const { nSpecies: S, size: F, fitReferences } = layout;
  const P = parameterCount(layout);
  const countColumn = new Int32Array(P).fill(-1);
  const mean = new Float64Array(P);
  const penalized = new Uint8Array(P);
  penalized.fill(1, 0, S * F);
  if (fitReferences) {
    for (let s = 0; s < S; s++) {
      if (atomCounts[s] === 0) continue;
      for (let f = 0; f < F; f++) {
        countColumn[s * F + f] = S * F + s;
        mean[s * F + f] = featureTotals[s * F + f] / atomCounts[s];
      }
    }
  }
  return { countColumn, mean, penalized };
}
