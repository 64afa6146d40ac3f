// Labels: metatensor's metadata for one axis of a block (or for the keys of a
// map). A set of unique integer rows, each naming what one index along the axis
// means, e.g. samples ["system", "atom"] with rows [0, 0], [0, 1], [1, 0].

import { RowTable } from './row-table.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** A selection of entries by the values of some of the dimensions, e.g. `{ o3_lambda: 1 }`. */
export type LabelsSelection = Readonly<Record<string, number>>;

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : typeof value;
}

function checkNames(names: unknown, argument: string): string[] {
  if (typeof names === 'string') names = [names];
  if (!Array.isArray(names)) throw new TypeError(`${argument} must be a string or an array of strings, got ${describeValue(names)}`);
  const seen = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    const name: unknown = names[i];
    if (typeof name !== 'string') throw new TypeError(`${argument}[${i}] must be a string, got ${describeValue(name)}`);
    if (!IDENTIFIER.test(name)) {
      throw new RangeError(`${argument}[${i}] must be a valid identifier (letters, digits and '_', not starting with a digit), got ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new RangeError(`${argument} must be unique, got ${JSON.stringify(name)} more than once`);
    seen.add(name);
  }
  return names.slice() as string[];
}

function checkValue(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${where} must be an integer, got ${describeValue(value)}`);
  if (value < INT32_MIN || value > INT32_MAX) throw new RangeError(`${where} must fit in a 32-bit signed integer, got ${value}`);
  return value;
}

/** Copies user values (Int32Array, flat number array, or array of rows) into a fresh Int32Array. */
function copyValues(values: unknown, size: number): Int32Array {
  if (values instanceof Int32Array) {
    if (size === 0 ? values.length !== 0 : values.length % size !== 0) {
      throw new RangeError(
        size === 0
          ? `values must be empty when there are no names, got ${values.length} values`
          : `values must have a length that is a multiple of the number of names (${size}), got ${values.length}`,
      );
    }
    return values.slice();
  }
  if (!Array.isArray(values)) throw new TypeError(`values must be an Int32Array or an array of rows, got ${describeValue(values)}`);
  if (values.length > 0 && size === 0) throw new RangeError(`values must be empty when there are no names, got ${values.length} rows`);
  const out = new Int32Array(values.length * size);
  for (let i = 0; i < values.length; i++) {
    const row: unknown = values[i];
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) throw new TypeError(`values[${i}] must be an array of ${size} integers, got ${describeValue(row)}`);
    const entries = row as unknown as ArrayLike<unknown>;
    if (entries.length !== size) throw new RangeError(`values[${i}] must have ${size} entries (one per name), got ${entries.length}`);
    for (let k = 0; k < size; k++) out[i * size + k] = checkValue(entries[k], `values[${i}][${k}]`);
  }
  return out;
}

export class Labels {
  /** Dimension names, unique valid identifiers. */
  readonly names: readonly string[];
  /**
   * Row-major `count × names.length` entries. Treat as read-only: lookups are
   * indexed on these values, so writing to them breaks `position`.
   */
  readonly values: Int32Array;
  /** Number of entries (rows). */
  readonly count: number;
  private table: RowTable | undefined;

  /**
   * @param names one name or several, each a valid identifier, all different
   * @param values the rows: an Int32Array of `count × names.length` values
   *   (row-major) or an array of rows. Copied, so the caller's array is not aliased.
   *   No row may appear twice.
   */
  constructor(names: string | readonly string[], values: Int32Array | readonly (readonly number[])[]) {
    this.names = Object.freeze(checkNames(names, 'names'));
    const size = this.names.length;
    this.values = copyValues(values, size);
    this.count = size === 0 ? 0 : this.values.length / size;
    const { table, repeated } = RowTable.over(this.values, size, this.count);
    if (repeated >= 0) {
      const row = Array.from(this.values.subarray(repeated * size, (repeated + 1) * size));
      throw new RangeError(`values must not repeat an entry: [${row.join(', ')}] (row ${repeated}) appears more than once`);
    }
    this.table = table;
  }

