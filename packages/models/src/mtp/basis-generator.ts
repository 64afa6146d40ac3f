// MTP basis functions for a given level, as MLIP's untrained templates define them, written as
// `.mtp` index tables (alpha_index_basic / alpha_index_times / alpha_moment_mapping).
//
// A basis function is a full contraction of a product of at most four moment tensors
// M_{μ,ν} = Σ_j f_μ(r_ij) r̂_ij^{⊗ν}, i.e. a multigraph on ≤ 4 nodes labelled (μ, ν) whose node of
// label (μ, ν) has degree ν (an edge of multiplicity e contracts e indices of its two tensors;
// no self-loops, which would be traces equal to lower moments since |r̂| = 1). Its level is
// Σ (2 + 4μ + ν) over the nodes; the basis of level L holds every such graph up to isomorphism
// with level ≤ L, connected or not, with μ ≤ 5. These counts equal MLIP's templates
// 02.mtp … 24.mtp: 1, 2, 5, 9, 16, 29, 52, 92, 163, 288, 500, 864.
//
// Each graph is evaluated exactly, by binary contractions of "fragments" (a subgraph whose
// nodes keep their legs that leave it). A fragment's value is a tensor with one symmetric index
// group per node with free legs, stored by unique components (exponent triples a, b, c), so every
// weight in alpha_index_times is an integer (a product of multinomial coefficients). Fragments are
// shared between basis functions through a canonical form; the contraction order of each graph
// is the cheapest given what is already built.

/** Levels this generator accepts (MLIP ships templates 2 … 28). */
export const MTP_MIN_LEVEL = 2;
export const MTP_MAX_LEVEL = 28;
/** Largest number of moment tensors in one basis function (MLIP's templates use 4). */
const MAX_FACTORS = 4;
/** Largest radial function index (MLIP's templates stop at radial_funcs_count = 6). */
const MAX_MU = 5;

export interface MtpBasisTables {
  level: number;
  radialFuncsCount: number;
  alphaMomentsCount: number;
  alphaIndexBasic: Int32Array;
  alphaIndexTimes: Int32Array;
  alphaMomentMapping: Int32Array;
  /** Per basis function: its graph, `μ,ν;…|e01,e02,…` in canonical node order (for documentation and tests). */
  graphs: string[];
}

/** Level of a moment tensor M_{μ,ν}: 2 + 4μ + ν (Shapeev 2016; MLIP). */
export function momentLevel(mu: number, nu: number): number {
  return 2 + 4 * mu + nu;
}

/** The basis of the given level (even or odd, 2 … 28) as `.mtp` index tables. */
export function generateMtpBasis(level: number): MtpBasisTables {
  if (typeof level !== 'number' || !Number.isInteger(level) || level < MTP_MIN_LEVEL || level > MTP_MAX_LEVEL) {
    throw new RangeError(`level must be an integer in [${MTP_MIN_LEVEL}, ${MTP_MAX_LEVEL}], got ${String(level)}`);
  }
  const graphs = enumerateGraphs(level);
  const builder = new FragmentBuilder();
  const scalars = graphs.map((g) => builder.build(g));
  return builder.tables(level, scalars, graphs.map(graphLabel));
}

// ---------------------------------------------------------------------------------------------
// Graphs

/** A labelled multigraph: node labels and the upper-triangle edge multiplicities e[a][b], a < b. */
interface Graph {
  mu: number[];
  nu: number[];
  /** Free legs per node (0 for a complete basis function). */
  free: number[];
  /** n × n symmetric, zero diagonal. */
  edges: number[][];
}

function enumerateGraphs(level: number): Graph[] {
  const labels: [number, number][] = [];
  for (let mu = 0; mu <= MAX_MU; mu++) for (let nu = 0; momentLevel(mu, nu) <= level; nu++) labels.push([mu, nu]);
  const seen = new Map<string, Graph>();
  const choose = (start: number, chosen: number[], used: number) => {
    if (chosen.length > 0) {
      for (const g of graphsOn(chosen.map((c) => labels[c]))) {
        const key = canonical(g).key;
        if (!seen.has(key)) seen.set(key, g);
      }
    }
    if (chosen.length === MAX_FACTORS) return;
    for (let c = start; c < labels.length; c++) {
      const l = momentLevel(labels[c][0], labels[c][1]);
      if (used + l <= level) choose(c, [...chosen, c], used + l);
    }
  };
  choose(0, [], 0);
  const levelOf = (g: Graph) => g.mu.reduce((s, mu, k) => s + momentLevel(mu, g.nu[k]), 0);
  return [...seen.entries()].sort((a, b) => levelOf(a[1]) - levelOf(b[1]) || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1)).map((e) => e[1]);
}

