// The normal equations XᵀX θ = Xᵀy of a weighted least-squares problem, assembled row by row:
// memory is parameters² (plus one batch of rows), never rows × parameters.
import type { DenseKernels } from './kernels.js';

/** Rows buffered before one Gram update: ~8 MB of batch, so copies are small next to the P² R work. */
const BATCH_VALUES = 1 << 20;

export class NormalEquations {
  /** Lower triangle of XᵀX, [size][size] row-major. */
  readonly gram: Float64Array;
  /** Xᵀy. */
  readonly rhs: Float64Array;
  /** yᵀy, for residuals computed from the normal equations alone. */
  targetSquares = 0;
  /** Rows added. */
  rows = 0;
  private readonly capacity: number;
  private readonly batch: Float64Array;
  private readonly batchTargets: Float64Array;
  private pending = 0;

  constructor(
    readonly size: number,
    private readonly kernels: DenseKernels,
  ) {
    this.gram = new Float64Array(size * size);
    this.rhs = new Float64Array(size);
    this.capacity = Math.max(16, Math.floor(BATCH_VALUES / Math.max(size, 1)));
    this.batch = new Float64Array(size * this.capacity);
    this.batchTargets = new Float64Array(this.capacity);
  }

  /**
   * Adds one row: `row` has `size` entries (read once, not kept), `target` its value. Rows are
   * already weighted (multiply both by the weight's square root for a weighted residual).
   */
  addRow(row: Float64Array, target: number): void {
    if (this.pending === this.capacity) this.flush();
    const r = this.pending++;
    const ld = this.capacity;
    for (let p = 0; p < this.size; p++) this.batch[p * ld + r] = row[p];
    this.batchTargets[r] = target;
    this.targetSquares += target * target;
    this.rows++;
  }

  /** Sends buffered rows into the Gram matrix; call before reading gram/rhs. */
  flush(): void {
    if (this.pending === 0) return;
    this.kernels.gramUpdate(this.size, this.pending, this.capacity, this.batch, this.batchTargets, this.gram, this.rhs);
    this.pending = 0;
  }

  /** The full symmetric XᵀX (a new array). */
  symmetricGram(): Float64Array {
    this.flush();
    return symmetrize(this.gram, this.size);
  }
}

/** Full symmetric matrix from a lower triangle. */
export function symmetrize(lower: Float64Array, n: number): Float64Array {
  const full = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      full[i * n + j] = lower[i * n + j];
      full[j * n + i] = lower[i * n + j];
    }
  }
  return full;
}
