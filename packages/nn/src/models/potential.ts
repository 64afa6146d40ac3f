// A small e3nn-style interatomic potential (NequIP with optional MACE products): species
// embedding → interaction blocks → per-atom energies (Linear to 0e, times a scale, plus a shift
// per species) summed per structure. Forces are −∂E/∂positions through the autodiff: positions →
// edge vectors → harmonics and radial basis → messages → energy. With createGraph the forces are
// differentiable, so a loss on forces has gradients with respect to every weight.
import { assertInteger, assertPositiveNumber, type BackendName } from '@equikit/core';
import { Irreps } from '@equikit/o3';
import { add, mul, neg } from '../autodiff/elementwise.js';
import { matmul } from '../autodiff/linalg.js';
import { grad } from '../autodiff/grad.js';
import { gatherRows, reshape, scatterAddRows } from '../autodiff/shape-ops.js';
import { noGrad, Tensor } from '../autodiff/tensor.js';
import { Module, prefixed } from '../nn/module.js';
import { IrrepsArray, toIrreps } from '../o3/irreps-array.js';
import { Linear } from '../o3/linear.js';
import { sphericalHarmonics } from '../o3/spherical-harmonics.js';
import { edgeLengths, RadialEmbedding } from '../radial/radial.js';
import { buildGraph, deformedEdgeVectors, edgeVectors, type AtomGraph, type AtomsLike } from './graph.js';
import { InteractionBlock } from './interaction.js';

export interface PotentialConfig {
  /** Atomic numbers the model knows, in the order of its species one-hot. */
  species: number[];
  /** Cutoff radius, Å. */
  rMax: number;
  /** Highest degree of the edge harmonics. Default 2. */
  lMax?: number;
  /** Hidden node irreps, e.g. "8x0e+8x1o+8x2e". */
  hidden: string;
  /** Number of interaction blocks. Default 2. */
  numInteractions?: number;
  numBasis?: number;
  radialHidden?: number[];
  /** Cutoff polynomial order p (NequIP's). Default 6. */
  cutoffP?: number;
  avgNumNeighbors?: number;
  /** MACE-style product order in each block (1 = NequIP). Default 1. */
  correlation?: number;
  /** Output irreps per atom, summed per structure: "1x0e" for energies (default), "1x1o" for dipoles, … */
  output?: string;
  seed?: number;
}

export interface Prediction {
  /** [nStructures, output dim]: per-structure sums of the per-atom outputs. */
  values: Tensor;
  /** The positions the graph was differentiated at ([nAtoms, 3], requiresGrad). */
  positions: Tensor;
  graph: AtomGraph;
  /** With options.deformation: the zero strain variable [nStructures, 3, 3]. */
  displacement?: Tensor;
}

export class EquivariantPotential extends Module {
  readonly config: Required<PotentialConfig>;
  readonly embedding: Linear;
  readonly radialEmbedding: RadialEmbedding;
  readonly interactions: readonly InteractionBlock[];
  readonly readout: Linear;
  readonly outputIrreps: Irreps;
  /** Per-species energy shift (trainable), and a global scale of per-atom outputs. */
  readonly shift: Tensor;
  readonly scaleFactor: Tensor;
  backend: BackendName | undefined;
  private readonly speciesIndex = new Map<number, number>();

