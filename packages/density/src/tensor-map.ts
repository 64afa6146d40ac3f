// featomic's TensorMap layout of the expansion:
//   keys        (center_type, o3_lambda, o3_sigma, neighbor_type), o3_sigma = 1 (real harmonics of proper vectors)
//   samples     (system, atom), every atom of center_type in the selected samples
//   components  (o3_mu) = −λ..λ
//   properties  (n) = 0..(radial functions of λ) − 1
//   gradients   positions: samples (sample, system, atom), components (xyz), (o3_mu)
//               strain:    samples (sample),               components (xyz_1), (xyz_2), (o3_mu)
// ∂/∂strain ε_ab is for r → r + r·ε (positions and cell rows): Σ_pairs r_ij,a ∂c/∂r_ij,b.
//
// The layout is planned from the neighbour lists first, so that each pair's gradient is
// scattered straight into its blocks: nothing of size pairs × basis is kept besides the output.
import { Labels, TensorBlock, TensorMap, type Structure } from '@equikit/core';
import { expandPairs, findPairs, typeIndex, type ExpansionSetup, type PairList } from './expansion/pair-expansion.js';

export type GradientParameter = 'positions' | 'strain';

export interface MapOptions {
  gradients: readonly GradientParameter[];
  selectedSamples?: Labels;
  selectedKeys?: Labels;
  radialPerAngular: readonly number[];
}

interface Prepared {
  structure: Structure;
  typeOfAtom: Int32Array;
  pairs: PairList;
  /** Pairs of each centre: CSR over centres. */
  start: Int32Array;
  order: Int32Array;
}

/** Rows of one structure's position gradients for one neighbour type (the centre and its neighbours of that type, sorted). */
interface GradientRows {
  /** Rows of centre i: rowStart[i] … rowStart[i+1]−1, local to the structure. */
  rowStart: Int32Array;
  rowAtom: Int32Array;
  /** Local row of pair p's neighbour; −1 for an image of the centre (it moves with the centre). */
  pairRow: Int32Array;
  centreRow: Int32Array;
}

interface BlockPlan {
  c: number;
  l: number;
  t: number;
  nl: number;
  samples: number[][];
  /** Per structure, per atom: its row in this block, −1 if absent. */
  sampleRow: Int32Array[];
  /** First gradient row of each sample (positions), and the total at the end. */
  gradientStart?: Int32Array;
  values: Float64Array;
  positions?: Float64Array;
  strain?: Float64Array;
}

function prepare(structure: Structure, types: Int32Array, cutoff: number): Prepared {
  const typeOfAtom = typeIndex(structure, types);
  const pairs = findPairs(structure, cutoff);
  const start = new Int32Array(structure.length + 1);
  for (let p = 0; p < pairs.length; p++) start[pairs.i[p] + 1]++;
  for (let a = 0; a < structure.length; a++) start[a + 1] += start[a];
  const fill = start.slice(0, structure.length);
  const order = new Int32Array(pairs.length);
  for (let p = 0; p < pairs.length; p++) order[fill[pairs.i[p]]++] = p;
  return { structure, typeOfAtom, pairs, start, order };
}

function gradientRows(s: Prepared, t: number): GradientRows {
  const nAtoms = s.structure.length;
  const { pairs, typeOfAtom, start, order } = s;
  const rowStart = new Int32Array(nAtoms + 1);
  const pairRow = new Int32Array(pairs.length).fill(-1);
  const centreRow = new Int32Array(nAtoms).fill(-1);
  const localOf = new Int32Array(nAtoms).fill(-1);
  const atoms: number[] = [];
  for (let i = 0; i < nAtoms; i++) {
    const members: number[] = [];
    for (let q = start[i]; q < start[i + 1]; q++) {
      const j = pairs.j[order[q]];
      if (j !== i && typeOfAtom[j] === t && localOf[j] === -1) {
        localOf[j] = 0;
        members.push(j);
      }
    }
    if (members.length > 0) members.push(i);
    members.sort((x, y) => x - y);
    members.forEach((atom, k) => (localOf[atom] = atoms.length + k));
    for (let q = start[i]; q < start[i + 1]; q++) {
      const p = order[q];
      const j = pairs.j[p];
      if (j !== i && typeOfAtom[j] === t) pairRow[p] = localOf[j];
    }
    if (members.length > 0) centreRow[i] = localOf[i];
    for (const atom of members) {
      atoms.push(atom);
      localOf[atom] = -1;
    }
    rowStart[i + 1] = atoms.length;
  }
  return { rowStart, rowAtom: Int32Array.from(atoms), pairRow, centreRow };
}

