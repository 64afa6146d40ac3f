// SparseGPPotential: a SOAP-GAP style kernel potential. Energy E = Σ_i [e0_{Z_i} + Σ_m α_m k(X_i, Z_m)]
// with k = (X̂_i·Z_m)^ζ on normalised power spectra, sparse points Z_m per centre species, and
// α from the projected-process (Subset of Regressors) fit on energies, forces and stresses.
import { assertInteger, assertOneOf, chemicalSymbol, mulberry32, resolveBackend, type BackendName, type Structure, type WasmFlavor } from '@equikit/core';
import { PowerSpectrum } from '@equikit/correlations';
import { presentSpecies, toStructure, typeIndex, type SphericalExpansionHypers, type StructureInput } from '@equikit/density';
import { Calculator, type CalculatorOptions } from '../dynamics/calculator.js';
import type { Prediction, Predictor } from '../evaluate.js';
import { assertStructureList, extractTargets, hasVolume } from '../training-data.js';
import { decodeFloat64, encodeFloat64 } from '../serialization.js';
import { atomFeatures, dot, GP_ROW_BACKENDS, kernelRows, sparseCount, sparseKernel, type FeatureContext, type SparseSet } from './kernel.js';
import { withSparseCotangents } from './kernel-wasm.js';
import { checkFitOptions, type CheckedFitOptions, type SparseGPFeatures, type SparseGPFitOptions, type SparseMethod } from './options.js';
import { composition, fitReferenceEnergies } from './reference-energies.js';
import { curSelection, farthestPointSampling } from './sparse-selection.js';
import { denseKernels } from '../solver/index.js';
import { crossValidate, factorSparseKernel, GpNormalEquations, ridgeSolve, unwhiten, whitenEquations } from './solve.js';
import { strainToVoigt } from './voigt.js';

export const SPARSE_GP_FORMAT = 'equikit.SparseGPPotential';
const FORMAT_VERSION = 1;
/** λ tried by regularization 'auto': 10^0 … 10^−12 times the mean diagonal of the whitened normal matrix. */
const LAMBDA_DECADES = 13;

export interface SparseGPJSON {
  format: typeof SPARSE_GP_FORMAT;
  version: number;
  features: SparseGPFeatures;
  zeta: number;
  species: number[];
  /** Per species, eV, base64 float64. */
  referenceEnergies: string;
  sparsePoints: { method: SparseMethod; offsets: number[]; width: number; points: string };
  /** α per sparse point, base64 float64. */
  weights: string;
  regularization: number;
  jitter: number;
}

interface Parts {
  features: SphericalExpansionHypers;
  zeta: number;
  species: Int32Array;
  referenceEnergies: Float64Array;
  sparse: SparseSet;
  method: SparseMethod;
  alpha: Float64Array;
  regularization: number;
  jitter: number;
}

export class SparseGPPotential implements Predictor {
  /** The expansion hypers of the (normalised) power spectrum. */
  readonly expansion: SphericalExpansionHypers;
  readonly zeta: number;
  /** Sorted atomic numbers the model knows. */
  readonly species: Int32Array;
  /** e0 per species (eV), in the order of `species`. */
  readonly referenceEnergies: Float64Array;
  /** The sparse points, grouped by centre species. */
  readonly sparse: SparseSet;
  readonly sparseMethod: SparseMethod;
  /** α, one per sparse point. */
  readonly weights: Float64Array;
  /** λ used (the chosen one for 'auto'). */
  readonly regularization: number;
  /** Relative jitter that made K_MM positive definite. */
  readonly jitter: number;
  private readonly spectrum: PowerSpectrum;
  /** The same power spectrum unnormalised: prediction normalises in its cotangent, so the
   * vector–Jacobian product runs correlations' fused WebAssembly path. */
  private readonly rawSpectrum: PowerSpectrum;

