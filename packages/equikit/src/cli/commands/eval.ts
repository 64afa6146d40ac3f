// equikit eval --model model.json FILE [--json]
import { evaluate, type EvaluationResult } from '@equikit/models';
import { parseArgs, requiredFlag, UsageError } from '../args.js';
import { loadModel } from '../model-io.js';
import { createProgress, type ProgressStream } from '../progress.js';
import { readStructures } from '../read-structures.js';

export const EVAL_USAGE = 'eval --model model.json FILE [--json]              energy, force and stress errors';

export function formatErrors(result: EvaluationResult): string[] {
  const lines = [`${result.structures} frames, ${result.atoms} atoms`];
  const row = (what: string, unit: string, s?: { mae: number; rmse: number; count: number }) => {
    if (s) lines.push(`${what}: MAE ${s.mae.toPrecision(4)} ${unit}, RMSE ${s.rmse.toPrecision(4)} ${unit} (${s.count} values)`);
  };
  row('energy', 'meV/atom', result.energy);
  row('forces', 'eV/Å', result.forces);
  row('stress', 'GPa', result.stress);
  return lines;
}

export async function evalCommand(args: string[], progress: ProgressStream, out: (line: string) => void): Promise<void> {
  const { positionals, flags } = parseArgs(args, { values: ['model'], booleans: ['json'] });
  if (positionals.length !== 1) throw new UsageError(`eval takes one FILE, got ${positionals.length}`);
  const model = await loadModel(requiredFlag(flags, 'model'));
  const structures = await readStructures(positionals[0]);
  const bar = createProgress('eval', 'frames', progress);
  const result = evaluate(model, structures, { onProgress: bar.update });
  bar.finish();
  if (flags.json) out(JSON.stringify(result));
  else for (const line of formatErrors(result)) out(line);
}
