// Colours of the PCA map points: by species (categorical) or by the frame's reference energy per
// atom (viridis over the range present; grey where a frame has no energy).
import type { FrameSummary } from '../protocol.js';
import { CATEGORY_COLORS, extent, viridis } from './scales.js';

export type ColorMode = 'species' | 'energy';

export const MISSING_COLOR = '#bbbbbb';

/** Reference energy per atom of each frame (eV/atom), NaN where there is none. */
export function energyPerAtom(frames: readonly FrameSummary[]): Float64Array {
  return Float64Array.from(frames, (f) => (f.energy === null || f.numbers.length === 0 ? NaN : f.energy / f.numbers.length));
}

export interface Coloring {
  colors: string[];
  /** Species mode: one entry per species; energy mode: the range, eV/atom. */
  legend: { kind: 'species'; entries: { label: string; color: string }[] } | { kind: 'energy'; range: [number, number] | undefined };
}

export function mapColors(
  mode: ColorMode,
  points: { numbers: Int32Array; frameOf: Int32Array },
  frames: readonly FrameSummary[],
  species: readonly number[],
  symbols: readonly string[],
): Coloring {
  if (mode === 'species') {
    const slot = new Map(species.map((z, k) => [z, k]));
    const colorOf = (z: number) => CATEGORY_COLORS[(slot.get(z) ?? 0) % CATEGORY_COLORS.length];
    return {
      colors: Array.from(points.numbers, colorOf),
      legend: { kind: 'species', entries: species.map((z, k) => ({ label: symbols[k] ?? String(z), color: colorOf(z) })) },
    };
  }
  if (mode !== 'energy') throw new RangeError(`mode must be 'species' or 'energy', got ${JSON.stringify(mode)}`);
  const perAtom = energyPerAtom(frames);
  const range = extent(perAtom);
  const colors = Array.from(points.frameOf, (frame) => {
    const e = perAtom[frame];
    if (!range || !Number.isFinite(e)) return MISSING_COLOR;
    return viridis((e - range[0]) / (range[1] - range[0]));
  });
  return { colors, legend: { kind: 'energy', range } };
}
