// Message passing in the NequIP style, with an optional MACE-style product block:
//   h'   = Linear(h)
//   m_ij = TP_uvu(h'_j ⊗ Y(r̂_ij)) with per-edge weights R(|r_ij|) = MLP(Bessel · cutoff)
//   A_i  = Σ_j m_ij / √avgNumNeighbors
//   (MACE, correlation ν ≥ 2:  B = A + Σ_{k=2..ν} (…((A ⊗ A) ⊗ A)…)  channel-wise 'uuu' products
//    with species-dependent weights, through Linear(A) first)
//   out  = Gate(Linear(A or B) + FCTP(h ⊗ species one-hot))
import { assertInteger, assertPositiveNumber, type BackendName } from '@equikit/core';
import { Irrep, Irreps, MulIrrep } from '@equikit/o3';
import { add, scale } from '../autodiff/elementwise.js';
import { matmul } from '../autodiff/linalg.js';
import { gatherRows, scatterAddRows } from '../autodiff/shape-ops.js';
import { Tensor } from '../autodiff/tensor.js';
import { layerRng, Module, prefixed, randn } from '../nn/module.js';
import type { ActivationName } from '../o3/activation.js';
import { Gate } from '../o3/gate.js';
import { IrrepsArray, toIrreps } from '../o3/irreps-array.js';
import { Linear } from '../o3/linear.js';
import { FullyConnectedTensorProduct, TensorProduct, type InstructionLike } from '../o3/tensor-product.js';
import { RadialMLP } from '../radial/mlp.js';

export interface EdgeEmbedding {
  /** Edge e: centre i[e] receives from j[e]. */
  i: Int32Array;
  j: Int32Array;
  nAtoms: number;
  /** Harmonics of the edge directions, [E, (lMax+1)²]. */
  sh: IrrepsArray;
  /** Radial basis (with cutoff) of the edge lengths, [E, numBasis]. */
  radial: Tensor;
}

export interface InteractionOptions {
  /** Number of radial basis functions (input of the radial MLP). */
  numBasis: number;
  /** Hidden sizes of the radial MLP; default [16]. */
  radialHidden?: number[];
  avgNumNeighbors?: number;
  /** MACE-style product order ν (1: plain NequIP message passing). Default 1. */
  correlation?: number;
  seed?: number;
  backend?: BackendName;
}

/** The gate around `target`: scalars, one gate per gated irrep, and the gated irreps (NequIP's rule). */
function gateFor(target: Irreps, available: Irreps, backend?: BackendName): Gate {
  const has = (ir: Irrep) => available.terms.some((t) => t.ir.equals(ir));
  const scalars = target.terms.filter((t) => t.ir.l === 0 && has(t.ir));
  const gated = target.terms.filter((t) => t.ir.l > 0 && has(t.ir));
  const gateCount = gated.reduce((s, t) => s + t.mul, 0);
  const acts = (terms: MulIrrep[]): ActivationName[] => terms.map((t) => (t.ir.p === 1 ? 'silu' : 'tanh'));
  return new Gate(new Irreps(scalars), acts(scalars), gateCount > 0 ? new Irreps([[gateCount, '0e']]) : new Irreps(), gateCount > 0 ? ['sigmoid'] : [], new Irreps(gated), { backend });
}