  constructor(config: PotentialConfig, options: { backend?: BackendName } = {}) {
    super();
    if (!Array.isArray(config.species) || config.species.length === 0) throw new TypeError('EquivariantPotential: config.species must list atomic numbers');
    config.species.forEach((z, k) => assertInteger(z, `EquivariantPotential: config.species[${k}]`, 1));
    assertPositiveNumber(config.rMax, 'EquivariantPotential: config.rMax');
    this.config = {
      lMax: 2, numInteractions: 2, numBasis: 8, radialHidden: [16], cutoffP: 6, avgNumNeighbors: 1, correlation: 1, output: '1x0e', seed: 0,
      ...config,
    };
    const c = this.config;
    assertInteger(c.lMax, 'EquivariantPotential: config.lMax', 0, 8);
    assertInteger(c.numInteractions, 'EquivariantPotential: config.numInteractions', 1);
    this.backend = options.backend;
    c.species.forEach((z, k) => this.speciesIndex.set(z, k));
    const S = c.species.length;
    const hidden = toIrreps(c.hidden, 'EquivariantPotential: config.hidden');
    const scalars = hidden.terms.filter((t) => t.ir.l === 0 && t.ir.p === 1).reduce((s, t) => s + t.mul, 0);
    if (scalars === 0) throw new RangeError('EquivariantPotential: config.hidden needs some 0e channels');
    this.embedding = new Linear(new Irreps([[S, '0e']]), new Irreps([[scalars, '0e']]), { seed: c.seed, backend: options.backend });
    this.radialEmbedding = new RadialEmbedding(c.rMax, { numBasis: c.numBasis, p: c.cutoffP });
    const sh = Irreps.sphericalHarmonics(c.lMax);
    const blocks: InteractionBlock[] = [];
    let irreps = this.embedding.irrepsOut;
    for (let k = 0; k < c.numInteractions; k++) {
      const block = new InteractionBlock(irreps, sh, hidden, S, {
        numBasis: c.numBasis, radialHidden: c.radialHidden, avgNumNeighbors: c.avgNumNeighbors, correlation: c.correlation, seed: c.seed + 101 * (k + 1), backend: options.backend,
      });
      blocks.push(block);
      irreps = block.irrepsOut;
    }
    this.interactions = Object.freeze(blocks);
    this.outputIrreps = toIrreps(c.output, 'EquivariantPotential: config.output');
    this.readout = new Linear(irreps, this.outputIrreps, { seed: c.seed + 7, backend: options.backend });
    this.shift = Tensor.variable(new Float64Array(S));
    this.scaleFactor = Tensor.variable([1]);
  }

  /** Index of each atom's species in config.species; an unknown element is an error naming the atom. */
  speciesOf(graph: AtomGraph): Int32Array {
    return graph.numbers.map((z, a) => {
      const s = this.speciesIndex.get(z);
      if (s === undefined) throw new RangeError(`EquivariantPotential: atom ${a} has atomic number ${z}, not among the model's species [${this.config.species.join(', ')}]`);
      return s;
    });
  }

  graph(structures: readonly AtomsLike[]): AtomGraph {
    return buildGraph(structures, this.config.rMax);
  }

  /**
   * Per-structure outputs; differentiable in the weights and in the returned positions, and in
   * the returned `displacement` ([nStructures, 3, 3], zero: positions and cells deformed by
   * I + D, see deformedEdgeVectors) when options.deformation is set.
   */
  forward(graph: AtomGraph, options: { deformation?: boolean } = {}): Prediction {
    const S = this.config.species.length;
    const species = this.speciesOf(graph);
    const oneHot = new Float64Array(graph.nAtoms * S);
    species.forEach((s, a) => (oneHot[a * S + s] = 1));
    const attrs = new Tensor(oneHot, [graph.nAtoms, S]);
    const positions = Tensor.variable(graph.positions, [graph.nAtoms, 3]);
    const displacement = options.deformation ? Tensor.variable(new Float64Array(9 * graph.nStructures), [graph.nStructures, 3, 3]) : undefined;
    const vectors = displacement ? deformedEdgeVectors(graph, edgeVectors(graph, positions), displacement) : edgeVectors(graph, positions);
    const edges = {
      i: graph.i, j: graph.j, nAtoms: graph.nAtoms,
      sh: sphericalHarmonics(this.config.lMax, vectors),
      radial: this.radialEmbedding.forward(edgeLengths(vectors)),
    };
    let h: IrrepsArray = this.embedding.forward(attrs);
    for (const block of this.interactions) h = block.forward(h, attrs, edges);
    let perAtom = this.readout.forward(h).array;
    perAtom = scaleRows(perAtom, this.scaleFactor);
    if (this.isEnergy) perAtom = add(perAtom, reshape(gatherRows(reshape(this.shift, [S, 1]), species), [graph.nAtoms, 1]));
    const values = scatterAddRows(perAtom, graph.structure, graph.nStructures, this.backend);
    return { values, positions, graph, displacement };
  }

  get isEnergy(): boolean {
    return this.outputIrreps.dim === 1 && this.outputIrreps.terms[0].ir.l === 0 && this.outputIrreps.terms[0].ir.p === 1;
  }