/** Every edge-multiplicity matrix with zero diagonal and row sums ν (not yet deduplicated). */
function graphsOn(nodes: [number, number][]): Graph[] {
  const n = nodes.length;
  const pairs: [number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b]);
  const remaining = nodes.map((x) => x[1]);
  const edges = nodes.map(() => new Array<number>(n).fill(0));
  const out: Graph[] = [];
  const rec = (p: number) => {
    if (p === pairs.length) {
      if (remaining.every((r) => r === 0)) {
        out.push({ mu: nodes.map((x) => x[0]), nu: nodes.map((x) => x[1]), free: new Array(n).fill(0), edges: edges.map((r) => [...r]) });
      }
      return;
    }
    const [a, b] = pairs[p];
    for (let e = 0; e <= Math.min(remaining[a], remaining[b]); e++) {
      remaining[a] -= e;
      remaining[b] -= e;
      edges[a][b] = edges[b][a] = e;
      rec(p + 1);
      remaining[a] += e;
      remaining[b] += e;
    }
    edges[a][b] = edges[b][a] = 0;
  };
  rec(0);
  return out;
}

/** Canonical key of a graph with free legs, and perm[local] = canonical position. */
function canonical(g: Graph): { key: string; perm: number[] } {
  const n = g.mu.length;
  let best: string | undefined;
  let bestPerm: number[] = [];
  for (const order of permutations(n)) {
    // order[c] = local node placed at canonical position c
    const parts = order.map((l) => `${g.mu[l]},${g.nu[l]},${g.free[l]}`);
    const edges: number[] = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) edges.push(g.edges[order[a]][order[b]]);
    const key = parts.join(';') + '|' + edges.join(',');
    if (best === undefined || key < best) {
      best = key;
      bestPerm = new Array(n);
      order.forEach((l, c) => (bestPerm[l] = c));
    }
  }
  return { key: best!, perm: bestPerm };
}

const PERMUTATIONS = new Map<number, number[][]>();
function permutations(n: number): number[][] {
  let list = PERMUTATIONS.get(n);
  if (!list) {
    list = [];
    const rec = (prefix: number[]) => {
      if (prefix.length === n) return void list!.push(prefix);
      for (let k = 0; k < n; k++) if (!prefix.includes(k)) rec([...prefix, k]);
    };
    rec([]);
    PERMUTATIONS.set(n, list);
  }
  return list;
}

function graphLabel(g: Graph): string {
  return canonical(g).key.replace(/,0(;|\|)/g, '$1');
}

/** The fragment induced on `subset` of `g`, its nodes keeping every leg that leaves the subset. */
function induced(g: Graph, subset: number[]): Graph {
  const inSet = new Set(subset);
  return {
    mu: subset.map((v) => g.mu[v]),
    nu: subset.map((v) => g.nu[v]),
    free: subset.map((v) => g.free[v] + g.edges[v].reduce((s, e, w) => s + (inSet.has(w) ? 0 : e), 0)),
    edges: subset.map((a) => subset.map((b) => g.edges[a][b])),
  };
}

// ---------------------------------------------------------------------------------------------
// Symmetric index groups: a multiset of n indices from {x, y, z} is an exponent triple (a, b, c).

const TRIPLES = new Map<number, [number, number, number][]>();
/** Triples of total n in MLIP's order (a descending, then b descending). */
function triples(n: number): [number, number, number][] {
  let list = TRIPLES.get(n);
  if (!list) {
    list = [];
    for (let a = n; a >= 0; a--) for (let b = n - a; b >= 0; b--) list.push([a, b, n - a - b]);
    TRIPLES.set(n, list);
  }
  return list;
}
function tripleIndex(a: number, b: number, c: number): number {
  const n = a + b + c;
  // entries before a: Σ_{a' > a} (n − a' + 1); then b descending from n − a.
  const before = ((n - a) * (n - a + 1)) / 2;
  return before + (n - a - b);
}
const FACTORIAL = [1];
for (let k = 1; k <= 40; k++) FACTORIAL.push(FACTORIAL[k - 1] * k);
/** Index tuples (ordered) with the multiset (a, b, c). */
function multinomial(a: number, b: number, c: number): number {
  return FACTORIAL[a + b + c] / (FACTORIAL[a] * FACTORIAL[b] * FACTORIAL[c]);
}