  /** Internal: wraps rows known to be unique and names known to be valid; takes ownership of `values`. */
  static fromUniqueRows(names: readonly string[], values: Int32Array): Labels {
    const labels = Object.create(Labels.prototype) as { -readonly [K in keyof Labels]: Labels[K] } & { table: RowTable | undefined };
    labels.names = Object.freeze(names.slice());
    labels.values = values;
    labels.count = names.length === 0 ? 0 : values.length / names.length;
    labels.table = undefined;
    return labels as unknown as Labels;
  }

  /** One dimension `_` with the single entry 0: the keys of a map with one block, or a block's only property. */
  static single(): Labels {
    return Labels.fromUniqueRows(['_'], Int32Array.of(0));
  }

  /** One dimension `name` with entries 0, 1, …, n-1. */
  static range(name: string, n: number): Labels {
    checkNames([name], 'name');
    checkValue(n, 'n');
    if (n < 0) throw new RangeError(`n must be an integer ≥ 0, got ${n}`);
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) values[i] = i;
    return Labels.fromUniqueRows([name], values);
  }

  /** Labels with these names and no entry. */
  static empty(names: string | readonly string[]): Labels {
    return Labels.fromUniqueRows(checkNames(names, 'names'), new Int32Array(0));
  }

  /** Number of dimensions (names). */
  get size(): number {
    return this.names.length;
  }

  /** The i-th entry, as a fresh array. */
  entry(i: number): Int32Array {
    checkIndex(i, this.count, 'i');
    return this.values.slice(i * this.size, (i + 1) * this.size);
  }

  /** The values of dimension `name` for every entry, as a fresh array. */
  column(name: string): Int32Array {
    const k = this.names.indexOf(name);
    if (k < 0) throw new RangeError(`name must be one of ${this.names.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(name)}`);
    const out = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.values[i * this.size + k];
    return out;
  }

  /**
   * Position of an entry, given as its values in `names` order or as
   * `{ name: value }` for every name; `undefined` when absent.
   */
  position(entry: ArrayLike<number> | LabelsSelection): number | undefined {
    const row = this.rowOf(entry);
    const i = this.index().indexOf(row);
    return i < 0 ? undefined : i;
  }

  /** Whether the entry is present (same argument as `position`). */
  contains(entry: ArrayLike<number> | LabelsSelection): boolean {
    return this.position(entry) !== undefined;
  }

  /**
   * Positions of the entries that match `selection` on the dimensions it names
   * (a subset of `names`), as metatensor's `Labels.select`: in this Labels'
   * order, or in the selection's order when it names every dimension in the
   * same order. A Labels selection matches any of its entries; a selection
   * naming no dimension matches everything.
   */
  select(selection: LabelsSelection | Labels): Int32Array {
    const sel = selection instanceof Labels ? selection : selectionToLabels(selection);
    if (sameNames(sel.names, this.names)) {
      const out: number[] = [];
      for (let j = 0; j < sel.count; j++) {
        const i = this.index().indexOf(sel.values, j * sel.size);
        if (i >= 0) out.push(i);
      }
      return Int32Array.from(out);
    }
    const columns = sel.names.map((name) => {
      const k = this.names.indexOf(name);
      if (k < 0) throw new RangeError(`selection names must be among ${this.names.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(name)}`);
      return k;
    });
    if (columns.length === 0) return Int32Array.from({ length: this.count }, (_, i) => i);
    const wanted = sel.index();
    const probe = new Int32Array(columns.length);
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) {
      for (let c = 0; c < columns.length; c++) probe[c] = this.values[i * this.size + columns[c]];
      if (wanted.indexOf(probe) >= 0) out.push(i);
    }
    return Int32Array.from(out);
  }

  /** Same names in the same order and the same entries in the same order. */
  equals(other: Labels): boolean {
    if (!(other instanceof Labels)) return false;
    if (this.count !== other.count || this.size !== other.size) return false;
    for (let k = 0; k < this.size; k++) if (this.names[k] !== other.names[k]) return false;
    for (let i = 0; i < this.values.length; i++) if (this.values[i] !== other.values[i]) return false;
    return true;
  }

  /**
   * Entries of `this` then the entries of `other` not already present, with
   * where each input entry landed (`first[i]`, `second[j]`), as metatensor's
   * `union_and_mapping`.
   */
  unionAndMapping(other: Labels): { union: Labels; first: Int32Array; second: Int32Array } {
    if (!(other instanceof Labels)) throw new TypeError(`other must be Labels, got ${describeValue(other)}`);
    if (!sameNames(this.names, other.names)) {
      throw new RangeError(`other must have the same names as these Labels ([${this.names.join(', ')}]), got [${other.names.join(', ')}]`);
    }
    const table = new RowTable(this.size, this.count + other.count);
    const first = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) first[i] = table.add(this.values, i * this.size);
    const second = new Int32Array(other.count);
    for (let j = 0; j < other.count; j++) second[j] = table.add(other.values, j * other.size);
    return { union: Labels.fromUniqueRows(this.names, table.values()), first, second };
  }

  /** Entries of `this` then the entries of `other` not already present. */
  union(other: Labels): Labels {
    return this.unionAndMapping(other).union;
  }

  toString(): string {
    const widths = this.names.map((n) => Math.max(n.length, 1));
    for (let i = 0; i < this.values.length; i++) {
      const k = i % this.size;
      widths[k] = Math.max(widths[k], String(this.values[i]).length);
    }
    const pad = (text: string, width: number) => {
      const left = Math.floor((width - text.length) / 2);
      return ' '.repeat(left) + text + ' '.repeat(width - text.length - left);
    };
    const lines = [`Labels(`, `    ${this.names.map((n, k) => pad(n, widths[k])).join('  ')}`];
    for (let i = 0; i < this.count; i++) {
      const row = this.names.map((_, k) => pad(String(this.values[i * this.size + k]), widths[k]));
      lines.push(`    ${row.join('  ')}`);
    }
    lines.push(')');
    return lines.join('\n');
  }

  /** Internal: the lookup table, built on first use for labels made by fromUniqueRows. */
  index(): RowTable {
    if (this.table === undefined) this.table = RowTable.over(this.values, this.size, this.count).table;
    return this.table;
  }

  private rowOf(entry: ArrayLike<number> | LabelsSelection): ArrayLike<number> {
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry) && !ArrayBuffer.isView(entry)) {
      const record = entry as LabelsSelection;
      for (const key of Object.keys(record)) {
        if (!this.names.includes(key)) throw new RangeError(`entry names must be among ${this.names.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(key)}`);
      }
      return this.names.map((name) => {
        if (!(name in record)) throw new RangeError(`entry must give a value for every name, missing ${JSON.stringify(name)}`);
        return checkValue(record[name], `entry.${name}`);
      });
    }
    if (!Array.isArray(entry) && !ArrayBuffer.isView(entry)) throw new TypeError(`entry must be an array of integers or an object of name → integer, got ${describeValue(entry)}`);
    const row = entry as ArrayLike<number>;
    if (row.length !== this.size) throw new RangeError(`entry must have ${this.size} values (one per name), got ${row.length}`);
    for (let k = 0; k < row.length; k++) checkValue(row[k], `entry[${k}]`);
    return row;
  }
}

export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, k) => name === b[k]);
}

function checkIndex(i: number, count: number, name: string): void {
  if (typeof i !== 'number' || !Number.isInteger(i)) throw new TypeError(`${name} must be an integer, got ${describeValue(i)}`);
  if (i < 0 || i >= count) throw new RangeError(`${name} must be an integer in [0, ${count - 1}], got ${i}`);
}

/** `{ a: 1, b: 2 }` → Labels(["a", "b"], [[1, 2]]); `{}` → Labels with no name and no entry. */
export function selectionToLabels(selection: LabelsSelection): Labels {
  if (selection === null || typeof selection !== 'object' || Array.isArray(selection)) {
    throw new TypeError(`selection must be an object of name → integer, got ${describeValue(selection)}`);
  }
  const names = checkNames(Object.keys(selection), 'selection names');
  const row = names.map((name) => checkValue(selection[name], `selection.${name}`));
  return names.length === 0 ? Labels.fromUniqueRows([], new Int32Array(0)) : Labels.fromUniqueRows(names, Int32Array.from(row));
}
