// Reader and writer of MLIP's `.mtp` text format (MLIP-2 `MLMTPR::Load`/`Save`, version 1.1.0).
//
// Lossless: every number keeps the exact text it was read from, and the writer reuses that text
// while the value is unchanged, so a file read and written back is byte-for-byte the same (line
// endings, `potential_tag` spacing and printf placeholders of mlearn templates included). Values
// that are new or changed are written in MLIP's Save layout, in C's `%.16e` (MLIP uses `%.15e`;
// one more digit makes every double survive a write and read exactly).
import { ParseError } from '@equikit/core';

/** Everything a `.mtp` file holds. Index tables are flat: 4 integers per entry. */
export interface MtpFile {
  /** `potential_name` (MLIP writes MTP1m). */
  potentialName: string;
  /** Top-level `scaling` multiplying every radial function, or undefined (1). */
  scaling?: number;
  speciesCount: number;
  /** `potential_tag` text (usually empty), or undefined when the line is absent. */
  potentialTag?: string;
  /** 'RBChebyshev' (the only one evaluated here). */
  radialBasisType: string;
  /** A `scaling` line inside the radial block (older files); MLIP multiplies it into `scaling`. */
  radialScaling?: number;
  /** Å; null for a template placeholder such as mlearn's `%f`. */
  minDist: number | null;
  /** Cutoff, Å; null for a template placeholder. */
  maxDist: number | null;
  /** Chebyshev polynomials per radial function; null for a template placeholder (`%d`). */
  radialBasisSize: number | null;
  /** Radial functions f_μ, μ = 0 … count−1. */
  radialFuncsCount: number;
  /** [species i][species j][μ][ξ] row-major, or undefined for an untrained template. */
  radialCoeffs?: Float64Array;
  alphaMomentsCount: number;
  /** {μ, a, b, c} per basic moment: Σ_j f_μ(r) x^a y^b z^c / r^(a+b+c). */
  alphaIndexBasic: Int32Array;
  /** {i, j, mult, k} per product: moment_k += mult · moment_i · moment_j, in file order. */
  alphaIndexTimes: Int32Array;
  /** Moments that are basis functions (scalars), in coefficient order. */
  alphaMomentMapping: Int32Array;
  /** Per-species constant energies (eV), or undefined for an untrained template. */
  speciesCoeffs?: Float64Array;
  /** One coefficient per entry of alphaMomentMapping, or undefined for an untrained template. */
  momentCoeffs?: Float64Array;
  /** How the text looked, so an unchanged file is written back byte for byte. */
  layout?: MtpLayout;
}

/** Spelling of a read file: line ending, final newline, and the text of every number. */
export interface MtpLayout {
  eol: '\n' | '\r\n';
  finalNewline: boolean;
  /** Rest of the `potential_tag =` line as written (with or without a space). */
  tagText?: string;
  /** Text of scalar numbers, by field name. */
  scalars: Partial<Record<'scaling' | 'radialScaling' | 'minDist' | 'maxDist' | 'radialBasisSize', string>>;
  /** Text of each entry of the real arrays, by field name. */
  arrays: Partial<Record<'radialCoeffs' | 'speciesCoeffs' | 'momentCoeffs', string[]>>;
  /** Leading whitespace of each line, by key (`radial_coeffs` pair labels: 'pair', their lists: 'list'). */
  indents: Record<string, string>;
}

