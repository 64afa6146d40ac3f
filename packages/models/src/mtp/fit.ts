// Training an MTP. The loss is MLIP's:
//   L = Σ_n [ w_E (E_n − Ê_n)² + w_F Σ_{atom, axis} (F − F̂)² + w_S Σ_{6 Voigt} (V σ − V σ̂)² ]
// (total energies in eV, forces in eV/Å, stresses times volume in eV; defaults w = 1, 0.01, 0.001
// as `mlp train`). For fixed radial coefficients it is linear in the species and moment
// coefficients: a weighted least-squares solve (normal equations, relative ridge, Cholesky).
// Optionally all coefficients (radial ones included) are then refined with L-BFGS on the same
// loss, whose gradient is exact (site-kernel tangentGradient), and θ is re-solved at the end.
import type { Structure } from '@equikit/core';
import { assertStructureList, extractTargets, type StructureTargets, type TargetNames } from '../training-data.js';
import { generateMtpBasis } from './basis-generator.js';
import { structureEnvironments, type StructureEnvironments } from './environments.js';
import { lbfgs } from './lbfgs.js';
import { NormalEquations } from './least-squares.js';
import { MomentProgram, type MomentTables } from './moment-program.js';
import { parseMtp, type MtpFile } from './mtp-file.js';
import { accumulateForces, environmentView, resolveSpecies, selectCentre } from './structure-loop.js';
import { SiteKernel, type RadialParameters } from './site-kernel.js';

export interface MtpWeights {
  /** Weight of squared total-energy errors (eV²). Default 1. */
  energy?: number;
  /** Weight of squared force-component errors (eV²/Å²). Default 0.01. */
  forces?: number;
  /** Weight of squared (volume × stress) errors, eV², six Voigt components. Default 0.001. */
  stress?: number;
}

export type MtpFitStage = 'environments' | 'design' | 'solve' | 'refine';

export interface MtpFitOptions {
  /** Basis level (2 … 28, MLIP's levels); default 16. Ignored when `template` is given. */
  level?: number;
  /** An untrained (or trained) `.mtp` text whose alpha tables define the basis instead of `level`. */
  template?: string;
  /** Elements in type order; default the training set's elements by atomic number. */
  species?: readonly (number | string)[];
  /** Radial basis start, Å; default the shortest interatomic distance in the training set (as MLIP advises). */
  minDist?: number;
  /** Cutoff, Å; default 5. */
  maxDist?: number;
  /** Chebyshev polynomials per radial function; default 8. */
  radialBasisSize?: number;
  /** Where energies, forces, stresses are (see TargetNames); false leaves a target out. */
  targets?: TargetNames;
  weights?: MtpWeights;
  /** Relative ridge on the moment coefficients in the linear solve; default 1e-9. */
  ridge?: number;
  /** L-BFGS iterations over all coefficients after the linear solve; default 0 (linear only). */
  iterations?: number;
  /**
   * Structures the L-BFGS refinement sees: at most this many, evenly spaced through the training
   * list (the final linear solve always uses all). Default: all.
   */
  refineStructures?: number;
  /** Starting radial coefficients ([species][species][μ][ξ]); default f_μ = Q_μ (identity). */
  radialCoeffs?: Float64Array;
  onProgress?: (stage: MtpFitStage, done: number, total: number) => void;
}

/** One training structure, its environments and references. */
export interface MtpTrainingItem {
  structure: Structure;
  envs: StructureEnvironments;
  targets: StructureTargets;
  volume: number;
}

export interface ResolvedWeights {
  energy: number;
  forces: number;
  stress: number;
}

