// Growable storage for pairs, reused across searches.

/** Bytes one pair takes: i, j, 3 shifts (Int32), distance and 3 vector components (Float64). */
export const BYTES_PER_PAIR = 4 + 4 + 12 + 8 + 24;

export class PairBuffers {
  capacity = 0;
  i = new Int32Array(0);
  j = new Int32Array(0);
  shifts = new Int32Array(0);
  distances = new Float64Array(0);
  vectors = new Float64Array(0);

  /** Makes room for `capacity` pairs, keeping the first `keep`. */
  ensure(capacity: number, keep = 0): void {
    if (capacity <= this.capacity) return;
    const old = this;
    const i = new Int32Array(capacity), j = new Int32Array(capacity), shifts = new Int32Array(3 * capacity);
    const distances = new Float64Array(capacity), vectors = new Float64Array(3 * capacity);
    if (keep > 0) {
      i.set(old.i.subarray(0, keep));
      j.set(old.j.subarray(0, keep));
      shifts.set(old.shifts.subarray(0, 3 * keep));
      distances.set(old.distances.subarray(0, keep));
      vectors.set(old.vectors.subarray(0, 3 * keep));
    }
    Object.assign(this, { capacity, i, j, shifts, distances, vectors });
  }
}

/**
 * The capacity to grow to when a search stopped after `done` of `n` atoms with `count`
 * pairs, needing room for `needed` more candidates: the pace so far extrapolated with
 * margin, at least half as much again, capped at `maxPairs` plus one atom's candidates
 * (a search holding more than `maxPairs` pairs throws).
 */
export function grownCapacity(capacity: number, count: number, done: number, n: number, needed: number, maxPairs: number): number {
  if (count > maxPairs) throw tooManyPairs(`more than ${maxPairs}`, maxPairs);
  if (needed > maxPairs) {
    throw new RangeError(
      `neighborList: one atom alone has ${needed >= 2 ** 31 - 1 ? 'over 2^31' : needed} candidate pairs within reach, ` +
        `more than options.maxPairs = ${maxPairs}; use a smaller cutoff, or raise maxPairs if the memory is there`,
    );
  }
  const pace = done > 0 ? (count / done) * n * 1.1 : 0;
  const wanted = Math.ceil(Math.max(capacity * 1.5, pace, 1024));
  return Math.max(count + needed, Math.min(maxPairs, wanted));
}

/** Throws when a finished search holds more than `maxPairs` pairs. */
export function checkPairCount(count: number, maxPairs: number): void {
  if (count > maxPairs) throw tooManyPairs(`more than ${maxPairs}`, maxPairs);
}

export function tooManyPairs(how: string, maxPairs: number): RangeError {
  const gib = ((maxPairs * BYTES_PER_PAIR) / 2 ** 30).toFixed(2);
  return new RangeError(
    `neighborList: this cutoff gives ${how} pairs, over the limit options.maxPairs = ${maxPairs} ` +
      `(${gib} GiB at ${BYTES_PER_PAIR} bytes a pair); use a smaller cutoff, or raise maxPairs if the memory is there`,
  );
}
