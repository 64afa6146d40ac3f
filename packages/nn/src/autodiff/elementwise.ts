// Elementwise operations. Each vector–Jacobian product is written with these same operations,
// so every one of them can be differentiated any number of times.
import { result, sameShape, Tensor } from './tensor.js';

function map(a: Tensor, f: (x: number) => number): Float64Array {
  const out = new Float64Array(a.size);
  const x = a.data;
  for (let k = 0; k < out.length; k++) out[k] = f(x[k]);
  return out;
}

function zip(a: Tensor, b: Tensor, op: string, f: (x: number, y: number) => number): Float64Array {
  sameShape(a, b, op);
  const out = new Float64Array(a.size);
  const x = a.data;
  const y = b.data;
  for (let k = 0; k < out.length; k++) out[k] = f(x[k], y[k]);
  return out;
}

export function add(a: Tensor, b: Tensor): Tensor {
  return result(zip(a, b, 'add', (x, y) => x + y), a.shape, 'add', [a, b], (g) => [g, g]);
}

export function sub(a: Tensor, b: Tensor): Tensor {
  return result(zip(a, b, 'sub', (x, y) => x - y), a.shape, 'sub', [a, b], (g, needs) => [g, needs[1] ? neg(g) : null]);
}

export function mul(a: Tensor, b: Tensor): Tensor {
  return result(zip(a, b, 'mul', (x, y) => x * y), a.shape, 'mul', [a, b], (g, needs) => [needs[0] ? mul(g, b) : null, needs[1] ? mul(g, a) : null]);
}

export function div(a: Tensor, b: Tensor): Tensor {
  return result(zip(a, b, 'div', (x, y) => x / y), a.shape, 'div', [a, b], (g, needs) => {
    const ga = div(g, b);
    return [needs[0] ? ga : null, needs[1] ? neg(mul(ga, div(a, b))) : null];
  });
}

/** c·a for a number c. */
export function scale(a: Tensor, c: number): Tensor {
  return result(map(a, (x) => c * x), a.shape, 'scale', [a], (g) => [scale(g, c)]);
}

export function neg(a: Tensor): Tensor {
  return scale(a, -1);
}

/** a + c for a number c. */
export function addScalar(a: Tensor, c: number): Tensor {
  return result(map(a, (x) => x + c), a.shape, 'addScalar', [a], (g) => [g]);
}

export function square(a: Tensor): Tensor {
  return result(map(a, (x) => x * x), a.shape, 'square', [a], (g) => [mul(g, scale(a, 2))]);
}

/** a^n for an integer n ≥ 1. */
export function powInt(a: Tensor, n: number): Tensor {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`powInt: n must be an integer ≥ 1, got ${String(n)}`);
  if (n === 1) return a;
  return result(map(a, (x) => x ** n), a.shape, 'powInt', [a], (g) => [mul(g, scale(powInt(a, n - 1), n))]);
}

export function sqrt(a: Tensor): Tensor {
  const out = result(map(a, Math.sqrt), a.shape, 'sqrt', [a], (g) => [div(scale(g, 0.5), out)]);
  return out;
}

export function sin(a: Tensor): Tensor {
  return result(map(a, Math.sin), a.shape, 'sin', [a], (g) => [mul(g, cos(a))]);
}

export function cos(a: Tensor): Tensor {
  return result(map(a, Math.cos), a.shape, 'cos', [a], (g) => [neg(mul(g, sin(a)))]);
}

export function exp(a: Tensor): Tensor {
  const out = result(map(a, Math.exp), a.shape, 'exp', [a], (g) => [mul(g, out)]);
  return out;
}

export function sigmoid(a: Tensor): Tensor {
  const out = result(
    map(a, (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)))),
    a.shape,
    'sigmoid',
    [a],
    (g) => [mul(g, mul(out, addScalar(neg(out), 1)))],
  );
  return out;
}

export function tanh(a: Tensor): Tensor {
  const out = result(map(a, Math.tanh), a.shape, 'tanh', [a], (g) => [mul(g, addScalar(neg(square(out)), 1))]);
  return out;
}

/** x·sigmoid(x) (SiLU, "swish"). */
export function silu(a: Tensor): Tensor {
  return mul(a, sigmoid(a));
}

/** Entries where `mask` is 0 set to 0 (a constant mask; the gradient is masked the same way). */
export function maskWhere(a: Tensor, mask: Float64Array): Tensor {
  if (mask.length !== a.size) throw new RangeError(`maskWhere: mask has ${mask.length} values, the tensor ${a.size}`);
  return result(map(a, (x) => x).map((x, k) => (mask[k] === 0 ? 0 : x)), a.shape, 'mask', [a], (g) => [maskWhere(g, mask)]);
}