/** The basis tables and the starting MtpFile (no coefficients yet) a fit will fill. */
export function initialFile(options: MtpFitOptions, speciesCount: number, minDist: number): MtpFile {
  let tables: MomentTables & { level?: number };
  let base: Partial<MtpFile> = {};
  if (options.template !== undefined) {
    if (typeof options.template !== 'string') throw new TypeError('options.template must be the text of a .mtp file');
    const t = parseMtp(options.template);
    tables = t;
    base = t;
  } else {
    tables = generateMtpBasis(options.level ?? 16);
  }
  const maxDist = options.maxDist ?? (base.maxDist ?? 5);
  const size = options.radialBasisSize ?? base.radialBasisSize ?? 8;
  if (typeof maxDist !== 'number' || !(maxDist > minDist)) throw new RangeError(`options.maxDist must be a number above minDist (${minDist}), got ${String(maxDist)}`);
  if (!Number.isInteger(size) || size < 2 || size > 64) throw new RangeError(`options.radialBasisSize must be an integer in [2, 64], got ${String(size)}`);
  return {
    potentialName: 'MTP1m',
    speciesCount,
    potentialTag: '',
    radialBasisType: 'RBChebyshev',
    minDist,
    maxDist,
    radialBasisSize: size,
    radialFuncsCount: tables.radialFuncsCount,
    alphaMomentsCount: tables.alphaMomentsCount,
    alphaIndexBasic: tables.alphaIndexBasic,
    alphaIndexTimes: tables.alphaIndexTimes,
    alphaMomentMapping: tables.alphaMomentMapping,
  };
}

export function resolveWeights(weights: MtpWeights | undefined): ResolvedWeights {
  const w = { energy: weights?.energy ?? 1, forces: weights?.forces ?? 0.01, stress: weights?.stress ?? 0.001 };
  for (const [k, v] of Object.entries(w)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`options.weights.${k} must be a finite number ≥ 0, got ${String(v)}`);
  }
  return w;
}

/** Environments and references of the training structures (errors name the structure). */
export function prepareTraining(train: readonly Structure[], species: readonly number[], cutoff: number, targets: TargetNames | undefined, onProgress?: MtpFitOptions['onProgress']): MtpTrainingItem[] {
  const list = assertStructureList(train, 'train');
  const refs = extractTargets(list, { targets, name: 'train' });
  return list.map((structure, n) => {
    const envs = structureEnvironments(structure, species, cutoff, `train[${n}]`);
    onProgress?.('environments', n + 1, list.length);
    return { structure, envs, targets: refs[n], volume: structure.pbc.every(Boolean) ? structure.volume() : 0 };
  });
}

/** Smallest interatomic distance within `cutoff` over the structures. */
export function shortestDistance(items: readonly MtpTrainingItem[]): number {
  let min = Infinity;
  for (const it of items) for (const d of it.envs.distances) if (d < min) min = d;
  return min;
}

/** f_μ = Q_μ: an identity block per species pair (μ < radial basis size). */
export function identityRadialCoeffs(speciesCount: number, K: number, R: number): Float64Array {
  const c = new Float64Array(speciesCount * speciesCount * K * R);
  for (let pair = 0; pair < speciesCount * speciesCount; pair++) for (let mu = 0; mu < K; mu++) c[(pair * K + mu) * R + (mu % R)] = 1;
  return c;
}

/**
 * Solves the linear problem in species and moment coefficients for fixed radial functions.
 * Returns [species coefficients (C), moment coefficients (S)] and the column scales.
 */
