// featomic's TensorMap layout of the expansion:
//   keys        (center_type, o3_lambda, o3_sigma, neighbor_type), o3_sigma = 1 (real harmonics of proper vectors)
//   samples     (system, atom), every atom of center_type in the selected samples
//   components  (o3_mu) = −λ..λ
//   properties  (n) = 0..(radial functions of λ) − 1
//   gradients   positions: samples (sample, system, atom), components (xyz), (o3_mu)
//               strain:    samples (sample),               components (xyz_1), (xyz_2), (o3_mu)
// ∂/∂strain ε_ab is for r → r + r·ε (positions and cell rows): Σ_pairs r_ij,a ∂c/∂r_ij,b.
import { Labels, TensorBlock, TensorMap } from '@equikit/core';
import type { PairExpansion } from './expansion/pair-expansion.js';

export type GradientParameter = 'positions' | 'strain';

export interface MapOptions {
  gradients: readonly GradientParameter[];
  selectedSamples?: Labels;
  selectedKeys?: Labels;
}

interface Shape {
  maxRadial: number;
  maxAngular: number;
  radialPerAngular: readonly number[];
}

/** Pairs of each centre, as index ranges into a permutation: CSR over centres. */
function pairsByCentre(expansion: PairExpansion): { start: Int32Array; order: Int32Array } {
  const pairs = expansion.pairs;
  const start = new Int32Array(expansion.nAtoms + 1);
  for (let p = 0; p < pairs.length; p++) start[pairs.i[p] + 1]++;
  for (let a = 0; a < expansion.nAtoms; a++) start[a + 1] += start[a];
  const fill = start.slice(0, expansion.nAtoms);
  const order = new Int32Array(pairs.length);
  for (let p = 0; p < pairs.length; p++) order[fill[pairs.i[p]]++] = p;
  return { start, order };
}

/** (center type, neighbour type) pairs that occur: a centre's own type, and the type of every listed neighbour. */
function occurringTypePairs(expansions: readonly PairExpansion[], types: Int32Array): Set<number> {
  const T = types.length;
  const seen = new Set<number>();
  for (const e of expansions) {
    for (let a = 0; a < e.nAtoms; a++) seen.add(e.typeOfAtom[a] * T + e.typeOfAtom[a]);
    for (let p = 0; p < e.pairs.length; p++) seen.add(e.typeOfAtom[e.pairs.i[p]] * T + e.typeOfAtom[e.pairs.j[p]]);
  }
  return seen;
}

export function buildTensorMap(
  expansions: readonly PairExpansion[],
  types: Int32Array,
  shape: Shape,
  options: MapOptions,
): TensorMap {
  const { maxRadial: N, maxAngular } = shape;
  const K = (maxAngular + 1) ** 2;
  const T = types.length;
  const occurring = occurringTypePairs(expansions, types);
  const keyRows: number[][] = [];
  for (let c = 0; c < T; c++) {
    for (let l = 0; l <= maxAngular; l++) {
      for (let t = 0; t < T; t++) if (occurring.has(c * T + t)) keyRows.push([types[c], l, 1, types[t]]);
    }
  }
  let keys = new Labels(['center_type', 'o3_lambda', 'o3_sigma', 'neighbor_type'], keyRows);
  if (options.selectedKeys) {
    const chosen = keys.select(options.selectedKeys);
    keys = new Labels(keys.names, Array.from(chosen, (k) => Array.from(keys.entry(k))));
  }

  const wantPositions = options.gradients.includes('positions');
  const wantStrain = options.gradients.includes('strain');
  const csr = wantPositions || wantStrain ? expansions.map(pairsByCentre) : [];

  // all (system, atom) samples, then the selection
  const allSamples: number[][] = [];
  expansions.forEach((e, s) => {
    for (let a = 0; a < e.nAtoms; a++) allSamples.push([s, a]);
  });
  let samplePool = new Labels(['system', 'atom'], allSamples);
  if (options.selectedSamples) {
    const chosen = samplePool.select(options.selectedSamples);
    samplePool = new Labels(samplePool.names, Array.from(chosen, (k) => Array.from(samplePool.entry(k))));
  }

  const blocks: TensorBlock[] = [];
  for (let k = 0; k < keys.count; k++) {
    const [centerType, l, , neighborType] = keys.entry(k);
    const c = types.indexOf(centerType);
    const t = types.indexOf(neighborType);
    const nl = shape.radialPerAngular[l];
    const width = 2 * l + 1;
    const samples: number[][] = [];
    for (let r = 0; r < samplePool.count; r++) {
      const [s, a] = samplePool.entry(r);
      if (expansions[s].typeOfAtom[a] === c) samples.push([s, a]);
    }
    const values = new Float64Array(samples.length * width * nl);
    samples.forEach(([s, a], row) => {
      const source = expansions[s].values;
      const base = (a * T + t) * N * K;
      for (let m = 0; m < width; m++) {
        for (let n = 0; n < nl; n++) values[(row * width + m) * nl + n] = source[base + n * K + l * l + m];
      }
    });
    const mu = new Labels('o3_mu', Array.from({ length: width }, (_, m) => [m - l]));
    const properties = Labels.range('n', nl);
    const block = new TensorBlock(values, new Labels(['system', 'atom'], samples), [mu], properties);

    if (wantPositions) block.addGradient('positions', positionGradient(expansions, csr, samples, t, l, nl, N, K, mu, properties));
    if (wantStrain) block.addGradient('strain', strainGradient(expansions, csr, samples, t, l, nl, N, K, mu, properties));
    blocks.push(block);
  }
  return new TensorMap(keys, blocks);
}

