// Any CentreMap's features of several structures as a featomic-style TensorMap:
//   keys        (center_type, ...layout.keyNames)
//   samples     (system, atom): every atom of center_type (after selectedSamples)
//   components  the block's own (none for invariants, o3_mu for λ-SOAP)
//   gradients   positions: samples (sample, system, atom), components (xyz, ...)
//               strain:    samples (sample),               components (xyz_1, xyz_2, ...)
// as in packages/density/src/tensor-map.ts. A positions-gradient row exists for the centre and
// each neighbour whose type the block depends on: memory is samples × neighbours × features,
// never atoms². The pair tangents come from driver.ts's streamPairTangents, one structure at a
// time, and are scattered straight into the blocks.
import { Labels, TensorBlock, TensorMap, type BackendName, type Structure } from '@equikit/core';
import { typeIndex, type PairList, type SphericalExpansion } from '@equikit/density';
import type { CentreMap } from './centre-map.js';
import { expandAndMap, streamPairTangents } from './driver.js';
import { blockSize, type FeatureBlock, type FeatureLayout } from './tensor-map-layout.js';
import type { GradientName } from './invariant-calculator.js';

export interface FeatureMapOptions {
  gradients: readonly GradientName[];
  selectedSamples?: Labels;
  selectedKeys?: Labels;
  backend?: BackendName;
}

interface Prepared {
  structure: Structure;
  typeOf: Int32Array;
  pairs: PairList;
  /** Freed once the structure is done. */
  values?: Float64Array;
  coefficients?: Float64Array;
}

/** Position-gradient rows of one structure for one set of neighbour types (density's scheme). */
interface GradientRows {
  /** Rows of centre i: rowStart[i] … rowStart[i+1]−1, numbered within the structure. */
  rowStart: Int32Array;
  rowAtom: Int32Array;
  /** Row of pair p's neighbour; −1 for an image of the centre or a type the block ignores. */
  pairRow: Int32Array;
  /** Row of the centre itself; −1 when it has no neighbour of these types. */
  centreRow: Int32Array;
}

interface BlockPlan {
  c: number;
  block: FeatureBlock;
  size: number;
  /** mask[t] = 1 when neighbours of type t move the block (FeatureBlock.gradientTypes). */
  mask: Uint8Array;
  maskKey: string;
  samples: number[][];
  /** Per structure, per atom: its row in this block, −1 if absent. */
  sampleRow: Int32Array[];
  /** Per structure, with positions gradients. */
  rows?: GradientRows[];
  gradientStart?: Int32Array;
  values: Float64Array;
  positions?: Float64Array;
  strain?: Float64Array;
}

