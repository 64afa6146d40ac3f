// e3nn's Gate: input = [scalars | gates | gated], output = [act(scalars) | act_g(gates) · gated].
// Each gate scalar multiplies one gated irrep copy (an ElementwiseTensorProduct with 0e).
// A scalar term of odd parity needs an odd or even activation, which fixes the output parity.
import type { BackendName } from '@equikit/core';
import { Irrep, Irreps } from '@equikit/o3';
import { concatCols, sliceCols } from '../autodiff/shape-ops.js';
import { Tensor } from '../autodiff/tensor.js';
import { Module } from '../nn/module.js';
import { activate, activationParity, type ActivationName } from './activation.js';
import { IrrepsArray, toIrreps } from './irreps-array.js';
import { ElementwiseTensorProduct } from './tensor-product.js';

function actedIrreps(irreps: Irreps, acts: readonly ActivationName[], name: string): Irreps {
  if (acts.length !== irreps.length) throw new RangeError(`Gate: ${name} needs one activation per term (${irreps.length}), got ${acts.length}`);
  return new Irreps(
    irreps.terms.map((t, k) => {
      if (t.ir.l !== 0) throw new RangeError(`Gate: ${name} must be scalars (l = 0), got ${t.ir}`);
      if (t.ir.p === 1) return t;
      const parity = activationParity(acts[k]);
      if (parity === 0) throw new RangeError(`Gate: ${name} term ${t} is odd; its activation '${acts[k]}' must be odd or even`);
      return new Irreps([[t.mul, new Irrep(0, parity === 1 ? 1 : -1)]]).terms[0];
    }),
  );
}

export class Gate extends Module {
  readonly irrepsScalars: Irreps;
  readonly irrepsGates: Irreps;
  readonly irrepsGated: Irreps;
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  private readonly product: ElementwiseTensorProduct | undefined;
  private readonly gatesOut: Irreps;

  constructor(
    irrepsScalars: Irreps | string,
    readonly actScalars: readonly ActivationName[],
    irrepsGates: Irreps | string,
    readonly actGates: readonly ActivationName[],
    irrepsGated: Irreps | string,
    options: { backend?: BackendName } = {},
  ) {
    super();
    this.irrepsScalars = toIrreps(irrepsScalars, 'Gate: irrepsScalars');
    this.irrepsGates = toIrreps(irrepsGates, 'Gate: irrepsGates');
    this.irrepsGated = toIrreps(irrepsGated, 'Gate: irrepsGated');
    const scalarsOut = actedIrreps(this.irrepsScalars, actScalars, 'irrepsScalars');
    this.gatesOut = actedIrreps(this.irrepsGates, actGates, 'irrepsGates');
    if (this.irrepsGates.numIrreps !== this.irrepsGated.numIrreps) {
      throw new RangeError(`Gate: ${this.irrepsGates.numIrreps} gates for ${this.irrepsGated.numIrreps} gated irreps; they must match`);
    }
    this.irrepsIn = this.irrepsScalars.concat(this.irrepsGates).concat(this.irrepsGated);
    if (this.irrepsGated.numIrreps > 0) {
      this.product = new ElementwiseTensorProduct(this.irrepsGated, this.gatesOut, undefined, options);
      this.irrepsOut = scalarsOut.concat(this.product.irrepsOut);
    } else {
      this.irrepsOut = scalarsOut;
    }
  }

  /** Each term's activation applied to its columns. */
  private activateTerms(x: Tensor, irreps: Irreps, acts: readonly ActivationName[]): Tensor {
    const parts: Tensor[] = [];
    let start = 0;
    irreps.terms.forEach((t, k) => {
      parts.push(activate(acts[k], sliceCols(x, start, t.dim)));
      start += t.dim;
    });
    return parts.length === 1 ? parts[0] : concatCols(parts);
  }

  forward(input: IrrepsArray | Tensor): IrrepsArray {
    const x = input instanceof IrrepsArray ? input.array : input;
    if (!(x instanceof Tensor) || x.shape.length !== 2 || x.shape[1] !== this.irrepsIn.dim) {
      throw new RangeError(`Gate: input must be [batch, ${this.irrepsIn.dim}] (${this.irrepsIn})`);
    }
    const [ds, dg, dv] = [this.irrepsScalars.dim, this.irrepsGates.dim, this.irrepsGated.dim];
    const parts: Tensor[] = [];
    if (ds > 0) parts.push(this.activateTerms(sliceCols(x, 0, ds), this.irrepsScalars, this.actScalars));
    if (this.product) {
      const gates = this.activateTerms(sliceCols(x, ds, dg), this.irrepsGates, this.actGates);
      parts.push(this.product.forward(sliceCols(x, ds + dg, dv), gates).array);
    }
    if (parts.length === 0) return IrrepsArray.zeros(this.irrepsOut, x.shape[0]);
    return new IrrepsArray(this.irrepsOut, parts.length === 1 ? parts[0] : concatCols(parts));
  }

  namedParameters(): Array<[string, Tensor]> {
    return [];
  }
}
