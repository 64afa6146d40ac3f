// Sorting a pair list by (i, j, S): counting sort on i, then each atom's pairs by (j, S).
/** The arrays of a pair list (count pairs from the start of each). */
export interface PairArrays {
  i: Int32Array; j: Int32Array; shifts: Int32Array; distances: Float64Array; vectors: Float64Array;
}

/** Sorts the first `count` pairs in place. */
export function sortPairs(out: PairArrays, count: number, n: number): void {
  const { i, j, shifts: s, distances: d, vectors: v } = out;
  const start = new Int32Array(n + 1);
  for (let p = 0; p < count; p++) start[i[p] + 1]++;
  for (let a = 0; a < n; a++) start[a + 1] += start[a];
  const order = new Int32Array(count);
  const next = start.slice(0, n);
  for (let p = 0; p < count; p++) order[next[i[p]]++] = p;

  const byNeighbor = (p: number, q: number) =>
    j[p] - j[q] || s[3 * p] - s[3 * q] || s[3 * p + 1] - s[3 * q + 1] || s[3 * p + 2] - s[3 * q + 2];
  for (let a = 0; a < n; a++) {
    const lo = start[a], hi = start[a + 1];
    if (hi - lo < 2) continue;
    if (hi - lo <= 16) {
      for (let x = lo + 1; x < hi; x++) {
        const p = order[x];
        let y = x - 1;
        while (y >= lo && byNeighbor(order[y], p) > 0) { order[y + 1] = order[y]; y--; }
        order[y + 1] = p;
      }
    } else {
      order.subarray(lo, hi).sort(byNeighbor);
    }
  }
  permute(i, order, 1);
  permute(j, order, 1);
  permute(s, order, 3);
  permute(d, order, 1);
  permute(v, order, 3);
}

function permute<T extends Int32Array | Float64Array>(values: T, order: Int32Array, width: number): void {
  const copy = values.slice(0, order.length * width);
  for (let k = 0; k < order.length; k++) {
    const from = order[k] * width, to = k * width;
    for (let c = 0; c < width; c++) values[to + c] = copy[from + c];
  }
}
