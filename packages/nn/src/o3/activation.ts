// Scalar activations by name (so models serialise), each rescaled as e3nn's normalize2mom:
// f(x)·c with c = 1/√E[f(z)²], z ~ N(0, 1), so unit-variance inputs give unit second moments.
// e3nn estimates c from 10⁶ random samples; we integrate (error < 1e-12), so constants differ
// from e3nn's in the 3rd–4th digit (README).
import { assertOneOf } from '@equikit/core';
import { scale, sigmoid, silu, tanh } from '../autodiff/elementwise.js';
import type { Tensor } from '../autodiff/tensor.js';

export type ActivationName = 'silu' | 'tanh' | 'sigmoid' | 'identity';
export const ACTIVATIONS: readonly ActivationName[] = ['silu', 'tanh', 'sigmoid', 'identity'];

const scalarFns: Record<ActivationName, (x: number) => number> = {
  silu: (x) => x / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  identity: (x) => x,
};

const constants = new Map<ActivationName, number>();

/** 1/√E[f(z)²] by the trapezoid rule on [−12, 12] (the Gaussian tail beyond is < 1e-30). */
export function normalize2momConstant(name: ActivationName): number {
  assertOneOf(name, 'activation', ACTIVATIONS);
  let c = constants.get(name);
  if (c === undefined) {
    const f = scalarFns[name];
    const n = 24000;
    const h = 24 / n;
    let s = 0;
    for (let k = 0; k <= n; k++) {
      const z = -12 + k * h;
      const w = k === 0 || k === n ? 0.5 : 1;
      s += w * f(z) ** 2 * Math.exp(-0.5 * z * z);
    }
    c = 1 / Math.sqrt((s * h) / Math.sqrt(2 * Math.PI));
    constants.set(name, c);
  }
  return c;
}

/** The parity of f: 1 if even, −1 if odd, 0 if neither (checked at sample points, as e3nn). */
export function activationParity(name: ActivationName): 1 | -1 | 0 {
  const f = scalarFns[name];
  const xs = [0.3, 0.7, 1.3, 2.1];
  if (xs.every((x) => Math.abs(f(-x) - f(x)) < 1e-12)) return 1;
  if (xs.every((x) => Math.abs(f(-x) + f(x)) < 1e-12)) return -1;
  return 0;
}

/** f(x)·c elementwise (normalised). */
export function activate(name: ActivationName, x: Tensor): Tensor {
  assertOneOf(name, 'activation', ACTIVATIONS);
  const c = normalize2momConstant(name);
  if (name === 'identity') return x;
  const y = name === 'silu' ? silu(x) : name === 'tanh' ? tanh(x) : sigmoid(x);
  return scale(y, c);
}
