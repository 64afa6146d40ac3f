// Extended XYZ reader, following what ASE's `ase.io.read(..., format='extxyz')` accepts, but
// strict: every malformed frame raises a ParseError naming the frame, the line and what was
// expected, and nothing is returned when any frame is bad.

import { MAX_ATOMIC_NUMBER, atomicNumber, isAtomicNumber } from '../elements.js';
import { Structure, type InfoValue, type PerAtomArray, type Pbc } from '../structure.js';
import { isInteger, isReal, parseBoolean, splitComment, typedValue, valueTokens, type CommentEntry } from './extxyz-comment.js';
import { DEFAULT_PROPERTIES, describeProperties, parseProperties, type PropertyColumn } from './extxyz-properties.js';
import { ParseError } from './parse-error.js';

/** ASE's renames between extended XYZ column names and its own array names. */
const ARRAY_NAME_FROM_COLUMN: Record<string, string> = { charge: 'charges' };

/**
 * Reads every frame of an extended XYZ text (as ASE writes it) into Structures.
 *
 * - `Lattice="ax ay az bx by bz cx cy cz"` gives the cell (rows = lattice vectors); without it the
 *   cell is all zeros and, unless `pbc` says otherwise, the frame is not periodic (with it, ASE's
 *   default pbc is "T T T").
 * - `Properties=species:S:1:pos:R:3:…` lists the per-atom columns (types S, R, I, L, any count).
 *   `pos` becomes `positions`, `species` and/or `Z` become `numbers`, `charge` becomes
 *   `arrays.charges` (as in ASE); every other column is kept in `arrays` under its own name.
 * - `energy` → `info.energy` (eV); `stress` (9 values, or 6 in Voigt order) → `info.stress` as
 *   ASE's Voigt 6 (eV/Å³); `virial` (9 values, eV) → `info.virial` unchanged; other keys are typed
 *   as ASE types them (numbers, booleans, vectors of either, else strings).
 */
export function readExtxyz(text: string): Structure[] {
  if (typeof text !== 'string') throw new TypeError(`text must be a string of extended XYZ, got ${typeof text}`);
  // A UTF-8 byte-order mark some editors add is not part of the atom count.
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  if (end === 0) {
    throw new ParseError('empty input: expected the atom count of the first frame', { format: 'extxyz', frame: 0, line: 1 });
  }
  const structures: Structure[] = [];
  let at = 0;
  while (at < end) {
    const frame = structures.length;
    const fail = (message: string, lineIndex: number, cause?: unknown): never => {
      throw new ParseError(message, { format: 'extxyz', frame, line: lineIndex + 1, cause });
    };
    const n = readAtomCount(lines[at], frame, (m) => fail(m, at));
    // The comment line may be blank, even as the very last line of the input.
    if (at + 1 >= lines.length) fail(`frame declares ${n} atoms but the input ends before its comment line`, at + 1);
    const header = readHeader(lines[at + 1], (m, cause) => fail(m, at + 1, cause));
    const available = Math.max(0, end - (at + 2));
    if (available < n) {
      fail(`frame declares ${n} atoms but the input ends after ${available} atom line${available === 1 ? '' : 's'}`, end);
    }
    const atoms = readAtomLines(lines, at + 2, n, header.columns, (m, i) => fail(m, i));
    try {
      structures.push(
        new Structure({ positions: atoms.positions, numbers: atoms.numbers, cell: header.cell, pbc: header.pbc, info: header.info, arrays: atoms.arrays }),
      );
    } catch (error) {
      fail(`invalid structure: ${(error as Error).message}`, at + 1, error);
    }
    at += 2 + n;
  }
  return structures;
}

function readAtomCount(line: string, frame: number, fail: (message: string) => never): number {
  const text = line.trim();
  if (!/^[+-]?\d+$/.test(text)) {
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
    const hint = frame > 0 ? ' (does the previous frame have more atom lines than its atom count says?)' : '';
    fail(`expected the atom count of the frame (a non-negative integer alone on its line), got ${shown}${hint}`);
  }
  const n = Number(text);
  if (n < 0) fail(`atom count must be a non-negative integer, got ${n}`);
  if (!Number.isSafeInteger(n)) fail(`atom count ${text} is too large`);
  return n;
}

interface Header {
  cell: Float64Array;
  pbc: Pbc;
  columns: PropertyColumn[];
  info: Record<string, InfoValue>;
}