  private constructor(parts: Parts) {
    this.expansion = parts.features;
    this.zeta = parts.zeta;
    this.species = parts.species;
    this.referenceEnergies = parts.referenceEnergies;
    this.sparse = parts.sparse;
    this.sparseMethod = parts.method;
    this.weights = parts.alpha;
    this.regularization = parts.regularization;
    this.jitter = parts.jitter;
    this.spectrum = new PowerSpectrum(parts.features, { normalize: true });
    this.rawSpectrum = new PowerSpectrum(this.spectrum.expansion, { normalize: false });
    const width = this.spectrum.sizeFor(parts.species.length);
    if (width !== parts.sparse.width) throw new RangeError(`sparse points have ${parts.sparse.width} features, the power spectrum of these hypers and ${parts.species.length} species has ${width}`);
  }

  /** Cutoff radius of the features, Å. */
  get cutoff(): number {
    return this.spectrum.expansion.hypers.cutoff;
  }

  /**
   * Fits on `train` (core Structures carrying the targets). Throws naming the structure for
   * missing or malformed targets, and naming the option for bad options.
   */
  static async fit(train: readonly Structure[], options: SparseGPFitOptions): Promise<SparseGPPotential> {
    return fitSparseGP(train, checkFitOptions(options));
  }

  /** E, forces (eV/Å) and, for cells periodic in all directions, ASE's stress (eV/Å³, Voigt). */
  predict(structure: StructureInput, options: { backend?: BackendName } = {}): Prediction {
    const s = toStructure(structure, 'structure');
    const typeOf = this.typesOf(s);
    const ctx = this.context(options.backend);
    const { sparse, weights: alpha, zeta } = this;
    const F = sparse.width;
    let energy = 0;
    for (let i = 0; i < s.length; i++) energy += this.referenceEnergies[typeOf[i]];
    // the cotangent of X̂ = X/‖X‖ pulled back to X: (g − X̂ (X̂·g)) / ‖X‖ (0 for an empty environment)
    const unit = new Float64Array(F);
    const vjpOf = (cotangent: (i: number, values: Float64Array, offset: number, out: Float64Array) => void) =>
      this.rawSpectrum.vectorJacobianProduct(
        s,
        (i, values, offset, out) => {
          const norm = Math.sqrt(dot(values, offset, values, offset, F));
          if (norm === 0) return;
          for (let f = 0; f < F; f++) unit[f] = values[offset + f] / norm;
          cotangent(i, unit, 0, out);
          const along = dot(unit, 0, out, 0, F);
          for (let f = 0; f < F; f++) out[f] = (out[f] - unit[f] * along) / norm;
        },
        { species: this.species, backend: ctx.backend },
      );
    const backend = resolveBackend('SparseGPPotential', GP_ROW_BACKENDS, options.backend);
    const vjp = backend !== 'js'
      ? withSparseCotangents(backend as WasmFlavor, ctx, sparse, alpha, zeta, (cotangent) =>
          vjpOf((i, values, offset, out) => (energy += cotangent(typeOf[i], values, offset, out))))
      : vjpOf((i, values, offset, out) => {
          // g_i = Σ_m α_m ζ (X̂_i·Z_m)^{ζ−1} Z_m; E_i = Σ_m α_m (X̂_i·Z_m)^ζ
          const t = typeOf[i];
          for (let m = sparse.offsets[t]; m < sparse.offsets[t + 1]; m++) {
            const d = dot(values, offset, sparse.points, m * F, F);
            energy += alpha[m] * d ** zeta;
            const c = alpha[m] * zeta * d ** (zeta - 1);
            for (let f = 0; f < F; f++) out[f] += c * sparse.points[m * F + f];
          }
        });
    const forces = new Float64Array(3 * s.length);
    for (let k = 0; k < forces.length; k++) forces[k] = -vjp.positions[k];
    const prediction: Prediction = { energy, forces };
    if (hasVolume(s)) {
      const stress = new Float64Array(6);
      strainToVoigt(vjp.strain, 0, 1, 1 / s.volume(), stress, 0, 1);
      prediction.stress = stress;
    }
    return prediction;
  }

