// Reads and checks the reference energies, forces and stresses stored on core Structures,
// so a model never trains or scores on a silent NaN, a missing value or a misshapen array.
// Every error names the structure (its index in the list) and the field at fault.
import { Structure, fullToVoigtStress } from '@equikit/core';

/**
 * Where each target lives: `energy` and `stress` (or `virial`) in `structure.info`, `forces` in
 * `structure.arrays`. `false` leaves a target out. Defaults: energy 'energy', forces 'forces',
 * stress 'stress', virial false.
 */
export interface TargetNames {
  /** info key of the total energy in eV. */
  energy?: string | false;
  /** arrays key of the forces in eV/Å (3N values). */
  forces?: string | false;
  /** info key of the stress in eV/Å³, ASE sign (tensile positive), 6 Voigt values xx yy zz yz xz xy or 9 (3×3 row-major). */
  stress?: string | false;
  /**
   * info key of a virial in eV (9 values, 3×3 row-major, or 6 in ASE Voigt order), QUIP/GAP's sign:
   * virial = −V·stress. Used only when the structure has no stress under `stress`.
   */
  virial?: string | false;
}

export interface ResolvedTargetNames {
  energy: string | false;
  forces: string | false;
  stress: string | false;
  virial: string | false;
}

/** One structure's reference values, in ASE's units and signs. */
export interface StructureTargets {
  /** Total energy, eV. */
  energy?: number;
  /** Forces, eV/Å, 3N. */
  forces?: Float64Array;
  /** Stress, eV/Å³, ASE sign and Voigt order (xx yy zz yz xz xy). Only for structures periodic in all three directions. */
  stress?: Float64Array;
}

export interface ExtractTargetsOptions {
  /** Where each target is; see TargetNames. */
  targets?: TargetNames;
  /**
   * 'error' (default for training): every structure must carry every enabled target (stress only
   * those periodic in all three directions). 'skip' (for scoring): a missing target is left out.
   */
  missing?: 'error' | 'skip';
  /** How the list is named in messages; default 'structures'. */
  name?: string;
}

const DEFAULT_NAMES: ResolvedTargetNames = { energy: 'energy', forces: 'forces', stress: 'stress', virial: false };

/** Validates a TargetNames object and fills in the defaults. */
export function resolveTargetNames(targets: unknown, name = 'targets'): ResolvedTargetNames {
  if (targets === undefined) return { ...DEFAULT_NAMES };
  if (targets === null || typeof targets !== 'object' || Array.isArray(targets)) {
    throw new TypeError(`${name} must be an object like { energy: 'energy', forces: 'forces', stress: 'stress' }, got ${describe(targets)}`);
  }
  const given = targets as Record<string, unknown>;
  const resolved = { ...DEFAULT_NAMES };
  for (const key of Object.keys(given)) {
    if (!(key in DEFAULT_NAMES)) {
      throw new TypeError(`${name} has an unknown field '${key}'; allowed fields are 'energy', 'forces', 'stress', 'virial'`);
    }
    const value = given[key];
    if (value === undefined) continue;
    if (value !== false && (typeof value !== 'string' || value.length === 0)) {
      throw new TypeError(`${name}.${key} must be a non-empty string (the key holding it) or false (not a target), got ${describe(value)}`);
    }
    resolved[key as keyof ResolvedTargetNames] = value as string | false;
  }
  return resolved;
}

/** Whether stress is meaningful: a cell periodic in all three directions (a volume). */
export function hasVolume(structure: Structure): boolean {
  return structure.pbc[0] && structure.pbc[1] && structure.pbc[2];
}

/**
 * Reads the targets of every structure. Throws a TypeError/RangeError naming the structure
 * index and field for a missing target (with missing: 'error'), a wrong shape or a non-finite value.
 */