const PLACEHOLDER = /^%[-+ #0-9.]*[a-zA-Z]$/;

/** Parses `.mtp` text. Throws a ParseError naming the line and field at fault. */
export function parseMtp(text: string): MtpFile {
  if (typeof text !== 'string') throw new TypeError(`text must be the string content of a .mtp file, got ${typeof text}`);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, text.length - (text.endsWith('\r\n') ? 2 : 1)) : text).split(/\r?\n/);
  const layout: MtpLayout = { eol, finalNewline, scalars: {}, arrays: {}, indents: {} };
  const reader = new LineReader(lines, layout.indents);

  reader.expectExact('MTP');
  reader.expectExact('version = 1.1.0');
  let field = reader.field();
  let potentialName = '';
  if (field.key === 'potential_name') {
    potentialName = field.value;
    field = reader.field();
  }
  let scaling: number | undefined;
  if (field.key === 'scaling') {
    scaling = reader.real(field, 'scaling', layout);
    field = reader.field();
  }
  reader.require(field, 'species_count');
  const speciesCount = reader.integer(field, 1);
  field = reader.field();
  let potentialTag: string | undefined;
  if (field.key === 'potential_tag') {
    layout.tagText = field.rest;
    potentialTag = field.value;
    field = reader.field();
  }
  reader.require(field, 'radial_basis_type');
  const radialBasisType = field.value;
  field = reader.field();
  let radialScaling: number | undefined;
  if (field.key === 'scaling') {
    radialScaling = reader.real(field, 'radialScaling', layout);
    field = reader.field();
  }
  reader.require(field, 'min_dist');
  const minDist = reader.realOrPlaceholder(field, 'minDist', layout);
  field = reader.field();
  reader.require(field, 'max_dist');
  const maxDist = reader.realOrPlaceholder(field, 'maxDist', layout);
  field = reader.field();
  reader.require(field, 'radial_basis_size');
  const radialBasisSize = reader.integerOrPlaceholder(field, layout);
  field = reader.field();
  reader.require(field, 'radial_funcs_count');
  const radialFuncsCount = reader.integer(field, 1);
  let radialCoeffs: Float64Array | undefined;
  if (reader.peekTrimmed() === 'radial_coeffs') {
    reader.next();
    reader.indent(reader.position - 1, 'radial_coeffs');
    if (radialBasisSize === null) reader.fail('radial_coeffs need a numeric radial_basis_size');
    const values: number[] = [];
    const texts: string[] = [];
    for (let s1 = 0; s1 < speciesCount; s1++) {
      for (let s2 = 0; s2 < speciesCount; s2++) {
        const label = reader.next().trim();
        reader.indent(reader.position - 1, 'pair');
        if (label !== `${s1}-${s2}`) reader.fail(`expected the species pair '${s1}-${s2}' in radial_coeffs, got '${label}'`);
        for (let mu = 0; mu < radialFuncsCount; mu++) {
          const items = reader.braces(reader.next().trim(), `radial_coeffs ${label} function ${mu}`);
          reader.indent(reader.position - 1, 'list');
          if (items.length !== radialBasisSize) reader.fail(`radial_coeffs ${label} function ${mu} must have radial_basis_size = ${radialBasisSize} values, got ${items.length}`);
          for (const item of items) {
            values.push(reader.parseReal(item, `radial_coeffs ${label}`));
            texts.push(item);
          }
        }
      }
    }
    radialCoeffs = Float64Array.from(values);
    layout.arrays.radialCoeffs = texts;
  }
  field = reader.field();
  reader.require(field, 'alpha_moments_count');
  const alphaMomentsCount = reader.integer(field, 1);
  const alphaIndexBasic = reader.countedTuples('alpha_index_basic', 4);
  const alphaIndexTimes = reader.countedTuples('alpha_index_times', 4);
  field = reader.field();
  reader.require(field, 'alpha_scalar_moments');
  const scalarCount = reader.integer(field, 1);
  field = reader.field();
  reader.require(field, 'alpha_moment_mapping');
  const mapping = reader.braces(field.value, 'alpha_moment_mapping').map((t) => reader.parseInt(t, 'alpha_moment_mapping'));
  if (mapping.length !== scalarCount) reader.fail(`alpha_moment_mapping must have alpha_scalar_moments = ${scalarCount} entries, got ${mapping.length}`);

  let speciesCoeffs: Float64Array | undefined;
  let momentCoeffs: Float64Array | undefined;
  if (!reader.done()) {
    field = reader.field();
    reader.require(field, 'species_coeffs');
    const st = reader.braces(field.value, 'species_coeffs');
    if (st.length !== speciesCount) reader.fail(`species_coeffs must have species_count = ${speciesCount} values, got ${st.length}`);
    speciesCoeffs = Float64Array.from(st, (t) => reader.parseReal(t, 'species_coeffs'));
    layout.arrays.speciesCoeffs = st;
    field = reader.field();
    reader.require(field, 'moment_coeffs');
    const mt = reader.braces(field.value, 'moment_coeffs');
    if (mt.length !== scalarCount) reader.fail(`moment_coeffs must have alpha_scalar_moments = ${scalarCount} values, got ${mt.length}`);
    momentCoeffs = Float64Array.from(mt, (t) => reader.parseReal(t, 'moment_coeffs'));
    layout.arrays.momentCoeffs = mt;
  }
  if (!reader.done()) reader.fail(`unexpected text after moment_coeffs: '${reader.peekTrimmed()}'`);

  const file: MtpFile = {
    potentialName, scaling, speciesCount, potentialTag, radialBasisType, radialScaling, minDist, maxDist, radialBasisSize,
    radialFuncsCount, radialCoeffs, alphaMomentsCount, alphaIndexBasic, alphaIndexTimes,
    alphaMomentMapping: Int32Array.from(mapping), speciesCoeffs, momentCoeffs, layout,
  };
  checkMtpTables(file);
  return file;
}

