// The rows a structure adds to a linear model's least-squares problem, from its feature sums per
// species and their gradients. Parameters θ = [w_s (F each, species in order)] then, when reference
// energies are fitted, [e0_s (one per species)]:
//   energy   (Σ_s w_s·Σ_{i∈s} X_i + Σ_s n_s e0_s) / N              = E / N              (eV/atom)
//   forces   −Σ_s w_s·∂(Σ_{i∈s} X_i)/∂r_kx                        = F_kx               (eV/Å)
//   virial   Σ_s w_s·sym ∂(Σ_{i∈s} X_i)/∂ε_ab / N                  = V σ_ab / N         (eV/atom)
// each multiplied by its weight (1/σ of that target). The virial is ∂E/∂ε for r → r + r·ε, so
// σ = (1/V) ∂E/∂ε is ASE's stress (tensile positive); ε is symmetric, hence the symmetrised
// gradient ½(∂/∂ε_ab + ∂/∂ε_ba), in ASE's Voigt order xx yy zz yz xz xy.
import type { SpeciesSums } from '@equikit/correlations';
import type { NormalEquations } from '../solver/normal-equations.js';
import type { StructureTargets } from '../training-data.js';

/** ASE's Voigt order: (a, b) of xx yy zz yz xz xy. */
export const VOIGT: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 1],
  [2, 2],
  [1, 2],
  [0, 2],
  [0, 1],
];

export interface RowWeights {
  /** Multiplies the energy-per-atom residual (1/eV·atom); 0 leaves energies out. */
  energy: number;
  /** Multiplies each force-component residual (Å/eV); 0 leaves forces out. */
  forces: number;
  /** Multiplies each virial-per-atom residual (atom/eV); 0 leaves stress out. */
  stress: number;
}

export interface DesignLayout {
  nSpecies: number;
  /** Features per atom. */
  size: number;
  /** Whether per-species reference energies are parameters (count columns). */
  fitReferences: boolean;
}

export function parameterCount(layout: DesignLayout): number {
  return layout.nSpecies * layout.size + (layout.fitReferences ? layout.nSpecies : 0);
}

/**
 * Adds the weighted rows of one structure to `sink`. `counts[s]` is the number of atoms of each
 * species, `energyOffset` the given reference energies' sum (subtracted from the target),
 * `volume` the cell volume (for virials), `row` scratch of parameterCount entries.
 */
export function addStructureRows(
  sink: NormalEquations,
  sums: SpeciesSums,
  targets: StructureTargets,
  layout: DesignLayout,
  weights: RowWeights,
  counts: Float64Array,
  energyOffset: number,
  volume: number,
  row: Float64Array,
): void {
  const { nSpecies: S, size: F } = layout;
  const n = sums.nAtoms;
  const featureColumns = S * F;
  if (weights.energy > 0 && targets.energy !== undefined) {
    const scale = weights.energy / n;
    for (let k = 0; k < featureColumns; k++) row[k] = sums.values[k] * scale;
    if (layout.fitReferences) for (let s = 0; s < S; s++) row[featureColumns + s] = counts[s] * scale;
    sink.addRow(row, (targets.energy - energyOffset) * scale);
  }
  row.fill(0);
  if (weights.forces > 0 && targets.forces !== undefined) {
    const gradients = sums.positionGradients!;
    const scale = -weights.forces;
    for (let k = 0; k < n; k++) {
      for (let x = 0; x < 3; x++) {
        for (let s = 0; s < S; s++) {
          const from = ((s * n + k) * 3 + x) * F;
          for (let f = 0; f < F; f++) row[s * F + f] = gradients[from + f] * scale;
        }
        sink.addRow(row, targets.forces[3 * k + x] * weights.forces);
      }
    }
  }
  if (weights.stress > 0 && targets.stress !== undefined) {
    const gradients = sums.strainGradients!;
    const scale = (0.5 * weights.stress) / n;
    for (let v = 0; v < 6; v++) {
      const [a, b] = VOIGT[v];
      for (let s = 0; s < S; s++) {
        const ab = (s * 9 + 3 * a + b) * F;
        const ba = (s * 9 + 3 * b + a) * F;
        for (let f = 0; f < F; f++) row[s * F + f] = (gradients[ab + f] + gradients[ba + f]) * scale;
      }
      sink.addRow(row, ((targets.stress[v] * volume) / n) * weights.stress);
    }
  }
}