export class InteractionBlock extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  readonly irrepsMid: Irreps;
  readonly linear1: Linear;
  readonly tp: TensorProduct;
  readonly radial: RadialMLP;
  readonly linear2: Linear;
  readonly selfConnection: FullyConnectedTensorProduct;
  readonly gate: Gate;
  readonly correlation: number;
  /** MACE product: linear after aggregation, one 'uuu' product per extra order, species weights [S, numel]. */
  readonly productLinear: Linear | undefined;
  readonly products: readonly TensorProduct[];
  readonly productWeights: readonly Tensor[];
  private readonly avgNumNeighbors: number;
  private readonly backend: BackendName | undefined;

  constructor(irrepsIn: Irreps | string, irrepsSh: Irreps, target: Irreps | string, readonly nSpecies: number, options: InteractionOptions) {
    super();
    this.irrepsIn = toIrreps(irrepsIn, 'InteractionBlock: irrepsIn');
    const tgt = toIrreps(target, 'InteractionBlock: target');
    assertInteger(nSpecies, 'InteractionBlock: nSpecies', 1);
    this.avgNumNeighbors = options.avgNumNeighbors ?? 1;
    assertPositiveNumber(this.avgNumNeighbors, 'InteractionBlock: avgNumNeighbors');
    this.correlation = options.correlation ?? 1;
    assertInteger(this.correlation, 'InteractionBlock: correlation', 1, 4);
    const seed = options.seed ?? 0;
    const backend = options.backend;
    this.backend = backend;
    const rng = layerRng({ seed });
    const sub = () => ({ rng, backend });

    // NequIP's uvu instructions into every target-type irrep, mid irreps sorted as NequIP does.
    const wanted = (ir: Irrep) => tgt.terms.some((t) => t.ir.equals(ir));
    const mid: Array<[number, Irrep]> = [];
    const raw: Array<[number, number, number]> = [];
    this.irrepsIn.terms.forEach((a, i1) =>
      irrepsSh.terms.forEach((b, i2) => {
        for (const ir of a.ir.times(b.ir)) {
          if (!wanted(ir)) continue;
          raw.push([i1, i2, mid.length]);
          mid.push([a.mul, ir]);
        }
      }),
    );
    const sorted = new Irreps(mid).sort();
    this.irrepsMid = sorted.irreps;
    const instructions: InstructionLike[] = raw.map(([i1, i2, k]) => [i1, i2, sorted.p[k], 'uvu', true, 1]);

    this.linear1 = new Linear(this.irrepsIn, this.irrepsIn, sub());
    this.tp = new TensorProduct(this.irrepsIn, irrepsSh, this.irrepsMid, instructions, { sharedWeights: false, internalWeights: false, backend });
    this.radial = new RadialMLP([options.numBasis, ...(options.radialHidden ?? [16]), this.tp.weightNumel], 'silu', { rng, backend });
    this.gate = gateFor(tgt, this.irrepsMid.concat(this.irrepsIn), backend);
    this.irrepsOut = this.gate.irrepsOut;
    const species = new Irreps([[nSpecies, '0e']]);
    this.selfConnection = new FullyConnectedTensorProduct(this.irrepsIn, species, this.gate.irrepsIn, sub());

    const products: TensorProduct[] = [];
    const productWeights: Tensor[] = [];
    if (this.correlation > 1) {
      // Channel-wise products need one multiplicity for every l of the hidden irreps.
      const hidden = tgt.simplify();
      const mul = hidden.terms[0].mul;
      if (!hidden.terms.every((t) => t.mul === mul)) {
        throw new RangeError(`InteractionBlock: correlation > 1 needs equal multiplicities in the target irreps, got ${hidden}`);
      }
      this.productLinear = new Linear(this.irrepsMid, hidden, sub());
      for (let nu = 2; nu <= this.correlation; nu++) {
        const ins: InstructionLike[] = [];
        hidden.terms.forEach((a, i1) =>
          hidden.terms.forEach((b, i2) =>
            hidden.terms.forEach((o, iOut) => {
              if (a.ir.times(b.ir).some((ir) => ir.equals(o.ir))) ins.push([i1, i2, iOut, 'uuu', true, 1]);
            }),
          ),
        );
        const tp = new TensorProduct(hidden, hidden, hidden, ins, { sharedWeights: false, internalWeights: false, backend });
        products.push(tp);
        productWeights.push(Tensor.variable(randn(rng, nSpecies * tp.weightNumel).map((v) => v / Math.sqrt(nSpecies)), [nSpecies, tp.weightNumel]));
      }
      this.linear2 = new Linear(hidden, this.gate.irrepsIn, sub());
    } else {
      this.productLinear = undefined;
      this.linear2 = new Linear(this.irrepsMid, this.gate.irrepsIn, sub());
    }
    this.products = Object.freeze(products);
    this.productWeights = Object.freeze(productWeights);
  }

  /** h [nAtoms, irrepsIn], species one-hot [nAtoms, nSpecies] → [nAtoms, irrepsOut]. */
  forward(h: IrrepsArray, speciesOneHot: Tensor, edges: EdgeEmbedding): IrrepsArray {
    const hLin = this.linear1.forward(h).array;
    const weights = this.radial.forward(edges.radial);
    const messages = this.tp.forward(gatherRows(hLin, edges.j, this.backend), edges.sh.array, weights).array;
    let agg = scatterAddRows(messages, edges.i, edges.nAtoms, this.backend);
    if (this.avgNumNeighbors !== 1) agg = scale(agg, 1 / Math.sqrt(this.avgNumNeighbors));
    let features: IrrepsArray = new IrrepsArray(this.irrepsMid, agg);
    if (this.productLinear) {
      const A = this.productLinear.forward(features);
      let B = A.array;
      let power = A;
      this.products.forEach((tp, k) => {
        power = tp.forward(power, A, matmul(speciesOneHot, this.productWeights[k], this.backend));
        B = add(B, power.array);
      });
      features = new IrrepsArray(A.irreps, B);
    }
    const pre = add(this.linear2.forward(features).array, this.selfConnection.forward(h, speciesOneHot).array);
    return this.gate.forward(pre);
  }

  namedParameters(): Array<[string, Tensor]> {
    return [
      ...prefixed('linear1', this.linear1),
      ...prefixed('radial', this.radial),
      ...prefixed('productLinear', this.productLinear),
      ...this.productWeights.map((w, k): [string, Tensor] => [`products.${k}.speciesWeight`, w]),
      ...prefixed('linear2', this.linear2),
      ...prefixed('selfConnection', this.selfConnection),
    ];
  }
}
