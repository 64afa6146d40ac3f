// Loads the librascal reference files of data/reference/librascal (see its README).
import { readFileSync } from 'node:fs';

export interface LibrascalVariant {
  librascal_hypers: Record<string, unknown>;
  expansion: number[][][][];
  gradient_centres: { centre: number; complete: boolean }[];
  pair_gradients: {
    centre: number;
    neighbour: number;
    neighbour_Z: number;
    cell_shift: number[];
    rij: number[];
    is_self_pair: boolean;
    is_image_of_centre: boolean;
    d_expansion: number[][][][];
  }[];
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

/** The hypers of every reference file, in this package's format. */
export const LIBRASCAL_HYPERS = {
  cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.3 },
  basis: { maxAngular: 4, radial: { type: 'gto' as const, maxRadial: 6 } },
};
