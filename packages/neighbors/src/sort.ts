// Sorting a pair list by (i, j, S) lexicographically: a counting sort on i, then each
// atom's pairs (a few dozen, in cache) by one exact integer key combining j and S, then
// one gather of each array.

/** The arrays of a pair list (count pairs from the start of each). */
export interface PairArrays {
  i: Int32Array; j: Int32Array; shifts: Int32Array; distances: Float64Array; vectors: Float64Array;
}

/** Sorts the first `count` pairs of a list over `n` atoms in place. */
export function sortPairs(out: PairArrays, count: number, n: number): void {
  const { i, j, shifts: s } = out;
  const start = new Int32Array(n + 1);
  for (let p = 0; p < count; p++) start[i[p] + 1]++;
  let largest = 0;
  for (let a = 0; a < n; a++) {
    largest = Math.max(largest, start[a + 1]);
    start[a + 1] += start[a];
  }
  const order = new Int32Array(count);
  const next = start.slice(0, n);
  for (let p = 0; p < count; p++) order[next[i[p]]++] = p;

  // Key = ((j × R + Sx') × R + Sy') × R + Sz', with S' = S - min(S) in [0, R): exact in a
  // double while below 2^53; else compare field by field.
  let lo = 0, hi = 0;
  for (let k = 0; k < 3 * count; k++) {
    if (s[k] < lo) lo = s[k];
    if (s[k] > hi) hi = s[k];
  }
  const R = hi - lo + 1;
  const exact = n * R ** 3 < 2 ** 53;
  const keys = new Float64Array(largest), members = new Int32Array(largest);
  for (let a = 0; a < n; a++) {
    const first = start[a], size = start[a + 1] - first;
    if (size < 2) continue;
    if (!exact) {
      order.subarray(first, first + size).sort(
        (p, q) => j[p] - j[q] || s[3 * p] - s[3 * q] || s[3 * p + 1] - s[3 * q + 1] || s[3 * p + 2] - s[3 * q + 2],
      );
      continue;
    }
    for (let k = 0; k < size; k++) {
      const p = order[first + k];
      members[k] = p;
      keys[k] = ((j[p] * R + (s[3 * p] - lo)) * R + (s[3 * p + 1] - lo)) * R + (s[3 * p + 2] - lo);
    }
    if (size <= 64) insertionSort(keys, members, size);
    else sortByKey(keys, members, size);
    order.set(members.subarray(0, size), first);
  }
  permute(out.i, order, 1);
  permute(out.j, order, 1);
  permute(out.shifts, order, 3);
  permute(out.distances, order, 1);
  permute(out.vectors, order, 3);
}

function insertionSort(keys: Float64Array, members: Int32Array, size: number): void {
  for (let x = 1; x < size; x++) {
    const key = keys[x], member = members[x];
    let y = x - 1;
    while (y >= 0 && keys[y] > key) {
      keys[y + 1] = keys[y];
      members[y + 1] = members[y];
      y--;
    }
    keys[y + 1] = key;
    members[y + 1] = member;
  }
}

function sortByKey(keys: Float64Array, members: Int32Array, size: number): void {
  const slots = Array.from({ length: size }, (_, k) => k).sort((a, b) => keys[a] - keys[b]);
  const sortedMembers = slots.map((k) => members[k]);
  members.set(sortedMembers);
}

function permute<T extends Int32Array | Float64Array>(values: T, order: Int32Array, width: number): void {
  const copy = values.slice(0, order.length * width);
  if (width === 1) {
    for (let k = 0; k < order.length; k++) values[k] = copy[order[k]];
  } else {
    for (let k = 0; k < order.length; k++) {
      const from = 3 * order[k], to = 3 * k;
      values[to] = copy[from]; values[to + 1] = copy[from + 1]; values[to + 2] = copy[from + 2];
    }
  }
}
