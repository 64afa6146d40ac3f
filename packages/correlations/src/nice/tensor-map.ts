// compute(): every selected (ν, λ, σ) block of the NICE iteration as a core TensorMap, with
// position and strain gradients pushed forward pair by pair (streamPairTangents).
//   keys        (order_nu, o3_lambda, o3_sigma, center_type)
//   samples     (system, atom)
//   components  (o3_mu) = −λ … λ
//   properties  (property) = 0 … size − 1: the channels of (ν, λ, σ) in plan order
//   positions   samples (sample, system, atom): the centre and each neighbour; components (xyz), (o3_mu)
//   strain      samples (sample); components (xyz_1), (xyz_2), (o3_mu)
import { Labels, TensorBlock, TensorMap, type BackendName, type Structure } from '@equikit/core';
import { type PairList, type SphericalExpansion } from '@equikit/density';
import type { CentreMap } from '../centre-map.js';
import { expandAndMap, streamPairTangents } from '../driver.js';
import { SpeciesMixingMap } from '../species/mixing-map.js';
import { NiceMap } from './nice-map.js';
import { KEY_NAMES } from './options.js';
import type { NicePlan } from './plan.js';

export interface NiceTensorMapOptions {
  positions: boolean;
  strain: boolean;
  selectedKeys: Labels | null;
  /** Only these samples: Labels over some of (system, atom). */
  selectedSamples: Labels | null;
  backend?: BackendName;
  /** A species compression's W (channels × species.length, the plan's species axis being the channels), or null. */
  mixing: Float64Array | null;
}

interface Group {
  nu: number;
  lambda: number;
  sigma: number;
  channels: number[];
}

/** The (ν, λ, σ) groups of non-empty channels, in plan order. */
export function keyGroups(plan: NicePlan): Group[] {
  const groups: Group[] = [];
  plan.orders.forEach((indices, k) => {
    for (const c of indices) {
      const ch = plan.channels[c];
      if (ch.size === 0) continue;
      const last = groups[groups.length - 1];
      if (last && last.nu === k + 1 && last.lambda === ch.lambda && last.sigma === ch.sigma) last.channels.push(c);
      else groups.push({ nu: k + 1, lambda: ch.lambda, sigma: ch.sigma, channels: [c] });
    }
  });
  return groups;
}

interface StructureResult {
  values: Float64Array;
  /** Gradient rows of centre i: rowStart[i] … rowStart[i+1] − 1, atoms rowAtom[·]. */
  rowStart?: Int32Array;
  rowAtom?: Int32Array;
  positions?: Float64Array;
  strain?: Float64Array;
}

export function computeNiceTensorMap(
  expansion: SphericalExpansion,
  plan: NicePlan,
  structures: readonly Structure[],
  species: Int32Array,
  options: NiceTensorMapOptions,
): TensorMap {
  const groups = keyGroups(plan);
  const centreTypes = [...new Set(structures.flatMap((s) => Array.from(s.numbers)))].sort((a, b) => a - b);
  const rows: number[][] = [];
  const rowGroup: number[] = [];
  groups.forEach((g, k) => {
    for (const t of centreTypes) {
      rows.push([g.nu, g.lambda, g.sigma, t]);
      rowGroup.push(k);
    }
  });
  let keys = new Labels([...KEY_NAMES], rows);
  let keyGroup = rowGroup;
  if (options.selectedKeys) {
    const kept = keys.select(options.selectedKeys);
    keys = new Labels([...KEY_NAMES], Array.from(kept, (k) => rows[k]));
    keyGroup = Array.from(kept, (k) => rowGroup[k]);
  }
  // the map computes only the groups some selected key needs
  const usedGroups = [...new Set(keyGroup)].sort((a, b) => a - b);
  const slot = new Map(usedGroups.map((g, k) => [g, k]));
  const map = new NiceMap(
    plan,
    usedGroups.map((g) => groups[g].channels),
    { maxRadial: expansion.hypers.maxRadial },
  );
  const F = map.outputSize;
  const centreMap: CentreMap = options.mixing ? new SpeciesMixingMap(map, options.mixing, species.length) : map;
  // samples of each centre type, after selectedSamples
  let pool: number[][] = structures.flatMap((structure, s) => Array.from({ length: structure.length }, (_, i) => [s, i]));
  if (options.selectedSamples) {
    const all = new Labels(['system', 'atom'], pool);
    pool = Array.from(all.select(options.selectedSamples), (k) => pool[k]);
  }
  const centreSamples = centreTypes.map((z) => pool.filter(([s, i]) => structures[s].numbers[i] === z));
  const results = structures.map((s) => computeStructure(expansion, centreMap, s, species, options));

  const blocks: TensorBlock[] = [];
  for (let k = 0; k < keys.count; k++) {
    const [, lambda, , centreType] = keys.entry(k);
    const g = slot.get(keyGroup[k])!;
    const width = 2 * lambda + 1;
    const size = map.groupSizes[g];
    const length = width * size;
    const from = map.groupOffsets[g];
    const samples = centreSamples[centreTypes.indexOf(centreType)];
    const values = new Float64Array(samples.length * length);
    samples.forEach(([s, i], row) => values.set(results[s].values.subarray(i * F + from, i * F + from + length), row * length));
    const mu = new Labels('o3_mu', Array.from({ length: width }, (_, m) => [m - lambda]));
    const properties = Labels.range('property', size);
    const block = new TensorBlock(values, new Labels(['system', 'atom'], samples), [mu], properties);
    if (options.positions) {
      const labels: number[] = [];
      let count = 0;
      samples.forEach(([s, i], row) => {
        const r = results[s];
        for (let q = r.rowStart![i]; q < r.rowStart![i + 1]; q++) {
          labels.push(row, s, r.rowAtom![q]);
          count++;
        }
      });
      const positions = new Float64Array(count * 3 * length);
      let q0 = 0;
      samples.forEach(([s, i]) => {
        const r = results[s];
        for (let q = r.rowStart![i]; q < r.rowStart![i + 1]; q++, q0++) {
          for (let x = 0; x < 3; x++) positions.set(r.positions!.subarray((q * 3 + x) * F + from, (q * 3 + x) * F + from + length), (q0 * 3 + x) * length);
        }
      });
      block.addGradient(
        'positions',
        new TensorBlock(positions, Labels.fromUniqueRows(['sample', 'system', 'atom'], Int32Array.from(labels)), [Labels.range('xyz', 3), mu], properties),
      );
    }
    if (options.strain) {
      const strain = new Float64Array(samples.length * 9 * length);
      samples.forEach(([s, i], row) => {
        for (let ab = 0; ab < 9; ab++) strain.set(results[s].strain!.subarray((i * 9 + ab) * F + from, (i * 9 + ab) * F + from + length), (row * 9 + ab) * length);
      });
      block.addGradient('strain', new TensorBlock(strain, Labels.range('sample', samples.length), [Labels.range('xyz_1', 3), Labels.range('xyz_2', 3), mu], properties));
    }
    blocks.push(block);
  }
  return new TensorMap(keys, blocks);
}