export function computeTensorMap(structures: readonly Structure[], types: Int32Array, setup: ExpansionSetup, options: MapOptions): TensorMap {
  const { maxRadial: N, maxAngular } = setup;
  const K = (maxAngular + 1) ** 2;
  const NK = N * K;
  const T = types.length;
  const prepared = structures.map((s) => prepare(s, types, setup.cutoff));

  // keys: (c, t) pairs that meet within the cutoff, or t = c
  const occurring = new Set<number>();
  for (const s of prepared) {
    for (let a = 0; a < s.structure.length; a++) occurring.add(s.typeOfAtom[a] * T + s.typeOfAtom[a]);
    for (let p = 0; p < s.pairs.length; p++) occurring.add(s.typeOfAtom[s.pairs.i[p]] * T + s.typeOfAtom[s.pairs.j[p]]);
  }
  const keyRows: number[][] = [];
  for (let c = 0; c < T; c++) {
    for (let l = 0; l <= maxAngular; l++) {
      for (let t = 0; t < T; t++) if (occurring.has(c * T + t)) keyRows.push([types[c], l, 1, types[t]]);
    }
  }
  let keys = new Labels(['center_type', 'o3_lambda', 'o3_sigma', 'neighbor_type'], keyRows);
  if (options.selectedKeys) keys = subset(keys, keys.select(options.selectedKeys));

  let samplePool = new Labels(['system', 'atom'], prepared.flatMap((s, k) => Array.from({ length: s.structure.length }, (_, a) => [k, a])));
  if (options.selectedSamples) samplePool = subset(samplePool, samplePool.select(options.selectedSamples));

  const wantPositions = options.gradients.includes('positions');
  const wantStrain = options.gradients.includes('strain');
  const rowCache = new Map<number, GradientRows>();
  const rowsOf = (s: number, t: number) => {
    let rows = rowCache.get(s * T + t);
    if (!rows) rowCache.set(s * T + t, (rows = gradientRows(prepared[s], t)));
    return rows;
  };

  // plan every block; byTypes[c·T + t] lists the blocks a (c, t) pair feeds
  const plans: BlockPlan[] = [];
  const byTypes: BlockPlan[][] = Array.from({ length: T * T }, () => []);
  for (let k = 0; k < keys.count; k++) {
    const [centerType, l, , neighborType] = keys.entry(k);
    const c = types.indexOf(centerType);
    const t = types.indexOf(neighborType);
    const nl = options.radialPerAngular[l];
    const width = 2 * l + 1;
    const sampleRow = prepared.map((s) => new Int32Array(s.structure.length).fill(-1));
    const samples: number[][] = [];
    for (let r = 0; r < samplePool.count; r++) {
      const [s, a] = samplePool.entry(r);
      if (prepared[s].typeOfAtom[a] !== c) continue;
      sampleRow[s][a] = samples.length;
      samples.push([s, a]);
    }
    const plan: BlockPlan = { c, l, t, nl, samples, sampleRow, values: new Float64Array(samples.length * width * nl) };
    if (wantPositions) {
      const gradientStart = new Int32Array(samples.length + 1);
      samples.forEach(([s, a], r) => {
        const rows = rowsOf(s, t);
        gradientStart[r + 1] = gradientStart[r] + rows.rowStart[a + 1] - rows.rowStart[a];
      });
      plan.gradientStart = gradientStart;
      plan.positions = new Float64Array(gradientStart[samples.length] * 3 * width * nl);
    }
    if (wantStrain) plan.strain = new Float64Array(samples.length * 9 * width * nl);
    plans.push(plan);
    byTypes[c * T + t].push(plan);
  }

  prepared.forEach((s, sIndex) => {
    const { pairs, typeOfAtom } = s;
    const sink =
      wantPositions
        ? (p: number, g: Float64Array, offset: number) => {
            const i = pairs.i[p];
            const t = typeOfAtom[pairs.j[p]];
            for (const plan of byTypes[typeOfAtom[i] * T + t]) {
              const row = plan.sampleRow[sIndex][i];
              if (row < 0) continue;
              const { l, nl } = plan;
              const width = 2 * l + 1;
              const size = width * nl;
              const src = offset + 3 * N * l * l; // [x][m][n] of this l, n up to N
              if (plan.positions) {
                const rows = rowsOf(sIndex, t);
                const local = rows.pairRow[p];
                if (local >= 0) {
                  const first = plan.gradientStart![row] - rows.rowStart[i];
                  const neighbour = (first + local) * 3 * size;
                  if (nl === N) addInto(plan.positions, neighbour, g, src, 3 * size);
                  else addIntoStrided(plan.positions, neighbour, g, src, 3 * width, nl, N);
                }
              }
            }
          }
        : undefined;
    // per (centre, neighbour type): the strain sums Σ r_a ∂c/∂r_b (images of the centre included),
    // and −Σ ∂c/∂r_ij into the centre's own position-gradient row (images excluded)
    const centreSink =
      wantStrain || wantPositions
        ? (i: number, t: number, acc: Float64Array, offset: number) => {
            for (const plan of byTypes[typeOfAtom[i] * T + t]) {
              const row = plan.sampleRow[sIndex][i];
              if (row < 0) continue;
              const { l, nl } = plan;
              const width = 2 * l + 1;
              if (plan.strain) addStrainSums(plan.strain, row * 9 * width * nl, acc, offset + 9 * N * l * l, 9 * width, nl, N, 1);
              if (plan.positions) {
                const rows = rowsOf(sIndex, t);
                if (rows.centreRow[i] < 0) continue;
                const centre = (plan.gradientStart![row] + rows.centreRow[i] - rows.rowStart[i]) * 3 * width * nl;
                addStrainSums(plan.positions, centre, acc, offset + 9 * N * K + 3 * N * l * l, 3 * width, nl, N, -1);
              }
            }
          }
        : undefined;
    // only the pairs of centres some block asks for: a selection computes only its subset
    const needed = new Uint8Array(s.structure.length);
    for (const plan of plans) for (const [system, atom] of plan.samples) if (system === sIndex) needed[atom] = 1;
    const kept: number[] = [];
    for (let p = 0; p < pairs.length; p++) if (needed[pairs.i[p]]) kept.push(p);
    let values: Float64Array;
    if (kept.length === pairs.length) {
      values = expandPairs(s.structure, typeOfAtom, T, pairs, setup, sink, centreSink);
    } else {
      const subsetPairs: PairList = {
        length: kept.length,
        i: Int32Array.from(kept, (p) => pairs.i[p]),
        j: Int32Array.from(kept, (p) => pairs.j[p]),
        vectors: Float64Array.from(kept.flatMap((p) => [pairs.vectors[3 * p], pairs.vectors[3 * p + 1], pairs.vectors[3 * p + 2]])),
        distances: Float64Array.from(kept, (p) => pairs.distances[p]),
      };
      values = expandPairs(s.structure, typeOfAtom, T, subsetPairs, setup, sink ? (q, g, offset) => sink(kept[q], g, offset) : undefined, centreSink);
    }
    for (const plan of plans) {
      const width = 2 * plan.l + 1;
      plan.samples.forEach(([system, atom], row) => {
        if (system !== sIndex) return;
        const base = (atom * T + plan.t) * NK + plan.l * plan.l;
        for (let m = 0; m < width; m++) {
          for (let n = 0; n < plan.nl; n++) plan.values[(row * width + m) * plan.nl + n] = values[base + n * K + m];
        }
      });
    }
  });

  const blocks = plans.map((plan) => toBlock(plan, rowsOf));
  return new TensorMap(keys, blocks);
}