function readHeader(line: string, fail: (message: string, cause?: unknown) => never): Header {
  let entries: CommentEntry[] = [];
  try {
    entries = splitComment(line);
  } catch (error) {
    fail((error as Error).message, error);
  }
  const info: Record<string, InfoValue> = {};
  let cell: Float64Array | undefined;
  let pbc: Pbc | undefined;
  let properties = DEFAULT_PROPERTIES;
  for (const { key, value } of entries) {
    if (key === 'Lattice') cell = readReals(value, 'Lattice', [9], '9 numbers: lattice vectors a, b, c as rows', fail);
    else if (key === 'pbc') pbc = readPbc(value, fail);
    else if (key === 'Properties') properties = value;
    else if (key === 'stress') info.stress = readReals(value, 'stress', [6, 9], '6 (Voigt xx yy zz yz xz xy) or 9 (3×3) numbers in eV/Å³', fail);
    else if (key === 'virial') info.virial = readReals(value, 'virial', [9], '9 numbers (3×3, eV)', fail);
    else info[key] = readInfoValue(key, value, fail);
  }
  if (pbc === undefined) pbc = cell === undefined ? [false, false, false] : [true, true, true];
  if (cell === undefined && pbc.some((p) => p)) {
    fail(`pbc is "${pbc.map((p) => (p ? 'T' : 'F')).join(' ')}" but the frame has no Lattice; a periodic frame needs its lattice vectors`);
  }
  let columns: PropertyColumn[] = [];
  try {
    columns = parseProperties(properties);
  } catch (error) {
    fail((error as Error).message, error);
  }
  checkRequiredColumns(columns, fail);
  return { cell: cell ?? new Float64Array(9), pbc, columns, info };
}

function readReals(value: string, key: string, lengths: number[], expected: string, fail: (message: string) => never): Float64Array {
  const tokens = valueTokens(value);
  if (!lengths.includes(tokens.length)) fail(`${key} must be ${expected}, got ${tokens.length} value${tokens.length === 1 ? '' : 's'}`);
  const bad = tokens.find((t) => !isReal(t));
  if (bad !== undefined) fail(`${key} must be ${expected}, got the non-numeric value ${JSON.stringify(bad)}`);
  const numbers = Float64Array.from(tokens, Number);
  const k = numbers.findIndex((x) => !Number.isFinite(x));
  if (k >= 0) fail(`${key} values must be finite, got ${tokens[k]} at position ${k}`);
  return numbers;
}

function readPbc(value: string, fail: (message: string) => never): Pbc {
  const tokens = valueTokens(value);
  const flags = tokens.map(parseBoolean);
  if ((tokens.length !== 3 && tokens.length !== 1) || flags.some((f) => f === undefined)) {
    fail(`pbc must be three (or one) of T/F/True/False, e.g. pbc="T T F", got ${JSON.stringify(value)}`);
  }
  const [a, b, c] = tokens.length === 1 ? [flags[0], flags[0], flags[0]] : flags;
  return [a as boolean, b as boolean, c as boolean];
}

function readInfoValue(key: string, value: string, fail: (message: string) => never): InfoValue {
  const typed = typedValue(value);
  if (key === 'energy' && typeof typed !== 'number') fail(`energy must be a number (eV), got ${JSON.stringify(value)}`);
  const numbers = typeof typed === 'number' ? [typed] : typed instanceof Float64Array ? Array.from(typed) : [];
  if (numbers.some((x) => !Number.isFinite(x))) fail(`${key} must be finite, got ${JSON.stringify(value)}`);
  return typed;
}

function checkRequiredColumns(columns: PropertyColumn[], fail: (message: string) => never): void {
  const find = (name: string) => columns.find((c) => c.name === name);
  const spec = describeProperties(columns);
  const pos = find('pos');
  if (pos === undefined) fail(`Properties must include pos:R:3 (the positions), got ${spec}`);
  if (pos.type !== 'R' || pos.count !== 3) fail(`Properties must declare positions as pos:R:3, got pos:${pos.type}:${pos.count}`);
  const species = find('species');
  const z = find('Z');
  if (species === undefined && z === undefined) fail(`Properties must include species:S:1 or Z:I:1 (the elements), got ${spec}`);
  if (species !== undefined && (species.type !== 'S' || species.count !== 1)) fail(`Properties must declare species:S:1, got species:${species.type}:${species.count}`);
  if (z !== undefined && (z.type !== 'I' || z.count !== 1)) fail(`Properties must declare Z:I:1, got Z:${z.type}:${z.count}`);
  const forces = find('forces');
  if (forces !== undefined && (forces.type !== 'R' || forces.count !== 3)) fail(`Properties must declare forces:R:3, got forces:${forces.type}:${forces.count}`);
  for (const [column, renamed] of Object.entries(ARRAY_NAME_FROM_COLUMN)) {
    if (find(column) !== undefined && find(renamed) !== undefined) fail(`Properties has both '${column}' and '${renamed}', which ASE reads as the same array`);
  }
}

