// Per-structure plumbing shared by prediction and training: centre selection, force and virial
// accumulation from pair gradients, stress from the virial, species lists.
import { atomicNumber } from '@equikit/core';
import type { StructureEnvironments } from './environments.js';
import type { Environment } from './site-kernel.js';

/** Adds the pair gradients of centre i into forces (F = −∂E/∂r) and the virial Σ g ⊗ r. */
export function accumulateForces(envs: StructureEnvironments, i: number, grad: Float64Array, forces: Float64Array, virial: Float64Array): void {
  for (let q = envs.start[i]; q < envs.start[i + 1]; q++) {
    const j = envs.neighbour[q];
    for (let a = 0; a < 3; a++) {
      const g = grad[3 * q + a];
      forces[3 * j + a] -= g;
      forces[3 * i + a] += g;
      for (let b = 0; b < 3; b++) virial[3 * a + b] += g * envs.vectors[3 * q + b];
    }
  }
}

/** (1/V) ∂E/∂ε from Σ g ⊗ r, symmetrised, in ASE's Voigt order xx yy zz yz xz xy. */
export function virialToStress(virial: Float64Array, volume: number): Float64Array {
  const s = (a: number, b: number) => (virial[3 * a + b] + virial[3 * b + a]) / (2 * volume);
  return Float64Array.from([s(0, 0), s(1, 1), s(2, 2), s(1, 2), s(0, 2), s(0, 1)]);
}

export function environmentView(envs: StructureEnvironments): Environment {
  return { count: 0, centreType: 0, vectors: envs.vectors, distances: envs.distances, types: envs.neighbourTypes, offset: 0 };
}

export function selectCentre(env: Environment, envs: StructureEnvironments, i: number): void {
  env.offset = envs.start[i];
  env.count = envs.start[i + 1] - envs.start[i];
  env.centreType = envs.types[i];
}

export function resolveSpecies(species: unknown, count: number): number[] {
  if (!Array.isArray(species)) throw new TypeError('species must be an array of atomic numbers or element symbols in MLIP type order');
  if (species.length !== count) throw new RangeError(`species must list ${count} elements (the file's species_count), got ${species.length}`);
  const out = species.map((s, k) => {
    if (typeof s === 'string') return atomicNumber(s);
    if (typeof s === 'number' && Number.isInteger(s) && s >= 1 && s <= 118) return s;
    throw new TypeError(`species[${k}] must be an atomic number (1–118) or an element symbol, got ${JSON.stringify(s)}`);
  });
  if (new Set(out).size !== out.length) throw new RangeError(`species must not repeat an element, got ${out.join(', ')}`);
  return out;
}
