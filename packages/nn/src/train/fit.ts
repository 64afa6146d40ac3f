// Training loops: energies and forces (forces through the double-backward path), or a
// per-structure tensor property (dipoles, polarisability components …), with Adam.
import { assertFiniteNumber, assertInteger, assertNonNegativeNumber, mulberry32 } from '@equikit/core';
import { add, mul, scale, square, sub } from '../autodiff/elementwise.js';
import { grad } from '../autodiff/grad.js';
import { mean } from '../autodiff/shape-ops.js';
import { Tensor } from '../autodiff/tensor.js';
import { mergeGraphs, type AtomGraph, type AtomsLike } from '../models/graph.js';
import type { EquivariantPotential } from '../models/potential.js';
import { Adam, type AdamOptions } from './adam.js';

export interface FitOptions extends AdamOptions {
  epochs?: number;
  /** Structures per step. Default: all. */
  batchSize?: number;
  /** Loss weights: w_E·mean((ΔE/N)²) + w_F·mean(ΔF²). Defaults 1 and 1 (forces ignored if absent). */
  energyWeight?: number;
  forceWeight?: number;
  seed?: number;
  /** Learning rate of each epoch (0-based), e.g. a cosine decay; default the constant `lr`. */
  schedule?: (epoch: number) => number;
  /** Called after each epoch with the mean loss of its steps. */
  onEpoch?: (epoch: number, loss: number) => void;
}

export interface EnergyForceData {
  structures: readonly AtomsLike[];
  /** One energy per structure, eV. */
  energies: ArrayLike<number>;
  /** Per structure, 3·nAtoms forces (eV/Å); optional. */
  forces?: ReadonlyArray<ArrayLike<number>>;
}

interface Batch {
  graph: AtomGraph;
  energies: Float64Array;
  forces?: Float64Array;
  invAtoms: Float64Array;
}

/** Batches in `order`; each structure's graph (neighbour list) is built once and cached. */
function batches(model: EquivariantPotential, data: EnergyForceData, batchSize: number, order: number[], cache: Map<number, AtomGraph>): Batch[] {
  const graphOf = (k: number) => {
    let g = cache.get(k);
    if (!g) {
      g = model.graph([data.structures[k]]);
      cache.set(k, g);
    }
    return g;
  };
  const out: Batch[] = [];
  for (let s = 0; s < order.length; s += batchSize) {
    const idx = order.slice(s, s + batchSize);
    const graph = mergeGraphs(idx.map(graphOf));
    const energies = Float64Array.from(idx.map((k) => data.energies[k]));
    const invAtoms = Float64Array.from(idx.map((k) => 1 / data.structures[k].numbers.length));
    const forces = data.forces ? Float64Array.from(idx.flatMap((k) => Array.from(data.forces![k]))) : undefined;
    if (forces && forces.length !== 3 * graph.nAtoms) throw new RangeError('fitEnergyForces: data.forces must hold 3 values per atom of each structure');
    out.push({ graph, energies, forces, invAtoms });
  }
  return out;
}

/** The loss of one batch (differentiable in the weights). */
export function energyForceLoss(model: EquivariantPotential, batch: Batch, energyWeight: number, forceWeight: number): Tensor {
  const useForces = batch.forces !== undefined && forceWeight > 0;
  const { energy, forces } = model.energyAndForces(batch.graph, { createGraph: useForces });
  let loss = scale(mean(mul(square(sub(energy, new Tensor(batch.energies, [batch.energies.length]))), new Tensor(batch.invAtoms.map((x) => x * x), [batch.invAtoms.length]))), energyWeight);
  if (useForces) loss = add(loss, scale(mean(square(sub(forces, new Tensor(batch.forces!, forces.shape)))), forceWeight));
  return loss;
}

function checkFit(options: FitOptions, n: number) {
  const epochs = options.epochs ?? 100;
  assertInteger(epochs, 'fit: epochs', 1);
  const batchSize = options.batchSize ?? n;
  assertInteger(batchSize, 'fit: batchSize', 1);
  const energyWeight = options.energyWeight ?? 1;
  const forceWeight = options.forceWeight ?? 1;
  assertNonNegativeNumber(energyWeight, 'fit: energyWeight');
  assertNonNegativeNumber(forceWeight, 'fit: forceWeight');
  return { epochs, batchSize, energyWeight, forceWeight };
}