  /** Energies [nStructures] and forces [nAtoms, 3] = −∂E/∂r; createGraph keeps forces differentiable. */
  energyAndForces(graph: AtomGraph, options: { createGraph?: boolean } = {}): { energy: Tensor; forces: Tensor } {
    if (!this.isEnergy) throw new Error(`EquivariantPotential.energyAndForces: the output is ${this.outputIrreps}, not an energy (1x0e)`);
    const { values, positions } = this.forward(graph);
    const [g] = grad(values, [positions], { gradOutput: Tensor.full(values.shape, 1), createGraph: options.createGraph ?? false });
    return { energy: reshape(values, [graph.nStructures]), forces: neg(g) };
  }

  /**
   * Energies, forces and stresses through the autodiff: virial W_k = ∂E/∂D_k (D the homogeneous
   * deformation of structure k), stress σ_k = W_k / V_k in ASE's convention (eV/Å³, positive
   * under tension), [nStructures, 3, 3]. Every structure needs a cell of non-zero volume.
   */
  energyForcesStress(graph: AtomGraph, options: { createGraph?: boolean } = {}): { energy: Tensor; forces: Tensor; virial: Tensor; stress: Tensor } {
    if (!this.isEnergy) throw new Error(`EquivariantPotential.energyForcesStress: the output is ${this.outputIrreps}, not an energy (1x0e)`);
    const volumes = Array.from({ length: graph.nStructures }, (_, k) => Math.abs(det3(graph.cells.subarray(9 * k, 9 * k + 9))));
    volumes.forEach((v, k) => {
      if (!(v > 0)) throw new RangeError(`EquivariantPotential.energyForcesStress: structure ${k} has no cell (volume ${v}); stress needs a periodic cell`);
    });
    const { values, positions, displacement } = this.forward(graph, { deformation: true });
    const [g, virial] = grad(values, [positions, displacement!], { gradOutput: Tensor.full(values.shape, 1), createGraph: options.createGraph ?? false });
    const inverse = new Float64Array(9 * graph.nStructures);
    volumes.forEach((v, k) => inverse.fill(1 / v, 9 * k, 9 * k + 9));
    const stress = reshape(mul(reshape(virial, [9 * graph.nStructures]), new Tensor(inverse, [9 * graph.nStructures])), [graph.nStructures, 3, 3]);
    return { energy: reshape(values, [graph.nStructures]), forces: neg(g), virial, stress };
  }

  /** Plain numbers for one structure: energy (eV) and forces (eV/Å, [nAtoms·3]); with `stress`, ASE's Voigt stress (xx yy zz yz xz xy, eV/Å³). */
  predict(structure: AtomsLike, options: { stress?: boolean } = {}): { energy: number; forces: Float64Array; stress?: Float64Array } {
    if (options.stress) {
      const { energy, forces, stress } = this.energyForcesStress(this.graph([structure]));
      const s = stress.data;
      // The virial of a rotation-invariant energy is symmetric; its two halves are averaged.
      const voigt = Float64Array.of(s[0], s[4], s[8], (s[5] + s[7]) / 2, (s[2] + s[6]) / 2, (s[1] + s[3]) / 2);
      return { energy: energy.item(), forces: forces.data.slice(), stress: voigt };
    }
    const { energy, forces } = this.energyAndForces(this.graph([structure]));
    return { energy: energy.item(), forces: forces.data.slice() };
  }

  /** Per-structure outputs as numbers, [nStructures][output dim] flattened (no gradients). */
  evaluate(structures: readonly AtomsLike[]): Float64Array {
    return noGrad(() => this.forward(this.graph(structures)).values.data.slice());
  }

  namedParameters(): Array<[string, Tensor]> {
    return [
      ...prefixed('embedding', this.embedding),
      ...prefixed('radialEmbedding', this.radialEmbedding),
      ...this.interactions.flatMap((b, k) => prefixed(`interactions.${k}`, b)),
      ...prefixed('readout', this.readout),
      ['shift', this.shift],
      ['scale', this.scaleFactor],
    ];
  }
}

/** Every entry of x [n, d] times the one-element tensor s (s stays differentiable). */
function scaleRows(x: Tensor, s: Tensor): Tensor {
  const n = x.size;
  return reshape(mul(reshape(x, [n, 1]), matmul(Tensor.full([n, 1], 1), reshape(s, [1, 1]))), x.shape);
}

function det3(c: ArrayLike<number>): number {
  return c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) + c[2] * (c[3] * c[7] - c[4] * c[6]);
}
