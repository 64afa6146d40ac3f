// An equivariant tensor network potential (ETN; Hodapp & Shapeev 2024): E = Σ_i [c_{t_i} + h_K(i)],
// where h_K is the contraction of a chain of SO(3)-equivariant cores with the atom's moments
// (see architecture.ts). Forces and stress by one reverse pass per atom; fitted by alternating
// least squares (als.ts).
import { mulberry32, Structure, type BackendName } from '@equikit/core';
import type { Prediction, Predictor } from '../evaluate.js';
import { structureEnvironments, type StructureEnvironments } from '../mtp/environments.js';
import { prepareTraining, resolveWeights, shortestDistance, type MtpFitStage, type MtpWeights } from '../mtp/fit.js';
import { accumulateForces, resolveSpecies, virialToStress } from '../mtp/structure-loop.js';
import { assertStructureList, type TargetNames } from '../training-data.js';
import { alternatingLeastSquares } from './als.js';
import { EtnArchitecture, type EtnParameters, type EtnShape } from './architecture.js';
import { EtnEvaluator, type EtnRadial } from './evaluator.js';

export interface EtnHypers {
  /** Chebyshev radial functions per neighbour species; default 8. */
  radialBasisSize?: number;
  /** Largest degree of the harmonics and of the bonds; default 2. */
  lMax?: number;
  /** Number of cores K (largest power of the moments); default 4. */
  cores?: number;
  /** Bond multiplicity per degree (one number for all degrees, or one per l = 0 … lMax); default 3. */
  rank?: number | readonly number[];
  /** Embedded channels per degree in each core; default 2. */
  channels?: number;
}

export interface EtnFitOptions extends EtnHypers {
  /** Elements in type order; default the training set's elements by atomic number. */
  species?: readonly (number | string)[];
  /** Radial basis start, Å; default the shortest interatomic distance in the training set. */
  minDist?: number;
  /** Cutoff, Å; default 5. */
  maxDist?: number;
  targets?: TargetNames;
  /** Loss weights (as the MTP fit, MLIP's defaults 1, 0.01, 0.001). */
  weights?: MtpWeights;
  /** Relative ridge on the block weights in every least-squares solve; default 1e-8. */
  ridge?: number;
  /** ALS sweeps (each solves every block once, alternating direction); default 4. */
  sweeps?: number;
  /** Seed of the random starting blocks; default 1. */
  seed?: number;
  /** Structures the ALS sees: at most this many, evenly spaced through the list. Default all. */
  structures?: number;
  /** Backend of the least-squares solver ('js' | 'wasm' | 'wasm-simd'); default the best available. */
  backend?: BackendName;
  onProgress?: (stage: MtpFitStage | 'sweep', done: number, total: number, loss?: number) => void;
}

export interface EtnJSON {
  format: 'equikit.etn';
  version: 1;
  species: number[];
  minDist: number;
  maxDist: number;
  scaling: number;
  shape: EtnShape;
  speciesCoeffs: number[];
  embeddings: number[][];
  cores: number[][];
}

export class EquivariantTensorNetworkPotential implements Predictor {
  readonly species: readonly number[];
  readonly architecture: EtnArchitecture;
  readonly params: EtnParameters;
  readonly radial: EtnRadial;
  private evaluator: EtnEvaluator | undefined;

  constructor(species: readonly (number | string)[], shape: EtnShape, radial: EtnRadial, params: EtnParameters) {
    this.species = resolveSpecies(species, shape.speciesCount);
    checkShape(shape);
    if (!(Number.isFinite(radial.minDist) && Number.isFinite(radial.maxDist) && radial.maxDist > radial.minDist && radial.minDist >= 0)) {
      throw new RangeError(`radial: maxDist (${radial.maxDist}) must exceed minDist (${radial.minDist}) ≥ 0`);
    }
    if (!(Number.isFinite(radial.scaling) && radial.scaling > 0)) throw new RangeError(`radial.scaling must be a positive number, got ${radial.scaling}`);
    this.architecture = new EtnArchitecture(shape);
    const arch = this.architecture;
    const check = (name: string, values: Float64Array, length: number) => {
      if (!(values instanceof Float64Array) || values.length !== length) throw new RangeError(`${name} must be a Float64Array of ${length} values, got ${values?.length}`);
      values.forEach((v, k) => {
        if (!Number.isFinite(v)) throw new RangeError(`${name}[${k}] must be finite, got ${v}`);
      });
    };
    check('speciesCoeffs', params.speciesCoeffs, shape.speciesCount);
    if (params.embeddings.length !== shape.cores || params.cores.length !== shape.cores) throw new RangeError(`embeddings and cores must list ${shape.cores} arrays`);
    params.embeddings.forEach((w, k) => check(`embeddings[${k}]`, w, arch.embeddingSize));
    params.cores.forEach((w, k) => check(`cores[${k}]`, w, arch.cores[k].parameterCount));
    this.params = params;
    this.radial = { ...radial };
  }