  /** An ASE-style calculator (cached energy, forces, stress) driving this model. */
  calculator(options?: CalculatorOptions): Calculator {
    return new Calculator(this, options);
  }

  toJSON(): SparseGPJSON {
    return {
      format: SPARSE_GP_FORMAT,
      version: FORMAT_VERSION,
      features: { type: 'power-spectrum', expansion: JSON.parse(JSON.stringify(this.expansion)), normalize: true },
      zeta: this.zeta,
      species: Array.from(this.species),
      referenceEnergies: encodeFloat64(this.referenceEnergies),
      sparsePoints: { method: this.sparseMethod, offsets: Array.from(this.sparse.offsets), width: this.sparse.width, points: encodeFloat64(this.sparse.points) },
      weights: encodeFloat64(this.weights),
      regularization: this.regularization,
      jitter: this.jitter,
    };
  }

  /** The model toJSON wrote (the object, or its JSON text); predictions are identical to the bit. */
  static fromJSON(json: unknown): SparseGPPotential {
    const o = (typeof json === 'string' ? JSON.parse(json) : json) as SparseGPJSON;
    if (o === null || typeof o !== 'object') throw new TypeError(`json must be the object SparseGPPotential.toJSON() returned, got ${o === null ? 'null' : typeof o}`);
    if (o.format !== SPARSE_GP_FORMAT) throw new TypeError(`json.format must be '${SPARSE_GP_FORMAT}', got ${JSON.stringify(o.format)}`);
    if (o.version !== FORMAT_VERSION) throw new RangeError(`json.version ${JSON.stringify(o.version)} is not supported (expected ${FORMAT_VERSION})`);
    if (!Array.isArray(o.species) || o.species.length === 0) throw new TypeError('json.species must be a non-empty array of atomic numbers');
    o.species.forEach((z: unknown, k: number) => {
      assertInteger(z, `json.species[${k}]`, 1, 118);
      if (k > 0 && z <= o.species[k - 1]) throw new RangeError('json.species must be strictly increasing atomic numbers');
    });
    const species = Int32Array.from(o.species);
    const sp = o.sparsePoints;
    if (sp === null || typeof sp !== 'object' || !Array.isArray(sp.offsets) || sp.offsets.length !== species.length + 1) {
      throw new TypeError(`json.sparsePoints must hold offsets (species + 1 = ${species.length + 1} integers), width and points`);
    }
    assertOneOf(sp.method, 'json.sparsePoints.method', ['fps', 'cur']);
    const offsets = Int32Array.from(sp.offsets);
    for (let k = 0; k < species.length; k++) if (!(offsets[k + 1] >= offsets[k]) || offsets[0] !== 0) throw new RangeError('json.sparsePoints.offsets must start at 0 and never decrease');
    const M = offsets[species.length];
    if (!Number.isInteger(sp.width) || sp.width < 1) throw new TypeError('json.sparsePoints.width must be a positive integer');
    const points = decodeFloat64(sp.points, 'json.sparsePoints.points', M * sp.width);
    const alpha = decodeFloat64(o.weights, 'json.weights', M);
    const referenceEnergies = decodeFloat64(o.referenceEnergies, 'json.referenceEnergies', species.length);
    if (!Number.isInteger(o.zeta) || o.zeta < 1 || o.zeta > 6) throw new RangeError(`json.zeta must be an integer in [1, 6], got ${o.zeta}`);
    const f = o.features as Partial<SparseGPFeatures> | undefined;
    if (f === null || typeof f !== 'object' || f.type !== 'power-spectrum' || f.expansion === null || typeof f.expansion !== 'object') {
      throw new TypeError("json.features must be { type: 'power-spectrum', expansion, normalize: true }");
    }
    return new SparseGPPotential({
      features: f.expansion,
      zeta: o.zeta,
      species,
      referenceEnergies,
      sparse: { species, width: sp.width, offsets, points },
      method: sp.method,
      alpha,
      regularization: o.regularization,
      jitter: o.jitter,
    });
  }

