// Weights as JSON: every parameter by its dotted name (PyTorch state_dict spelling) with its
// shape and values in row-major order. Numbers are written in JavaScript's shortest round-trip
// form, so a load gives back every float64 bit for bit; −0 is written as the string "-0"
// (JSON has no negative zero). Layouts per layer are in the README (they are e3nn's).
import type { BackendName } from '@equikit/core';
import { EquivariantPotential, type PotentialConfig } from '../models/potential.js';
import type { Module } from '../nn/module.js';

export const WEIGHTS_FORMAT = 'equikit-nn-weights';
export const WEIGHTS_VERSION = 1;

export interface WeightsJson {
  format: typeof WEIGHTS_FORMAT;
  version: number;
  /** The model's configuration, when saved from a model that has one. */
  config?: PotentialConfig;
  parameters: Record<string, { shape: number[]; values: Array<number | '-0'> }>;
}

function encode(x: number): number | '-0' {
  return Object.is(x, -0) ? '-0' : x;
}

/** The module's parameters as a JSON-ready object. */
export function weightsToJson(module: Module, config?: PotentialConfig): WeightsJson {
  const parameters: WeightsJson['parameters'] = {};
  for (const [name, t] of module.namedParameters()) parameters[name] = { shape: [...t.shape], values: Array.from(t.data, encode) };
  return { format: WEIGHTS_FORMAT, version: WEIGHTS_VERSION, ...(config ? { config: structuredClone(config) } : {}), parameters };
}

/** Copies saved values into the module's parameters; every parameter must be present with its shape. */
export function loadWeights(module: Module, json: WeightsJson | string): void {
  const data = typeof json === 'string' ? (JSON.parse(json) as WeightsJson) : json;
  if (!data || data.format !== WEIGHTS_FORMAT) throw new TypeError(`loadWeights: expected format '${WEIGHTS_FORMAT}', got ${JSON.stringify(data?.format)}`);
  if (data.version !== WEIGHTS_VERSION) throw new RangeError(`loadWeights: version ${String(data.version)} is not supported (expected ${WEIGHTS_VERSION})`);
  const own = new Map(module.namedParameters());
  for (const name of Object.keys(data.parameters ?? {})) {
    if (!own.has(name)) throw new RangeError(`loadWeights: the file has parameter '${name}', which this model does not have`);
  }
  const decoded = new Map<string, Float64Array>();
  for (const [name, t] of own) {
    const entry = data.parameters?.[name];
    if (!entry) throw new RangeError(`loadWeights: parameter '${name}' is missing from the file`);
    if (!Array.isArray(entry.shape) || entry.shape.length !== t.shape.length || entry.shape.some((s, k) => s !== t.shape[k])) {
      throw new RangeError(`loadWeights: parameter '${name}' has shape [${String(entry.shape)}], the model expects [${t.shape.join(', ')}]`);
    }
    if (!Array.isArray(entry.values) || entry.values.length !== t.size) throw new RangeError(`loadWeights: parameter '${name}' needs ${t.size} values`);
    const values = new Float64Array(t.size);
    entry.values.forEach((v, k) => {
      const x = v === '-0' ? -0 : v;
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new RangeError(`loadWeights: parameter '${name}'[${k}] must be a finite number, got ${JSON.stringify(v)}`);
      values[k] = x;
    });
    decoded.set(name, values);
  }
  // Nothing is written until everything has been checked.
  for (const [name, values] of decoded) own.get(name)!.data.set(values);
}

/** A whole EquivariantPotential (configuration and weights) as a JSON string. */
export function saveModel(model: EquivariantPotential): string {
  return JSON.stringify(weightsToJson(model, model.config));
}

/** Rebuilds an EquivariantPotential from saveModel's output. */
export function loadModel(json: string | WeightsJson, options: { backend?: BackendName } = {}): EquivariantPotential {
  const data = typeof json === 'string' ? (JSON.parse(json) as WeightsJson) : json;
  if (!data?.config) throw new TypeError('loadModel: the file has no model configuration (saved with weightsToJson without a config?)');
  const model = new EquivariantPotential(data.config, options);
  loadWeights(model, data);
  return model;
}
