// Training an ETN by alternating least squares. The site energy is multilinear in the blocks
// (W_1, G_1, …, W_K, G_K) (affine in each W_k through the constant channel), so with all blocks
// but one fixed the loss
//   L = Σ_n [ w_E (E_n − Ê_n)² + w_F Σ (F − F̂)² + w_S Σ_Voigt (V σ − V σ̂)² ]
// (MLIP's, as the MTP fit) is a linear least-squares problem in that block and the per-species
// constants. Force and stress rows need ∂/∂r of the design vector: forward-mode tangents along
// every neighbour displacement (EtnEvaluator.siteDesign). Each block is solved with the shared
// solver (normal equations, column scaling, relative ridge, Cholesky on the chosen backend);
// sweeps go W_1, G_1, …, G_K and back. After a core is solved its RMS is moved into the next core
// of the sweep (the network is unchanged), which keeps the scales of the cores comparable.
import type { BackendName } from '@equikit/core';
import { denseKernels } from '../solver/kernels.js';
import { NormalEquations } from '../solver/normal-equations.js';
import { RidgeSolver } from '../solver/ridge.js';
import { VOIGT, type MtpTrainingItem, type ResolvedWeights } from '../mtp/fit.js';
import type { EtnArchitecture, EtnParameters } from './architecture.js';
import { EtnEvaluator, type EtnBlock, type EtnRadial } from './evaluator.js';

export interface AlsOptions {
  sweeps: number;
  ridge: number;
  weights: ResolvedWeights;
  backend?: BackendName;
  onBlock?: (block: EtnBlock, done: number, total: number, loss: number) => void;
}

/** The order of the blocks in sweep s (forward on even sweeps, backward on odd ones). */
export function sweepOrder(K: number, sweep: number): EtnBlock[] {
  const forward: EtnBlock[] = [];
  for (let k = 0; k < K; k++) forward.push({ core: k, kind: 'embedding' }, { core: k, kind: 'core' });
  return sweep % 2 === 0 ? forward : forward.reverse();
}

/** Runs the sweeps, updating params in place; returns the loss after each block solve. */
export function alternatingLeastSquares(items: readonly MtpTrainingItem[], arch: EtnArchitecture, params: EtnParameters, radial: EtnRadial, options: AlsOptions): number[] {
  const K = arch.cores.length;
  const history: number[] = [];
  const total = options.sweeps * 2 * K;
  for (let sweep = 0; sweep < options.sweeps; sweep++) {
    const order = sweepOrder(K, sweep);
    order.forEach((block, index) => {
      const loss = solveBlock(items, arch, params, radial, block, options);
      history.push(loss);
      if (block.kind === 'core') {
        // Move the core's scale into its neighbour in the sweep direction (the energy is unchanged).
        const next = sweep % 2 === 0 ? (block.core + 1 < K ? block.core + 1 : block.core - 1) : block.core - 1 >= 0 ? block.core - 1 : block.core + 1;
        if (next >= 0 && next < K && next !== block.core) rebalance(params.cores[block.core], params.cores[next]);
      }
      options.onBlock?.(block, sweep * 2 * K + index + 1, total, loss);
    });
  }
  return history;
}

function rebalance(from: Float64Array, to: Float64Array): void {
  let s = 0;
  for (const v of from) s += v * v;
  const rms = Math.sqrt(s / Math.max(from.length, 1));
  if (!(rms > 0) || !Number.isFinite(rms)) return;
  for (let k = 0; k < from.length; k++) from[k] /= rms;
  for (let k = 0; k < to.length; k++) to[k] *= rms;
}

/** Solves one block and the species constants exactly (up to the ridge); returns the loss. */
export function solveBlock(items: readonly MtpTrainingItem[], arch: EtnArchitecture, params: EtnParameters, radial: EtnRadial, block: EtnBlock, options: AlsOptions): number {
  const S = arch.shape.speciesCount;
  const kernels = denseKernels(options.backend);
  const evaluator = new EtnEvaluator(arch, params, radial);
  const P = evaluator.blockSize(block);
  const normal = new NormalEquations(S + P, kernels);
  const rows = assembleBlock(items, evaluator, block, options.weights, (row, target) => normal.addRow(row, target));
  void rows;
  const roles = {
    countColumn: new Int32Array(S + P).fill(-1),
    mean: new Float64Array(S + P),
    penalized: Uint8Array.from({ length: S + P }, (_, k) => (k < S ? 0 : 1)),
  };
  const solver = new RidgeSolver([normal], roles, kernels);
  const theta = solver.solve(options.ridge);
  params.speciesCoeffs.set(theta.subarray(0, S));
  const target = block.kind === 'core' ? params.cores[block.core] : params.embeddings[block.core];
  target.set(theta.subarray(S));
  return solver.residualOf(theta);
}

