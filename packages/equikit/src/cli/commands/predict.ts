// equikit predict --model model.json FILE -o out.xyz
import { writeFile } from 'node:fs/promises';
import { Structure, writeExtxyz } from '@equikit/core';
import { parseArgs, requiredFlag, UsageError } from '../args.js';
import { loadModel } from '../model-io.js';
import { createProgress, type ProgressStream } from '../progress.js';
import { readStructures } from '../read-structures.js';

export const PREDICT_USAGE = 'predict --model model.json FILE -o out.xyz          energy, forces and stress as extended XYZ';

export async function predictCommand(args: string[], progress: ProgressStream, out: (line: string) => void): Promise<void> {
  const { positionals, flags } = parseArgs(args, { values: ['model', 'out'], aliases: { o: 'out' } });
  if (positionals.length !== 1) throw new UsageError(`predict takes one FILE, got ${positionals.length}`);
  const path = requiredFlag(flags, 'out');
  const model = await loadModel(requiredFlag(flags, 'model'));
  const structures = await readStructures(positionals[0]);
  const bar = createProgress('predict', 'frames', progress);
  const predicted = structures.map((s, k) => {
    const p = model.predict(s);
    bar.update(k + 1, structures.length);
    const info: Record<string, number | Float64Array> = { energy: p.energy };
    if (p.stress) info.stress = p.stress;
    // only what was predicted: the input's reference values would be mistaken for ours
    return new Structure({ positions: s.positions, numbers: s.numbers, cell: s.cell, pbc: s.pbc, info, arrays: { forces: p.forces } });
  });
  bar.finish();
  await writeFile(path, writeExtxyz(predicted));
  out(`wrote energies, forces${predicted.some((s) => s.info.stress) ? ' and stress' : ''} of ${predicted.length} frames to ${path}`);
}
