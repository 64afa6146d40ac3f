// A structured description of a multilinear form's terms, for the fast kernel: the terms of a
// tensor-product path (or a Linear block) are every channel combination (three loops, counts
// n0 n1 n2) times every non-zero coupling coefficient, and each slot's index is affine in the
// loop variables:
//   index_s = base_s + Σ_l stride_s[l]·i_l + offset_s(nz),   coef = coef(nz).
// The kernel then runs, for each non-zero, dense loops over channels with no per-term index
// loads; `expandBlocks` lists the same terms for the reference path.

export interface FormBlock {
  /** Loop counts (channel combinations = n0·n1·n2). */
  counts: [number, number, number];
  /** Per slot (x1, x2, weights, out): start index. */
  base: [number, number, number, number];
  /** Per slot, the stride of each loop variable. */
  strides: [[number, number, number], [number, number, number], [number, number, number], [number, number, number]];
  /** Per non-zero: its offset in each slot (4 per entry). */
  offsets: number[];
  /** Per non-zero: its coefficient. */
  coefs: number[];
}

/** Blocks packed for the kernel: a header of HEADER i32 per block, then 4 i32 per non-zero, and the coefficients. */
export interface PackedBlocks {
  nBlocks: number;
  header: Int32Array;
  offsets: Int32Array;
  coefs: Float64Array;
}

/** i32 per block header: nNz, first non-zero, counts[3], base[4], strides[4][3]. */
export const HEADER = 21;

/** Loops sorted by count so the innermost loop is the longest (the kernel's dense inner loop). */
function innermostLongest(block: FormBlock): FormBlock {
  const order = [0, 1, 2].sort((a, b) => block.counts[a] - block.counts[b]);
  return {
    ...block,
    counts: order.map((l) => block.counts[l]) as FormBlock['counts'],
    strides: block.strides.map((s) => order.map((l) => s[l])) as FormBlock['strides'],
  };
}

export function packBlocks(blocks: readonly FormBlock[]): PackedBlocks {
  const nNz = blocks.reduce((s, b) => s + b.coefs.length, 0);
  const header = new Int32Array(HEADER * blocks.length);
  const offsets = new Int32Array(4 * nNz);
  const coefs = new Float64Array(nNz);
  let z = 0;
  blocks.forEach((raw, k) => {
    const b = innermostLongest(raw);
    const h = HEADER * k;
    header[h] = b.coefs.length;
    header[h + 1] = z;
    header.set(b.counts, h + 2);
    header.set(b.base, h + 5);
    b.strides.forEach((s, slot) => header.set(s, h + 9 + 3 * slot));
    offsets.set(b.offsets, 4 * z);
    coefs.set(b.coefs, z);
    z += b.coefs.length;
  });
  return { nBlocks: blocks.length, header, offsets, coefs };
}

/** Every term of the blocks: 4 indices per term in slot order, and the coefficients. */
export function expandBlocks(blocks: readonly FormBlock[]): { index: Int32Array; coef: Float64Array } {
  const index: number[] = [];
  const coef: number[] = [];
  for (const b of blocks) {
    const [n0, n1, n2] = b.counts;
    for (let i0 = 0; i0 < n0; i0++) for (let i1 = 0; i1 < n1; i1++) for (let i2 = 0; i2 < n2; i2++) {
      for (let z = 0; z < b.coefs.length; z++) {
        for (let s = 0; s < 4; s++) {
          const st = b.strides[s];
          index.push(b.base[s] + st[0] * i0 + st[1] * i1 + st[2] * i2 + b.offsets[4 * z + s]);
        }
        coef.push(b.coefs[z]);
      }
    }
  }
  return { index: Int32Array.from(index), coef: Float64Array.from(coef) };
}