export function solveLinear(
  items: readonly MtpTrainingItem[],
  program: MomentProgram,
  radial: RadialParameters,
  weights: ResolvedWeights,
  ridge: number,
  onProgress?: MtpFitOptions['onProgress'],
): { speciesCoeffs: Float64Array; momentCoeffs: Float64Array; scale: Float64Array } {
  const C = radial.speciesCount;
  const S = program.basisCount;
  const P = C + S;
  const normal = new NormalEquations(P);
  const kernel = new SiteKernel(program, radial);
  const row = new Float64Array(P);
  const sqE = Math.sqrt(weights.energy);
  const sqF = Math.sqrt(weights.forces);
  const sqS = Math.sqrt(weights.stress);
  let work = new Float64Array(0);
  let jac = new Float64Array(0);
  const basis = new Float64Array(S);
  items.forEach((item, n) => {
    const { envs, targets } = item;
    const N = envs.atoms;
    const energyRow = new Float64Array(P);
    const forceRows = new Float64Array(3 * N * S);
    const virialRows = new Float64Array(9 * S);
    const env = environmentView(envs);
    const needGradients = (targets.forces !== undefined && weights.forces > 0) || (targets.stress !== undefined && weights.stress > 0);
    for (let i = 0; i < N; i++) {
      selectCentre(env, envs, i);
      kernel.load(env);
      kernel.basis(basis);
      energyRow[envs.types[i]] += 1;
      for (let s = 0; s < S; s++) energyRow[C + s] += basis[s];
      if (!needGradients || env.count === 0) continue;
      const n3 = 3 * env.count;
      if (work.length < program.momentCount * n3) work = new Float64Array(program.momentCount * n3);
      if (jac.length < S * n3) jac = new Float64Array(S * n3);
      kernel.basisJacobian(jac, work);
      for (let s = 0; s < S; s++) {
        for (let j = 0; j < env.count; j++) {
          const q = env.offset + j;
          const nbr = envs.neighbour[q];
          for (let a = 0; a < 3; a++) {
            const g = jac[(s * env.count + j) * 3 + a];
            forceRows[(3 * nbr + a) * S + s] -= g;
            forceRows[(3 * i + a) * S + s] += g;
            for (let b = 0; b < 3; b++) virialRows[(3 * a + b) * S + s] += g * envs.vectors[3 * q + b];
          }
        }
      }
    }
    if (targets.energy !== undefined && weights.energy > 0) {
      for (let k = 0; k < P; k++) row[k] = sqE * energyRow[k];
      normal.add(row, sqE * targets.energy);
    }
    if (targets.forces !== undefined && weights.forces > 0) {
      row.fill(0, 0, C);
      for (let r = 0; r < 3 * N; r++) {
        for (let s = 0; s < S; s++) row[C + s] = sqF * forceRows[r * S + s];
        normal.add(row, sqF * targets.forces[r]);
      }
    }
    if (targets.stress !== undefined && weights.stress > 0) {
      row.fill(0, 0, C);
      VOIGT.forEach(([a, b], k) => {
        for (let s = 0; s < S; s++) row[C + s] = (sqS * (virialRows[(3 * a + b) * S + s] + virialRows[(3 * b + a) * S + s])) / 2;
        normal.add(row, sqS * item.volume * targets.stress![k]);
      });
    }
    onProgress?.('design', n + 1, items.length);
  });
  onProgress?.('solve', 0, 1);
  const theta = normal.solve(ridge, (k) => k >= C);
  onProgress?.('solve', 1, 1);
  const scale = Float64Array.from({ length: P }, (_, k) => {
    const d = normal.gram[k * P + k];
    return d > 0 ? 1 / Math.sqrt(d) : 1;
  });
  return { speciesCoeffs: theta.slice(0, C), momentCoeffs: theta.slice(C), scale };
}

/** Voigt order xx yy zz yz xz xy as (a, b). */
export const VOIGT: readonly [number, number][] = [
  [0, 0],
  [1, 1],
  [2, 2],
  [1, 2],
  [0, 2],
  [0, 1],
];

/**
 * The loss L and its gradient with respect to x = [radial coefficients, species coefficients,
 * moment coefficients]. Exact: forces and stress residuals enter through one tangent direction
 * per pair (see SiteKernel.tangentGradient).
 */
