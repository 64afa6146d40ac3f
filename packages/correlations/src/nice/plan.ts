// The coupling plan of the NICE iteration: which channels exist at each body order ν and
// which Clebsch–Gordan products feed them. A channel is a block of equivariants that share
// (λ, σ) — and, with skipRedundant, the l of the last ν = 1 factor coupled in — with
// `size` properties after compression (`expandedSize` before).
import { clebschGordanReal } from '@equikit/o3';

export interface Term {
  /** Index (in Plan.channels) of the order-ν parent. */
  parent: number;
  /** Index of the ν = 1 channel it is coupled with (its l is that channel's lambda). */
  density: number;
  /** First expanded property of this term in its channel. */
  offset: number;
  /**
   * The (parent property, density property) products this term expands, in this order: every
   * pair (p, q), q fastest, when null; NICE's preselection (fit with `expand`) keeps only some.
   */
  pairs: PairList | null;
  /** Products expanded: pairs.p.length, or parent.size · density.size. */
  count: number;
  /** Non-zero real CG coefficients: m1 (parent), m2 (density), M (output) as offsets from −l, and the value. */
  m1: Int32Array;
  m2: Int32Array;
  M: Int32Array;
  w: Float64Array;
}

/** Selected (parent property p, density property q) products of one (parent, density) coupling, sorted by (p, q). */
export interface PairList {
  p: Int32Array;
  q: Int32Array;
}

/**
 * The products kept when forming one order (NICE's `num_expand`): flat lists, one entry per
 * (parent channel, parent property, density channel, density property), sorted in that order.
 */
export interface PairSelection {
  parent: Int32Array;
  p: Int32Array;
  density: Int32Array;
  q: Int32Array;
}

export interface Channel {
  nu: number;
  lambda: number;
  /** +1: transforms as Y_λ under inversion; −1: with an extra sign (a pseudo-tensor). */
  sigma: 1 | -1;
  /** The l of the last ν = 1 factor when skipRedundant tracks it, else −1. */
  lastL: number;
  /** Properties before compression (ν = 1: species × radial functions of λ). */
  expandedSize: number;
  /** Properties after compression (equal to expandedSize without it). */
  size: number;
  terms: Term[];
}

export interface PlanShape {
  nSpecies: number;
  maxAngular: number;
  /** Radial functions of each l (ragged for the Laplacian-eigenstate basis). */
  radialPerAngular: readonly number[];
  angularCutoff: number;
  skipRedundant: boolean;
}

/** ν = 1 channels, one per l: properties (neighbour species a, n), n fastest. */
export function densityChannels(shape: PlanShape): Channel[] {
  return Array.from({ length: shape.maxAngular + 1 }, (_, l) => {
    const size = shape.nSpecies * shape.radialPerAngular[l];
    return { nu: 1, lambda: l, sigma: 1 as const, lastL: l, expandedSize: size, size, terms: [] };
  });
}

const cgCache = new Map<string, Pick<Term, 'm1' | 'm2' | 'M' | 'w'>>();

function sparseCG(l1: number, l2: number, L: number): Pick<Term, 'm1' | 'm2' | 'M' | 'w'> {
  const key = `${l1},${l2},${L}`;
  let entry = cgCache.get(key);
  if (!entry) {
    const table = clebschGordanReal(l1, l2, L);
    const w2 = 2 * l2 + 1;
    const wL = 2 * L + 1;
    const m1: number[] = [];
    const m2: number[] = [];
    const M: number[] = [];
    const w: number[] = [];
    for (let a = 0; a <= 2 * l1; a++) {
      for (let b = 0; b < w2; b++) {
        for (let c = 0; c < wL; c++) {
          const v = table[(a * w2 + b) * wL + c];
          if (Math.abs(v) > 1e-15) {
            m1.push(a);
            m2.push(b);
            M.push(c);
            w.push(v);
          }
        }
      }
    }
    entry = { m1: Int32Array.from(m1), m2: Int32Array.from(m2), M: Int32Array.from(M), w: Float64Array.from(w) };
    cgCache.set(key, entry);
  }
  return entry;
}

/** Channel order everywhere: λ ascending, σ = +1 before −1, then lastL ascending. */
export function channelOrder(a: Pick<Channel, 'lambda' | 'sigma' | 'lastL'>, b: Pick<Channel, 'lambda' | 'sigma' | 'lastL'>): number {
  return a.lambda - b.lambda || b.sigma - a.sigma || a.lastL - b.lastL;
}

/**
 * The channels of order ν + 1 from those of order ν (`parents`, indices `parentIndex` into the
 * plan) and the ν = 1 channels (`density`, indices `densityIndex`): every product
 * (k, σ1) ⊗ l → λ with |k − l| ≤ λ ≤ min(k + l, angularCutoff), σ = σ1·(−1)^(k + l + λ).
 * With skipRedundant, a parent whose last factor has l′ is only coupled with l ≥ l′
 * (featomic's sorted l_1 ≤ l_2 ≤ … ≤ l_ν): permutations of identical factors are skipped.
 * Sizes of the new channels are their expanded sizes (compression sets `size` later).
 */