/** Checks the index tables' internal consistency (MLIP's checks and the ones it leaves out). */
export function checkMtpTables(file: MtpFile): void {
  const { alphaIndexBasic: basic, alphaIndexTimes: times, alphaMomentMapping: mapping, alphaMomentsCount: count } = file;
  const nBasic = basic.length / 4;
  let maxMu = -1;
  for (let b = 0; b < nBasic; b++) {
    const [mu, a, bb, c] = [basic[4 * b], basic[4 * b + 1], basic[4 * b + 2], basic[4 * b + 3]];
    if (mu < 0 || a < 0 || bb < 0 || c < 0) throw new RangeError(`alpha_index_basic[${b}] = {${mu}, ${a}, ${bb}, ${c}} must be non-negative`);
    maxMu = Math.max(maxMu, mu);
  }
  if (maxMu + 1 !== file.radialFuncsCount) {
    throw new RangeError(`alpha_index_basic uses radial functions 0…${maxMu} but radial_funcs_count is ${file.radialFuncsCount} (MLIP requires them equal)`);
  }
  if (nBasic > count) throw new RangeError(`alpha_index_basic_count (${nBasic}) exceeds alpha_moments_count (${count})`);
  const written = new Uint8Array(count);
  written.fill(1, 0, nBasic);
  for (let t = 0; t < times.length / 4; t++) {
    const [i, j, , k] = [times[4 * t], times[4 * t + 1], times[4 * t + 2], times[4 * t + 3]];
    for (const [v, what] of [[i, 'first factor'], [j, 'second factor'], [k, 'target']] as const) {
      if (v < 0 || v >= count) throw new RangeError(`alpha_index_times[${t}] ${what} ${v} is outside the ${count} moments`);
    }
    if (k < nBasic) throw new RangeError(`alpha_index_times[${t}] writes into basic moment ${k}`);
    if (!written[i] || !written[j]) throw new RangeError(`alpha_index_times[${t}] reads moment ${written[i] ? j : i} before any entry writes it`);
    written[k] = 1;
  }
  mapping.forEach((m, s) => {
    if (m < 0 || m >= count) throw new RangeError(`alpha_moment_mapping[${s}] = ${m} is outside the ${count} moments`);
  });
  if (file.radialCoeffs && file.radialBasisSize !== null) {
    const want = file.speciesCount * file.speciesCount * file.radialFuncsCount * file.radialBasisSize;
    if (file.radialCoeffs.length !== want) throw new RangeError(`radialCoeffs must have species² × radial_funcs_count × radial_basis_size = ${want} values, got ${file.radialCoeffs.length}`);
  }
}