  /** A network with random blocks (seeded): the starting point of a fit, and a test subject. */
  static random(species: readonly (number | string)[], hypers: EtnHypers, radial: EtnRadial, seed = 1): EquivariantTensorNetworkPotential {
    const shape = resolveShape(hypers, species.length);
    const arch = new EtnArchitecture(shape);
    const rng = mulberry32(seed);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const embeddings = arch.cores.map(() => Float64Array.from({ length: arch.embeddingSize }, () => gauss() / Math.sqrt(arch.momentChannels)));
    const cores = arch.cores.map((c) => Float64Array.from({ length: c.parameterCount }, () => gauss() / Math.sqrt(Math.max(1, c.input.dim))));
    return new EquivariantTensorNetworkPotential(species, shape, radial, { speciesCoeffs: new Float64Array(shape.speciesCount), embeddings, cores });
  }

  /** Fits an ETN by alternating least squares over its blocks (see EtnFitOptions). */
  static async fit(train: readonly Structure[], options: EtnFitOptions = {}): Promise<EquivariantTensorNetworkPotential> {
    return EquivariantTensorNetworkPotential.fitSync(train, options);
  }

  static fitSync(train: readonly Structure[], options: EtnFitOptions = {}): EquivariantTensorNetworkPotential {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    const list = assertStructureList(train, 'train');
    const species =
      options.species !== undefined ? resolveSpecies(options.species, options.species.length) : [...new Set(list.flatMap((s) => Array.from(s.numbers)))].sort((a, b) => a - b);
    const weights = resolveWeights(options.weights);
    const ridge = options.ridge ?? 1e-8;
    if (typeof ridge !== 'number' || !(ridge >= 0) || !Number.isFinite(ridge)) throw new RangeError(`options.ridge must be a finite number ≥ 0, got ${String(ridge)}`);
    const sweeps = options.sweeps ?? 4;
    if (!Number.isInteger(sweeps) || sweeps < 1) throw new RangeError(`options.sweeps must be an integer ≥ 1, got ${String(sweeps)}`);
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed)) throw new RangeError(`options.seed must be an integer, got ${String(seed)}`);
    const maxDist = options.maxDist ?? 5;
    if (typeof maxDist !== 'number' || !(maxDist > 0) || !Number.isFinite(maxDist)) throw new RangeError(`options.maxDist must be a positive number, got ${String(maxDist)}`);
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new TypeError('options.onProgress must be a function');
    const items = prepareTraining(list, species, maxDist, options.targets, options.onProgress);
    const minDist = options.minDist ?? Math.min(shortestDistance(items), maxDist / 2);
    if (typeof minDist !== 'number' || !Number.isFinite(minDist) || minDist < 0 || minDist >= maxDist) {
      throw new RangeError(`options.minDist must be a number in [0, maxDist = ${maxDist}), got ${String(minDist)}`);
    }
    const limit = options.structures ?? items.length;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`options.structures must be a positive integer, got ${String(limit)}`);
    const subset = limit >= items.length ? items : Array.from({ length: limit }, (_, k) => items[Math.floor((k * items.length) / limit)]);
    // Radial functions of order 1 on [minDist, maxDist], as in the MTP fit.
    const radial = { minDist, maxDist, scaling: 1 / ((maxDist - minDist) * (maxDist - minDist)) };
    const model = EquivariantTensorNetworkPotential.random(species, options, radial, seed);
    alternatingLeastSquares(subset, model.architecture, model.params, radial, {
      sweeps,
      ridge,
      weights,
      backend: options.backend,
      onBlock: (_, done, total, loss) => options.onProgress?.('sweep', done, total, loss),
    });
    return model;
  }

  /** Cutoff radius, Å. */
  get cutoff(): number {
    return this.radial.maxDist;
  }

  /** Trainable parameters: species constants, embeddings and cores. */
  get parameterCount(): number {
    return this.params.speciesCoeffs.length + this.architecture.networkParameters;
  }

  private site(): EtnEvaluator {
    return (this.evaluator ??= new EtnEvaluator(this.architecture, this.params, this.radial));
  }

  /** Energy (eV), forces (eV/Å) and, for a cell periodic in three directions, stress (eV/Å³, ASE sign, Voigt). */
  predict(structure: Structure): Prediction {
    checkStructure(structure);
    const envs = structureEnvironments(structure, this.species, this.cutoff, 'structure');
    return this.predictEnvironments(structure, envs);
  }

  /** Site energies (eV) of every atom, species constants included. */
  siteEnergies(structure: Structure): Float64Array {
    checkStructure(structure);
    const envs = structureEnvironments(structure, this.species, this.cutoff, 'structure');
    const ev = this.site();
    ev.load(envs);
    return Float64Array.from({ length: envs.atoms }, (_, i) => this.params.speciesCoeffs[envs.types[i]] + ev.siteEnergy(i));
  }

  /** @internal predict on precomputed environments. */
  predictEnvironments(structure: Structure, envs: StructureEnvironments): Prediction {
    const ev = this.site();
    ev.load(envs);
    const n = envs.atoms;
    const forces = new Float64Array(3 * n);
    const grad = new Float64Array(envs.distances.length * 3);
    const virial = new Float64Array(9);
    let energy = 0;
    for (let i = 0; i < n; i++) {
      energy += this.params.speciesCoeffs[envs.types[i]] + ev.siteGradient(i, grad);
      accumulateForces(envs, i, grad, forces, virial);
    }
    const prediction: Prediction = { energy, forces };
    if (structure.pbc[0] && structure.pbc[1] && structure.pbc[2]) prediction.stress = virialToStress(virial, structure.volume());
    return prediction;
  }

  /** Plain JSON (every number a double, so fromJSON(toJSON()) is bit for bit). */
  toJSON(): EtnJSON {
    return {
      format: 'equikit.etn',
      version: 1,
      species: [...this.species],
      minDist: this.radial.minDist,
      maxDist: this.radial.maxDist,
      scaling: this.radial.scaling,
      shape: { ...this.architecture.shape, rank: [...this.architecture.shape.rank] },
      speciesCoeffs: Array.from(this.params.speciesCoeffs),
      embeddings: this.params.embeddings.map((w) => Array.from(w)),
      cores: this.params.cores.map((w) => Array.from(w)),
    };
  }

  static fromJSON(json: unknown): EquivariantTensorNetworkPotential {
    const j = (typeof json === 'string' ? JSON.parse(json) : json) as EtnJSON;
    if (j === null || typeof j !== 'object' || j.format !== 'equikit.etn' || j.version !== 1) {
      throw new TypeError("json must be what EquivariantTensorNetworkPotential.toJSON returned ({ format: 'equikit.etn', version: 1, … })");
    }
    const arrays = (name: string, v: unknown): Float64Array[] => {
      if (!Array.isArray(v)) throw new TypeError(`json.${name} must be an array of arrays of numbers`);
      return v.map((a, k) => {
        if (!Array.isArray(a)) throw new TypeError(`json.${name}[${k}] must be an array of numbers`);
        return Float64Array.from(a as number[]);
      });
    };
    if (!Array.isArray(j.speciesCoeffs)) throw new TypeError('json.speciesCoeffs must be an array of numbers');
    return new EquivariantTensorNetworkPotential(j.species, j.shape, { minDist: j.minDist, maxDist: j.maxDist, scaling: j.scaling }, {
      speciesCoeffs: Float64Array.from(j.speciesCoeffs),
      embeddings: arrays('embeddings', j.embeddings),
      cores: arrays('cores', j.cores),
    });
  }
}