export function extractTargets(structures: unknown, options: ExtractTargetsOptions = {}): StructureTargets[] {
  if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${describe(options)}`);
  const listName = options.name ?? 'structures';
  const list = assertStructureList(structures, listName);
  const names = resolveTargetNames(options.targets, 'targets');
  const missing = options.missing ?? 'error';
  if (missing !== 'error' && missing !== 'skip') throw new TypeError(`options.missing must be 'error' or 'skip', got ${describe(missing)}`);
  if (names.energy === false && names.forces === false && names.stress === false && names.virial === false) {
    throw new RangeError('targets must enable at least one of energy, forces, stress, virial');
  }
  return list.map((s, index) => readTargets(s, index, names, missing === 'error', listName));
}

/** Checks that `value` is a non-empty array of Structures; returns it typed. */
export function assertStructureList(value: unknown, name = 'structures'): Structure[] {
  if (!Array.isArray(value)) throw new TypeError(`${name} must be an array of Structure, got ${describe(value)}`);
  if (value.length === 0) throw new RangeError(`${name} must hold at least one Structure, got an empty array`);
  value.forEach((s, k) => {
    if (!(s instanceof Structure)) throw new TypeError(`${name}[${k}] must be a Structure (from @equikit/core), got ${describe(s)}`);
    if (s.length === 0) throw new RangeError(`${name}[${k}] has no atoms`);
  });
  return value as Structure[];
}

function readTargets(s: Structure, index: number, names: ResolvedTargetNames, required: boolean, listName: string): StructureTargets {
  const where = `${listName}[${index}]`;
  const out: StructureTargets = {};
  if (names.energy !== false) {
    const value = s.info[names.energy];
    if (value === undefined) {
      if (required) throw new RangeError(`${where} has no energy: info.${names.energy} is missing (set targets.energy to the right key, or false to fit without energies)`);
    } else {
      if (typeof value !== 'number') throw new TypeError(`${where}: info.${names.energy} must be a number (energy in eV), got ${describe(value)}`);
      if (!Number.isFinite(value)) throw new RangeError(`${where}: info.${names.energy} must be finite, got ${value}`);
      out.energy = value;
    }
  }
  if (names.forces !== false) {
    const value = s.arrays[names.forces];
    if (value === undefined) {
      if (required) throw new RangeError(`${where} has no forces: arrays.${names.forces} is missing (set targets.forces to the right key, or false to fit without forces)`);
    } else {
      if (!(value instanceof Float64Array)) throw new TypeError(`${where}: arrays.${names.forces} must be a Float64Array of 3N forces in eV/Å, got ${describe(value)}`);
      if (value.length !== 3 * s.length) {
        throw new RangeError(`${where}: arrays.${names.forces} must have 3 values per atom (${3 * s.length} for ${s.length} atoms), got ${value.length}`);
      }
      checkFinite(value, `${where}: arrays.${names.forces}`, 3);
      out.forces = Float64Array.from(value);
    }
  }
  if (names.stress !== false || names.virial !== false) {
    const stress = readStress(s, where, names, required);
    if (stress) out.stress = stress;
  }
  return out;
}

function readStress(s: Structure, where: string, names: ResolvedTargetNames, required: boolean): Float64Array | undefined {
  const stressValue = names.stress === false ? undefined : s.info[names.stress];
  const virialValue = names.virial === false ? undefined : s.info[names.virial];
  if (stressValue === undefined && virialValue === undefined) {
    if (required && hasVolume(s)) {
      const keys = [names.stress, names.virial].filter((k) => k !== false).map((k) => `info.${k}`).join(' or ');
      throw new RangeError(`${where} has no stress: ${keys} is missing (set targets.stress to the right key, or false to fit without stress)`);
    }
    return undefined;
  }
  const useStress = stressValue !== undefined;
  const key = useStress ? (names.stress as string) : (names.virial as string);
  const value = useStress ? stressValue : virialValue;
  if (!hasVolume(s)) {
    if (!required) return undefined;
    throw new RangeError(`${where}: info.${key} is given but the structure is not periodic in all three directions (pbc ${s.pbc.join(' ')}), so it has no volume; set targets.stress to false`);
  }
  if (!(value instanceof Float64Array) || (value.length !== 6 && value.length !== 9)) {
    throw new TypeError(`${where}: info.${key} must be 6 Voigt values (xx yy zz yz xz xy) or 9 (3×3 row-major), got ${describe(value)}`);
  }
  checkFinite(value, `${where}: info.${key}`, 1);
  const voigt = value.length === 9 ? fullToVoigtStress(value) : Float64Array.from(value);
  if (!useStress) {
    const volume = s.volume();
    for (let k = 0; k < 6; k++) voigt[k] = -voigt[k] / volume;
  }
  return voigt;
}

function checkFinite(values: Float64Array, name: string, stride: number): void {
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) {
      const at = stride > 1 ? `atom ${Math.floor(k / stride)}, component ${'xyz'[k % stride]}` : `component ${k}`;
      throw new RangeError(`${name} must be finite, got ${values[k]} at ${at}`);
    }
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}
