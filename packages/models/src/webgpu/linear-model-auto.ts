// Choosing between the GPU and the CPU for a linear model's energy and forces: WebGPU only
// when asked for ('webgpu'), or automatically above a size threshold where an adapter exists;
// otherwise, and after a device loss (with a warning), the CPU path (LinearPotential.predict).
import { chemicalSymbol, resolveBackend, type BackendName, type Structure } from '@equikit/core';
import { toStructure, type StructureInput } from '@equikit/density';
import { GpuDeviceLostError, webGpuAdapter, type GpuContext } from '@equikit/neighbors';
import type { Prediction } from '../evaluate.js';
import type { LinearPotential } from '../linear/linear-potential.js';
import { LinearModelGPU } from './linear-model-gpu.js';

/**
 * Atoms from which 'auto' runs on WebGPU (where a hardware adapter exists). From the H100
 * figures in BENCHMARKS.md ("WebGPU"): the whole GPU path costs about 30 ms fixed (submissions,
 * two read-backs) plus 0.9 µs per atom, the CPU path 250 µs per atom, so the GPU wins from
 * about 130 atoms there; 1000 leaves room for GPUs 10× slower per atom than an H100 and for
 * the first call's pipeline builds (0.1–0.3 s).
 */
export const WEBGPU_AUTO_MIN_ATOMS = 1000;

/** The GPU model of a LinearPotential (its power spectrum, weights and e0 as plain arrays). */
export function linearModelDescription(potential: LinearPotential) {
  const features = potential.features;
  if (features.type !== 'power-spectrum' || features.normalize === true) {
    throw new RangeError(`LinearModelGPU runs models on the power spectrum without normalisation; this one has features ${JSON.stringify({ type: features.type, normalize: (features as { normalize?: boolean }).normalize })}`);
  }
  const e0 = potential.referenceEnergies;
  const species = potential.species;
  return { expansion: features.expansion, species, weights: potential.weights, referenceEnergies: Array.from(species, (z) => e0[chemicalSymbol(z)]) };
}

/** A LinearModelGPU for a LinearPotential. */
export function linearModelGPU(potential: LinearPotential, options: { device?: unknown; context?: GpuContext } = {}): Promise<LinearModelGPU> {
  return LinearModelGPU.create(linearModelDescription(potential), options);
}

export interface PredictAsyncOptions {
  /** 'auto' (default): WebGPU from `minAtoms` atoms when an adapter exists, else the CPU; 'webgpu': always (errors if none); a CPU backend: never. */
  backend?: BackendName | 'auto';
  /** The atom count from which 'auto' picks WebGPU. Default WEBGPU_AUTO_MIN_ATOMS. */
  minAtoms?: number;
  /** Run on this GPUDevice (then 'auto' does not look at adapters). */
  device?: unknown;
  /** Let 'auto' use a software adapter (SwiftShader, llvmpipe: slower than the CPU path). Default false. */
  allowFallbackAdapter?: boolean;
}

export interface AsyncPrediction extends Prediction {
  /** Where it ran. */
  backend: BackendName;
}

/** Whether an adapter exists that 'auto' may use: not a software fallback unless allowed. */
async function hardwareAdapter(allowFallback: boolean): Promise<boolean> {
  const adapter = (await webGpuAdapter()) as { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } } | null;
  if (!adapter) return false;
  return allowFallback || !(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false);
}

const CPU_BACKENDS: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];
const gpuModels = new WeakMap<LinearPotential, Promise<LinearModelGPU>>();
let warnedLoss = false;

/**
 * Energy and forces of `structure` (stress too on the CPU path, for a periodic cell): on WebGPU
 * per `options.backend` (see PredictAsyncOptions), else `potential.predict`. A GPU device lost
 * during 'auto' falls back to the CPU with one console warning; asked for explicitly
 * ('webgpu'), the loss is an error.
 */
export async function predictAsync(potential: LinearPotential, structure: StructureInput, options: PredictAsyncOptions = {}): Promise<AsyncPrediction> {
  if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  const { backend = 'auto', minAtoms = WEBGPU_AUTO_MIN_ATOMS } = options;
  if (!(Number.isInteger(minAtoms) && minAtoms >= 0)) throw new RangeError(`options.minAtoms must be a non-negative integer, got ${String(minAtoms)}`);
  const s: Structure = toStructure(structure, 'structure');
  const cpu = (): AsyncPrediction => {
    const cpuBackend = resolveBackend('predictAsync', CPU_BACKENDS, backend === 'auto' || backend === 'webgpu' ? undefined : backend);
    return { ...potential.predict(s, { backend: cpuBackend }), backend: cpuBackend };
  };
  if (backend !== 'auto' && backend !== 'webgpu') return cpu();
  if (backend === 'auto' && (s.length < minAtoms || !(options.device !== undefined || (await hardwareAdapter(options.allowFallbackAdapter === true))))) return cpu();
  try {
    let model = gpuModels.get(potential);
    if (!model) {
      model = linearModelGPU(potential, { device: options.device });
      gpuModels.set(potential, model);
      model.catch(() => gpuModels.delete(potential));
    }
    const gpu = await model;
    const result = await gpu.computeAsync(s);
    return { energy: result.energy, forces: result.forces, backend: 'webgpu' };
  } catch (error) {
    if (!(error instanceof GpuDeviceLostError) || backend === 'webgpu') throw error;
    gpuModels.delete(potential);
    if (!warnedLoss) {
      warnedLoss = true;
      console.warn(`equikit: ${error.message}; running on the CPU instead`);
    }
    return cpu();
  }
}
