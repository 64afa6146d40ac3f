// Parameter containers. A module lists its trainable tensors by dotted names (PyTorch's
// state_dict spelling: "interactions.0.linear1.weight"); the optimiser and serialisation use
// that list. Parameters are leaf tensors (requiresGrad) whose values the optimiser updates in place.
import { mulberry32 } from '@equikit/core';
import { Tensor } from '../autodiff/tensor.js';

export abstract class Module {
  /** Own parameters and those of sub-modules, with dotted names, in a fixed order. */
  abstract namedParameters(): Array<[string, Tensor]>;

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Total number of trainable values. */
  get numParameters(): number {
    return this.parameters().reduce((s, t) => s + t.size, 0);
  }
}

/** Prefixes the names of a sub-module's parameters. */
export function prefixed(prefix: string, module: Module | undefined): Array<[string, Tensor]> {
  return module ? module.namedParameters().map(([n, t]) => [`${prefix}.${n}`, t] as [string, Tensor]) : [];
}

/** n standard normal numbers from a seeded rng (Box–Muller), as torch.randn initialises e3nn weights. */
export function randn(rng: () => number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const u = Math.max(rng(), Number.MIN_VALUE);
    out[k] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  }
  return out;
}

/** The rng of a layer: the given one, or a seeded one (seed 0) so layers are reproducible. */
export function layerRng(options: { seed?: number; rng?: () => number }): () => number {
  return options.rng ?? mulberry32(options.seed ?? 0);
}
