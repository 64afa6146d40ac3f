// Structures → one atom graph (the disjoint union of a batch of structures), and edge vectors
// as a differentiable function of the positions: r_ij = r_j − r_i + S_ij·cell, edge (i ← j)
// carrying a message from neighbour j to centre i, both directions listed (neighbors' full list).
import { assertAllFinite, assertInteger } from '@equikit/core';
import { neighborList, type StructureLike } from '@equikit/neighbors';
import { add, sub } from '../autodiff/elementwise.js';
import { MultilinearForm, contract } from '../autodiff/multilinear.js';
import { gatherRows, reshape } from '../autodiff/shape-ops.js';
import { Tensor } from '../autodiff/tensor.js';

export interface AtomsLike extends StructureLike {
  /** Atomic numbers, one per atom. */
  numbers: ArrayLike<number>;
}

export interface AtomGraph {
  nAtoms: number;
  nStructures: number;
  /** Positions of every atom, [nAtoms, 3] (a copy). */
  positions: Float64Array;
  numbers: Int32Array;
  /** Structure of each atom. */
  structure: Int32Array;
  /** Edge e: centre i[e] receives from neighbour j[e]. */
  i: Int32Array;
  j: Int32Array;
  /** S_ij·cell for each edge, [nEdges, 3] (constant). */
  offsets: Float64Array;
  nEdges: number;
  /** Cell of each structure, [nStructures, 9] rows a, b, c (zeros without a cell). */
  cells: Float64Array;
}

function flatPositions(s: AtomsLike, k: number): Float64Array {
  const p = s.positions as ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  const flat = p.length > 0 && typeof p[0] === 'object' ? Float64Array.from(Array.from(p as ArrayLike<ArrayLike<number>>).flatMap((row) => Array.from(row))) : Float64Array.from(p as ArrayLike<number>);
  assertAllFinite(flat, `structures[${k}].positions`, 3);
  return flat;
}

function flatCell(cell: StructureLike['cell']): Float64Array {
  if (!cell) return new Float64Array(9);
  const c = cell as ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  return c.length > 0 && typeof c[0] === 'object' ? Float64Array.from(Array.from(c as ArrayLike<ArrayLike<number>>).flatMap((r) => Array.from(r))) : Float64Array.from(c as ArrayLike<number>);
}

/** The graph of `structures` with cutoff `rMax` (Å). */
export function buildGraph(structures: readonly AtomsLike[], rMax: number): AtomGraph {
  if (!Array.isArray(structures) || structures.length === 0) throw new TypeError('buildGraph: structures must be a non-empty array');
  const positions: number[] = [];
  const numbers: number[] = [];
  const structure: number[] = [];
  const is: number[] = [];
  const js: number[] = [];
  const offsets: number[] = [];
  const cells: number[] = [];
  structures.forEach((s, k) => {
    const pos = flatPositions(s, k);
    const n = pos.length / 3;
    if (!s.numbers || s.numbers.length !== n) throw new RangeError(`structures[${k}].numbers must list ${n} atomic numbers`);
    for (let a = 0; a < n; a++) assertInteger(s.numbers[a], `structures[${k}].numbers[${a}]`, 1);
    const base = numbers.length;
    const list = neighborList({ positions: pos, cell: s.cell, pbc: s.pbc }, { cutoff: rMax, full: true, sorted: true });
    const cell = flatCell(s.cell);
    cells.push(...cell);
    for (let p = 0; p < list.length; p++) {
      is.push(base + list.i[p]);
      js.push(base + list.j[p]);
      const [a, b, c] = [list.shifts[3 * p], list.shifts[3 * p + 1], list.shifts[3 * p + 2]];
      for (let x = 0; x < 3; x++) offsets.push(a * cell[x] + b * cell[3 + x] + c * cell[6 + x]);
    }
    positions.push(...pos);
    for (let a = 0; a < n; a++) {
      numbers.push(s.numbers[a]);
      structure.push(k);
    }
  });
  return {
    nAtoms: numbers.length,
    nStructures: structures.length,
    positions: Float64Array.from(positions),
    numbers: Int32Array.from(numbers),
    structure: Int32Array.from(structure),
    i: Int32Array.from(is),
    j: Int32Array.from(js),
    offsets: Float64Array.from(offsets),
    nEdges: is.length,
    cells: Float64Array.from(cells),
  };
}

