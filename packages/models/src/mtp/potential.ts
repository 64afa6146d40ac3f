// A moment tensor potential: E = Σ_i [c_{t_i} + Σ_s θ_s B_s(i)], evaluated exactly from the
// `.mtp` index tables, with forces and stress by one reverse pass per atom (a vector–Jacobian
// product through the products and the basic moments; no feature-gradient tensor is formed).
import { Structure } from '@equikit/core';
import type { Prediction, Predictor } from '../evaluate.js';
import { structureEnvironments, type StructureEnvironments } from './environments.js';
import { MomentProgram } from './moment-program.js';
import { fitMtpFile, type MtpFitOptions } from './fit.js';
import { formatMtp, parseMtp, type MtpFile } from './mtp-file.js';
import { SiteKernel, type RadialParameters } from './site-kernel.js';
import { accumulateForces, environmentView, resolveSpecies, selectCentre, virialToStress } from './structure-loop.js';

export interface MtpReadOptions {
  /**
   * Elements in MLIP's type order (type 0 first): atomic numbers or symbols. A `.mtp` file does
   * not name its elements, so this is required; its length must equal species_count.
   */
  species: readonly (number | string)[];
}

/** What toJSON returns: the species and the `.mtp` text (17 significant digits, so exact). */
export interface MtpJSON {
  format: 'equikit.mtp';
  version: 1;
  species: number[];
  mtp: string;
}

export class MomentTensorPotential implements Predictor {
  /** Atomic numbers in MLIP's type order. */
  readonly species: readonly number[];
  readonly file: Readonly<MtpFile>;
  readonly program: MomentProgram;
  readonly radial: RadialParameters;
  readonly speciesCoeffs: Float64Array;
  readonly momentCoeffs: Float64Array;
  private kernel: SiteKernel | undefined;

  /** From a trained `.mtp` file (every field, coefficients included) and its species. */
  constructor(file: MtpFile, species: readonly (number | string)[]) {
    this.species = resolveSpecies(species, file.speciesCount);
    if (file.radialBasisType !== 'RBChebyshev') throw new RangeError(`radial_basis_type must be RBChebyshev (the only basis implemented), got '${file.radialBasisType}'`);
    if (file.minDist === null || file.maxDist === null || file.radialBasisSize === null) {
      throw new RangeError('the .mtp file is a template with placeholders (min_dist, max_dist or radial_basis_size); fill them in or fit it first');
    }
    if (!(file.maxDist > file.minDist)) throw new RangeError(`max_dist (${file.maxDist}) must exceed min_dist (${file.minDist})`);
    if (!file.radialCoeffs || !file.speciesCoeffs || !file.momentCoeffs) {
      throw new RangeError('the .mtp file is untrained (no radial_coeffs, species_coeffs or moment_coeffs); fit it with MomentTensorPotential.fit');
    }
    this.file = file;
    this.program = new MomentProgram(file);
    this.radial = {
      minDist: file.minDist,
      maxDist: file.maxDist,
      basisSize: file.radialBasisSize,
      scaling: (file.scaling ?? 1) * (file.radialScaling ?? 1),
      speciesCount: file.speciesCount,
      coeffs: file.radialCoeffs,
    };
    this.speciesCoeffs = file.speciesCoeffs;
    this.momentCoeffs = file.momentCoeffs;
    for (const [name, values] of [['radial_coeffs', file.radialCoeffs], ['species_coeffs', file.speciesCoeffs], ['moment_coeffs', file.momentCoeffs]] as const) {
      values.forEach((v, k) => {
        if (!Number.isFinite(v)) throw new RangeError(`${name}[${k}] must be finite, got ${v}`);
      });
    }
  }

  /**
   * Fits an MTP on `train` (see MtpFitOptions): the linear least-squares problem in species and
   * moment coefficients for fixed radial functions, then optionally L-BFGS over all coefficients.
   */
  static async fit(train: readonly Structure[], options: MtpFitOptions = {}): Promise<MomentTensorPotential> {
    return MomentTensorPotential.fitSync(train, options);
  }