/**
 * Every weighted least-squares row of a block: [species counts, design] = target for each energy,
 * force component and Voigt stress (×V) of every structure. Returns the number of rows.
 */
export function assembleBlock(
  items: readonly MtpTrainingItem[],
  evaluator: EtnEvaluator,
  block: EtnBlock,
  weights: ResolvedWeights,
  addRow: (row: Float64Array, target: number) => void,
): number {
  const S = evaluator.arch.shape.speciesCount;
  const P = evaluator.blockSize(block);
  const row = new Float64Array(S + P);
  const d = new Float64Array(P);
  let dT = new Float64Array(0);
  let offT = new Float64Array(0);
  const sqE = Math.sqrt(weights.energy);
  const sqF = Math.sqrt(weights.forces);
  const sqS = Math.sqrt(weights.stress);
  let count = 0;
  for (const item of items) {
    const { envs, targets } = item;
    const N = envs.atoms;
    const useE = targets.energy !== undefined && weights.energy > 0;
    const useF = targets.forces !== undefined && weights.forces > 0;
    const useS = targets.stress !== undefined && weights.stress > 0;
    evaluator.load(envs);
    const energyRow = new Float64Array(S + P);
    let offset = 0;
    // ∂E/∂r_atom of the design (3N × P) and of the offset (3N); Σ g ⊗ r of both (9 × P, 9).
    const gradRows = new Float64Array(3 * N * P);
    const gradOffset = new Float64Array(3 * N);
    const virRows = new Float64Array(9 * P);
    const virOffset = new Float64Array(9);
    for (let i = 0; i < N; i++) {
      const n = envs.start[i + 1] - envs.start[i];
      if (dT.length < P * 3 * n) dT = new Float64Array(P * 3 * n);
      if (offT.length < 3 * n) offT = new Float64Array(3 * n);
      const { offset: e0, T } = evaluator.siteDesign(i, block, d, dT, offT);
      energyRow[envs.types[i]] += 1;
      for (let p = 0; p < P; p++) energyRow[S + p] += d[p];
      offset += e0;
      if (!useF && !useS) continue;
      for (let jl = 0; jl < n; jl++) {
        const q = envs.start[i] + jl;
        const j = envs.neighbour[q];
        for (let a = 0; a < 3; a++) {
          const t = 3 * jl + a;
          const g0 = offT[t];
          gradOffset[3 * j + a] += g0;
          gradOffset[3 * i + a] -= g0;
          const rowJ = (3 * j + a) * P;
          const rowI = (3 * i + a) * P;
          for (let p = 0; p < P; p++) {
            const g = dT[p * T + t];
            gradRows[rowJ + p] += g;
            gradRows[rowI + p] -= g;
          }
          if (useS) {
            for (let b = 0; b < 3; b++) {
              const rb = envs.vectors[3 * q + b];
              virOffset[3 * a + b] += g0 * rb;
              const vr = (3 * a + b) * P;
              for (let p = 0; p < P; p++) virRows[vr + p] += dT[p * T + t] * rb;
            }
          }
        }
      }
    }
    if (useE) {
      for (let k = 0; k < S + P; k++) row[k] = sqE * energyRow[k];
      addRow(row, sqE * (targets.energy! - offset));
      count++;
    }
    if (useF) {
      row.fill(0, 0, S);
      for (let r = 0; r < 3 * N; r++) {
        for (let p = 0; p < P; p++) row[S + p] = -sqF * gradRows[r * P + p];
        addRow(row, sqF * (targets.forces![r] + gradOffset[r]));
        count++;
      }
    }
    if (useS) {
      row.fill(0, 0, S);
      for (const [k, [a, b]] of VOIGT.entries()) {
        for (let p = 0; p < P; p++) row[S + p] = (sqS * (virRows[(3 * a + b) * P + p] + virRows[(3 * b + a) * P + p])) / 2;
        const off = (virOffset[3 * a + b] + virOffset[3 * b + a]) / 2;
        addRow(row, sqS * (item.volume * targets.stress![k] - off));
        count++;
      }
    }
  }
  return count;
}
