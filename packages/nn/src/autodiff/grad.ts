// Reverse mode: gradients of a scalar (or of ⟨gradOutput, output⟩) with respect to any tensors
// of its graph. With createGraph the backward pass records its operations, so the gradients
// are themselves differentiable (forces → loss on forces → gradients with respect to weights).
import { assertTensor, Tensor, withRecording } from './tensor.js';
import { reshape } from './shape-ops.js';
import { add } from './elementwise.js';

export interface GradOptions {
  /** The cotangent of `output` (same shape). Default: 1 for a one-element output. */
  gradOutput?: Tensor;
  /** Record the backward pass so that the gradients can be differentiated again. Default false. */
  createGraph?: boolean;
}

/** d⟨gradOutput, output⟩/d input for each input; zeros for an input the output does not depend on. */
export function grad(output: Tensor, inputs: readonly Tensor[], options: GradOptions = {}): Tensor[] {
  assertTensor(output, 'grad: output');
  inputs.forEach((x, k) => assertTensor(x, `grad: inputs[${k}]`));
  const { gradOutput, createGraph = false } = options;
  if (gradOutput === undefined && output.size !== 1) {
    throw new RangeError(`grad: output has ${output.size} values; pass gradOutput for a non-scalar output`);
  }
  if (gradOutput !== undefined) {
    assertTensor(gradOutput, 'grad: gradOutput');
    if (gradOutput.size !== output.size) throw new RangeError(`grad: gradOutput has ${gradOutput.size} values, output ${output.size}`);
  }
  const order = topologicalOrder(output);
  const wanted = new Set(inputs);
  // Nodes whose gradient can reach a wanted input: only those need vector–Jacobian products.
  const reaches = new Set<Tensor>();
  for (const node of order) if (wanted.has(node) || node.parents.some((p) => reaches.has(p))) reaches.add(node);
  const grads = new Map<Tensor, Tensor>();
  return withRecording(createGraph, () => {
    grads.set(output, gradOutput ?? new Tensor(new Float64Array(output.size).fill(1), output.shape));
    for (let k = order.length - 1; k >= 0; k--) {
      const node = order[k];
      const g = grads.get(node);
      if (!g || !node.vjp || !reaches.has(node)) continue;
      const needs = node.parents.map((p) => p.requiresGrad && reaches.has(p));
      if (!needs.some(Boolean)) continue;
      const parentGrads = node.vjp(g, needs);
      node.parents.forEach((p, i) => {
        const pg = parentGrads[i];
        if (!needs[i] || !pg) return;
        const before = grads.get(p);
        grads.set(p, before ? add(before, pg) : pg);
      });
    }
    return inputs.map((x) => {
      const g = grads.get(x);
      if (!g) return Tensor.zeros(x.shape);
      // A gradient must have its input's shape (vector–Jacobian products may return flat views).
      return g.shape.length === x.shape.length && g.shape.every((s, i) => s === x.shape[i]) ? g : reshapeLike(g, x);
    });
  });
}

function reshapeLike(g: Tensor, x: Tensor): Tensor {
  return reshape(g, x.shape);
}

/** Parents before children, restricted to nodes that require gradients. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: Array<[Tensor, number]> = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    if (next < node.parents.length) {
      top[1]++;
      const p = node.parents[next];
      if (p.requiresGrad && !seen.has(p)) {
        seen.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}