  /** fit, synchronously (for workers and scripts that do not await). */
  static fitSync(train: readonly Structure[], options: MtpFitOptions = {}): MomentTensorPotential {
    const { file, species } = fitMtpFile(train, options);
    return new MomentTensorPotential(file, species);
  }

  /** Reads a trained MLIP `.mtp` file. */
  static fromMtp(text: string, options: MtpReadOptions): MomentTensorPotential {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object with species (the elements in MLIP type order)');
    return new MomentTensorPotential(parseMtp(text), options.species);
  }

  /** The `.mtp` text MLIP (and LAMMPS through MLIP) reads; an unchanged read file comes back byte for byte. */
  toMtp(): string {
    return formatMtp(this.file as MtpFile);
  }

  toJSON(): MtpJSON {
    return { format: 'equikit.mtp', version: 1, species: [...this.species], mtp: this.toMtp() };
  }

  static fromJSON(json: unknown): MomentTensorPotential {
    const j = (typeof json === 'string' ? JSON.parse(json) : json) as MtpJSON;
    if (j === null || typeof j !== 'object' || j.format !== 'equikit.mtp' || j.version !== 1) {
      throw new TypeError("json must be what MomentTensorPotential.toJSON returned ({ format: 'equikit.mtp', version: 1, … })");
    }
    if (typeof j.mtp !== 'string' || !Array.isArray(j.species)) throw new TypeError('json.mtp must be a string and json.species an array');
    return MomentTensorPotential.fromMtp(j.mtp, { species: j.species });
  }

  /** Cutoff radius, Å (max_dist). */
  get cutoff(): number {
    return this.radial.maxDist;
  }

  /** Number of basis functions (alpha_scalar_moments). */
  get basisCount(): number {
    return this.program.basisCount;
  }

  /** Trainable parameters: radial, species and moment coefficients. */
  get parameterCount(): number {
    return this.radial.coeffs.length + this.speciesCoeffs.length + this.momentCoeffs.length;
  }

  private site(): SiteKernel {
    return (this.kernel ??= new SiteKernel(this.program, this.radial));
  }

  /** Energy (eV), forces (eV/Å) and, for a cell periodic in three directions, stress (eV/Å³, ASE sign, Voigt). */
  predict(structure: Structure): Prediction {
    checkStructure(structure);
    const envs = structureEnvironments(structure, this.species, this.cutoff, 'structure');
    return this.predictEnvironments(structure, envs);
  }

  /** Site energies (eV) of every atom. */
  siteEnergies(structure: Structure): Float64Array {
    checkStructure(structure);
    const envs = structureEnvironments(structure, this.species, this.cutoff, 'structure');
    const kernel = this.site();
    const out = new Float64Array(envs.atoms);
    const env = environmentView(envs);
    for (let i = 0; i < envs.atoms; i++) {
      selectCentre(env, envs, i);
      kernel.load(env);
      out[i] = this.speciesCoeffs[envs.types[i]] + kernel.energy(this.momentCoeffs);
    }
    return out;
  }

  /** @internal predict on precomputed environments. */
  predictEnvironments(structure: Structure, envs: StructureEnvironments): Prediction {
    const kernel = this.site();
    const n = envs.atoms;
    const forces = new Float64Array(3 * n);
    const grad = new Float64Array(envs.distances.length * 3);
    const virial = new Float64Array(9);
    const env = environmentView(envs);
    let energy = 0;
    for (let i = 0; i < n; i++) {
      selectCentre(env, envs, i);
      kernel.load(env);
      energy += this.speciesCoeffs[envs.types[i]] + kernel.energy(this.momentCoeffs);
      if (env.count === 0) continue;
      kernel.backpropagate(this.momentCoeffs);
      kernel.neighbourGradients(grad);
      accumulateForces(envs, i, grad, forces, virial);
    }
    const prediction: Prediction = { energy, forces };
    if (structure.pbc[0] && structure.pbc[1] && structure.pbc[2]) prediction.stress = virialToStress(virial, structure.volume());
    return prediction;
  }
}

function checkStructure(structure: unknown): asserts structure is Structure {
  if (!(structure instanceof Structure)) throw new TypeError(`structure must be a Structure (from @equikit/core), got ${structure === null ? 'null' : typeof structure}`);
}