/** Writes `.mtp` text: the read spelling of unchanged values, MLIP's Save format for the rest. */
export function formatMtp(file: MtpFile): string {
  checkMtpTables(file);
  const layout = file.layout;
  const lines: string[] = [];
  // MLIP's Save indents the radial block by one tab; a read file keeps its own indentation.
  const RADIAL = new Set(['min_dist', 'max_dist', 'radial_basis_size', 'radial_funcs_count', 'radial_coeffs']);
  const put = (key: string, text: string, fallback = RADIAL.has(key) ? '\t' : '') => lines.push((layout?.indents[key] ?? fallback) + text);
  put('MTP', 'MTP');
  put('version', 'version = 1.1.0');
  put('potential_name', `potential_name = ${file.potentialName}`);
  const scalar = (key: keyof MtpLayout['scalars'], value: number) => {
    const text = layout?.scalars[key];
    return text !== undefined && sameNumber(text, value) ? text : formatReal(value);
  };
  const maybePlaceholder = (key: 'minDist' | 'maxDist' | 'radialBasisSize', value: number | null) => {
    const text = layout?.scalars[key];
    if (value === null) {
      if (text === undefined || !PLACEHOLDER.test(text)) throw new RangeError(`${key} is null (a template placeholder) but no placeholder text is known`);
      return text;
    }
    if (key === 'radialBasisSize') return text !== undefined && sameNumber(text, value) ? text : String(value);
    return scalar(key, value);
  };
  if (file.scaling !== undefined) put('scaling', `scaling = ${scalar('scaling', file.scaling)}`);
  put('species_count', `species_count = ${file.speciesCount}`);
  if (file.potentialTag !== undefined) {
    const text = layout?.tagText;
    put('potential_tag', 'potential_tag =' + (text !== undefined && text.trim() === file.potentialTag ? text : ` ${file.potentialTag}`));
  }
  put('radial_basis_type', `radial_basis_type = ${file.radialBasisType}`);
  if (file.radialScaling !== undefined) lines.push(`\tscaling = ${scalar('radialScaling', file.radialScaling)}`);
  put('min_dist', `min_dist = ${maybePlaceholder('minDist', file.minDist)}`);
  put('max_dist', `max_dist = ${maybePlaceholder('maxDist', file.maxDist)}`);
  put('radial_basis_size', `radial_basis_size = ${maybePlaceholder('radialBasisSize', file.radialBasisSize)}`);
  put('radial_funcs_count', `radial_funcs_count = ${file.radialFuncsCount}`);
  if (file.radialCoeffs) {
    const size = file.radialBasisSize as number;
    const texts = realTexts(file.radialCoeffs, layout?.arrays.radialCoeffs);
    put('radial_coeffs', 'radial_coeffs');
    let q = 0;
    for (let s1 = 0; s1 < file.speciesCount; s1++) {
      for (let s2 = 0; s2 < file.speciesCount; s2++) {
        put('pair', `${s1}-${s2}`, '\t\t');
        for (let mu = 0; mu < file.radialFuncsCount; mu++, q += size) put('list', `{${texts.slice(q, q + size).join(', ')}}`, '\t\t\t');
      }
    }
  }
  const tuples = (flat: Int32Array) => Array.from({ length: flat.length / 4 }, (_, t) => `{${Array.from(flat.subarray(4 * t, 4 * t + 4)).join(', ')}}`).join(', ');
  put('alpha_moments_count', `alpha_moments_count = ${file.alphaMomentsCount}`);
  put('alpha_index_basic_count', `alpha_index_basic_count = ${file.alphaIndexBasic.length / 4}`);
  put('alpha_index_basic', `alpha_index_basic = {${tuples(file.alphaIndexBasic)}}`);
  put('alpha_index_times_count', `alpha_index_times_count = ${file.alphaIndexTimes.length / 4}`);
  put('alpha_index_times', `alpha_index_times = {${tuples(file.alphaIndexTimes)}}`);
  put('alpha_scalar_moments', `alpha_scalar_moments = ${file.alphaMomentMapping.length}`);
  put('alpha_moment_mapping', `alpha_moment_mapping = {${Array.from(file.alphaMomentMapping).join(', ')}}`);
  if (file.speciesCoeffs || file.momentCoeffs) {
    if (!file.speciesCoeffs || !file.momentCoeffs) throw new RangeError('speciesCoeffs and momentCoeffs must be given together');
    put('species_coeffs', `species_coeffs = {${realTexts(file.speciesCoeffs, layout?.arrays.speciesCoeffs).join(', ')}}`);
    put('moment_coeffs', `moment_coeffs = {${realTexts(file.momentCoeffs, layout?.arrays.momentCoeffs).join(', ')}}`);
  }
  // MLIP's Save ends without a newline; a read file keeps what it had.
  const eol = layout?.eol ?? '\n';
  return lines.join(eol) + (layout?.finalNewline ? eol : '');
}