/** The network shape from the hyperparameters (validated, errors name the option). */
export function resolveShape(hypers: EtnHypers, speciesCount: number): EtnShape {
  const lMax = hypers.lMax ?? 2;
  const rankOption = hypers.rank ?? 3;
  const rank = typeof rankOption === 'number' ? Array.from({ length: lMax + 1 }, () => rankOption) : [...rankOption];
  const shape: EtnShape = {
    speciesCount,
    radialBasisSize: hypers.radialBasisSize ?? 8,
    lMax,
    cores: hypers.cores ?? 4,
    rank,
    channels: hypers.channels ?? 2,
  };
  checkShape(shape, 'options');
  return shape;
}

function checkShape(shape: EtnShape, where = 'shape'): void {
  const int = (v: unknown, name: string, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new RangeError(`${where}.${name} must be an integer in [${min}, ${max}], got ${String(v)}`);
  };
  if (shape === null || typeof shape !== 'object') throw new TypeError(`${where} must be an object`);
  int(shape.speciesCount, 'speciesCount', 1, 118);
  int(shape.radialBasisSize, 'radialBasisSize', 1, 64);
  int(shape.lMax, 'lMax', 0, 6);
  int(shape.cores, 'cores', 1, 8);
  int(shape.channels, 'channels', 1, 64);
  if (!Array.isArray(shape.rank) || shape.rank.length !== shape.lMax + 1) throw new RangeError(`${where}.rank must be a number or ${shape.lMax + 1} numbers (one per l = 0 … lMax), got ${JSON.stringify(shape.rank)}`);
  shape.rank.forEach((r, l) => int(r, `rank[${l}]`, l === 0 ? 1 : 0, 64));
}

function checkStructure(structure: unknown): asserts structure is Structure {
  if (!(structure instanceof Structure)) throw new TypeError(`structure must be a Structure (from @equikit/core), got ${structure === null ? 'null' : typeof structure}`);
}