interface AtomColumns {
  positions: Float64Array;
  numbers: Int32Array;
  arrays: Record<string, PerAtomArray>;
}

function readAtomLines(lines: string[], first: number, n: number, columns: PropertyColumn[], fail: (message: string, lineIndex: number) => never): AtomColumns {
  const width = columns.reduce((sum, c) => sum + c.count, 0);
  const store = new Map<string, PerAtomArray>();
  for (const c of columns) {
    const size = n * c.count;
    store.set(c.name, c.type === 'R' ? new Float64Array(size) : c.type === 'I' ? new Int32Array(size) : c.type === 'L' ? new Uint8Array(size) : new Array<string>(size));
  }
  const speciesNumbers = new Int32Array(n);
  for (let atom = 0; atom < n; atom++) {
    const lineIndex = first + atom;
    const text = lines[lineIndex].trim();
    const tokens = text === '' ? [] : text.split(/\s+/);
    if (tokens.length !== width) {
      fail(`atom ${atom} must have ${width} columns (${describeProperties(columns)}), got ${tokens.length}`, lineIndex);
    }
    for (const c of columns) {
      const target = store.get(c.name) as PerAtomArray;
      for (let k = 0; k < c.count; k++) {
        const token = tokens[c.start + k];
        const where = `atom ${atom}, column ${c.name}${c.count > 1 ? `[${k}]` : ''}`;
        const slot = atom * c.count + k;
        if (c.type === 'R') {
          if (!isReal(token)) fail(`${where} must be a real number, got ${JSON.stringify(token)}`, lineIndex);
          const x = Number(token);
          if (!Number.isFinite(x)) fail(`${where} must be finite, got ${token}`, lineIndex);
          (target as Float64Array)[slot] = x;
        } else if (c.type === 'I') {
          const x = Number(token);
          if (!isInteger(token) || x < -2147483648 || x > 2147483647) fail(`${where} must be a 32-bit integer, got ${JSON.stringify(token)}`, lineIndex);
          (target as Int32Array)[slot] = x;
        } else if (c.type === 'L') {
          const flag = parseBoolean(token);
          if (flag === undefined) fail(`${where} must be a logical (T/F/True/False), got ${JSON.stringify(token)}`, lineIndex);
          (target as Uint8Array)[slot] = flag ? 1 : 0;
        } else {
          (target as string[])[slot] = token;
        }
      }
    }
    if (store.has('species')) {
      const symbol = (store.get('species') as string[])[atom];
      // ASE capitalises species ('SI' and 'si' both read as Si).
      const canonical = symbol.charAt(0).toUpperCase() + symbol.slice(1).toLowerCase();
      try {
        speciesNumbers[atom] = atomicNumber(canonical);
      } catch {
        fail(`atom ${atom} has unknown species ${JSON.stringify(symbol)}; expected a chemical symbol such as Si`, lineIndex);
      }
    }
    if (store.has('Z')) {
      const z = (store.get('Z') as Int32Array)[atom];
      if (!isAtomicNumber(z)) fail(`atom ${atom} has Z = ${z}; expected an atomic number in [1, ${MAX_ATOMIC_NUMBER}]`, lineIndex);
      if (store.has('species') && speciesNumbers[atom] !== z) {
        fail(`atom ${atom} has species ${(store.get('species') as string[])[atom]} but Z = ${z}`, lineIndex);
      }
    }
  }
  const numbers = store.has('Z') ? (store.get('Z') as Int32Array) : speciesNumbers;
  const arrays: Record<string, PerAtomArray> = {};
  for (const c of columns) {
    if (c.name === 'pos' || c.name === 'species' || c.name === 'Z') continue;
    arrays[ARRAY_NAME_FROM_COLUMN[c.name] ?? c.name] = store.get(c.name) as PerAtomArray;
  }
  return { positions: store.get('pos') as Float64Array, numbers, arrays };
}