function subset(labels: Labels, rows: Int32Array): Labels {
  return new Labels(labels.names, Array.from(rows, (k) => Array.from(labels.entry(k))));
}

function toBlock(plan: BlockPlan, rowsOf: (s: number, t: number) => GradientRows): TensorBlock {
  const { l, nl, samples } = plan;
  const mu = new Labels('o3_mu', Array.from({ length: 2 * l + 1 }, (_, m) => [m - l]));
  const properties = Labels.range('n', nl);
  const block = new TensorBlock(plan.values, new Labels(['system', 'atom'], samples), [mu], properties);
  if (plan.positions) {
    const start = plan.gradientStart!;
    const labels = new Int32Array(start[samples.length] * 3);
    samples.forEach(([s, a], r) => {
      const rows = rowsOf(s, plan.t);
      for (let k = 0; k < start[r + 1] - start[r]; k++) {
        labels.set([r, s, rows.rowAtom[rows.rowStart[a] + k]], 3 * (start[r] + k));
      }
    });
    block.addGradient(
      'positions',
      new TensorBlock(plan.positions, Labels.fromUniqueRows(['sample', 'system', 'atom'], labels), [Labels.range('xyz', 3), mu], properties),
    );
  }
  if (plan.strain) {
    block.addGradient(
      'strain',
      new TensorBlock(plan.strain, Labels.range('sample', samples.length), [Labels.range('xyz_1', 3), Labels.range('xyz_2', 3), mu], properties),
    );
  }
  return block;
}

// Small monomorphic helpers for the scatter: the hot loops of compute() with gradients.

/** P[a + k] += g[s + k] for k < length. */
function addInto(P: Float64Array, a: number, g: Float64Array, s: number, length: number): void {
  for (let k = 0; k < length; k++) P[a + k] += g[s + k];
}

/** As addInto for rows of nl kept out of rows of N (ragged radial bases). */
function addIntoStrided(P: Float64Array, a: number, g: Float64Array, s: number, rows: number, nl: number, N: number): void {
  for (let r = 0; r < rows; r++) for (let n = 0; n < nl; n++) P[a + r * nl + n] += g[s + r * N + n];
}

/** S[out + r·nl + n] += sign · acc[src + r·N + n] for `rows` rows of nl ≤ N. */
function addStrainSums(S: Float64Array, out: number, acc: Float64Array, src: number, rows: number, nl: number, N: number, sign: number): void {
  if (nl === N) {
    for (let k = 0; k < rows * N; k++) S[out + k] += sign * acc[src + k];
    return;
  }
  for (let r = 0; r < rows; r++) for (let n = 0; n < nl; n++) S[out + r * nl + n] += sign * acc[src + r * N + n];
}
