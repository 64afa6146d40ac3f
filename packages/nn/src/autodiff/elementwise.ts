// Elementwise operations. Each vector–Jacobian product is written with these same operations,
// so every one of them can be differentiated any number of times. Each op has its own loop
// (no shared map/zip taking a closure): a shared helper called with many closures is
// megamorphic in V8, and the per-element call was a sixth of a training step.
import { result, sameShape, Tensor } from './tensor.js';

export function add(a: Tensor, b: Tensor): Tensor {
  sameShape(a, b, 'add');
  const x = a.data;
  const y = b.data;
  const out = new Float64Array(x.length);
  for (let k = 0; k < out.length; k++) out[k] = x[k] + y[k];
  return result(out, a.shape, 'add', [a, b], (g) => [g, g]);
}

export function sub(a: Tensor, b: Tensor): Tensor {
  sameShape(a, b, 'sub');
  const x = a.data;
  const y = b.data;
  const out = new Float64Array(x.length);
  for (let k = 0; k < out.length; k++) out[k] = x[k] - y[k];
  return result(out, a.shape, 'sub', [a, b], (g, needs) => [g, needs[1] ? neg(g) : null]);
}

export function mul(a: Tensor, b: Tensor): Tensor {
  sameShape(a, b, 'mul');
  const x = a.data;
  const y = b.data;
  const out = new Float64Array(x.length);
  for (let k = 0; k < out.length; k++) out[k] = x[k] * y[k];
  return result(out, a.shape, 'mul', [a, b], (g, needs) => [needs[0] ? mul(g, b) : null, needs[1] ? mul(g, a) : null]);
}

export function div(a: Tensor, b: Tensor): Tensor {
  sameShape(a, b, 'div');
  const x = a.data;
  const y = b.data;
  const out = new Float64Array(x.length);
  for (let k = 0; k < out.length; k++) out[k] = x[k] / y[k];
  return result(out, a.shape, 'div', [a, b], (g, needs) => {
    const ga = div(g, b);
    return [needs[0] ? ga : null, needs[1] ? neg(mul(ga, div(a, b))) : null];
  });
}

/** c·a for a number c. */
export function scale(a: Tensor, c: number): Tensor {
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = c * x[k];
  return result(values, a.shape, 'scale', [a], (g) => [scale(g, c)]);
}

export function neg(a: Tensor): Tensor {
  return scale(a, -1);
}

/** a + c for a number c. */
export function addScalar(a: Tensor, c: number): Tensor {
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = x[k] + c;
  return result(values, a.shape, 'addScalar', [a], (g) => [g]);
}

export function square(a: Tensor): Tensor {
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = x[k] * x[k];
  return result(values, a.shape, 'square', [a], (g) => [mul(g, scale(a, 2))]);
}

/** a^n for an integer n ≥ 1. */
export function powInt(a: Tensor, n: number): Tensor {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`powInt: n must be an integer ≥ 1, got ${String(n)}`);
  if (n === 1) return a;
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = x[k] ** n;
  return result(values, a.shape, 'powInt', [a], (g) => [mul(g, scale(powInt(a, n - 1), n))]);
}

export function sqrt(a: Tensor): Tensor {
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = Math.sqrt(x[k]);
  const out = result(values, a.shape, 'sqrt', [a], (g) => [div(scale(g, 0.5), out)]);
  return out;
}

export function sin(a: Tensor): Tensor {
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = Math.sin(x[k]);
  return result(values, a.shape, 'sin', [a], (g) => [mul(g, cos(a))]);
}

export function cos(a: Tensor): Tensor {
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = Math.cos(x[k]);
  return result(values, a.shape, 'cos', [a], (g) => [neg(mul(g, sin(a)))]);
}

export function exp(a: Tensor): Tensor {
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = Math.exp(x[k]);
  const out = result(values, a.shape, 'exp', [a], (g) => [mul(g, out)]);
  return out;
}

export function sigmoid(a: Tensor): Tensor {
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = x[k] >= 0 ? 1 / (1 + Math.exp(-x[k])) : Math.exp(x[k]) / (1 + Math.exp(x[k]));
  const out = result(values, a.shape, 'sigmoid', [a], (g) => [mul(g, mul(out, addScalar(neg(out), 1)))]);
  return out;
}

export function tanh(a: Tensor): Tensor {
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = Math.tanh(x[k]);
  const out = result(values, a.shape, 'tanh', [a], (g) => [mul(g, addScalar(neg(square(out)), 1))]);
  return out;
}

/** x·sigmoid(x) (SiLU, "swish"). */
export function silu(a: Tensor): Tensor {
  return mul(a, sigmoid(a));
}

/** Entries where `mask` is 0 set to 0 (a constant mask; the gradient is masked the same way). */
export function maskWhere(a: Tensor, mask: Float64Array): Tensor {
  if (mask.length !== a.size) throw new RangeError(`maskWhere: mask has ${mask.length} values, the tensor ${a.size}`);
  const x = a.data;
  const values = new Float64Array(x.length);
  for (let k = 0; k < values.length; k++) values[k] = mask[k] === 0 ? 0 : x[k];
  return result(values, a.shape, 'mask', [a], (g) => [maskWhere(g, mask)]);
}
