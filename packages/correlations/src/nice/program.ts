// A NicePlan compiled for one set of outputs into flat tables that NiceMap's loops read:
// which channels to compute (only those the outputs depend on), where each lives in one
// workspace, the couplings (parent, density) with their gathered property pairs, every distinct
// (m1, m2) product of a coupling once with the CG entries it feeds, and the PCA rows that
// something downstream reads (rows no selected product and no output uses are never computed).
import { dependencies, type NicePlan } from './plan.js';

export interface NiceProgram {
  /** Workspace doubles: [M][size] values of each computed channel, then [M][expandedSize] products of each projected one. */
  total: number;
  /** ν = 1 channels to read: their l and where they go (values, or products when ν = 1 is projected). */
  readL: Int32Array;
  readDst: Int32Array;
  /** Orders 1 … maxOrder: couplings orderGroups[o] … orderGroups[o + 1] − 1 and projections likewise form order o + 1. */
  orderCount: number;
  orderGroups: Int32Array;
  orderProjections: Int32Array;
  /** Per coupling g: parent values (offset, properties per M, 2k+1), density values (offset, properties, 2l+1), pairs. */
  gParent: Int32Array;
  gP1: Int32Array;
  gW1: Int32Array;
  gDensity: Int32Array;
  gQ: Int32Array;
  gW2: Int32Array;
  gN: Int32Array;
  /** First pair of g in pIdx / qIdx. */
  gPairs: Int32Array;
  /** Offset of g's gathered rows in the gather buffer: Xg [2k+1][n], then Yg [2l+1][n]. */
  gGather: Int32Array;
  /** Products of g: gProducts[g] … gProducts[g + 1] − 1. */
  gProducts: Int32Array;
  pIdx: Int32Array;
  qIdx: Int32Array;
  /** Per product u: the factor rows m1, m2 and its entries prodEntries[u] … prodEntries[u + 1] − 1. */
  prodM1: Int32Array;
  prodM2: Int32Array;
  prodEntries: Int32Array;
  /** Per entry: workspace offset of the target row (M, term offset) and the CG weight. */
  entDst: Int32Array;
  entW: Float64Array;
  /** Per projection j: the matrix [R][P], the rows computed, products at src, values at dst. */
  projMatrix: Float64Array[];
  projRows: Int32Array[];
  projP: Int32Array;
  projR: Int32Array;
  projWidth: Int32Array;
  projSrc: Int32Array;
  projDst: Int32Array;
  /** Output copies s: width rows of size doubles from copyFrom (stride size) to copyTo (stride copyStride). */
  copyFrom: Int32Array;
  copyTo: Int32Array;
  copySize: Int32Array;
  copyStride: Int32Array;
  copyWidth: Int32Array;
  gatherSize: number;
  maxPairs: number;
  /** Largest 2l + 1 of any factor. */
  maxFactor: number;
}