/** C's `%.16e`: 17 significant digits, enough for any double to read back exactly. */
export function formatReal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write the non-finite number ${value} to a .mtp file`);
  const [mantissa, exponent] = value.toExponential(16).split('e');
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

function sameNumber(text: string, value: number): boolean {
  return !PLACEHOLDER.test(text) && Number(text) === value;
}

function realTexts(values: Float64Array, texts: string[] | undefined): string[] {
  return Array.from(values, (v, k) => (texts && texts.length === values.length && sameNumber(texts[k], v) ? texts[k] : formatReal(v)));
}

interface Field {
  key: string;
  value: string;
  /** Everything after '=' as written. */
  rest: string;
  line: number;
}

class LineReader {
  private at = 0;
  constructor(
    private readonly lines: string[],
    private readonly indents: Record<string, string>,
  ) {}

  /** Leading whitespace of line `index`, remembered under `key`. */
  indent(index: number, key: string): void {
    this.indents[key] = /^\s*/.exec(this.lines[index])![0];
  }

  get position(): number {
    return this.at;
  }
  done(): boolean {
    while (this.at < this.lines.length && this.lines[this.at].trim() === '') this.at++;
    return this.at >= this.lines.length;
  }
  peekTrimmed(): string {
    return this.done() ? '' : this.lines[this.at].trim();
  }
  next(): string {
    if (this.done()) this.fail('unexpected end of file');
    return this.lines[this.at++];
  }
  fail(message: string, line = this.at): never {
    throw new ParseError(message, { format: 'mtp', line: line + 1 });
  }
  expectExact(text: string): void {
    const line = this.next().trim();
    if (line !== text) this.fail(`expected '${text}', got '${line}'`, this.at - 1);
  }
  field(): Field {
    const raw = this.next();
    const eq = raw.indexOf('=');
    if (eq < 0) this.fail(`expected 'key = value', got '${raw.trim()}'`, this.at - 1);
    const rest = raw.slice(eq + 1);
    this.indent(this.at - 1, raw.slice(0, eq).trim());
    return { key: raw.slice(0, eq).trim(), value: rest.trim(), rest, line: this.at - 1 };
  }
  require(field: Field, key: string): void {
    if (field.key !== key) this.fail(`expected '${key} = …', got '${field.key} = …'`, field.line);
  }
  parseReal(text: string, what: string): number {
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) this.fail(`${what}: '${text}' is not a finite number`, this.at - 1);
    return value;
  }
  parseInt(text: string, what: string): number {
    const value = Number(text);
    if (!/^[+-]?\d+$/.test(text)) this.fail(`${what}: '${text}' is not an integer`, this.at - 1);
    return value;
  }
  real(field: Field, key: keyof MtpLayout['scalars'], layout: MtpLayout): number {
    layout.scalars[key] = field.value;
    return this.parseReal(field.value, field.key);
  }
  realOrPlaceholder(field: Field, key: 'minDist' | 'maxDist', layout: MtpLayout): number | null {
    layout.scalars[key] = field.value;
    return PLACEHOLDER.test(field.value) ? null : this.parseReal(field.value, field.key);
  }
  integerOrPlaceholder(field: Field, layout: MtpLayout): number | null {
    layout.scalars.radialBasisSize = field.value;
    if (PLACEHOLDER.test(field.value)) return null;
    const n = this.parseInt(field.value, field.key);
    if (n < 2) this.fail(`radial_basis_size must be at least 2, got ${n}`, field.line);
    return n;
  }
  integer(field: Field, min: number): number {
    const n = this.parseInt(field.value, field.key);
    if (n < min) this.fail(`${field.key} must be at least ${min}, got ${n}`, field.line);
    return n;
  }
  /** Items of a `{a, b, c}` list (not nested). */
  braces(text: string, what: string): string[] {
    if (!text.startsWith('{') || !text.endsWith('}')) this.fail(`${what} must be a list in braces {…}, got '${text.slice(0, 40)}'`, this.at - 1);
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((s) => s.trim());
  }
  /** `<name>_count = n` then `<name> = {{…}, …}` with n tuples of `width` integers. */
  countedTuples(name: string, width: number): Int32Array {
    const countField = this.field();
    this.require(countField, `${name}_count`);
    const count = this.integer(countField, 0);
    const field = this.field();
    this.require(field, name);
    const text = field.value;
    if (!text.startsWith('{') || !text.endsWith('}')) this.fail(`${name} must be a list of tuples {{…}, …}`, field.line);
    const tuples = text.slice(1, -1).match(/\{[^{}]*\}/g) ?? [];
    if (tuples.length !== count) this.fail(`${name} must have ${name}_count = ${count} tuples, got ${tuples.length}`, field.line);
    const out = new Int32Array(count * width);
    tuples.forEach((tuple, t) => {
      const items = this.braces(tuple, `${name}[${t}]`);
      if (items.length !== width) this.fail(`${name}[${t}] must have ${width} integers, got ${items.length}`, field.line);
      items.forEach((item, c) => (out[t * width + c] = this.parseInt(item, `${name}[${t}]`)));
    });
    return out;
  }
}
