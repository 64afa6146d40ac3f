// A WebGPU program for the harmonics is a small object: a cache key fixed at set-up
// (lMax, kind, gradients, style; never the input shape), its WGSL and its bindings.
import { harmonicsLoopsWgsl } from './sh-wgsl-loops.js';
import { harmonicsWgsl } from './sh-wgsl.js';
import { WORKGROUP_SIZE } from './wgsl-common.js';

/**
 * 'unrolled': straight-line code with the prefactors as literals (faster to run, but its
 * build time grows quickly with lMax); 'loops': loops over tables in a storage buffer
 * (builds in well under a second for any lMax).
 */
export type ProgramStyle = 'unrolled' | 'loops';

/** Largest lMax built unrolled by default (and at all): beyond it the build takes seconds. */
export const MAX_UNROLLED_L = 16;

export interface HarmonicsProgramKey {
  lMax: number;
  normalized: boolean;
  gradients: boolean;
  style: ProgramStyle;
}

export interface HarmonicsProgram {
  readonly cacheKey: string;
  readonly source: string;
  readonly workgroupSize: number;
  /** Bindings used: 0 uniform { count }, 1 xyz, 2 values, 3 gradients, 4 prefactor tables. */
  readonly bindings: readonly number[];
}

export function harmonicsProgramKey({ lMax, normalized, gradients, style }: HarmonicsProgramKey): string {
  return `sh:l${lMax}:${normalized ? 'spherical' : 'solid'}:${gradients ? 'grad' : 'values'}:${style}`;
}

export function harmonicsProgram(key: HarmonicsProgramKey): HarmonicsProgram {
  const bindings = [0, 1, 2];
  if (key.gradients) bindings.push(3);
  if (key.style === 'loops') bindings.push(4);
  return {
    cacheKey: harmonicsProgramKey(key),
    source: key.style === 'loops' ? harmonicsLoopsWgsl(key) : harmonicsWgsl(key),
    workgroupSize: WORKGROUP_SIZE,
    bindings,
  };
}
