// Reader for the pymatgen-JSON records of the mlearn benchmark (Zuo et al., J. Phys. Chem. A 124,
// 731 (2020)), as shipped in data/mlearn/<El>/{training,test}.json.
//
// `outputs.virial_stress` there is VASP's stress: kbar, positive under compression (the opposite
// sign of ASE's stress), six components with the shears after the diagonal. The README of this
// package gives the evidence; the short form is that ΔE between neighbouring strained cells of the
// Elastic group equals the work ∫ V σ : dε with σ = -virial_stress · 0.1 GPa, and that the shear
// order that makes this hold is xy yz zx (VASP's) for Ge, Li, Si but xy zx yz for Cu, Mo, Ni.

import { atomicNumber } from '../elements.js';
import { Structure } from '../structure.js';
import { ParseError } from './parse-error.js';

/** One kbar in eV/Å³, using ASE's `units.GPa` (1 eV/Å³ = 160.21766208 GPa, CODATA 2014). */
export const KBAR_IN_EV_PER_A3 = 0.1 / 160.21766208;

/** Order of the three shear components that follow xx yy zz in `virial_stress`. */
export type MlearnShearOrder = 'xy yz zx' | 'xy zx yz';

export interface MlearnReadOptions {
  /**
   * How to read the shear components of `virial_stress`. 'auto' (default) uses 'xy zx yz' for
   * records whose sites are all Cu, Mo or Ni and VASP's 'xy yz zx' otherwise, which is what the
   * Elastic records of the dataset are consistent with.
   */
  shearOrder?: 'auto' | MlearnShearOrder;
}

/** Elements whose mlearn records store the shears as xy zx yz (found from their Elastic records). */
const SWAPPED_SHEAR_ELEMENTS = new Set(['Cu', 'Mo', 'Ni'].map(atomicNumber));

/**
 * Converts an mlearn `virial_stress` (kbar, compression positive) into ASE's stress: eV/Å³,
 * tension positive, Voigt order xx yy zz yz xz xy.
 */
export function mlearnVirialToStress(virial: ArrayLike<number>, shearOrder: MlearnShearOrder): Float64Array {
  if (virial.length !== 6) throw new RangeError(`virial_stress must have 6 values, got ${virial.length}`);
  if (shearOrder !== 'xy yz zx' && shearOrder !== 'xy zx yz') {
    throw new TypeError(`shearOrder must be 'xy yz zx' or 'xy zx yz', got ${JSON.stringify(shearOrder)}`);
  }
  const [xx, yy, zz, s3, s4, s5] = Array.from(virial);
  const [xy, yz, zx] = shearOrder === 'xy yz zx' ? [s3, s4, s5] : [s3, s5, s4];
  return Float64Array.from([xx, yy, zz, yz, zx, xy], (v) => -v * KBAR_IN_EV_PER_A3);
}

/**
 * Reads mlearn records (a JSON text or the parsed array) into periodic Structures with
 * `info.energy` (eV), `arrays.forces` (eV/Å), `info.stress` (ASE convention, see
 * mlearnVirialToStress), the raw `info.virial_stress` (kbar, as stored) and the string metadata
 * `group`, `description`, `tag` when present.
 */
export function readMlearnRecords(json: string | readonly unknown[], options: MlearnReadOptions = {}): Structure[] {
  const shearOrder = options.shearOrder ?? 'auto';
  if (shearOrder !== 'auto' && shearOrder !== 'xy yz zx' && shearOrder !== 'xy zx yz') {
    throw new TypeError(`options.shearOrder must be 'auto', 'xy yz zx' or 'xy zx yz', got ${JSON.stringify(shearOrder)}`);
  }
  let records: unknown = json;
  if (typeof json === 'string') {
    try {
      records = JSON.parse(json);
    } catch (error) {
      throw new ParseError(`input is not valid JSON: ${(error as Error).message}`, { format: 'mlearn', cause: error });
    }
  }
  if (!Array.isArray(records)) {
    throw new ParseError(`expected a JSON array of records, got ${describe(records)}`, { format: 'mlearn' });
  }
  return records.map((record, k) => readRecord(record, k, shearOrder));
}

