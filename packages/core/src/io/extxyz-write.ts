// Extended XYZ writer: what ASE's `ase.io.write(..., format='extxyz')` writes, with every real in
// its shortest round-trip decimal form so that reading the text back gives identical numbers.

import { Structure, voigtToFullStress, type InfoValue, type PerAtomArray } from '../structure.js';

/** Our array names that ASE writes under another column name. */
const COLUMN_NAME_FROM_ARRAY: Record<string, string> = { charges: 'charge' };
const RESERVED_INFO_KEYS = new Set(['Lattice', 'Properties', 'pbc']);

/**
 * Writes structures as extended XYZ, one frame each: the `Lattice` (only when the cell is not all
 * zeros, as ASE does), `Properties=species:S:1:pos:R:3:…` with every per-atom array, every info
 * entry (`stress` as the full 3×3 ASE writes), and `pbc` last.
 */
export function writeExtxyz(structures: Structure | readonly Structure[]): string {
  const list = structures instanceof Structure ? [structures] : structures;
  if (!Array.isArray(list)) throw new TypeError(`structures must be a Structure or an array of Structures, got ${typeof structures}`);
  return list.map((s, k) => writeFrame(s, k)).join('');
}

function writeFrame(s: unknown, k: number): string {
  if (!(s instanceof Structure)) throw new TypeError(`structures[${k}] must be a Structure, got ${s === null ? 'null' : typeof s}`);
  const n = s.length;
  const names = Object.keys(s.arrays);
  const columns = names.map((name) => {
    const values = s.arrays[name];
    // With no atoms the column count is unknowable; forces are 3-vectors, assume 1 otherwise.
    const count = n === 0 ? (name === 'forces' ? 3 : 1) : values.length / n;
    return { name, column: COLUMN_NAME_FROM_ARRAY[name] ?? name, type: columnType(values), count, values };
  });
  for (const c of columns) checkName(c.column, `structures[${k}].arrays key`);

  const header: string[] = [];
  if (s.cell.some((x) => x !== 0)) header.push(`Lattice="${Array.from(s.cell, formatReal).join(' ')}"`);
  header.push(`Properties=${['species:S:1', 'pos:R:3', ...columns.map((c) => `${c.column}:${c.type}:${c.count}`)].join(':')}`);
  for (const [key, value] of Object.entries(s.info)) {
    checkName(key, `structures[${k}].info key`);
    if (RESERVED_INFO_KEYS.has(key)) {
      throw new RangeError(`structures[${k}].info.${key} cannot be written: extended XYZ uses '${key}' for the ${key === 'pbc' ? 'periodicity' : key === 'Lattice' ? 'cell' : 'column list'}`);
    }
    header.push(`${key}=${formatInfo(key === 'stress' ? voigtToFullStress(value as Float64Array) : value)}`);
  }
  header.push(`pbc="${s.pbc.map((p) => (p ? 'T' : 'F')).join(' ')}"`);

  const symbols = s.symbols();
  const lines = [String(n), header.join(' ')];
  for (let atom = 0; atom < n; atom++) {
    const cells = [symbols[atom], formatReal(s.positions[3 * atom]), formatReal(s.positions[3 * atom + 1]), formatReal(s.positions[3 * atom + 2])];
    for (const c of columns) {
      for (let j = 0; j < c.count; j++) cells.push(formatCell(c.values, atom * c.count + j, `structures[${k}].arrays.${c.name}`));
    }
    lines.push(cells.join(' '));
  }
  return lines.join('\n') + '\n';
}

function columnType(values: PerAtomArray): 'R' | 'I' | 'L' | 'S' {
  if (values instanceof Float64Array) return 'R';
  if (values instanceof Int32Array) return 'I';
  if (values instanceof Uint8Array) return 'L';
  return 'S';
}

function formatCell(values: PerAtomArray, slot: number, name: string): string {
  if (values instanceof Float64Array) return formatReal(values[slot]);
  if (values instanceof Int32Array) return String(values[slot]);
  if (values instanceof Uint8Array) return values[slot] ? 'T' : 'F';
  const text = values[slot];
  if (text === '' || /\s/.test(text)) {
    throw new RangeError(`${name}[${slot}] cannot be written as an extended XYZ column: it must be non-empty without whitespace, got ${JSON.stringify(text)}`);
  }
  return text;
}

/** Shortest decimal that reads back to the same double; Python's float() reads it too. */
function formatReal(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

function formatInfo(value: InfoValue): string {
  if (typeof value === 'number') return formatReal(value);
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'string') return quote(value);
  if (value instanceof Float64Array) return `"${Array.from(value, formatReal).join(' ')}"`;
  return `"${value.map((b) => (b ? 'T' : 'F')).join(' ')}"`;
}

/** Quotes a string when ASE's reader would otherwise split or unescape it. */
function quote(text: string): string {
  if (text !== '' && !/[\s"'{}[\]\\=,]/.test(text)) return text;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function checkName(name: string, what: string): void {
  if (name === '' || /[\s"'{}[\]\\=:,]/.test(name)) {
    throw new RangeError(`${what} ${JSON.stringify(name)} cannot be written to extended XYZ: names must be non-empty, without whitespace, quotes, brackets, '=', ':' or ','`);
  }
}
