import { describe, expect, it } from 'vitest';
import {
  Tensor, add, sub, mul, div, scale, addScalar, square, powInt, sqrt, sin, cos, exp, sigmoid, tanh, silu,
  sum, mean, reshape, sumCols, repeatCols, sumRows, repeatRows, sliceCols, padCols, concatCols, gatherRows, scatterAddRows,
  matmul, transpose, grad, noGrad,
} from '../src/index.js';
import { centralDirectional, centralGradient, normals, relativeError, seeded } from './helpers.js';

type Op = (x: Tensor) => Tensor;
const rng = seeded(7);
const W = Tensor.from(normals(rng, 12), [4, 3]);
const idx = Int32Array.from([2, 0, 2, 1, 3]);

// Every op as a function of one [4, 3] input, composed with a fixed smooth map so that each
// vector–Jacobian product is exercised with a non-trivial incoming gradient.
const ops: Record<string, Op> = {
  add: (x) => add(x, mul(x, x)),
  sub: (x) => sub(W, mul(x, W)),
  mul: (x) => mul(x, sin(x)),
  div: (x) => div(W, addScalar(square(x), 1)),
  scale: (x) => scale(x, -2.5),
  powInt: (x) => powInt(x, 4),
  sqrt: (x) => sqrt(addScalar(square(x), 0.5)),
  cos: (x) => cos(x),
  exp: (x) => exp(scale(x, 0.3)),
  sigmoid: (x) => sigmoid(x),
  tanh: (x) => tanh(x),
  silu: (x) => silu(x),
  mean: (x) => mul(reshape(repeatRows(mean(square(x)), 3), [3]), sumRows(x)),
  sumCols: (x) => repeatCols(sumCols(mul(x, W)), 2),
  slicePad: (x) => padCols(sliceCols(square(x), 1, 2), 0, 5),
  concat: (x) => concatCols([sin(x), sliceCols(x, 0, 1)]),
  gatherScatter: (x) => scatterAddRows(gatherRows(square(x), idx), Int32Array.from([0, 1, 1, 2, 0]), 3),
  matmul: (x) => matmul(transpose(x), tanh(matmul(x, transpose(W)))),
};

// A scalar of the op's output: Σ c_k out_k² with fixed weights c, so second derivatives are non-zero.
function scalarOf(op: Op, x: Tensor): Tensor {
  const out = op(x);
  const c = Tensor.from(normals(seeded(3), out.size), out.shape);
  return sum(mul(c, square(out)));
}

describe('autodiff: gradients against central differences', () => {
  const x0 = normals(seeded(11), 12);
  for (const [name, op] of Object.entries(ops)) {
    it(name, () => {
      const x = Tensor.variable(x0, [4, 3]);
      const [g] = grad(scalarOf(op, x), [x]);
      const fd = centralGradient((v) => noGrad(() => scalarOf(op, Tensor.from(v, [4, 3])).item()), x0);
      expect(relativeError(g.data, fd)).toBeLessThan(1e-8);
    });
  }
});

describe('autodiff: double backward (Hessian-vector products) against differences of gradients', () => {
  const x0 = normals(seeded(12), 12);
  const v = normals(seeded(13), 12);
  for (const [name, op] of Object.entries(ops)) {
    it(name, () => {
      const x = Tensor.variable(x0, [4, 3]);
      const [g] = grad(scalarOf(op, x), [x], { createGraph: true });
      expect(g.requiresGrad).toBe(true);
      const [hv] = grad(sum(mul(g, Tensor.from(v, [4, 3]))), [x]);
      const fd = centralDirectional(
        (p) => {
          const xp = Tensor.variable(p, [4, 3]);
          return grad(scalarOf(op, xp), [xp])[0].data;
        },
        x0,
        v,
      );
      expect(relativeError(hv.data, fd)).toBeLessThan(1e-7);
    });
  }

  it('second derivative of a scalar function equals the finite difference of finite differences', () => {
    const f = (t: Tensor) => sum(mul(sin(mul(t, t)), exp(t)));
    const x0v = 0.7;
    const x = Tensor.variable([x0v], [1]);
    const [d1] = grad(f(x), [x], { createGraph: true });
    const [d2] = grad(d1, [x]);
    const F = (t: number) => noGrad(() => f(Tensor.from([t], [1])).item());
    const h = 1e-4;
    const fdfd = (F(x0v + h) - 2 * F(x0v) + F(x0v - h)) / (h * h);
    expect(Math.abs(d2.item() - fdfd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fdfd)));
  });
});

describe('autodiff: semantics', () => {
  it('accumulates gradients of a tensor used twice and returns zeros for unused inputs', () => {
    const x = Tensor.variable([1, 2, 3]);
    const y = Tensor.variable([5, 6, 7]);
    const [gx, gy] = grad(sum(add(mul(x, x), x)), [x, y]);
    expect([...gx.data]).toEqual([3, 5, 7]);
    expect([...gy.data]).toEqual([0, 0, 0]);
  });

  it('records nothing without createGraph, and nothing under noGrad', () => {
    const x = Tensor.variable([1, 2]);
    const [g] = grad(sum(square(x)), [x]);
    expect(g.requiresGrad).toBe(false);
    expect(noGrad(() => square(x)).requiresGrad).toBe(false);
  });

  it('never mutates its inputs', () => {
    const values = Float64Array.from([0.1, -0.2, 0.3, 0.4]);
    const copy = values.slice();
    const x = Tensor.variable(values, [2, 2]);
    grad(sum(matmul(x, x)), [x], { createGraph: true });
    expect([...values]).toEqual([...copy]);
  });

  it('rejects bad input with errors naming it', () => {
    const x = Tensor.variable([1, 2]);
    expect(() => grad(square(x), [x])).toThrow(/gradOutput/);
    expect(() => add(x, Tensor.from([1, 2, 3]))).toThrow(/add: shapes differ/);
    expect(() => new Tensor(new Float64Array(3), [2, 2])).toThrow(/needs 4 values/);
    expect(() => gatherRows(x, Int32Array.from([5]))).toThrow(/index\[0\] = 5/);
    expect(() => matmul(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]))).toThrow(/cannot multiply/);
    expect(() => grad(sum(x), [x as unknown as Tensor, 3 as unknown as Tensor])).toThrow(/inputs\[1\] must be a Tensor/);
  });
});