export function compileProgram(plan: NicePlan, outputs: readonly (readonly number[])[], groupOffsets: readonly number[], groupSizes: readonly number[]): NiceProgram {
  const { channels, projections } = plan;
  const active = [...dependencies(channels, outputs.flat())].sort((a, b) => a - b);
  const isActive = new Uint8Array(channels.length);
  for (const c of active) isActive[c] = 1;
  const valuesAt = new Int32Array(channels.length).fill(-1);
  const productsAt = new Int32Array(channels.length).fill(-1);
  let total = 0;
  for (const c of active) {
    valuesAt[c] = total;
    total += (2 * channels[c].lambda + 1) * channels[c].size;
  }
  for (const c of active) {
    if (!projections[c]) continue;
    productsAt[c] = total;
    total += (2 * channels[c].lambda + 1) * channels[c].expandedSize;
  }
  const targetOf = (c: number) => (projections[c] ? productsAt[c] : valuesAt[c]);

  const reads = active.filter((c) => channels[c].nu === 1);
  const maxOrder = plan.orders.length;

  // couplings of each order, in (parent, density) order
  interface Coupling {
    parent: number;
    density: number;
    terms: { channel: number; term: NicePlan['channels'][number]['terms'][number] }[];
  }
  const couplings: Coupling[][] = Array.from({ length: maxOrder }, () => []);
  for (const c of active) {
    const ch = channels[c];
    if (ch.nu === 1) continue;
    const list = couplings[ch.nu - 1];
    for (const term of ch.terms) {
      let coupling = list.find((k) => k.parent === term.parent && k.density === term.density);
      if (!coupling) list.push((coupling = { parent: term.parent, density: term.density, terms: [] }));
      coupling.terms.push({ channel: c, term });
    }
  }
  for (const list of couplings) list.sort((a, b) => a.parent - b.parent || a.density - b.density);

  // the properties of each projected channel that anything reads
  const needed: Set<number>[] = channels.map(() => new Set<number>());
  const all = new Uint8Array(channels.length);
  for (const c of outputs.flat()) all[c] = 1;

  const gParent: number[] = [];
  const gP1: number[] = [];
  const gW1: number[] = [];
  const gDensity: number[] = [];
  const gQ: number[] = [];
  const gW2: number[] = [];
  const gN: number[] = [];
  const gPairs: number[] = [];
  const gGather: number[] = [];
  const gProducts: number[] = [0];
  const pIdx: number[] = [];
  const qIdx: number[] = [];
  const prodM1: number[] = [];
  const prodM2: number[] = [];
  const prodEntries: number[] = [0];
  const entDst: number[] = [];
  const entW: number[] = [];
  const orderGroups = [0];
  let gatherSize = 0;
  let maxPairs = 0;
  let maxFactor = 1;
  for (let o = 0; o < maxOrder; o++) {
    for (const coupling of couplings[o]) {
      const parent = channels[coupling.parent];
      const dens = channels[coupling.density];
      const first = coupling.terms[0].term;
      const n = first.count;
      if (coupling.terms.some(({ term }) => term.count !== n || term.pairs !== first.pairs)) throw new Error('internal: the terms of one coupling expand different pairs');
      gParent.push(valuesAt[coupling.parent]);
      gP1.push(parent.size);
      gW1.push(2 * parent.lambda + 1);
      gDensity.push(valuesAt[coupling.density]);
      gQ.push(dens.size);
      gW2.push(2 * dens.lambda + 1);
      gN.push(n);
      gPairs.push(pIdx.length);
      gGather.push(gatherSize);
      gatherSize += (2 * parent.lambda + 1 + 2 * dens.lambda + 1) * n;
      maxPairs = Math.max(maxPairs, n);
      maxFactor = Math.max(maxFactor, 2 * parent.lambda + 1, 2 * dens.lambda + 1);
      for (let k = 0; k < n; k++) {
        const p = first.pairs ? first.pairs.p[k] : Math.floor(k / dens.size);
        const q = first.pairs ? first.pairs.q[k] : k % dens.size;
        pIdx.push(p);
        qIdx.push(q);
        needed[coupling.parent].add(p);
        needed[coupling.density].add(q);
      }
      // every (m1, m2) product once, with the entries (target row, weight) it feeds
      const products = new Map<number, { dst: number[]; w: number[] }>();
      const width2 = 2 * dens.lambda + 1;
      for (const { channel, term } of coupling.terms) {
        const base = targetOf(channel);
        const P = channels[channel].expandedSize;
        for (let e = 0; e < term.w.length; e++) {
          const key = term.m1[e] * width2 + term.m2[e];
          let product = products.get(key);
          if (!product) products.set(key, (product = { dst: [], w: [] }));
          product.dst.push(base + term.M[e] * P + term.offset);
          product.w.push(term.w[e]);
        }
      }
      for (const key of [...products.keys()].sort((a, b) => a - b)) {
        const product = products.get(key)!;
        prodM1.push(Math.floor(key / width2));
        prodM2.push(key % width2);
        for (let e = 0; e < product.dst.length; e++) {
          entDst.push(product.dst[e]);
          entW.push(product.w[e]);
        }
        prodEntries.push(entDst.length);
      }
      gProducts.push(prodM1.length);
    }
    orderGroups.push(gParent.length);
  }

  const projMatrix: Float64Array[] = [];
  const projRows: Int32Array[] = [];
  const projP: number[] = [];
  const projR: number[] = [];
  const projWidth: number[] = [];
  const projSrc: number[] = [];
  const projDst: number[] = [];
  const orderProjections = [0];
  for (let o = 0; o < maxOrder; o++) {
    for (const c of active) {
      const ch = channels[c];
      if (ch.nu !== o + 1 || !projections[c]) continue;
      projMatrix.push(projections[c]!);
      projRows.push(all[c] ? Int32Array.from({ length: ch.size }, (_, r) => r) : Int32Array.from([...needed[c]].sort((a, b) => a - b)));
      projP.push(ch.expandedSize);
      projR.push(ch.size);
      projWidth.push(2 * ch.lambda + 1);
      projSrc.push(productsAt[c]);
      projDst.push(valuesAt[c]);
    }
    orderProjections.push(projMatrix.length);
  }

  const copyFrom: number[] = [];
  const copyTo: number[] = [];
  const copySize: number[] = [];
  const copyStride: number[] = [];
  const copyWidth: number[] = [];
  outputs.forEach((group, g) => {
    let prefix = 0;
    for (const c of group) {
      const ch = channels[c];
      copyFrom.push(valuesAt[c]);
      copyTo.push(groupOffsets[g] + prefix);
      copySize.push(ch.size);
      copyStride.push(groupSizes[g]);
      copyWidth.push(2 * ch.lambda + 1);
      prefix += ch.size;
    }
  });

  const i32 = (a: number[]) => Int32Array.from(a);
  return {
    total,
    readL: Int32Array.from(reads, (c) => channels[c].lambda),
    readDst: Int32Array.from(reads, (c) => targetOf(c)),
    orderCount: maxOrder,
    orderGroups: i32(orderGroups),
    orderProjections: i32(orderProjections),
    gParent: i32(gParent),
    gP1: i32(gP1),
    gW1: i32(gW1),
    gDensity: i32(gDensity),
    gQ: i32(gQ),
    gW2: i32(gW2),
    gN: i32(gN),
    gPairs: i32(gPairs),
    gGather: i32(gGather),
    gProducts: i32(gProducts),
    pIdx: i32(pIdx),
    qIdx: i32(qIdx),
    prodM1: i32(prodM1),
    prodM2: i32(prodM2),
    prodEntries: i32(prodEntries),
    entDst: i32(entDst),
    entW: Float64Array.from(entW),
    projMatrix,
    projRows,
    projP: i32(projP),
    projR: i32(projR),
    projWidth: i32(projWidth),
    projSrc: i32(projSrc),
    projDst: i32(projDst),
    copyFrom: i32(copyFrom),
    copyTo: i32(copyTo),
    copySize: i32(copySize),
    copyStride: i32(copyStride),
    copyWidth: i32(copyWidth),
    gatherSize,
    maxPairs,
    maxFactor,
  };
}
