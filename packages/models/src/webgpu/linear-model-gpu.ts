// LinearModelGPU: energy and forces of a linear model on the SOAP power spectrum,
// E = Σ_i w_{Z_i}·p_i + e0_{Z_i}, the whole path on WebGPU (f32): expansion → pullback of the
// weights through the power spectrum (gc = Jᵀ·w_{Z_i}) → per-atom energies, and the expansion's
// backward pass for the forces. Nothing returns to JavaScript between kernels; one read-back.
import { assertAllFinite, type Structure } from '@equikit/core';
import { PowerSpectrumGPU } from '@equikit/correlations';
import { checkSpecies, toStructure, type SphericalExpansion, type SphericalExpansionHypers, type StructureInput } from '@equikit/density';
import type { GpuContext, GpuContextOptions, WebGpuBuffer } from '@equikit/neighbors';
import { atomEnergyProgram } from './energy-wgsl.js';

const WHO = 'LinearModelGPU';

/** A linear model as plain arrays (LinearPotential's content; see fromLinearPotential). */
export interface LinearModelDescription {
  /** The spherical-expansion hypers of the power spectrum (normalize: false). */
  expansion: SphericalExpansionHypers | SphericalExpansion;
  /** The model's species, sorted atomic numbers: the species axis of its power spectrum. */
  species: ArrayLike<number>;
  /** w, [species][feature] with nSpecies(nSpecies+1)/2 · maxRadial² · (maxAngular+1) features. */
  weights: ArrayLike<number>;
  /** e0 per species (eV). Default zeros. */
  referenceEnergies?: ArrayLike<number>;
}

export interface LinearModelGPUOptions extends GpuContextOptions {
  context?: GpuContext;
}

export interface GpuPrediction {
  /** Σ_i E_i, summed in f64 from the f32 per-atom energies. */
  energy: number;
  /** E_i per atom (f32 values). */
  energies: Float64Array;
  /** −∂E/∂r, 3 per atom (f32 values). */
  forces: Float64Array;
}

export class LinearModelGPU {
  readonly powerSpectrum: PowerSpectrumGPU;
  readonly species: Int32Array;
  /** Features per atom. */
  readonly size: number;
  private readonly weights: WebGpuBuffer;
  private readonly e0: WebGpuBuffer;
  private readonly energyProgram;

  private constructor(ps: PowerSpectrumGPU, species: Int32Array, weights: Float32Array, e0: Float32Array) {
    this.powerSpectrum = ps;
    this.species = species;
    this.size = ps.sizeFor(species.length);
    this.weights = ps.context.upload('linear model weights', weights);
    this.e0 = ps.context.upload('linear model e0', e0);
    this.energyProgram = atomEnergyProgram(ps.expansion.hypers);
  }

  static async create(model: LinearModelDescription, options: LinearModelGPUOptions = {}): Promise<LinearModelGPU> {
    if (model === null || typeof model !== 'object') throw new TypeError(`model must be an object { expansion, species, weights, referenceEnergies? }, got ${model === null ? 'null' : typeof model}`);
    const species = checkSpecies(model.species);
    for (let k = 0; k < species.length; k++) {
      if (species[k] !== Number(model.species[k])) throw new RangeError('model.species must be sorted increasing atomic numbers (the species axis of the weights)');
    }
    const weights = toF32(model.weights, 'model.weights');
    const e0 = model.referenceEnergies === undefined ? new Float32Array(species.length) : toF32(model.referenceEnergies, 'model.referenceEnergies');
    if (e0.length !== species.length) throw new RangeError(`model.referenceEnergies must have one entry per species (${species.length}), got ${e0.length}`);
    const ps = await PowerSpectrumGPU.create(model.expansion, { ...options, normalize: false });
    try {
      const F = ps.sizeFor(species.length);
      if (weights.length !== species.length * F) {
        throw new RangeError(`model.weights must have nSpecies × features = ${species.length} × ${F} = ${species.length * F} entries for this basis, got ${weights.length}`);
      }
      const gpu = new LinearModelGPU(ps, species, weights, e0);
      await ps.context.pipeline(gpu.energyProgram);
      return gpu;
    } catch (error) {
      ps.destroy();
      throw error;
    }
  }

  get context(): GpuContext {
    return this.powerSpectrum.context;
  }

  /** Energy, per-atom energies and forces of one structure (one submission, one read-back). */
  async computeAsync(structure: StructureInput, options: { neighbors?: 'gpu' | 'cpu' } = {}): Promise<GpuPrediction> {
    const s: Structure = toStructure(structure, 'structure');
    for (let i = 0; i < s.length; i++) {
      if (!this.species.includes(s.numbers[i])) {
        throw new RangeError(`structure has atomic number ${s.numbers[i]} (atom ${i}), which is not among the model's species [${Array.from(this.species).join(', ')}]`);
      }
    }
    const ps = this.powerSpectrum;
    const expansion = ps.expansion;
    const system = await expansion.prepareAsync(s, { species: this.species, neighbors: options.neighbors });
    const buffers: WebGpuBuffer[] = [];
    try {
      const encoder = this.context.device.createCommandEncoder();
      const coefficients = await expansion.encodeForward(encoder, system);
      buffers.push(coefficients);
      const gc = await ps.encodePullback(encoder, system, coefficients, this.weights);
      buffers.push(gc);
      const energies = this.context.buffer('energies', 4 * system.atoms);
      buffers.push(energies);
      const params = this.context.params('energy params', [system.atoms, system.species.length]);
      buffers.push(params);
      const pipeline = await this.context.pipeline(this.energyProgram);
      this.context.dispatch(encoder, this.energyProgram, pipeline, [params, coefficients, gc, system.types, this.e0, energies], system.atoms);
      const forces = await expansion.encodeBackward(encoder, system, gc);
      buffers.push(forces);
      await this.context.submit(WHO, encoder);
      const [e, f] = await this.context.read(WHO, [
        { buffer: energies, bytes: 4 * system.atoms },
        { buffer: forces, bytes: 12 * system.atoms },
      ]);
      const perAtom = Float64Array.from(new Float32Array(e));
      let energy = 0;
      for (const x of perAtom) energy += x;
      return { energy, energies: perAtom, forces: Float64Array.from(new Float32Array(f)) };
    } finally {
      for (const b of buffers) b.destroy();
      system.destroy();
    }
  }

  destroy(): void {
    this.weights.destroy();
    this.e0.destroy();
    this.powerSpectrum.destroy();
  }
}

function toF32(values: ArrayLike<number>, name: string): Float32Array {
  if (values instanceof Float32Array || values instanceof Float64Array) {
    assertAllFinite(values, name);
    return Float32Array.from(values);
  }
  if (!Array.isArray(values)) throw new TypeError(`${name} must be a Float64Array, Float32Array or array of numbers, got ${values === null ? 'null' : typeof values}`);
  const out = new Float32Array(values.length);
  values.forEach((v, k) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${name}[${k}] must be a finite number, got ${String(v)}`);
    out[k] = v;
  });
  return out;
}