export function computeFeatureTensorMap(
  expansion: SphericalExpansion,
  map: CentreMap,
  layout: FeatureLayout,
  structures: readonly Structure[],
  species: Int32Array,
  options: FeatureMapOptions,
): TensorMap {
  const T = species.length;
  const F = map.outputSize;
  const prepared: Prepared[] = structures.map((structure) => {
    const typeOf = typeIndex(structure, species);
    const { coefficients, values, pairs } = expandAndMap(expansion, map, structure, species, options.backend);
    return { structure, typeOf, pairs, values, coefficients };
  });

  // neighbour types met by each centre type (its own type always: the centre's density)
  const around = new Uint8Array(T * T);
  const centreTypes = new Uint8Array(T);
  for (const s of prepared) {
    for (let a = 0; a < s.structure.length; a++) {
      centreTypes[s.typeOf[a]] = 1;
      around[s.typeOf[a] * T + s.typeOf[a]] = 1;
    }
    for (let p = 0; p < s.pairs.length; p++) around[s.typeOf[s.pairs.i[p]] * T + s.typeOf[s.pairs.j[p]]] = 1;
  }
  const candidates: { c: number; block: FeatureBlock }[] = [];
  for (let c = 0; c < T; c++) {
    if (!centreTypes[c]) continue;
    for (const block of layout.blocks) {
      if (block.neighbourTypes === 'all' || block.neighbourTypes.every((t) => around[c * T + t])) candidates.push({ c, block });
    }
  }
  const allKeys = new Labels(
    ['center_type', ...layout.keyNames],
    candidates.map(({ c, block }) => [species[c], ...block.key]),
  );
  const kept = options.selectedKeys ? Array.from(allKeys.select(options.selectedKeys)) : candidates.map((_, k) => k);
  const keys = new Labels(allKeys.names, kept.map((k) => Array.from(allKeys.entry(k))));

  let pool = new Labels(['system', 'atom'], prepared.flatMap((s, k) => Array.from({ length: s.structure.length }, (_, a) => [k, a])));
  if (options.selectedSamples) pool = new Labels(pool.names, Array.from(pool.select(options.selectedSamples), (r) => Array.from(pool.entry(r))));

  const wantPositions = options.gradients.includes('positions');
  const wantStrain = options.gradients.includes('strain');
  const rowCache = new Map<string, GradientRows>();
  const rowsOf = (s: number, plan: BlockPlan) => {
    const id = `${s}:${plan.maskKey}`;
    let rows = rowCache.get(id);
    if (!rows) rowCache.set(id, (rows = gradientRows(prepared[s], plan.mask)));
    return rows;
  };

  const plans: BlockPlan[] = kept.map((k) => {
    const { c, block } = candidates[k];
    const mask = new Uint8Array(T);
    const moving = block.gradientTypes ?? block.neighbourTypes;
    if (moving === 'all') mask.fill(1);
    else for (const t of moving) mask[t] = 1;
    const size = blockSize(block);
    const sampleRow = prepared.map((s) => new Int32Array(s.structure.length).fill(-1));
    const samples: number[][] = [];
    for (let r = 0; r < pool.count; r++) {
      const [s, a] = pool.entry(r);
      if (prepared[s].typeOf[a] !== c) continue;
      sampleRow[s][a] = samples.length;
      samples.push([s, a]);
    }
    const plan: BlockPlan = { c, block, size, mask, maskKey: mask.join(''), samples, sampleRow, values: new Float64Array(samples.length * size) };
    if (wantPositions) {
      plan.rows = prepared.map((_, s) => rowsOf(s, plan));
      const gradientStart = new Int32Array(samples.length + 1);
      samples.forEach(([s, a], r) => {
        const rows = plan.rows![s];
        gradientStart[r + 1] = gradientStart[r] + rows.rowStart[a + 1] - rows.rowStart[a];
      });
      plan.gradientStart = gradientStart;
      plan.positions = new Float64Array(gradientStart[samples.length] * 3 * size);
    }
    if (wantStrain) plan.strain = new Float64Array(samples.length * 9 * size);
    return plan;
  });
  const byCentre: BlockPlan[][] = Array.from({ length: T }, () => []);
  for (const plan of plans) byCentre[plan.c].push(plan);

  prepared.forEach((s, sIndex) => {
    const values = s.values!;
    const needed = new Uint8Array(s.structure.length);
    for (const plan of plans) {
      for (let a = 0; a < s.structure.length; a++) {
        const row = plan.sampleRow[sIndex][a];
        if (row < 0) continue;
        needed[a] = 1;
        plan.values.set(values.subarray(a * F + plan.block.offset, a * F + plan.block.offset + plan.size), row * plan.size);
      }
    }
    if ((wantPositions || wantStrain) && needed.includes(1)) {
      const { typeOf } = s;
      // a selection computes the tangents of its centres only
      const streamed = needed.includes(0) ? new SelectedCentres(map, needed) : map;
      streamPairTangents(expansion, streamed, s.structure, species, s.coefficients!, options.backend, (i, j, p, pairs, tangent) => {
        if (!needed[i]) return;
        for (const plan of byCentre[typeOf[i]]) {
          const row = plan.sampleRow[sIndex][i];
          if (row < 0 || !plan.mask[typeOf[j]]) continue;
          const { size } = plan;
          const offset = plan.block.offset;
          if (plan.positions && i !== j) {
            const rows = plan.rows![sIndex];
            const first = plan.gradientStart![row] - rows.rowStart[i];
            const neighbour = (first + rows.pairRow[p]) * 3 * size;
            const centre = (first + rows.centreRow[i]) * 3 * size;
            for (let x = 0; x < 3; x++) {
              const from = x * F + offset;
              const P = plan.positions;
              for (let k = 0; k < size; k++) {
                P[neighbour + x * size + k] += tangent[from + k];
                P[centre + x * size + k] -= tangent[from + k];
              }
            }
          }
          if (plan.strain) {
            const r = pairs.vectors;
            for (let a = 0; a < 3; a++) {
              const ra = r[3 * p + a];
              for (let b = 0; b < 3; b++) {
                const to = (row * 9 + 3 * a + b) * size;
                const from = b * F + offset;
                for (let k = 0; k < size; k++) plan.strain[to + k] += ra * tangent[from + k];
              }
            }
          }
        }
      });
    }
    s.values = undefined;
    s.coefficients = undefined;
  });

  return new TensorMap(
    keys,
    plans.map((plan) => toBlock(plan)),
  );
}