function computeStructure(expansion: SphericalExpansion, map: CentreMap, s: Structure, species: Int32Array, options: NiceTensorMapOptions): StructureResult {
  const F = map.outputSize;
  const n = s.length;
  const { coefficients, values, pairs } = expandAndMap(expansion, map, s, species, options.backend);
  const result: StructureResult = { values };
  if (!options.positions && !options.strain) return result;
  let pairRow: Int32Array | undefined;
  let centreRow: Int32Array | undefined;
  if (options.positions) {
    const rowsOfCentre = gradientRows(pairs, n);
    result.rowStart = rowsOfCentre.rowStart;
    result.rowAtom = rowsOfCentre.rowAtom;
    pairRow = rowsOfCentre.pairRow;
    centreRow = rowsOfCentre.centreRow;
    result.positions = new Float64Array(rowsOfCentre.rowStart[n] * 3 * F);
  }
  if (options.strain) result.strain = new Float64Array(n * 9 * F);
  streamPairTangents(expansion, map, s, species, coefficients, options.backend, (i, j, p, list, tangent) => {
    if (result.positions && i !== j) {
      const neighbour = pairRow![p] * 3 * F;
      const centre = centreRow![i] * 3 * F;
      for (let k = 0; k < 3 * F; k++) {
        result.positions[neighbour + k] += tangent[k];
        result.positions[centre + k] -= tangent[k];
      }
    }
    if (result.strain) {
      const base = i * 9 * F;
      for (let a = 0; a < 3; a++) {
        const ra = list.vectors[3 * p + a];
        for (let b = 0; b < 3; b++) {
          const o = base + (3 * a + b) * F;
          for (let f = 0; f < F; f++) result.strain[o + f] += ra * tangent[b * F + f];
        }
      }
    }
  });
  return result;
}

/** Per centre, the sorted atoms whose positions its features depend on: itself and its neighbours (none if it has none). */
function gradientRows(pairs: PairList, n: number) {
  const members: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (let p = 0; p < pairs.length; p++) if (pairs.i[p] !== pairs.j[p]) members[pairs.i[p]].add(pairs.j[p]);
  const rowStart = new Int32Array(n + 1);
  const atoms: number[] = [];
  const lookup: Map<number, number>[] = [];
  const centreRow = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const list = members[i].size > 0 ? [...members[i], i].sort((a, b) => a - b) : [];
    const local = new Map<number, number>();
    list.forEach((atom, k) => local.set(atom, atoms.length + k));
    lookup.push(local);
    if (list.length > 0) centreRow[i] = local.get(i)!;
    atoms.push(...list);
    rowStart[i + 1] = atoms.length;
  }
  const pairRow = new Int32Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) if (pairs.i[p] !== pairs.j[p]) pairRow[p] = lookup[pairs.i[p]].get(pairs.j[p])!;
  return { rowStart, rowAtom: Int32Array.from(atoms), pairRow, centreRow };
}