export function nextOrder(
  shape: PlanShape,
  nu: number,
  parents: readonly Channel[],
  parentIndex: readonly number[],
  density: readonly Channel[],
  densityIndex: readonly number[],
  selection: PairSelection | null = null,
): Channel[] {
  const byKey = new Map<string, Channel>();
  const selected = selection ? splitSelection(selection) : null;
  parents.forEach((parent, pi) => {
    if (parent.size === 0) return;
    density.forEach((dens, di) => {
      const l = dens.lambda;
      if (!couples(shape, parent, dens)) return;
      const pairs = selected ? selected.get(`${parentIndex[pi]},${densityIndex[di]}`) : null;
      if (pairs === undefined) return;
      const count = pairs ? pairs.p.length : parent.size * dens.size;
      const k = parent.lambda;
      for (let lambda = Math.abs(k - l); lambda <= Math.min(k + l, shape.angularCutoff); lambda++) {
        const sigma = ((k + l + lambda) % 2 === 0 ? parent.sigma : -parent.sigma) as 1 | -1;
        const lastL = shape.skipRedundant ? l : -1;
        const key = `${lambda},${sigma},${lastL}`;
        let channel = byKey.get(key);
        if (!channel) byKey.set(key, (channel = { nu: nu + 1, lambda, sigma, lastL, expandedSize: 0, size: 0, terms: [] }));
        channel.terms.push({ parent: parentIndex[pi], density: densityIndex[di], offset: channel.expandedSize, pairs, count, ...sparseCG(k, l, lambda) });
        channel.expandedSize += count;
      }
    });
  });
  const channels = [...byKey.values()].sort(channelOrder);
  for (const c of channels) c.size = c.expandedSize;
  return channels;
}

/** Whether a parent channel and a ν = 1 channel give any product channel (non-empty, λ ≤ angularCutoff, sorted l under skipRedundant). */
export function couples(shape: PlanShape, parent: Channel, dens: Channel): boolean {
  if (parent.size === 0 || dens.size === 0) return false;
  if (shape.skipRedundant && dens.lambda < parent.lastL) return false;
  return Math.abs(parent.lambda - dens.lambda) <= shape.angularCutoff;
}

/** The selection's pairs per (parent, density) coupling, keyed "parent,density". */
function splitSelection(selection: PairSelection): Map<string, PairList> {
  const lists = new Map<string, { p: number[]; q: number[] }>();
  for (let k = 0; k < selection.p.length; k++) {
    const key = `${selection.parent[k]},${selection.density[k]}`;
    let list = lists.get(key);
    if (!list) lists.set(key, (list = { p: [], q: [] }));
    list.p.push(selection.p[k]);
    list.q.push(selection.q[k]);
  }
  return new Map([...lists].map(([key, list]) => [key, { p: Int32Array.from(list.p), q: Int32Array.from(list.q) }]));
}

/** Indices of the channels `wanted` depends on (itself included), through every term. */
export function dependencies(channels: readonly Channel[], wanted: Iterable<number>): Set<number> {
  const needed = new Set<number>();
  const stack = [...wanted];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (needed.has(c)) continue;
    needed.add(c);
    for (const t of channels[c].terms) stack.push(t.parent, t.density);
  }
  return needed;
}

export interface NicePlan {
  shape: PlanShape;
  /** Every channel of every order, order by order (so parents always come first). */
  channels: Channel[];
  /** orders[ν − 1]: indices of the channels of order ν. */
  orders: number[][];
  /** Per channel: the compression [size][expandedSize] (rows are principal directions), or null. */
  projections: (Float64Array | null)[];
  /** selections[ν − 1]: the products kept when forming order ν + 1 (null: every product). */
  selections: (PairSelection | null)[];
}

/**
 * Builds the plan order by order. `project(index, plan)` is called once per channel, in order,
 * after the channel's expanded size is known and every channel it depends on is final; it returns
 * the channel's projection ([size][expandedSize]) or null to keep it uncompressed.
 */
export function buildPlan(
  shape: PlanShape,
  maxOrder: number,
  project: (index: number, plan: NicePlan) => Float64Array | null,
  select: (nu: number, plan: NicePlan) => PairSelection | null = () => null,
): NicePlan {
  const plan: NicePlan = { shape, channels: [], orders: [], projections: [], selections: [] };
  const add = (list: Channel[]): number[] => {
    const indices: number[] = [];
    for (const channel of list) {
      const index = plan.channels.length;
      plan.channels.push(channel);
      plan.projections.push(null);
      const projection = project(index, plan);
      if (projection) {
        if (channel.expandedSize === 0 || projection.length % channel.expandedSize !== 0) {
          throw new Error(`internal: projection of ${projection.length} entries for ${channel.expandedSize} properties`);
        }
        channel.size = projection.length / channel.expandedSize;
        plan.projections[index] = projection;
      }
      indices.push(index);
    }
    plan.orders.push(indices);
    return indices;
  };
  const densityIndex = add(densityChannels(shape));
  let parentIndex = densityIndex;
  for (let nu = 1; nu < maxOrder; nu++) {
    const selection = select(nu, plan);
    plan.selections.push(selection);
    const next = nextOrder(
      shape,
      nu,
      parentIndex.map((i) => plan.channels[i]),
      parentIndex,
      densityIndex.map((i) => plan.channels[i]),
      densityIndex,
      selection,
    );
    parentIndex = add(next);
  }
  return plan;
}