function positionGradient(
  expansions: readonly PairExpansion[],
  csr: readonly { start: Int32Array; order: Int32Array }[],
  samples: number[][],
  t: number,
  l: number,
  nl: number,
  N: number,
  K: number,
  mu: Labels,
  properties: Labels,
): TensorBlock {
  const width = 2 * l + 1;
  const rowSize = 3 * width * nl;
  const rows: number[][] = [];
  const chunks: Float64Array[] = [];
  samples.forEach(([s, i], sample) => {
    const e = expansions[s];
    const pairs = e.pairs;
    const gradients = pairs.gradients!;
    const { start, order } = csr[s];
    // the atoms this sample depends on, each with its accumulated derivative
    const byAtom = new Map<number, Float64Array>();
    for (let q = start[i]; q < start[i + 1]; q++) {
      const p = order[q];
      const j = pairs.j[p];
      if (j === i || e.typeOfAtom[j] !== t) continue; // images of the centre cancel out
      const gJ = byAtom.get(j) ?? new Float64Array(rowSize);
      byAtom.set(j, gJ);
      const gI = byAtom.get(i) ?? new Float64Array(rowSize);
      byAtom.set(i, gI);
      for (let x = 0; x < 3; x++) {
        const from = (p * 3 + x) * N * K + l * l;
        for (let m = 0; m < width; m++) {
          for (let n = 0; n < nl; n++) {
            const g = gradients[from + n * K + m];
            gJ[(x * width + m) * nl + n] += g;
            gI[(x * width + m) * nl + n] -= g;
          }
        }
      }
    }
    for (const atom of [...byAtom.keys()].sort((a, b) => a - b)) {
      rows.push([sample, s, atom]);
      chunks.push(byAtom.get(atom)!);
    }
  });
  const values = new Float64Array(rows.length * rowSize);
  chunks.forEach((chunk, r) => values.set(chunk, r * rowSize));
  const xyz = Labels.range('xyz', 3);
  return new TensorBlock(values, new Labels(['sample', 'system', 'atom'], rows), [xyz, mu], properties);
}

function strainGradient(
  expansions: readonly PairExpansion[],
  csr: readonly { start: Int32Array; order: Int32Array }[],
  samples: number[][],
  t: number,
  l: number,
  nl: number,
  N: number,
  K: number,
  mu: Labels,
  properties: Labels,
): TensorBlock {
  const width = 2 * l + 1;
  const rowSize = 9 * width * nl;
  const values = new Float64Array(samples.length * rowSize);
  samples.forEach(([s, i], sample) => {
    const e = expansions[s];
    const pairs = e.pairs;
    const gradients = pairs.gradients!;
    const { start, order } = csr[s];
    const out = sample * rowSize;
    for (let q = start[i]; q < start[i + 1]; q++) {
      const p = order[q];
      if (e.typeOfAtom[pairs.j[p]] !== t) continue; // images of the centre do count: the cell deforms them
      for (let a = 0; a < 3; a++) {
        const ra = pairs.vectors[3 * p + a];
        for (let b = 0; b < 3; b++) {
          const from = (p * 3 + b) * N * K + l * l;
          const to = out + (a * 3 + b) * width * nl;
          for (let m = 0; m < width; m++) {
            for (let n = 0; n < nl; n++) values[to + m * nl + n] += ra * gradients[from + n * K + m];
          }
        }
      }
    }
  });
  return new TensorBlock(
    values,
    new Labels(['sample'], samples.map((_, r) => [r])),
    [Labels.range('xyz_1', 3), Labels.range('xyz_2', 3), mu],
    properties,
  );
}
