// SphericalExpansionGPU: the density expansion on WebGPU (f32), with its backward pass for
// forces. The coefficients stay in a GPU buffer for the next kernel (power spectrum, model);
// computeAsync reads them back for callers that want them on the CPU.
import type { Structure } from '@equikit/core';
import { assertOneOf } from '@equikit/core';
import { GpuContext, NeighborListGPU, uploadPairList, type GpuContextOptions, type GpuPairList, type GpuProgram, type WebGpuBuffer, type WebGpuCommandEncoder } from '@equikit/neighbors';
import { willatt2018 } from '../cutoff.js';
import { findPairs, typeIndex } from '../expansion/pair-expansion.js';
import { parseHypers, type ResolvedHypers, type SphericalExpansionHypers } from '../hypers.js';
import { laplacianEigenstateShape } from '../radial/spherical-bessel.js';
import { checkSpecies, presentSpecies, SphericalExpansion } from '../spherical-expansion.js';
import { toStructure, type StructureInput } from '../structure-input.js';
import { expansionProgram, pullbackProgram, type ExpansionShape } from './expansion-wgsl.js';
import { gpuRadial, type GpuRadial } from './radial-wgsl.js';

const WHO = 'SphericalExpansionGPU';

/** A structure on the GPU: its pairs, each atom's species index, and the species axis. */
export interface GpuSystem {
  readonly atoms: number;
  readonly species: Int32Array;
  /** u32 per atom: index of its atomic number in `species`. */
  readonly types: WebGpuBuffer;
  readonly pairs: GpuPairList;
  destroy(): void;
}

export interface GpuSystemOptions {
  /** Atomic numbers of the species axis; default: those present, sorted. */
  species?: ArrayLike<number>;
  /**
   * Where the neighbour list is built: 'cpu' (default: the wasm neighborList, uploaded) or 'gpu'
   * (NeighborListGPU: pairs never leave the GPU). 'gpu' is exact on SwiftShader and on most
   * systems on an H100, but missed pairs on one test system there (README: known issue), so it
   * is not the default yet.
   */
  neighbors?: 'gpu' | 'cpu';
}

export interface SphericalExpansionGPUOptions extends GpuContextOptions {
  /** Run on this context's device (shared with other GPU calculators). */
  context?: GpuContext;
}

export class SphericalExpansionGPU {
  readonly hypers: Readonly<ResolvedHypers>;
  readonly context: GpuContext;
  private readonly radial: GpuRadial;
  private readonly tables: WebGpuBuffer;
  private readonly programs = new Map<string, GpuProgram>();
  private neighbors: Promise<NeighborListGPU> | undefined;

  private constructor(hypers: ResolvedHypers, context: GpuContext) {
    this.hypers = hypers;
    this.context = context;
    const centreWeight = hypers.centerAtomWeight * (hypers.scaling ? willatt2018(hypers.scaling).value(0) : 1);
    this.radial = gpuRadial(hypers, centreWeight);
    this.tables = context.upload('density radial tables', this.radial.tables);
  }

  /** Checks the hypers (as SphericalExpansion does), gets a device, uploads the radial tables. */
  static async create(hypers: SphericalExpansionHypers | SphericalExpansion, options: SphericalExpansionGPUOptions = {}): Promise<SphericalExpansionGPU> {
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const resolved = hypers instanceof SphericalExpansion ? hypers.hypers : parseHypers(hypers, laplacianEigenstateShape);
    gpuRadial(resolved, 1); // refuses unsupported bases before any device is touched
    const context = options.context ? GpuContext.shared(options.context) : await GpuContext.create(WHO, options);
    try {
      const gpu = new SphericalExpansionGPU(resolved as ResolvedHypers, context);
      await context.pipeline(gpu.program('forward'));
      return gpu;
    } catch (error) {
      context.destroy();
      throw error;
    }
  }

  /** The structure's pairs (CPU neighbour list, full and sorted) and species, uploaded. */
  async prepareAsync(structure: StructureInput, options: GpuSystemOptions = {}): Promise<GpuSystem> {
    this.context.check(WHO);
    const s: Structure = toStructure(structure, 'structure');
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const species = options.species === undefined ? presentSpecies([s]) : checkSpecies(options.species);
    const typeOf = typeIndex(s, species);
    const where = options.neighbors ?? 'cpu';
    assertOneOf(where, 'options.neighbors', ['gpu', 'cpu']);
    let pairs: GpuPairList;
    if (where === 'cpu') {
      pairs = uploadPairList(this.context, findPairs(s, this.hypers.cutoff), s.length);
    } else {
      this.neighbors ??= NeighborListGPU.create({ context: this.context });
      pairs = await (await this.neighbors).buildAsync(s, this.hypers.cutoff);
    }
    const types = this.context.upload('atom species', Uint32Array.from(typeOf));
    return {
      atoms: s.length,
      species,
      types,
      pairs,
      destroy() {
        types.destroy();
        pairs.destroy();
      },
    };
  }