function learningRate(options: FitOptions, epoch: number, fallback: number): number {
  if (options.schedule === undefined) return fallback;
  if (typeof options.schedule !== 'function') throw new TypeError('fit: options.schedule must be a function of the epoch');
  const lr = options.schedule(epoch);
  if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`fit: options.schedule(${epoch}) must be a positive number, got ${String(lr)}`);
  return lr;
}

function shuffled(n: number, rng: () => number): number[] {
  const order = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    [order[k], order[j]] = [order[j], order[k]];
  }
  return order;
}

/** Adam on energies and forces; returns the loss of each epoch. */
export function fitEnergyForces(model: EquivariantPotential, data: EnergyForceData, options: FitOptions = {}): number[] {
  const n = data.structures.length;
  if (data.energies.length !== n) throw new RangeError(`fitEnergyForces: data.energies has ${data.energies.length} values for ${n} structures`);
  for (let k = 0; k < n; k++) assertFiniteNumber(data.energies[k], `fitEnergyForces: data.energies[${k}]`);
  if (data.forces && data.forces.length !== n) throw new RangeError(`fitEnergyForces: data.forces has ${data.forces.length} entries for ${n} structures`);
  const { epochs, batchSize, energyWeight, forceWeight } = checkFit(options, n);
  const params = model.parameters();
  const adam = new Adam(params, options);
  const rng = mulberry32(options.seed ?? 0);
  const cache = new Map<number, AtomGraph>();
  const fixed = batchSize >= n ? batches(model, data, n, shuffled(n, rng), cache) : undefined;
  const history: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const list = fixed ?? batches(model, data, batchSize, shuffled(n, rng), cache);
    const lr = learningRate(options, epoch, adam.lr);
    let total = 0;
    for (const batch of list) {
      const loss = energyForceLoss(model, batch, energyWeight, forceWeight);
      total += loss.item();
      adam.step(grad(loss, params), lr);
    }
    history.push(total / list.length);
    options.onEpoch?.(epoch, history[history.length - 1]);
  }
  return history;
}

/**
 * Adam on a per-structure property (model output irreps, e.g. "1x1o" dipoles in this package's
 * component order (y, z, x)): loss = mean over structures and components of Δ².
 */
export function fitProperty(model: EquivariantPotential, structures: readonly AtomsLike[], targets: ReadonlyArray<ArrayLike<number>>, options: FitOptions = {}): number[] {
  const n = structures.length;
  const dim = model.outputIrreps.dim;
  if (targets.length !== n) throw new RangeError(`fitProperty: ${targets.length} targets for ${n} structures`);
  targets.forEach((t, k) => {
    if (t.length !== dim) throw new RangeError(`fitProperty: targets[${k}] must have ${dim} values (${model.outputIrreps})`);
  });
  const { epochs, batchSize } = checkFit(options, n);
  const params = model.parameters();
  const adam = new Adam(params, options);
  const rng = mulberry32(options.seed ?? 0);
  const history: number[] = [];
  const graphs = new Map<string, AtomGraph>();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = batchSize >= n ? Array.from({ length: n }, (_, k) => k) : shuffled(n, rng);
    const lr = learningRate(options, epoch, adam.lr);
    let total = 0;
    let count = 0;
    for (let s = 0; s < n; s += batchSize) {
      const idx = order.slice(s, s + batchSize);
      const key = idx.join(',');
      let graph = graphs.get(key);
      if (!graph) {
        graph = model.graph(idx.map((k) => structures[k]));
        if (batchSize >= n) graphs.set(key, graph);
      }
      const target = new Tensor(Float64Array.from(idx.flatMap((k) => Array.from(targets[k]))), [idx.length, dim]);
      const loss = mean(square(sub(model.forward(graph).values, target)));
      total += loss.item();
      count++;
      adam.step(grad(loss, params), lr);
    }
    history.push(total / count);
    options.onEpoch?.(epoch, history[history.length - 1]);
  }
  return history;
}

