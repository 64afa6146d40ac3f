// Data-dependent initialisation of a potential's output shift and scale (NequIP's
// per-species shift and force-RMS scale): the per-species energies that best explain the
// training energies in least squares, so the network only learns the remainder, and a scale
// that gives per-atom outputs the size of the forces.
import { assertOneOf, assertPositiveNumber } from '@equikit/core';
import type { EquivariantPotential } from '../models/potential.js';
import type { EnergyForceData } from './fit.js';

export interface ShiftScaleOptions {
  /** 'forceRms' (default): the RMS of the training force components; or a number; or 'keep'. */
  scale?: 'forceRms' | 'keep' | number;
}

/** Sets `model.shift` (eV per atom of each species) and `model.scaleFactor`; returns both. */
export function initializeShiftScale(model: EquivariantPotential, data: EnergyForceData, options: ShiftScaleOptions = {}): { shift: Float64Array; scale: number } {
  if (!model.isEnergy) throw new Error(`initializeShiftScale: the model's output is ${model.outputIrreps}, not an energy (1x0e)`);
  const n = data.structures.length;
  if (n === 0 || data.energies.length !== n) throw new RangeError(`initializeShiftScale: need one energy per structure (${n} structures, ${data.energies.length} energies)`);
  const species = model.config.species;
  const S = species.length;
  // Counts of each species per structure, then the normal equations of E ≈ Σ_s n_s μ_s.
  const A = new Float64Array(S * S);
  const b = new Float64Array(S);
  data.structures.forEach((s, k) => {
    const counts = new Float64Array(S);
    for (let a = 0; a < s.numbers.length; a++) {
      const idx = species.indexOf(s.numbers[a]);
      if (idx < 0) throw new RangeError(`initializeShiftScale: structures[${k}] atom ${a} has atomic number ${s.numbers[a]}, not among the model's species [${species.join(', ')}]`);
      counts[idx]++;
    }
    for (let p = 0; p < S; p++) {
      b[p] += counts[p] * data.energies[k];
      for (let q = 0; q < S; q++) A[p * S + q] += counts[p] * counts[q];
    }
  });
  const shift = solveSymmetric(A, b, S);
  model.shift.data.set(shift);

  const mode = options.scale ?? 'forceRms';
  let scale = model.scaleFactor.data[0];
  if (typeof mode === 'number') {
    assertPositiveNumber(mode, 'initializeShiftScale: options.scale');
    scale = mode;
  } else {
    assertOneOf(mode, 'initializeShiftScale: options.scale', ['forceRms', 'keep'] as const);
    if (mode === 'forceRms') {
      if (!data.forces) throw new RangeError("initializeShiftScale: options.scale 'forceRms' needs data.forces");
      let s2 = 0;
      let count = 0;
      for (const f of data.forces) for (let i = 0; i < f.length; i++) {
        s2 += f[i] * f[i];
        count++;
      }
      if (!(s2 > 0)) throw new RangeError("initializeShiftScale: the forces are all zero; pass a numeric options.scale");
      scale = Math.sqrt(s2 / count);
    }
  }
  model.scaleFactor.data[0] = scale;
  return { shift, scale };
}

/**
 * Least squares through the normal equations by Gaussian elimination with partial pivoting;
 * a species absent from the data (a zero row) gets shift 0.
 */
function solveSymmetric(A: Float64Array, b: Float64Array, S: number): Float64Array {
  const M = Float64Array.from(A);
  const y = Float64Array.from(b);
  const active = Array.from({ length: S }, (_, p) => M[p * S + p] > 0);
  for (let p = 0; p < S; p++) {
    if (active[p]) continue;
    for (let q = 0; q < S; q++) M[p * S + q] = M[q * S + p] = 0;
    M[p * S + p] = 1;
    y[p] = 0;
  }
  const perm = Array.from({ length: S }, (_, p) => p);
  for (let c = 0; c < S; c++) {
    let pivot = c;
    for (let r = c + 1; r < S; r++) if (Math.abs(M[perm[r] * S + c]) > Math.abs(M[perm[pivot] * S + c])) pivot = r;
    [perm[c], perm[pivot]] = [perm[pivot], perm[c]];
    const pr = perm[c];
    const d = M[pr * S + c];
    if (Math.abs(d) < 1e-12) throw new RangeError('initializeShiftScale: the species counts are linearly dependent (every structure has the same composition ratio); shifts are not determined');
    for (let r = c + 1; r < S; r++) {
      const rr = perm[r];
      const f = M[rr * S + c] / d;
      if (f === 0) continue;
      for (let q = c; q < S; q++) M[rr * S + q] -= f * M[pr * S + q];
      y[rr] -= f * y[pr];
    }
  }
  const x = new Float64Array(S);
  for (let c = S - 1; c >= 0; c--) {
    const pr = perm[c];
    let s = y[pr];
    for (let q = c + 1; q < S; q++) s -= M[pr * S + q] * x[q];
    x[c] = s / M[pr * S + c];
  }
  return x;
}
