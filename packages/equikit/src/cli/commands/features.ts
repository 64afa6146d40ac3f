// equikit features INPUT --preset soap --out FILE(.npz | .mts | .json)
import { writeFile } from 'node:fs/promises';
import { saveNpz, saveTensorMap, type Structure } from '@equikit/core';
import { presentSpecies } from '@equikit/density';
import { PowerSpectrum } from '@equikit/correlations';
import { parseArgs, requiredFlag, stringFlag, UsageError } from '../args.js';
import { createProgress, type ProgressStream } from '../progress.js';
import { PRESETS, SOAP_HYPERS } from '../presets.js';
import { readStructures } from '../read-structures.js';

export const FEATURES_USAGE = 'features INPUT --preset soap --out FILE   per-atom features to .npz, .mts or .json';

export interface FeatureTable {
  /** [total atoms][size], frames one after the other. */
  values: Float64Array;
  size: number;
  species: Int32Array;
  /** Per row: frame index, atom index in the frame, atomic number. */
  system: Int32Array;
  atom: Int32Array;
  numbers: Int32Array;
}

export function featureTable(structures: readonly Structure[], calc: PowerSpectrum, onProgress?: (done: number, total: number) => void): FeatureTable {
  const species = presentSpecies(structures);
  const size = calc.sizeFor(species.length);
  const total = structures.reduce((sum, s) => sum + s.length, 0);
  const values = new Float64Array(total * size);
  const system = new Int32Array(total);
  const atom = new Int32Array(total);
  const numbers = new Int32Array(total);
  let row = 0;
  structures.forEach((s, frame) => {
    values.set(calc.computeDense(s, { species }).values, row * size);
    for (let a = 0; a < s.length; a++, row++) {
      system[row] = frame;
      atom[row] = a;
      numbers[row] = s.numbers[a];
    }
    onProgress?.(frame + 1, structures.length);
  });
  return { values, size, species, system, atom, numbers };
}

export async function featuresCommand(args: string[], stderr: ProgressStream, out: (line: string) => void): Promise<void> {
  const { positionals, flags } = parseArgs(args, { values: ['preset', 'out'], aliases: { o: 'out' } });
  if (positionals.length !== 1) throw new UsageError(`features takes one INPUT file, got ${positionals.length}`);
  const preset = stringFlag(flags, 'preset') ?? 'soap';
  if (!(PRESETS as readonly string[]).includes(preset)) throw new UsageError(`--preset must be one of ${PRESETS.join(', ')}, got ${JSON.stringify(preset)}`);
  const path = requiredFlag(flags, 'out');
  const format = /\.npz$/i.test(path) ? 'npz' : /\.mts$/i.test(path) ? 'mts' : /\.json$/i.test(path) ? 'json' : undefined;
  if (!format) throw new UsageError(`--out must end in .npz, .mts or .json, got ${JSON.stringify(path)}`);
  const structures = await readStructures(positionals[0]);
  const calc = new PowerSpectrum(SOAP_HYPERS);
  const progress = createProgress('features', 'frames', stderr);
  const table = featureTable(structures, calc, progress.update);
  progress.finish();
  const rows = table.system.length;
  let bytes: Uint8Array | string;
  if (format === 'npz') {
    bytes = saveNpz({
      features: { shape: [rows, table.size], data: table.values },
      system: { shape: [rows], data: table.system },
      atom: { shape: [rows], data: table.atom },
      numbers: { shape: [rows], data: table.numbers },
      species: { shape: [table.species.length], data: table.species },
    });
  } else if (format === 'json') {
    bytes = JSON.stringify({
      preset,
      hypers: calc.expansion.hypers,
      layout: 'SOAP power spectrum, librascal layout [pairs a ≤ b][n1][n2][l]',
      species: Array.from(table.species),
      size: table.size,
      frames: structures.map((s, frame) => ({
        numbers: Array.from(s.numbers),
        features: Array.from({ length: s.length }, (_, a) => {
          const row = table.system.indexOf(frame) + a;
          return Array.from(table.values.subarray(row * table.size, (row + 1) * table.size));
        }),
      })),
    });
  } else {
    // metatensor's layout: keys (center_type, neighbor_1_type, neighbor_2_type), samples (system, atom)
    bytes = saveTensorMap(calc.compute(structures));
  }
  await writeFile(path, bytes);
  out(`wrote ${rows} × ${table.size} ${preset} features of ${structures.length} frames (species ${Array.from(table.species).join(', ')}) to ${path}`);
}
