// e3nn's nn.FullyConnectedNet: h ← act(h·W/√fan_in) for each hidden layer, the last layer
// linear, no biases, weights standard normal; activations normalised as e3nn's normalize2mom.
import { assertInteger, assertOneOf, type BackendName } from '@equikit/core';
import { matmul } from '../autodiff/linalg.js';
import { scale } from '../autodiff/elementwise.js';
import { Tensor } from '../autodiff/tensor.js';
import { activate, ACTIVATIONS, type ActivationName } from '../o3/activation.js';
import { layerRng, Module, randn } from '../nn/module.js';

export class RadialMLP extends Module {
  /** One [in, out] matrix per layer (e3nn's layer{k}.weight). */
  readonly weights: readonly Tensor[];
  /** Kernel backend of the matrix products; default: the forced one, else the best available. */
  backend: BackendName | undefined;

  constructor(
    readonly sizes: readonly number[],
    readonly activation: ActivationName = 'silu',
    options: { seed?: number; rng?: () => number; backend?: BackendName } = {},
  ) {
    super();
    if (!Array.isArray(sizes) || sizes.length < 2) throw new RangeError('RadialMLP: sizes must list at least an input and an output size');
    sizes.forEach((s, k) => assertInteger(s, `RadialMLP: sizes[${k}]`, 1));
    assertOneOf(activation, 'RadialMLP: activation', ACTIVATIONS);
    const rng = layerRng(options);
    this.backend = options.backend;
    this.weights = Object.freeze(sizes.slice(1).map((out, k) => Tensor.variable(randn(rng, sizes[k] * out), [sizes[k], out])));
  }

  /** [batch, sizes[0]] → [batch, sizes.at(-1)]. */
  forward(x: Tensor): Tensor {
    if (x.shape.length !== 2 || x.shape[1] !== this.sizes[0]) throw new RangeError(`RadialMLP: input must be [batch, ${this.sizes[0]}], got [${x.shape.join(', ')}]`);
    let h = x;
    this.weights.forEach((w, k) => {
      h = scale(matmul(h, w, this.backend), 1 / Math.sqrt(this.sizes[k]));
      if (k < this.weights.length - 1) h = activate(this.activation, h);
    });
    return h;
  }

  namedParameters(): Array<[string, Tensor]> {
    return this.weights.map((w, k) => [`layer${k}.weight`, w]);
  }
}
