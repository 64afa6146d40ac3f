// An array of irreps-typed features: data [batch][irreps.dim] in e3nn's layout, each term
// "mul x l" stored as mul copies of its 2l+1 components (mul-major: copy u, component m at
// offset + u·(2l+1) + m), m = −l … l in this package's real basis (see README, conventions).
import { Irreps } from '@equikit/o3';
import { sliceCols } from '../autodiff/shape-ops.js';
import { Tensor } from '../autodiff/tensor.js';

export function toIrreps(value: Irreps | string, name: string): Irreps {
  if (value instanceof Irreps) return value;
  if (typeof value === 'string') return Irreps.parse(value);
  throw new TypeError(`${name} must be an Irreps or a string like "8x0e+4x1o", got ${value === null ? 'null' : typeof value}`);
}

/** Start column of each term of `irreps`. */
export function termOffsets(irreps: Irreps): number[] {
  const out: number[] = [];
  let offset = 0;
  for (const t of irreps) {
    out.push(offset);
    offset += t.dim;
  }
  return out;
}

export class IrrepsArray {
  readonly irreps: Irreps;
  readonly array: Tensor;

  constructor(irreps: Irreps | string, array: Tensor) {
    this.irreps = toIrreps(irreps, 'IrrepsArray: irreps');
    if (!(array instanceof Tensor)) throw new TypeError('IrrepsArray: array must be a Tensor');
    if (array.shape.length !== 2 || array.shape[1] !== this.irreps.dim) {
      throw new RangeError(`IrrepsArray: array must have shape [batch, ${this.irreps.dim}] for ${this.irreps}, got [${array.shape.join(', ')}]`);
    }
    this.array = array;
  }

  get batch(): number {
    return this.array.shape[0];
  }

  /** The columns of term i, shape [batch, mul·(2l+1)]. */
  chunk(i: number): Tensor {
    const offsets = termOffsets(this.irreps);
    if (!Number.isInteger(i) || i < 0 || i >= offsets.length) throw new RangeError(`IrrepsArray.chunk: term ${i} outside [0, ${offsets.length})`);
    return sliceCols(this.array, offsets[i], this.irreps.terms[i].dim);
  }

  /** Zeros of the given irreps. */
  static zeros(irreps: Irreps | string, batch: number): IrrepsArray {
    const ir = toIrreps(irreps, 'irreps');
    return new IrrepsArray(ir, Tensor.zeros([batch, ir.dim]));
  }
}
