// The librascal SOAP reference files of data/reference/librascal (see its README).
import { readFileSync } from 'node:fs';

export interface PairRecord {
  centre: number;
  neighbour: number;
  is_image_of_centre: boolean;
  d_power_spectrum: number[][][][][];
  d_power_spectrum_normalized: number[][][][][];
}

export interface LibrascalVariant {
  power_spectrum: number[][][][][];
  power_spectrum_normalized: number[][][][][];
  gradient_centres: { centre: number; complete: boolean }[];
  pair_gradients: PairRecord[];
}

export interface LibrascalCase {
  case: string;
  structure: { positions: number[][]; numbers: number[]; cell: number[][]; pbc: boolean[] };
  species: number[];
  variants: { exact: LibrascalVariant; spline: LibrascalVariant };
}

export const LIBRASCAL_FILES = ['a_water_trimer__h1', 'b_si_diamond8__h1', 'c_methane__h1', 'd_nacl8__h1'];

export function loadLibrascal(name: string): LibrascalCase {
  const url = new URL(`../../../data/reference/librascal/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as LibrascalCase;
}

export function hypersFor(variant: 'exact' | 'spline') {
  return {
    cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
    density: { type: 'gaussian' as const, width: 0.3 },
    basis: { maxAngular: 4, radial: { type: 'gto' as const, maxRadial: 6 }, splineAccuracy: variant === 'exact' ? 0 : 1e-8 },
  };
}

export function structureOf(c: LibrascalCase) {
  return { positions: c.structure.positions.flat(), numbers: c.structure.numbers, cell: c.structure.cell.flat(), pbc: c.structure.pbc };
}

/** ∂X^i/∂r_k by the README's rule: sum the pair blocks of (i, k), images of i left out. */
export function referenceGradient(variant: LibrascalVariant, key: 'd_power_spectrum' | 'd_power_spectrum_normalized', i: number, k: number): Float64Array | undefined {
  let sum: Float64Array | undefined;
  for (const record of variant.pair_gradients) {
    if (record.centre !== i || record.neighbour !== k || record.is_image_of_centre) continue;
    const flat = Float64Array.from(record[key].flat(4) as number[]);
    if (!sum) sum = flat;
    else for (let f = 0; f < flat.length; f++) sum[f] += flat[f];
  }
  return sum;
}
