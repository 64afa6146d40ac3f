// Errors of an energy model on labelled structures, in the units the mlearn benchmark reports:
// energy errors per atom (eV/atom) and force errors per Cartesian component (eV/Å).
import { assertInteger } from '@equikit/core';
import type { EquivariantPotential } from '../models/potential.js';
import type { EnergyForceData } from './fit.js';

export interface EnergyForceErrors {
  nStructures: number;
  nAtoms: number;
  /** Mean absolute and root-mean-square error of E/N_atoms, eV/atom. */
  energyMae: number;
  energyRmse: number;
  /** Over every force component, eV/Å (NaN without forces). */
  forceMae: number;
  forceRmse: number;
}

/** Predicts every structure (batches of `batchSize`) and compares with the labels. */
export function energyForceErrors(model: EquivariantPotential, data: EnergyForceData, options: { batchSize?: number } = {}): EnergyForceErrors {
  const n = data.structures.length;
  const batchSize = options.batchSize ?? 8;
  assertInteger(batchSize, 'energyForceErrors: options.batchSize', 1);
  if (data.energies.length !== n) throw new RangeError(`energyForceErrors: data.energies has ${data.energies.length} values for ${n} structures`);
  if (data.forces && data.forces.length !== n) throw new RangeError(`energyForceErrors: data.forces has ${data.forces.length} entries for ${n} structures`);
  let eAbs = 0;
  let eSq = 0;
  let fAbs = 0;
  let fSq = 0;
  let fCount = 0;
  let atoms = 0;
  for (let s = 0; s < n; s += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, n - s) }, (_, k) => s + k);
    const graph = model.graph(idx.map((k) => data.structures[k]));
    // Not under noGrad: forces are the gradient of the recorded forward pass.
    const { energy, forces } = model.energyAndForces(graph);
    let offset = 0;
    idx.forEach((k, b) => {
      const nk = data.structures[k].numbers.length;
      const d = (energy.data[b] - data.energies[k]) / nk;
      eAbs += Math.abs(d);
      eSq += d * d;
      atoms += nk;
      const ref = data.forces?.[k];
      if (ref) {
        if (ref.length !== 3 * nk) throw new RangeError(`energyForceErrors: data.forces[${k}] must have ${3 * nk} values`);
        for (let c = 0; c < 3 * nk; c++) {
          const df = forces.data[3 * offset + c] - ref[c];
          fAbs += Math.abs(df);
          fSq += df * df;
          fCount++;
        }
      }
      offset += nk;
    });
  }
  return {
    nStructures: n,
    nAtoms: atoms,
    energyMae: eAbs / n,
    energyRmse: Math.sqrt(eSq / n),
    forceMae: fCount > 0 ? fAbs / fCount : NaN,
    forceRmse: fCount > 0 ? Math.sqrt(fSq / fCount) : NaN,
  };
}