// ---------------------------------------------------------------------------------------------
// Fragments

interface Fragment {
  key: string;
  /** Canonical graph. */
  graph: Graph;
  /** Number of stored components: Π over nodes with free legs of (f+1)(f+2)/2. */
  size: number;
  /** Basic tensor (single node) or contraction of two fragments. */
  basic: boolean;
  /** Entries {x component, y component, weight, result component}, fragment-local, with the inputs' keys. */
  entries?: { x: Fragment; y: Fragment; list: number[] };
  /** First moment index, assigned at the end. */
  offset: number;
}

function componentsOf(free: number[]): number {
  return free.reduce((s, f) => (f > 0 ? s * (((f + 1) * (f + 2)) / 2) : s), 1);
}

class FragmentBuilder {
  private readonly fragments = new Map<string, Fragment>();
  private readonly order: Fragment[] = [];
  private readonly costMemo = new Map<string, { cost: number; split?: number[] }>();

  /** The fragment of a complete graph (a basis function), building what it needs. */
  build(g: Graph): Fragment {
    return this.fragment(g);
  }

  private fragment(local: Graph): Fragment {
    const { key, perm } = canonical(local);
    const existing = this.fragments.get(key);
    if (existing) return existing;
    const g = permuteGraph(local, perm);
    const n = g.mu.length;
    let fragment: Fragment;
    if (n === 1) {
      fragment = { key, graph: g, size: componentsOf(g.free), basic: true, offset: -1 };
    } else {
      const split = this.bestSplit(g).split!;
      const left = split;
      const right = range(n).filter((v) => !split.includes(v));
      fragment = { key, graph: g, size: componentsOf(g.free), basic: false, offset: -1 };
      fragment.entries = this.contract(g, left, right);
    }
    this.fragments.set(key, fragment);
    this.order.push(fragment);
    return fragment;
  }

  /** Cheapest split of a canonical fragment graph: entries of the contraction + cost of missing parts. */
  private bestSplit(local: Graph): { cost: number; split?: number[] } {
    const { key, perm } = canonical(local);
    if (this.fragments.has(key)) return { cost: 0 };
    const memo = this.costMemo.get(key);
    if (memo) return memo;
    const g = permuteGraph(local, perm); // splits are memoised in canonical node order
    const n = g.mu.length;
    let best: { cost: number; split?: number[] } = { cost: n === 1 ? 0 : Infinity };
    // Subsets containing node 0, proper: each bipartition once.
    for (let mask = 1; mask < 1 << n; mask += 2) {
      if (mask === (1 << n) - 1) continue;
      const left = range(n).filter((v) => mask & (1 << v));
      const right = range(n).filter((v) => !(mask & (1 << v)));
      const l = induced(g, left);
      const r = induced(g, right);
      let entries = componentsOf(g.free);
      for (const a of left) for (const b of right) if (g.edges[a][b] > 0) entries *= ((g.edges[a][b] + 1) * (g.edges[a][b] + 2)) / 2;
      const cost = entries + this.bestSplit(l).cost + this.bestSplit(r).cost;
      if (cost < best.cost) best = { cost, split: left };
    }
    this.costMemo.set(key, best);
    return best;
  }

