// Reading the user's file and describing its frames for the page.
import { readExtxyz, readMlearnRecords, type Structure } from '@equikit/core';
import type { FrameSummary } from '../protocol.js';

/** Extended XYZ, or mlearn JSON records when the text starts with '[' (content, not the file name, decides). */
export function readStructures(text: string): Structure[] {
  if (typeof text !== 'string') throw new TypeError(`the file must be text, got ${typeof text}`);
  const start = text.trimStart();
  if (start === '') throw new RangeError('the file is empty: expected extended XYZ or mlearn JSON');
  const structures = start.startsWith('[') ? readMlearnRecords(start) : readExtxyz(text);
  if (structures.length === 0) throw new RangeError('the file holds no structures');
  return structures;
}

function labelOf(structure: Structure): string {
  for (const key of ['description', 'config_type', 'group']) {
    const value = structure.info[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return '';
}

export function summarize(structure: Structure, index: number): FrameSummary {
  const energy = structure.info.energy;
  const forces = structure.arrays.forces;
  return {
    index,
    numbers: Int32Array.from(structure.numbers),
    positions: Float64Array.from(structure.positions),
    cell: Float64Array.from(structure.cell),
    pbc: [...structure.pbc],
    energy: typeof energy === 'number' && Number.isFinite(energy) ? energy : null,
    hasForces: forces instanceof Float64Array && forces.length === 3 * structure.length,
    label: labelOf(structure),
  };
}

/** Sorted atomic numbers present in any frame: the species axes every frame's features share. */
export function speciesOf(structures: readonly Structure[]): number[] {
  const present = new Set<number>();
  for (const s of structures) for (const z of s.numbers) present.add(z);
  return [...present].sort((a, b) => a - b);
}

/** Frame indices of the train and test sets: every `testEvery`-th frame (1-based: k−1, 2k−1, …) is a test frame. */
export function splitTrainTest(count: number, testEvery: number): { train: number[]; test: number[] } {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(testEvery) || testEvery < 2) throw new RangeError(`testEvery must be an integer ≥ 2, got ${testEvery}`);
  const train: number[] = [];
  const test: number[] = [];
  for (let k = 0; k < count; k++) ((k + 1) % testEvery === 0 ? test : train).push(k);
  return { train, test };
}