export function lossAndGradient(
  items: readonly MtpTrainingItem[],
  program: MomentProgram,
  radial: RadialParameters,
  weights: ResolvedWeights,
  x: Float64Array,
  grad: Float64Array,
): number {
  const nRadial = radial.coeffs.length;
  const C = radial.speciesCount;
  const S = program.basisCount;
  const params: RadialParameters = { ...radial, coeffs: x.subarray(0, nRadial) };
  const speciesCoeffs = x.subarray(nRadial, nRadial + C);
  const theta = x.subarray(nRadial + C, nRadial + C + S);
  const kernel = new SiteKernel(program, params);
  const radialGrad = grad.subarray(0, nRadial);
  const speciesGrad = grad.subarray(nRadial, nRadial + C);
  const thetaGrad = grad.subarray(nRadial + C);
  grad.fill(0);
  const tangent = new Float64Array(program.momentCount);
  const tangentAdjoint = new Float64Array(program.momentCount);
  let loss = 0;
  for (const item of items) {
    const { envs, targets } = item;
    const N = envs.atoms;
    const env = environmentView(envs);
    const pairGrad = new Float64Array(3 * envs.distances.length);
    const forces = new Float64Array(3 * N);
    const virial = new Float64Array(9);
    let energy = 0;
    for (let i = 0; i < N; i++) {
      selectCentre(env, envs, i);
      kernel.load(env);
      energy += speciesCoeffs[envs.types[i]] + kernel.energy(theta);
      if (env.count === 0) continue;
      kernel.backpropagate(theta);
      kernel.neighbourGradients(pairGrad);
      accumulateForces(envs, i, pairGrad, forces, virial);
    }
    // Residuals and the seeds of the gradient pass: α for energies, u_ij for forces and stress.
    let alpha = 0;
    if (targets.energy !== undefined && weights.energy > 0) {
      const r = energy - targets.energy;
      loss += weights.energy * r * r;
      alpha = 2 * weights.energy * r;
    }
    const forceSeed = new Float64Array(3 * N);
    let hasForces = false;
    if (targets.forces !== undefined && weights.forces > 0) {
      hasForces = true;
      for (let k = 0; k < 3 * N; k++) {
        const r = forces[k] - targets.forces[k];
        loss += weights.forces * r * r;
        forceSeed[k] = -2 * weights.forces * r;
      }
    }
    const T = new Float64Array(9);
    let hasStress = false;
    if (targets.stress !== undefined && weights.stress > 0) {
      hasStress = true;
      VOIGT.forEach(([a, b], k) => {
        const predicted = (virial[3 * a + b] + virial[3 * b + a]) / 2;
        const r = predicted - item.volume * targets.stress![k];
        loss += weights.stress * r * r;
        const seed = 2 * weights.stress * r;
        if (a === b) T[3 * a + a] += seed;
        else {
          T[3 * a + b] += seed / 2;
          T[3 * b + a] += seed / 2;
        }
      });
    }
    const u = new Float64Array(3 * envs.distances.length);
    for (let i = 0; i < N; i++) {
      for (let q = envs.start[i]; q < envs.start[i + 1]; q++) {
        const j = envs.neighbour[q];
        for (let a = 0; a < 3; a++) {
          let v = hasForces ? forceSeed[3 * j + a] - forceSeed[3 * i + a] : 0;
          if (hasStress) v += T[3 * a] * envs.vectors[3 * q] + T[3 * a + 1] * envs.vectors[3 * q + 1] + T[3 * a + 2] * envs.vectors[3 * q + 2];
          u[3 * q + a] = v;
        }
      }
    }
    for (let i = 0; i < N; i++) {
      selectCentre(env, envs, i);
      speciesGrad[envs.types[i]] += alpha;
      kernel.load(env);
      kernel.tangentGradient(theta, alpha, u, radialGrad, thetaGrad, tangent, tangentAdjoint);
    }
  }
  return loss;
}