  /** Contraction entries of fragment `g` (canonical) from its parts `left` and `right`. */
  private contract(g: Graph, left: number[], right: number[]): Fragment['entries'] {
    const lg = induced(g, left);
    const rg = induced(g, right);
    const x = this.fragment(lg);
    const y = this.fragment(rg);
    const xPerm = canonical(lg).perm;
    const yPerm = canonical(rg).perm;
    const n = g.mu.length;
    const cross: [number, number, number][] = [];
    for (const a of left) for (const b of right) if (g.edges[a][b] > 0) cross.push([a, b, g.edges[a][b]]);
    // Every result component: one triple per node of g with free legs.
    const owners = range(n).filter((v) => g.free[v] > 0);
    const weights = new Map<string, number>();
    const exps = range(n).map(() => [0, 0, 0]);
    const resultTuples = cartesian(owners.map((v) => triples(g.free[v])));
    const crossTuples = cartesian(cross.map(([, , e]) => triples(e)));
    resultTuples.forEach((rt, rIndex) => {
      for (const ct of crossTuples) {
        for (const e of exps) e.fill(0);
        owners.forEach((v, k) => addInto(exps[v], rt[k]));
        let weight = 1;
        cross.forEach(([a, b], k) => {
          addInto(exps[a], ct[k]);
          addInto(exps[b], ct[k]);
          weight *= multinomial(ct[k][0], ct[k][1], ct[k][2]);
        });
        const xi = componentIndex(x.graph.free, left.map((v) => exps[v]), xPerm);
        const yi = componentIndex(y.graph.free, right.map((v) => exps[v]), yPerm);
        const sameInput = x === y;
        const [i, j] = sameInput && yi < xi ? [yi, xi] : [xi, yi];
        const k = `${i},${j},${rIndex}`;
        weights.set(k, (weights.get(k) ?? 0) + weight);
      }
    });
    const list: number[] = [];
    for (const [k, w] of weights) {
      const [i, j, r] = k.split(',').map(Number);
      list.push(i, j, w, r);
    }
    return { x, y, list };
  }

  /** Index tables: basic fragments first (by μ, ν), then the others in build order. */
  tables(level: number, scalars: Fragment[], graphs: string[]): MtpBasisTables {
    const basics = this.order.filter((f) => f.basic).sort((a, b) => a.graph.mu[0] - b.graph.mu[0] || a.graph.nu[0] - b.graph.nu[0]);
    const derived = this.order.filter((f) => !f.basic);
    let offset = 0;
    const basic: number[] = [];
    let maxMu = 0;
    for (const f of basics) {
      f.offset = offset;
      offset += f.size;
      maxMu = Math.max(maxMu, f.graph.mu[0]);
      for (const [a, b, c] of triples(f.graph.nu[0])) basic.push(f.graph.mu[0], a, b, c);
    }
    for (const f of derived) {
      f.offset = offset;
      offset += f.size;
    }
    const times: number[] = [];
    for (const f of derived) {
      const { x, y, list } = f.entries!;
      for (let t = 0; t < list.length; t += 4) times.push(x.offset + list[t], y.offset + list[t + 1], list[t + 2], f.offset + list[t + 3]);
    }
    return {
      level,
      radialFuncsCount: maxMu + 1,
      alphaMomentsCount: offset,
      alphaIndexBasic: Int32Array.from(basic),
      alphaIndexTimes: Int32Array.from(times),
      alphaMomentMapping: Int32Array.from(scalars, (f) => f.offset),
      graphs,
    };
  }
}

function permuteGraph(g: Graph, perm: number[]): Graph {
  const n = g.mu.length;
  const order = new Array<number>(n);
  perm.forEach((c, l) => (order[c] = l));
  return {
    mu: order.map((l) => g.mu[l]),
    nu: order.map((l) => g.nu[l]),
    free: order.map((l) => g.free[l]),
    edges: order.map((a) => order.map((b) => g.edges[a][b])),
  };
}

/** Component index of a canonical fragment from per-local-node exponent triples (nodes with free legs only count). */
function componentIndex(free: number[], localExps: number[][], perm: number[]): number {
  const canonicalExps = new Array<number[]>(localExps.length);
  localExps.forEach((e, l) => (canonicalExps[perm[l]] = e));
  let index = 0;
  free.forEach((f, c) => {
    if (f === 0) return;
    const [a, b, cc] = canonicalExps[c];
    index = index * (((f + 1) * (f + 2)) / 2) + tripleIndex(a, b, cc);
  });
  return index;
}

function addInto(target: number[], t: readonly number[]): void {
  target[0] += t[0];
  target[1] += t[1];
  target[2] += t[2];
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, k) => k);
}

function cartesian<T>(lists: T[][]): T[][] {
  let out: T[][] = [[]];
  for (const list of lists) out = out.flatMap((prefix) => list.map((item) => [...prefix, item]));
  return out;
}