  /** Floats per atom of the coefficient buffer: nSpecies · maxRadial · (maxAngular+1)². */
  sizeFor(nSpecies: number): number {
    return nSpecies * this.hypers.maxRadial * (this.hypers.maxAngular + 1) ** 2;
  }

  /** Records the expansion; returns the new coefficient buffer [atom][species][n][lm] (the caller destroys it). */
  async encodeForward(encoder: WebGpuCommandEncoder, system: GpuSystem): Promise<WebGpuBuffer> {
    const program = this.program('forward');
    const pipeline = await this.context.pipeline(program);
    const out = this.context.buffer('density coefficients', 4 * system.atoms * this.sizeFor(system.species.length));
    const params = this.context.params('density params', [system.atoms, system.species.length]);
    const { offsets, neighbours, vectors } = system.pairs;
    this.context.dispatch(encoder, program, pipeline, [params, offsets, neighbours, vectors, system.types, this.tables, out], system.atoms);
    return out;
  }

  /** Records F = −∂(Σ cotangent·c)/∂positions for a cotangent buffer laid out as the coefficients; returns 3 f32 per atom. */
  async encodeBackward(encoder: WebGpuCommandEncoder, system: GpuSystem, cotangent: WebGpuBuffer): Promise<WebGpuBuffer> {
    const program = this.program('backward');
    const pipeline = await this.context.pipeline(program);
    const out = this.context.buffer('forces', 12 * system.atoms);
    const params = this.context.params('density params', [system.atoms, system.species.length]);
    const { offsets, neighbours, vectors } = system.pairs;
    this.context.dispatch(encoder, program, pipeline, [params, offsets, neighbours, vectors, system.types, this.tables, cotangent, out], system.atoms);
    return out;
  }

  /** The coefficients of one structure, read back: values [atom][species][n][lm] (f32), as computeDense lays them out. */
  async computeAsync(structure: StructureInput, options: GpuSystemOptions = {}): Promise<{ values: Float32Array; species: Int32Array }> {
    const system = await this.prepareAsync(structure, options);
    let coefficients: WebGpuBuffer | undefined;
    try {
      const encoder = this.context.device.createCommandEncoder();
      coefficients = await this.encodeForward(encoder, system);
      await this.context.submit(WHO, encoder);
      const [data] = await this.context.read(WHO, [{ buffer: coefficients, bytes: 4 * system.atoms * this.sizeFor(system.species.length) }]);
      return { values: new Float32Array(data), species: system.species };
    } finally {
      coefficients?.destroy();
      system.destroy();
    }
  }

  /**
   * −∂(Σ_i cotangent_i · c_i)/∂r_k for every atom k (3 per atom, f32): the forces of an energy
   * whose gradient with respect to the coefficients is `cotangent` ([atom][species][n][lm]).
   */
  async pullbackAsync(structure: StructureInput, cotangent: Float32Array | Float64Array, options: GpuSystemOptions = {}): Promise<Float32Array> {
    const system = await this.prepareAsync(structure, options);
    const size = system.atoms * this.sizeFor(system.species.length);
    let g: WebGpuBuffer | undefined;
    let forces: WebGpuBuffer | undefined;
    try {
      if (!(cotangent instanceof Float32Array || cotangent instanceof Float64Array) || cotangent.length !== size) {
        throw new RangeError(`cotangent must be a Float32Array or Float64Array of nAtoms × size = ${size} entries, got ${ArrayBuffer.isView(cotangent) ? (cotangent as Float32Array).length : typeof cotangent}`);
      }
      g = this.context.upload('cotangent', cotangent instanceof Float32Array ? cotangent : Float32Array.from(cotangent));
      const encoder = this.context.device.createCommandEncoder();
      forces = await this.encodeBackward(encoder, system, g);
      await this.context.submit(WHO, encoder);
      const [data] = await this.context.read(WHO, [{ buffer: forces, bytes: 12 * system.atoms }]);
      return new Float32Array(data);
    } finally {
      g?.destroy();
      forces?.destroy();
      system.destroy();
    }
  }

  /** Frees the tables (and the device, when create() requested it). */
  destroy(): void {
    this.tables.destroy();
    this.context.destroy();
  }

  /** The program for this basis (cache key fixed here from the hypers; the species count and sizes are run-time parameters). */
  program(kind: 'forward' | 'backward'): GpuProgram {
    let program = this.programs.get(kind);
    if (!program) {
      const shape: ExpansionShape = { maxRadial: this.hypers.maxRadial, maxAngular: this.hypers.maxAngular, radial: this.radial };
      this.programs.set(kind, (program = kind === 'forward' ? expansionProgram(shape) : pullbackProgram(shape)));
    }
    return program;
  }
}
