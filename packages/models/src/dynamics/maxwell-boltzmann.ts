// Random velocities at a temperature (ASE's MaxwellBoltzmannDistribution): each component
// normal with variance kB·T/m, from a seeded generator.
import { assertBoolean, assertInteger, assertNonNegativeNumber, mulberry32 } from '@equikit/core';
import { FS2, KB } from './units.js';

/** Standard normal numbers by Box–Muller from a uniform generator. */
export function normalGenerator(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

export interface MaxwellBoltzmannOptions {
  /** Seed of the generator. Default 0. */
  seed?: number;
  /** Remove the centre-of-mass velocity (ASE's Stationary). Default false. */
  stationary?: boolean;
}

/** Velocities in Å/fs for atoms of `masses` (u) at `temperature` K. */
export function maxwellBoltzmannVelocities(masses: ArrayLike<number>, temperature: number, options: MaxwellBoltzmannOptions = {}): Float64Array {
  assertNonNegativeNumber(temperature, 'temperature');
  const { seed = 0, stationary = false } = options;
  assertInteger(seed, 'options.seed', 0, 2 ** 32 - 1);
  assertBoolean(stationary, 'options.stationary');
  const n = masses.length;
  for (let a = 0; a < n; a++) if (!(masses[a] > 0) || !Number.isFinite(masses[a])) throw new RangeError(`masses[${a}] must be a finite, positive mass in u, got ${masses[a]}`);
  const normal = normalGenerator(mulberry32(seed));
  const v = new Float64Array(3 * n);
  for (let a = 0; a < n; a++) {
    const scale = Math.sqrt((KB * temperature * FS2) / masses[a]);
    for (let x = 0; x < 3; x++) v[3 * a + x] = scale * normal();
  }
  if (stationary) removeDrift(v, masses);
  return v;
}

/** Subtracts the centre-of-mass velocity, in place. */
export function removeDrift(v: Float64Array, masses: ArrayLike<number>): void {
  const n = masses.length;
  let total = 0;
  const p = [0, 0, 0];
  for (let a = 0; a < n; a++) {
    total += masses[a];
    for (let x = 0; x < 3; x++) p[x] += masses[a] * v[3 * a + x];
  }
  for (let a = 0; a < n; a++) for (let x = 0; x < 3; x++) v[3 * a + x] -= p[x] / total;
}