function readRecord(record: unknown, frame: number, shearOrder: 'auto' | MlearnShearOrder): Structure {
  const fail = (message: string, cause?: unknown): never => {
    throw new ParseError(message, { format: 'mlearn', frame, cause });
  };
  const root = object(record, 'the record', fail);
  const structure = object(root.structure, 'structure (a pymatgen Structure dict)', fail);
  const lattice = object(structure.lattice, 'structure.lattice', fail);
  const matrix = lattice.matrix;
  if (!Array.isArray(matrix) || matrix.length !== 3) fail(`structure.lattice.matrix must be 3 rows of 3 numbers, got ${describe(matrix)}`);
  const cell = new Float64Array(9);
  (matrix as unknown[]).forEach((row, i) => cell.set(vector3(row, `structure.lattice.matrix[${i}]`, fail), 3 * i));

  const sites = structure.sites;
  if (!Array.isArray(sites)) fail(`structure.sites must be an array of sites, got ${describe(sites)}`);
  const n = (sites as unknown[]).length;
  const positions = new Float64Array(3 * n);
  const numbers = new Int32Array(n);
  (sites as unknown[]).forEach((site, i) => {
    const path = `structure.sites[${i}]`;
    const s = object(site, path, fail);
    positions.set(vector3(s.xyz, `${path}.xyz`, fail), 3 * i);
    const species = s.species;
    if (!Array.isArray(species) || species.length !== 1) {
      fail(`${path}.species must list exactly one element (ordered sites only), got ${describe(species)}`);
    }
    const element = object((species as unknown[])[0], `${path}.species[0]`, fail).element;
    if (typeof element !== 'string') fail(`${path}.species[0].element must be a chemical symbol, got ${describe(element)}`);
    try {
      numbers[i] = atomicNumber(element as string);
    } catch {
      fail(`${path}.species[0].element must be a known chemical symbol, got ${JSON.stringify(element)}`);
    }
  });
  if (root.num_atoms !== undefined && root.num_atoms !== n) {
    fail(`num_atoms is ${describe(root.num_atoms)} but structure.sites has ${n} sites`);
  }

  const outputs = object(root.outputs, 'outputs', fail);
  const energy = outputs.energy;
  if (typeof energy !== 'number' || !Number.isFinite(energy)) fail(`outputs.energy must be a finite number (eV), got ${describe(energy)}`);
  const info: Record<string, number | string | Float64Array> = { energy: energy as number };
  const arrays: Record<string, Float64Array> = {};
  if (outputs.forces !== undefined) {
    const forces = outputs.forces;
    if (!Array.isArray(forces) || forces.length !== n) {
      fail(`outputs.forces must have one 3-vector per site (${n}), got ${describe(forces)}`);
    }
    const flat = new Float64Array(3 * n);
    (forces as unknown[]).forEach((f, i) => flat.set(vector3(f, `outputs.forces[${i}]`, fail), 3 * i));
    arrays.forces = flat;
  }
  if (outputs.virial_stress !== undefined) {
    const raw = outputs.virial_stress;
    if (!Array.isArray(raw) || raw.length !== 6 || !raw.every(isFiniteNumber)) {
      fail(`outputs.virial_stress must be 6 finite numbers (kbar), got ${describe(raw)}`);
    }
    const order = shearOrder !== 'auto' ? shearOrder : n > 0 && numbers.every((z) => SWAPPED_SHEAR_ELEMENTS.has(z)) ? 'xy zx yz' : 'xy yz zx';
    info.virial_stress = Float64Array.from(raw as number[]);
    info.stress = mlearnVirialToStress(raw as number[], order);
  }
  for (const key of ['group', 'description', 'tag']) {
    if (typeof root[key] === 'string') info[key] = root[key] as string;
  }
  try {
    return new Structure({ positions, numbers, cell, pbc: [true, true, true], info, arrays });
  } catch (error) {
    return fail(`invalid structure: ${(error as Error).message}`, error);
  }
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function object(value: unknown, what: string, fail: (message: string) => never): Record<string, unknown> {
  if (value === undefined) fail(`missing ${what}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${what} must be an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function vector3(value: unknown, what: string, fail: (message: string) => never): number[] {
  if (!Array.isArray(value) || value.length !== 3 || !value.every(isFiniteNumber)) {
    fail(`${what} must be 3 finite numbers, got ${describe(value)}`);
  }
  return value as number[];
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const shown = JSON.stringify(value);
    return shown.length <= 60 ? shown : `an array of length ${value.length}`;
  }
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}
