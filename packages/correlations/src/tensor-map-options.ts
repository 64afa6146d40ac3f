// The checks of every `compute(structures, options)` of this package (density's conventions).
import { assertOneOf, Labels, type BackendName, type Structure } from '@equikit/core';
import { presentSpecies, toStructure, type StructureInput } from '@equikit/density';
import type { GradientName } from './invariant-calculator.js';

export interface ComputeOptions {
  /** Gradients to attach to every block: 'positions' and/or 'strain'. Default none. */
  gradients?: readonly GradientName[];
  /** Only these samples: Labels over some of ('system', 'atom'); an entry matches on the names it has. */
  selectedSamples?: Labels;
  /** Only these keys: Labels over some of the key names. */
  selectedKeys?: Labels;
  /** 'js', 'wasm' or 'wasm-simd' for the expansion; default: the forced one, else the best available. */
  backend?: BackendName;
}

export interface CheckedCompute {
  structures: Structure[];
  /** Sorted atomic numbers present in any structure: the species axis of every map. */
  species: Int32Array;
  gradients: GradientName[];
  selectedSamples?: Labels;
  selectedKeys?: Labels;
  backend?: BackendName;
}

export function checkComputeArguments(structures: StructureInput | readonly StructureInput[], options: ComputeOptions): CheckedCompute {
  const many = Array.isArray(structures);
  const list: readonly StructureInput[] = many ? structures : [structures as StructureInput];
  const checked = list.map((s, k) => toStructure(s, many ? `structures[${k}]` : 'structures'));
  if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  const gradients = options.gradients ?? [];
  if (!Array.isArray(gradients)) throw new TypeError(`options.gradients must be an array of 'positions' and/or 'strain', got ${typeof gradients}`);
  gradients.forEach((g, k) => assertOneOf(g, `options.gradients[${k}]`, ['positions', 'strain']));
  for (const name of ['selectedSamples', 'selectedKeys'] as const) {
    const value = options[name];
    if (value !== undefined && !(value instanceof Labels)) throw new TypeError(`options.${name} must be Labels, got ${value === null ? 'null' : typeof value}`);
  }
  return {
    structures: checked,
    species: presentSpecies(checked),
    gradients: [...new Set(gradients as GradientName[])],
    selectedSamples: options.selectedSamples,
    selectedKeys: options.selectedKeys,
    backend: options.backend,
  };
}
