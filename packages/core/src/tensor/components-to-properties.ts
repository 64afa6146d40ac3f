// componentsToProperties: a component axis becomes the outer part of the
// properties (new property names [component, ...properties], component-major),
// the other components keeping their order. Gradients follow.

import { TensorBlock } from './block.js';
import { Labels } from './labels.js';

export function componentToProperties(block: TensorBlock, dimension: string): TensorBlock {
  const m = block.components.findIndex((c) => c.names[0] === dimension);
  if (m < 0) {
    const names = block.components.map((c) => `'${c.names[0]}'`).join(', ');
    throw new RangeError(`dimensions must name components of the blocks (${names || 'they have none'}), got ${JSON.stringify(dimension)}`);
  }
  const moved = block.components[m];
  const old = block.properties;
  if (old.names.includes(dimension)) throw new RangeError(`cannot move component '${dimension}': the properties already have a dimension with that name`);
  const values = new Int32Array(moved.count * old.count * (1 + old.size));
  let at = 0;
  for (let c = 0; c < moved.count; c++) {
    for (let p = 0; p < old.count; p++) {
      values[at++] = moved.values[c];
      for (let k = 0; k < old.size; k++) values[at++] = old.values[p * old.size + k];
    }
  }
  const properties = Labels.fromUniqueRows([dimension, ...old.names], values);
  const result = moveAxis(block, m, properties);
  for (const [parameter, gradient] of block.gradients()) {
    const g = gradient.components.findIndex((c) => c.names[0] === dimension);
    result.addGradient(parameter, moveAxis(gradient, g, properties));
  }
  return result;
}

/** Moves component axis `m` next to the properties and merges the two (component outer). */
function moveAxis(block: TensorBlock, m: number, properties: Labels): TensorBlock {
  const shape = block.shape;
  const P = shape[shape.length - 1];
  const C = shape[m + 1];
  let A = 1;
  for (let k = 0; k <= m; k++) A *= shape[k];
  let B = 1;
  for (let k = m + 2; k < shape.length - 1; k++) B *= shape[k];
  const src = block.values;
  const dst = new Float64Array(src.length);
  for (let a = 0; a < A; a++) {
    for (let c = 0; c < C; c++) {
      for (let b = 0; b < B; b++) {
        const from = ((a * C + c) * B + b) * P;
        const to = ((a * B + b) * C + c) * P;
        for (let p = 0; p < P; p++) dst[to + p] = src[from + p];
      }
    }
  }
  const components = block.components.filter((_, k) => k !== m);
  return new TensorBlock(dst, block.samples, components, properties);
}