  private typesOf(s: Structure): Int32Array {
    for (let a = 0; a < s.length; a++) {
      if (!this.species.includes(s.numbers[a])) {
        throw new RangeError(`structure: atom ${a} is ${chemicalSymbol(s.numbers[a])}, which this model was not trained on (it knows ${Array.from(this.species, chemicalSymbol).join(', ')})`);
      }
    }
    return typeIndex(s, this.species);
  }

  private context(backend: BackendName | undefined): FeatureContext {
    return { expansion: this.spectrum.expansion, map: this.spectrum.mapFor(this.species.length), backend };
  }

  /** @internal */
  static fromParts(parts: Parts): SparseGPPotential {
    return new SparseGPPotential(parts);
  }
}

function fitSparseGP(train: readonly Structure[], o: CheckedFitOptions): SparseGPPotential {
  const list = assertStructureList(train as Structure[], 'train');
  const targets = extractTargets(list, { targets: o.targets, name: 'train' });
  const species = presentSpecies(list);
  const S = species.length;
  const spectrum = new PowerSpectrum(o.features, { normalize: true });
  const ctx: FeatureContext = { expansion: spectrum.expansion, map: spectrum.mapFor(S), backend: o.backend };
  const F = ctx.map.outputSize;
  const progress = (stage: 'features' | 'sparse' | 'assembly' | 'solve', done: number, total: number) => o.onProgress?.({ stage, done, total });

  // features of every atom, kept with their coefficients for the gradient pass
  const expanded = list.map((s, k) => {
    const e = atomFeatures(ctx, s, species);
    progress('features', k + 1, list.length);
    return { coefficients: e.coefficients, values: e.values, typeOf: typeIndex(s, species) };
  });

  const referenceEnergies = referenceEnergiesFor(o, species, expanded.map((e) => composition(e.typeOf, S)), targets.map((t) => t.energy));

  // sparse points per centre species
  const offsets = new Int32Array(S + 1);
  const chosenRows: Float64Array[] = [];
  for (let t = 0; t < S; t++) {
    const pool: number[] = [];
    expanded.forEach((e, s) => e.typeOf.forEach((type, i) => type === t && pool.push(s, i)));
    const rows = pool.length / 2;
    const matrix = new Float64Array(rows * F);
    for (let r = 0; r < rows; r++) matrix.set(expanded[pool[2 * r]].values.subarray(pool[2 * r + 1] * F, (pool[2 * r + 1] + 1) * F), r * F);
    const count = o.count(species[t]);
    const picked = o.method === 'cur' ? curSelection(matrix, rows, count, { seed: o.seed }) : farthestPointSampling(matrix, rows, count);
    const points = new Float64Array(picked.length * F);
    picked.forEach((r, k) => points.set(matrix.subarray(r * F, (r + 1) * F), k * F));
    chosenRows.push(points);
    offsets[t + 1] = offsets[t] + picked.length;
    progress('sparse', t + 1, S);
  }
  const M = offsets[S];
  const points = new Float64Array(M * F);
  chosenRows.forEach((p, t) => points.set(p, offsets[t] * F));
  const sparse: SparseSet = { species, width: F, offsets, points };

  // normal equations per fold (one fold without cross-validation)
  const auto = o.regularization === 'auto';
  if (auto && list.length < 2) throw new RangeError("options.regularization 'auto' cross-validates over structures and needs at least 2; give a number");
  const nFolds = auto ? Math.min(o.folds, list.length) : 1;
  const fold = foldOf(list.length, nFolds, o.foldSeed);
  const kernels = denseKernels(o.backend);
  const equations = Array.from({ length: nFolds }, () => new GpNormalEquations(M, kernels));
  list.forEach((s, k) => {
    const t = targets[k];
    const wantForces = t.forces !== undefined && o.weights.forces > 0;
    const wantStress = t.stress !== undefined && o.weights.stress > 0;
    const rows = kernelRows(ctx, sparse, o.zeta, s, expanded[k].coefficients, expanded[k].values, { forces: wantForces, strain: wantStress });
    const eq = equations[fold[k]];
    if (t.energy !== undefined && o.weights.energy > 0) {
      let e0 = 0;
      for (const type of expanded[k].typeOf) e0 += referenceEnergies[type];
      const row = rows.energy.map((v) => v / s.length);
      eq.addRows(row, 0, 1, [(t.energy - e0) / s.length], 0, o.weights.energy);
    }
    if (wantForces) eq.addRows(rows.forces!, 0, 3 * s.length, t.forces!, 0, o.weights.forces);
    if (wantStress) {
      // virial per atom, stress × V / N (as LinearPotential): rows (1/N) ∂K/∂ε in Voigt order
      const virialRows = new Float64Array(6 * M);
      for (let m = 0; m < M; m++) strainToVoigt(rows.strain!, m, M, 1 / s.length, virialRows, m, M);
      const scale = s.volume() / s.length;
      eq.addRows(virialRows, 0, 6, t.stress!.map((v) => v * scale), 0, o.weights.stress);
    }
    progress('assembly', k + 1, list.length);
  });
  if (equations.every((eq) => eq.rows === 0)) throw new RangeError('train: no target with a positive weight to fit (check options.targets and options.weights)');

  const { L, jitter } = factorSparseKernel(sparseKernel(sparse, o.zeta), M, o.jitter, kernels);
  const whitened = equations.map((eq) => whitenEquations(L, eq));
  const A = new Float64Array(M * M);
  const b = new Float64Array(M);
  for (const w of whitened) {
    for (let k = 0; k < A.length; k++) A[k] += w.A[k];
    for (let k = 0; k < M; k++) b[k] += w.b[k];
  }
  let lambda: number;
  if (o.regularization === 'auto') {
    let scale = 0;
    for (let a = 0; a < M; a++) scale += A[a * M + a] / M;
    const lambdas = Array.from({ length: LAMBDA_DECADES }, (_, k) => scale * 10 ** -k);
    lambda = crossValidate(whitened, M, lambdas, kernels).lambda;
  } else {
    lambda = o.regularization;
  }
  progress('solve', 1, 1);
  const alpha = unwhiten(L, M, ridgeSolve(A, b, M, lambda, kernels));
  return SparseGPPotential.fromParts({ features: JSON.parse(JSON.stringify(o.features)), zeta: o.zeta, species, referenceEnergies, sparse, method: o.method, alpha, regularization: lambda, jitter });
}

function referenceEnergiesFor(o: CheckedFitOptions, species: Int32Array, counts: Float64Array[], energies: (number | undefined)[]): Float64Array {
  const given = o.referenceEnergies;
  if (given !== 'fit') {
    return Float64Array.from(species, (z) => {
      const e = given.get(z);
      if (e === undefined) throw new RangeError(`options.referenceEnergies has no energy for ${chemicalSymbol(z)}, an element of the training set`);
      return e;
    });
  }
  const withEnergy = energies.map((e, k) => (e === undefined ? -1 : k)).filter((k) => k >= 0);
  if (withEnergy.length === 0) return new Float64Array(species.length);
  return fitReferenceEnergies(withEnergy.map((k) => counts[k]), withEnergy.map((k) => energies[k]!), species.length);
}

/** Structures dealt to folds in a seeded shuffled order, so folds do not follow the file's order. */
function foldOf(n: number, folds: number, seed: number): Int32Array {
  const order = Array.from({ length: n }, (_, k) => k);
  const rng = mulberry32(seed);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    [order[k], order[j]] = [order[j], order[k]];
  }
  const out = new Int32Array(n);
  order.forEach((s, k) => (out[s] = k % folds));
  return out;
}
