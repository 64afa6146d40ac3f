// PowerSpectrumGPU: the SOAP power spectrum on WebGPU (f32), reading the coefficients that
// SphericalExpansionGPU left on the GPU; computeAsync reads the features back.
import { SphericalExpansionGPU, type SphericalExpansion, type GpuSystem, type GpuSystemOptions, type SphericalExpansionHypers, type StructureInput } from '@equikit/density';
import { assertBoolean } from '@equikit/core';
import type { GpuContext, GpuContextOptions, GpuProgram, WebGpuBuffer, WebGpuCommandEncoder } from '@equikit/neighbors';
import { PowerSpectrum } from '../power-spectrum.js';
import { normalizeProgram, powerSpectrumProgram, pullbackProgram } from './power-spectrum-wgsl.js';

const WHO = 'PowerSpectrumGPU';

export interface PowerSpectrumGPUOptions extends GpuContextOptions {
  /** Divide each centre's features by their L2 norm (as PowerSpectrum's `normalize`). Default false. */
  normalize?: boolean;
  /** Share this context's device with other GPU calculators. */
  context?: GpuContext;
}

export class PowerSpectrumGPU {
  readonly expansion: SphericalExpansionGPU;
  readonly normalize: boolean;
  private readonly programs: { forward: GpuProgram; normalize: GpuProgram; pullback: GpuProgram };

  private constructor(expansion: SphericalExpansionGPU, normalize: boolean) {
    this.expansion = expansion;
    this.normalize = normalize;
    const shape = { maxRadial: expansion.hypers.maxRadial, maxAngular: expansion.hypers.maxAngular };
    this.programs = { forward: powerSpectrumProgram(shape), normalize: normalizeProgram(shape), pullback: pullbackProgram(shape) };
  }

  /** Hypers, a SphericalExpansion or a (CPU) PowerSpectrum, whose `normalize` is then the default. */
  static async create(hypers: SphericalExpansionHypers | SphericalExpansion | PowerSpectrum, options: PowerSpectrumGPUOptions = {}): Promise<PowerSpectrumGPU> {
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const normalize = options.normalize ?? (hypers instanceof PowerSpectrum ? hypers.normalize : false);
    assertBoolean(normalize, 'options.normalize');
    const source = hypers instanceof PowerSpectrum ? hypers.expansion : hypers;
    const expansion = await SphericalExpansionGPU.create(source, options);
    try {
      const resolved = expansion.hypers;
      if (resolved.radialPerAngular.some((count) => count !== resolved.maxRadial)) {
        throw new RangeError(`PowerSpectrumGPU needs the same number of radial functions for every l; this basis has [${resolved.radialPerAngular.join(', ')}]`);
      }
      const gpu = new PowerSpectrumGPU(expansion, normalize);
      await expansion.context.pipeline(gpu.programs.forward);
      return gpu;
    } catch (error) {
      expansion.destroy();
      throw error;
    }
  }

  get context(): GpuContext {
    return this.expansion.context;
  }

  /** Features per atom for `nSpecies` species: nSpecies(nSpecies+1)/2 · maxRadial² · (maxAngular+1). */
  sizeFor(nSpecies: number): number {
    const { maxRadial: N, maxAngular } = this.expansion.hypers;
    return ((nSpecies * (nSpecies + 1)) / 2) * N * N * (maxAngular + 1);
  }

  /** Records the features of every atom from a coefficient buffer; returns [atom][feature] (the caller destroys it). */
  async encodeForward(encoder: WebGpuCommandEncoder, system: GpuSystem, coefficients: WebGpuBuffer): Promise<WebGpuBuffer> {
    const F = this.sizeFor(system.species.length);
    const out = this.context.buffer('power spectrum', 4 * system.atoms * F);
    const params = this.context.params('power spectrum params', [system.atoms, system.species.length]);
    const pipeline = await this.context.pipeline(this.programs.forward);
    this.context.dispatch(encoder, this.programs.forward, pipeline, [params, coefficients, out], system.atoms * F);
    if (this.normalize) {
      const normalize = await this.context.pipeline(this.programs.normalize);
      this.context.dispatch(encoder, this.programs.normalize, normalize, [params, out], system.atoms);
    }
    return out;
  }

  /**
   * Records gc = Jᵀ·g (laid out as the coefficients) for g_i = weights[type of atom i]: the
   * gradient of Σ_i weights[type_i]·p_i with respect to the coefficients. `weights` holds
   * nSpecies × sizeFor(nSpecies) f32. Not with `normalize`.
   */
  async encodePullback(encoder: WebGpuCommandEncoder, system: GpuSystem, coefficients: WebGpuBuffer, weights: WebGpuBuffer): Promise<WebGpuBuffer> {
    if (this.normalize) throw new RangeError('PowerSpectrumGPU: the pullback (forces) is implemented for normalize: false only');
    const size = system.atoms * this.expansion.sizeFor(system.species.length);
    const out = this.context.buffer('power spectrum cotangent', 4 * size);
    const params = this.context.params('power spectrum params', [system.atoms, system.species.length]);
    const pipeline = await this.context.pipeline(this.programs.pullback);
    this.context.dispatch(encoder, this.programs.pullback, pipeline, [params, coefficients, system.types, weights, out], size);
    return out;
  }

  /** The features of one structure, read back: values [atom][feature] (f32), as PowerSpectrum.computeDense lays them out. */
  async computeAsync(structure: StructureInput, options: GpuSystemOptions = {}): Promise<{ values: Float32Array; species: Int32Array; size: number }> {
    const system = await this.expansion.prepareAsync(structure, options);
    const buffers: WebGpuBuffer[] = [];
    try {
      const encoder = this.context.device.createCommandEncoder();
      const coefficients = await this.expansion.encodeForward(encoder, system);
      buffers.push(coefficients);
      const features = await this.encodeForward(encoder, system, coefficients);
      buffers.push(features);
      await this.context.submit(WHO, encoder);
      const size = this.sizeFor(system.species.length);
      const [data] = await this.context.read(WHO, [{ buffer: features, bytes: 4 * system.atoms * size }]);
      return { values: new Float32Array(data), species: system.species, size };
    } finally {
      for (const b of buffers) b.destroy();
      system.destroy();
    }
  }

  destroy(): void {
    this.expansion.destroy();
  }
}
