// Types of bench/mlearn-si.js for the test that runs its recipe (test/mlearn-recipe.test.ts).
import type { EnergyForceData, EquivariantPotential, PotentialConfig } from '../src/index.js';

export interface SiBenchConfig {
  model: Omit<PotentialConfig, 'avgNumNeighbors'> & { avgNumNeighbors: number | 'auto' };
  fit: { epochs: number; batchSize: number; lr: number; lrFinal: number; energyWeight: number; forceWeight: number; seed: number };
}
export function toData(structures: ReadonlyArray<{ positions: Float64Array; numbers: Int32Array; info: Record<string, unknown>; arrays: Record<string, unknown> }>): EnergyForceData;
export function averageNeighbours(structures: EnergyForceData['structures'], rMax: number): number;
export function cosineSchedule(lr: number, lrFinal: number, epochs: number): (epoch: number) => number;
export function trainSi(
  train: EnergyForceData,
  cfg?: SiBenchConfig,
  options?: { epochs?: number; onEpoch?: (epoch: number, loss: number) => void },
): { model: EquivariantPotential; history: number[]; modelConfig: PotentialConfig };
export function stressMae(model: EquivariantPotential, structures: EnergyForceData['structures']): number;
