// Linear species compression (dscribe's mu1nu1 / featomic's pseudo-species): the one-hot
// neighbour species a is replaced by d channels, c̃[q] = Σ_a W[q][a]·c[a]. W is keyed by
// atomic number, never by a structure's own species index, so every structure of a dataset
// (whatever elements it happens to contain) sees the same d channels.
import { assertFiniteNumber, assertInteger, mulberry32 } from '@equikit/core';

export interface SpeciesCompressionOptions {
  /** d, the number of channels. */
  channels: number;
  /**
   * d × (species.length) weights, row q = channel q, column k = atomic number species[k];
   * or 'random' (default): seeded standard-normal columns (see randomSpeciesColumn).
   */
  weights?: readonly (readonly number[])[] | 'random';
  /** Atomic numbers of the weight columns: required with a weight matrix, refused with 'random'. */
  species?: readonly number[];
  /** Seed of the random weights (integer in [0, 2³² − 1]); default 0. Refused with a weight matrix. */
  seed?: number;
}

const KNOWN = ['channels', 'weights', 'species', 'seed'];

/**
 * Column W[·][Z] of the random weights: d standard-normal numbers, the q-th from Box–Muller on
 * the (2q)-th and (2q+1)-th draws of mulberry32((seed + Z·0x9E3779B1) mod 2³²), cosine branch:
 * w = √(−2 ln(1 − u₁))·cos(2π u₂). It depends on (seed, Z, d) only.
 */
export function randomSpeciesColumn(seed: number, atomicNumber: number, channels: number): Float64Array {
  const rng = mulberry32((seed + Math.imul(atomicNumber, 0x9e3779b1)) >>> 0);
  const column = new Float64Array(channels);
  for (let q = 0; q < channels; q++) {
    const u1 = rng();
    const u2 = rng();
    column[q] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
  return column;
}

/** Validated species-compression settings; `weightsFor` gives W for a structure's species. */
export class SpeciesCompression {
  readonly channels: number;
  /** The seed of random weights; undefined with a weight matrix. */
  readonly seed: number | undefined;
  /** Explicit columns by atomic number; undefined for random weights. */
  private readonly columns: ReadonlyMap<number, Float64Array> | undefined;

  private constructor(channels: number, seed: number | undefined, columns: Map<number, Float64Array> | undefined) {
    this.channels = channels;
    this.seed = seed;
    this.columns = columns;
  }

  /** Checks `value` (the `speciesCompression` option) and names `name` in every error. */
  static parse(value: unknown, name = 'options.speciesCompression'): SpeciesCompression {
    if (value instanceof SpeciesCompression) return value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TypeError(`${name} must be an object { channels, weights?, species?, seed? }, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
    }
    const options = value as Record<string, unknown>;
    for (const key of Object.keys(options)) {
      if (!KNOWN.includes(key)) throw new RangeError(`${name}.${key} is not an option; expected some of ${KNOWN.join(', ')}`);
    }
    const { channels, weights = 'random', species, seed } = options;
    assertInteger(channels, `${name}.channels`, 1, 1024);
    if (weights === 'random') {
      if (species !== undefined) throw new RangeError(`${name}.species names the columns of a weight matrix; random weights are keyed by atomic number and take none`);
      const s = seed ?? 0;
      assertInteger(s, `${name}.seed`, 0, 2 ** 32 - 1);
      return new SpeciesCompression(channels, s, undefined);
    }
    if (!Array.isArray(weights)) throw new TypeError(`${name}.weights must be 'random' or an array of ${channels} rows (one per channel), got ${typeof weights}`);
    if (seed !== undefined) throw new RangeError(`${name}.seed only applies to random weights, not to a weight matrix`);
    if (!Array.isArray(species)) throw new TypeError(`${name}.species must list the atomic number of each weight column, got ${species === null ? 'null' : typeof species}`);
    species.forEach((z, k) => assertInteger(z, `${name}.species[${k}]`, 1, 118));
    if (new Set(species).size !== species.length) throw new RangeError(`${name}.species must not repeat an atomic number, got [${species.join(', ')}]`);
    if (weights.length !== channels) throw new RangeError(`${name}.weights must have ${channels} rows (one per channel), got ${weights.length}`);
    const columns = new Map<number, Float64Array>(species.map((z) => [z as number, new Float64Array(channels)]));
    weights.forEach((row: unknown, q) => {
      if (!Array.isArray(row) && !ArrayBuffer.isView(row)) throw new TypeError(`${name}.weights[${q}] must be an array of ${species.length} numbers, got ${row === null ? 'null' : typeof row}`);
      const entries = row as ArrayLike<unknown>;
      if (entries.length !== species.length) throw new RangeError(`${name}.weights[${q}] must have ${species.length} entries (one per species), got ${entries.length}`);
      species.forEach((z, k) => {
        assertFiniteNumber(entries[k], `${name}.weights[${q}][${k}]`);
        columns.get(z as number)![q] = entries[k] as number;
      });
    });
    return new SpeciesCompression(channels, undefined, columns);
  }

  /** W[q][Z] for Z = atomic number. */
  column(atomicNumber: number): Float64Array {
    if (!this.columns) return randomSpeciesColumn(this.seed!, atomicNumber, this.channels);
    const column = this.columns.get(atomicNumber);
    if (!column) {
      throw new RangeError(`speciesCompression has no weight column for atomic number ${atomicNumber}: its species are [${[...this.columns.keys()].join(', ')}]`);
    }
    return column.slice();
  }

  /** W for these atomic numbers, d × species.length row-major: W[q·S + a] = column(species[a])[q]. */
  weightsFor(species: ArrayLike<number>): Float64Array {
    const S = species.length;
    const W = new Float64Array(this.channels * S);
    for (let a = 0; a < S; a++) {
      const column = this.column(species[a]);
      for (let q = 0; q < this.channels; q++) W[q * S + a] = column[q];
    }
    return W;
  }
}