/** Edge vectors r_j − r_i + offset, differentiable in `positions` ([nAtoms, 3]). */
export function edgeVectors(graph: AtomGraph, positions: Tensor): Tensor {
  return add(sub(gatherRows(positions, graph.j), gatherRows(positions, graph.i)), new Tensor(graph.offsets, [graph.nEdges, 3]));
}

/**
 * The disjoint union of graphs (a mini-batch from graphs built once per structure): atoms,
 * edges and structures renumbered in order. Equals buildGraph of the concatenated structures.
 */
export function mergeGraphs(graphs: readonly AtomGraph[]): AtomGraph {
  if (!Array.isArray(graphs) || graphs.length === 0) throw new TypeError('mergeGraphs: graphs must be a non-empty array');
  if (graphs.length === 1) return graphs[0];
  const nAtoms = graphs.reduce((s, g) => s + g.nAtoms, 0);
  const nEdges = graphs.reduce((s, g) => s + g.nEdges, 0);
  const out: AtomGraph = {
    nAtoms, nEdges, nStructures: graphs.reduce((s, g) => s + g.nStructures, 0),
    positions: new Float64Array(3 * nAtoms), numbers: new Int32Array(nAtoms), structure: new Int32Array(nAtoms),
    i: new Int32Array(nEdges), j: new Int32Array(nEdges), offsets: new Float64Array(3 * nEdges),
    cells: new Float64Array(9 * graphs.reduce((n, g) => n + g.nStructures, 0)),
  };
  let a = 0;
  let e = 0;
  let s = 0;
  for (const g of graphs) {
    out.positions.set(g.positions, 3 * a);
    out.numbers.set(g.numbers, a);
    out.offsets.set(g.offsets, 3 * e);
    out.cells.set(g.cells, 9 * s);
    for (let k = 0; k < g.nAtoms; k++) out.structure[a + k] = s + g.structure[k];
    for (let k = 0; k < g.nEdges; k++) {
      out.i[e + k] = a + g.i[k];
      out.j[e + k] = a + g.j[k];
    }
    a += g.nAtoms;
    e += g.nEdges;
    s += g.nStructures;
  }
  return out;
}

/** v·D for a row v [3] and a 3×3 matrix D [9] row-major: out[b] = Σ_a v[a]·D[3a + b]. */
const ROW_TIMES_MATRIX = MultilinearForm.fromBlocks('edge deformation', [3, 9, 0, 3], [true, true, false, true], [true, true, false, true], [
  { counts: [3, 3, 1], base: [0, 0, 0, 0], strides: [[1, 0, 0], [3, 1, 0], [0, 0, 0], [0, 1, 0]], offsets: [0, 0, 0, 0], coefs: [1] },
]);

/**
 * Edge vectors of a homogeneously deformed graph: positions and cell of structure k both
 * multiplied by (I + D_k) (rows times the matrix), so r_ij → r_ij·(I + D_k). With D a zero
 * variable [nStructures, 3, 3], ∂E/∂D is each structure's virial (ASE's stress × volume).
 */
export function deformedEdgeVectors(graph: AtomGraph, vectors: Tensor, displacement: Tensor): Tensor {
  if (displacement.size !== 9 * graph.nStructures) throw new RangeError(`deformedEdgeVectors: displacement must be [${graph.nStructures}, 3, 3], got [${displacement.shape.join(', ')}]`);
  const edgeStructure = Int32Array.from(graph.i, (a) => graph.structure[a]);
  const perEdge = gatherRows(reshape(displacement, [graph.nStructures, 9]), edgeStructure);
  return add(vectors, contract(ROW_TIMES_MATRIX, 3, [vectors, perEdge, null, null], graph.nEdges));
}