function gradientRows(s: Prepared, mask: Uint8Array): GradientRows {
  const nAtoms = s.structure.length;
  const { pairs, typeOf } = s;
  const start = new Int32Array(nAtoms + 1);
  for (let p = 0; p < pairs.length; p++) start[pairs.i[p] + 1]++;
  for (let a = 0; a < nAtoms; a++) start[a + 1] += start[a];
  const fill = start.slice(0, nAtoms);
  const order = new Int32Array(pairs.length);
  for (let p = 0; p < pairs.length; p++) order[fill[pairs.i[p]]++] = p;

  const rowStart = new Int32Array(nAtoms + 1);
  const pairRow = new Int32Array(pairs.length).fill(-1);
  const centreRow = new Int32Array(nAtoms).fill(-1);
  const localOf = new Int32Array(nAtoms).fill(-1);
  const atoms: number[] = [];
  for (let i = 0; i < nAtoms; i++) {
    const members: number[] = [];
    for (let q = start[i]; q < start[i + 1]; q++) {
      const j = pairs.j[order[q]];
      if (j !== i && mask[typeOf[j]] && localOf[j] === -1) {
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
      if (j !== i && mask[typeOf[j]]) pairRow[p] = localOf[j];
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

function toBlock(plan: BlockPlan): TensorBlock {
  const { samples, block } = plan;
  const result = new TensorBlock(plan.values, new Labels(['system', 'atom'], samples), block.components, block.properties);
  if (plan.positions) {
    const start = plan.gradientStart!;
    const labels = new Int32Array(start[samples.length] * 3);
    samples.forEach(([s, a], r) => {
      const rows = plan.rows![s];
      for (let k = 0; k < start[r + 1] - start[r]; k++) labels.set([r, s, rows.rowAtom[rows.rowStart[a] + k]], 3 * (start[r] + k));
    });
    result.addGradient(
      'positions',
      new TensorBlock(plan.positions, Labels.fromUniqueRows(['sample', 'system', 'atom'], labels), [Labels.range('xyz', 3), ...block.components], block.properties),
    );
  }
  if (plan.strain) {
    result.addGradient(
      'strain',
      new TensorBlock(plan.strain, Labels.range('sample', samples.length), [Labels.range('xyz_1', 3), Labels.range('xyz_2', 3), ...block.components], block.properties),
    );
  }
  return result;
}

/** Skips the pushforward of centres no selected sample needs (their tangents are then unused). */
class SelectedCentres implements CentreMap {
  readonly inputSize: number;
  readonly outputSize: number;

  constructor(
    private readonly inner: CentreMap,
    private readonly needed: Uint8Array,
  ) {
    this.inputSize = inner.inputSize;
    this.outputSize = inner.outputSize;
  }

  /** The inner map on `backend`, behind the same selection (for maps that run on several backends). */
  withBackend(backend: BackendName): CentreMap {
    const inner = this.inner as CentreMap & { withBackend?: (backend: BackendName) => CentreMap };
    return typeof inner.withBackend === 'function' ? new SelectedCentres(inner.withBackend(backend), this.needed) : this;
  }

  forward(c: Float64Array, cOffset: number, out: Float64Array, outOffset: number): void {
    this.inner.forward(c, cOffset, out, outOffset);
  }

  pushforward(c: Float64Array, cOffset: number, dc: Float64Array, t: number, out: Float64Array): void {
    if (this.needed[cOffset / this.inputSize]) this.inner.pushforward(c, cOffset, dc, t, out);
  }

  pullback(c: Float64Array, cOffset: number, gX: Float64Array, gOffset: number, out: Float64Array): void {
    this.inner.pullback(c, cOffset, gX, gOffset, out);
  }
}
