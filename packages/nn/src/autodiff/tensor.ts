// Tensors of the autodiff engine: a Float64Array with a shape, and for results of recorded
// operations the parents and the vector–Jacobian product that maps the gradient of the
// result to gradients of the parents. Vector–Jacobian products are written with the same
// recorded operations, so a backward pass run with `createGraph` is itself a graph that can
// be differentiated again (double backward: gradients of forces with respect to weights).

/** grad(result) ↦ grads of the parents (null where a parent gets none); `needs[k]` says which are wanted. */
export type VectorJacobianProduct = (g: Tensor, needs: readonly boolean[]) => Array<Tensor | null>;

let recording = true;

/** Whether operations now record their parents (false inside a backward pass without createGraph). */
export function isRecording(): boolean {
  return recording;
}

/** Runs `fn` with recording set to `on`, restoring the previous state after. */
export function withRecording<T>(on: boolean, fn: () => T): T {
  const before = recording;
  recording = on;
  try {
    return fn();
  } finally {
    recording = before;
  }
}

/** Runs `fn` without recording any operation (inference, optimiser steps). */
export function noGrad<T>(fn: () => T): T {
  return withRecording(false, fn);
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

function checkShape(shape: readonly number[], name: string): number[] {
  if (!Array.isArray(shape) || shape.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new TypeError(`${name} must be an array of integers ≥ 0, got ${JSON.stringify(shape)}`);
  }
  return [...shape];
}

export class Tensor {
  readonly data: Float64Array;
  readonly shape: readonly number[];
  /** True for parameters/inputs marked as variables and for results recorded from them. */
  readonly requiresGrad: boolean;
  readonly parents: readonly Tensor[];
  readonly vjp: VectorJacobianProduct | undefined;
  /** The operation that made this tensor ('leaf' for inputs), for messages and debugging. */
  readonly op: string;

  constructor(
    data: Float64Array,
    shape: readonly number[],
    node: { requiresGrad?: boolean; parents?: readonly Tensor[]; vjp?: VectorJacobianProduct; op?: string } = {},
  ) {
    if (!(data instanceof Float64Array)) throw new TypeError(`Tensor: data must be a Float64Array, got ${typeof data}`);
    const s = checkShape(shape, 'Tensor: shape');
    if (sizeOf(s) !== data.length) throw new RangeError(`Tensor: shape [${s.join(', ')}] needs ${sizeOf(s)} values, got ${data.length}`);
    this.data = data;
    this.shape = Object.freeze(s);
    this.requiresGrad = node.requiresGrad ?? false;
    this.parents = Object.freeze([...(node.parents ?? [])]);
    this.vjp = node.vjp;
    this.op = node.op ?? 'leaf';
  }

  /** A constant (no gradient) holding a copy of `values`. */
  static from(values: ArrayLike<number>, shape: readonly number[] = [values.length]): Tensor {
    return new Tensor(Float64Array.from(values), shape);
  }

  /** A leaf that gradients are taken with respect to (weights, positions); holds a copy of `values`. */
  static variable(values: ArrayLike<number>, shape: readonly number[] = [values.length]): Tensor {
    return new Tensor(Float64Array.from(values), shape, { requiresGrad: true });
  }

  static zeros(shape: readonly number[]): Tensor {
    return new Tensor(new Float64Array(sizeOf(shape)), shape);
  }

  static full(shape: readonly number[], value: number): Tensor {
    return new Tensor(new Float64Array(sizeOf(shape)).fill(value), shape);
  }

  get size(): number {
    return this.data.length;
  }

  /** First axis (1 for a scalar of shape []). */
  get rows(): number {
    return this.shape.length === 0 ? 1 : this.shape[0];
  }

  /** Product of the axes after the first. */
  get cols(): number {
    return this.shape.length === 0 ? 1 : sizeOf(this.shape.slice(1));
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) throw new RangeError(`Tensor.item: the tensor has ${this.data.length} values, expected 1`);
    return this.data[0];
  }

  /** A constant copy cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  toString(): string {
    return `Tensor(${this.op}, [${this.shape.join(', ')}]${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}

/**
 * The result of an operation: records `parents` and `vjp` when recording is on and some parent
 * requires a gradient; otherwise a constant.
 */
export function result(data: Float64Array, shape: readonly number[], op: string, parents: readonly Tensor[], vjp: VectorJacobianProduct): Tensor {
  if (recording && parents.some((p) => p.requiresGrad)) return new Tensor(data, shape, { requiresGrad: true, parents, vjp, op });
  return new Tensor(data, shape, { op });
}

export function sameShape(a: Tensor, b: Tensor, op: string): void {
  if (a.shape.length !== b.shape.length || a.shape.some((s, k) => s !== b.shape[k])) {
    throw new RangeError(`${op}: shapes differ, [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
}

export function assertTensor(value: unknown, name: string): asserts value is Tensor {
  if (!(value instanceof Tensor)) throw new TypeError(`${name} must be a Tensor, got ${value === null ? 'null' : typeof value}`);
}
