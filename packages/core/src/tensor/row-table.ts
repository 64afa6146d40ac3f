// A set of fixed-width Int32 rows with O(1) lookup: the index behind
// `Labels.position` and the accumulator used when blocks are merged.
// Open addressing with linear probing over row indices, so lookups allocate
// nothing (no string keys).

function hashRow(src: ArrayLike<number>, offset: number, width: number): number {
  let h = 0x811c9dc5 ^ width;
  for (let k = 0; k < width; k++) {
    h = Math.imul(h ^ (src[offset + k] | 0), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class RowTable {
  readonly width: number;
  /** Rows in insertion order; only the first `count * width` entries are used. */
  rows: Int32Array;
  count = 0;
  // slot → row index + 1, 0 for an empty slot; length is a power of two ≥ 2 × capacity
  private slots: Int32Array;

  constructor(width: number, capacity = 16) {
    this.width = width;
    this.rows = new Int32Array(Math.max(1, capacity) * width);
    this.slots = new Int32Array(tableSize(capacity));
  }

  /** Indexes rows that already exist; returns the table and the first repeated row (or -1). */
  static over(values: Int32Array, width: number, count: number): { table: RowTable; repeated: number } {
    const table = new RowTable(width, count);
    table.rows = values;
    for (let i = 0; i < count; i++) {
      const slot = table.findSlot(values, i * width);
      if (table.slots[slot] !== 0) return { table, repeated: i };
      table.slots[slot] = i + 1;
      table.count++;
    }
    return { table, repeated: -1 };
  }

  /** Position of the row `src[offset .. offset + width)`, or -1. */
  indexOf(src: ArrayLike<number>, offset = 0): number {
    return this.slots[this.findSlot(src, offset)] - 1;
  }

  /** Adds the row if absent; returns its position either way. */
  add(src: ArrayLike<number>, offset = 0): number {
    let slot = this.findSlot(src, offset);
    const existing = this.slots[slot];
    if (existing !== 0) return existing - 1;
    if (2 * (this.count + 1) > this.slots.length) {
      this.rehash(tableSize(2 * (this.count + 1)));
      slot = this.findSlot(src, offset);
    }
    const w = this.width;
    if ((this.count + 1) * w > this.rows.length) {
      const grown = new Int32Array(Math.max(2 * this.rows.length, (this.count + 1) * w));
      grown.set(this.rows.subarray(0, this.count * w));
      this.rows = grown;
    }
    for (let k = 0; k < w; k++) this.rows[this.count * w + k] = src[offset + k];
    this.slots[slot] = ++this.count;
    return this.count - 1;
  }

  /** The used rows, trimmed (a copy, so the table's buffer can keep growing). */
  values(): Int32Array {
    return this.rows.slice(0, this.count * this.width);
  }

  private findSlot(src: ArrayLike<number>, offset: number): number {
    const mask = this.slots.length - 1;
    const w = this.width;
    let slot = hashRow(src, offset, w) & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return slot;
      const base = (entry - 1) * w;
      let same = true;
      for (let k = 0; k < w; k++) {
        if (this.rows[base + k] !== src[offset + k]) {
          same = false;
          break;
        }
      }
      if (same) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    const mask = size - 1;
    for (let s = 0; s < old.length; s++) {
      const entry = old[s];
      if (entry === 0) continue;
      let slot = hashRow(this.rows, (entry - 1) * this.width, this.width) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = entry;
    }
  }
}

function tableSize(capacity: number): number {
  let size = 16;
  while (size < 2 * capacity) size *= 2;
  return size;
}

/** Lexicographic comparison of rows `a` and `b` of a row-major Int32Array. */
export function compareRows(values: Int32Array, width: number, a: number, b: number): number {
  const ia = a * width;
  const ib = b * width;
  for (let k = 0; k < width; k++) {
    const d = values[ia + k] - values[ib + k];
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Sorts the rows lexicographically. Returns the sorted rows and `newPosition`,
 * where `newPosition[i]` is where the i-th input row ended up.
 */
export function sortRows(values: Int32Array, width: number, count: number): { sorted: Int32Array; newPosition: Int32Array } {
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => compareRows(values, width, a, b));
  const sorted = new Int32Array(count * width);
  const newPosition = new Int32Array(count);
  for (let j = 0; j < count; j++) {
    const i = order[j];
    sorted.set(values.subarray(i * width, (i + 1) * width), j * width);
    newPosition[i] = j;
  }
  return { sorted, newPosition };
}