/** Everything of a fit but the final MomentTensorPotential construction. */
export function fitMtpFile(train: readonly Structure[], options: MtpFitOptions): { file: MtpFile; species: number[] } {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const list = assertStructureList(train, 'train');
  const species =
    options.species !== undefined
      ? resolveSpecies(options.species, options.species.length)
      : [...new Set(list.flatMap((s) => Array.from(s.numbers)))].sort((a, b) => a - b);
  const weights = resolveWeights(options.weights);
  const ridge = options.ridge ?? 1e-9;
  if (typeof ridge !== 'number' || !(ridge >= 0) || !Number.isFinite(ridge)) throw new RangeError(`options.ridge must be a finite number ≥ 0, got ${String(ridge)}`);
  const iterations = options.iterations ?? 0;
  if (!Number.isInteger(iterations) || iterations < 0) throw new RangeError(`options.iterations must be an integer ≥ 0, got ${String(iterations)}`);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new TypeError('options.onProgress must be a function');
  const cutoff = options.maxDist ?? (options.template !== undefined ? parseMtp(options.template).maxDist ?? 5 : 5);
  if (typeof cutoff !== 'number' || !(cutoff > 0)) throw new RangeError(`options.maxDist must be a positive number, got ${String(cutoff)}`);
  const items = prepareTraining(list, species, cutoff, options.targets, options.onProgress);
  const minDist = options.minDist ?? Math.min(shortestDistance(items), cutoff / 2);
  if (typeof minDist !== 'number' || !Number.isFinite(minDist) || minDist < 0) throw new RangeError(`options.minDist must be a finite number ≥ 0, got ${String(minDist)}`);
  const file = initialFile(options, species.length, minDist);
  const program = new MomentProgram(file);
  const K = file.radialFuncsCount;
  const R = file.radialBasisSize!;
  const C = species.length;
  let coeffs = options.radialCoeffs ? Float64Array.from(options.radialCoeffs) : identityRadialCoeffs(C, K, R);
  if (coeffs.length !== C * C * K * R) throw new RangeError(`options.radialCoeffs must have species² × radial functions × basis size = ${C * C * K * R} values, got ${coeffs.length}`);
  // Scale radial functions to O(1) on [minDist, maxDist]: Q_0 = (R_cut − r)² reaches (R_cut − r_min)².
  const scaling = 1 / ((file.maxDist! - minDist) * (file.maxDist! - minDist));
  const radial: RadialParameters = { minDist, maxDist: file.maxDist!, basisSize: R, scaling, speciesCount: C, coeffs };
  let { speciesCoeffs, momentCoeffs, scale } = solveLinear(items, program, radial, weights, ridge, options.onProgress);
  if (iterations > 0) {
    const nRadial = coeffs.length;
    const S = program.basisCount;
    // Optimise in scaled variables: θ_k = z_k · scale_k (the linear solve's column scales), radial as is.
    const paramScale = new Float64Array(nRadial + C + S).fill(1);
    for (let k = 0; k < C + S; k++) paramScale[nRadial + k] = scale[k];
    const z = new Float64Array(nRadial + C + S);
    z.set(coeffs, 0);
    for (let k = 0; k < C; k++) z[nRadial + k] = speciesCoeffs[k] / paramScale[nRadial + k];
    for (let k = 0; k < S; k++) z[nRadial + C + k] = momentCoeffs[k] / paramScale[nRadial + C + k];
    const x = new Float64Array(z.length);
    const gx = new Float64Array(z.length);
    const limit = options.refineStructures ?? items.length;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`options.refineStructures must be a positive integer, got ${String(limit)}`);
    const subset = limit >= items.length ? items : Array.from({ length: limit }, (_, k) => items[Math.floor((k * items.length) / limit)]);
    lbfgs(
      z,
      (zz, gz) => {
        for (let k = 0; k < zz.length; k++) x[k] = zz[k] * paramScale[k];
        const f = lossAndGradient(subset, program, radial, weights, x, gx);
        for (let k = 0; k < zz.length; k++) gz[k] = gx[k] * paramScale[k];
        return f;
      },
      { iterations, onIteration: (it) => options.onProgress?.('refine', it, iterations) },
    );
    coeffs = Float64Array.from(z.subarray(0, nRadial));
    radial.coeffs = coeffs;
    ({ speciesCoeffs, momentCoeffs } = solveLinear(items, program, radial, weights, ridge, options.onProgress));
  }
  file.scaling = scaling;
  file.radialCoeffs = coeffs;
  file.speciesCoeffs = speciesCoeffs;
  file.momentCoeffs = momentCoeffs;
  return { file, species };
}
