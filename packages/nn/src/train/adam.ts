// Adam (Kingma & Ba) with PyTorch's defaults and update rule, on the parameters' own arrays.
import { assertFiniteNumber, assertNonNegativeNumber, assertPositiveNumber } from '@equikit/core';
import type { Tensor } from '../autodiff/tensor.js';

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** L2 penalty added to the gradient (PyTorch's weight_decay). Default 0. */
  weightDecay?: number;
}

export class Adam {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;

  constructor(
    readonly params: readonly Tensor[],
    options: AdamOptions = {},
  ) {
    this.lr = options.lr ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    assertPositiveNumber(this.lr, 'Adam: lr');
    assertNonNegativeNumber(this.beta1, 'Adam: beta1');
    assertNonNegativeNumber(this.beta2, 'Adam: beta2');
    assertPositiveNumber(this.eps, 'Adam: eps');
    assertNonNegativeNumber(this.weightDecay, 'Adam: weightDecay');
    params.forEach((p, k) => {
      if (!p.requiresGrad) throw new TypeError(`Adam: params[${k}] is not a variable (requiresGrad is false)`);
    });
    this.m = params.map((p) => new Float64Array(p.size));
    this.v = params.map((p) => new Float64Array(p.size));
  }

  /** Steps made so far. */
  get steps(): number {
    return this.t;
  }

  /** One update from gradients (same order and shapes as params), optionally with another lr. */
  step(grads: readonly Tensor[], lr = this.lr): void {
    if (grads.length !== this.params.length) throw new RangeError(`Adam.step: ${grads.length} gradients for ${this.params.length} parameters`);
    assertFiniteNumber(lr, 'Adam.step: lr');
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    this.params.forEach((p, k) => {
      const g = grads[k].data;
      if (g.length !== p.size) throw new RangeError(`Adam.step: gradient ${k} has ${g.length} values, the parameter ${p.size}`);
      const [m, v, x] = [this.m[k], this.v[k], p.data];
      for (let i = 0; i < x.length; i++) {
        const gi = g[i] + this.weightDecay * x[i];
        if (!Number.isFinite(gi)) throw new RangeError(`Adam.step: gradient ${k}[${i}] is ${gi}`);
        m[i] = this.beta1 * m[i] + (1 - this.beta1) * gi;
        v[i] = this.beta2 * v[i] + (1 - this.beta2) * gi * gi;
        x[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + this.eps);
      }
    });
  }
}
