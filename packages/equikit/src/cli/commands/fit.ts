// equikit fit --train FILE --model linear|sparse-gp [--features soap|nice] [--test FILE] --out model.json
import { LinearPotential, SparseGPPotential, evaluate } from '@equikit/models';
import type { Structure } from '@equikit/core';
import { numberFlag, parseArgs, requiredFlag, stringFlag, UsageError } from '../args.js';
import { saveModel, type Model } from '../model-io.js';
import { FEATURE_SETS, linearFeatures, SPARSE_GP_DEFAULTS } from '../presets.js';
import type { ProgressStream } from '../progress.js';
import { readStructures } from '../read-structures.js';
import { stageProgress } from '../stages.js';
import { formatErrors } from './eval.js';

export const FIT_USAGE = 'fit --train FILE --model linear|sparse-gp [--features soap|nice] [--test FILE] [--regularization R] [--sparse N] [--zeta Z] --out model.json';

export interface FitSettings {
  model: 'linear' | 'sparse-gp';
  features: string;
  regularization: number | 'auto';
  sparse: number;
  zeta: number;
}

export async function fitModel(train: readonly Structure[], settings: FitSettings, onProgress?: (p: { stage: string; done: number; total: number }) => void): Promise<Model> {
  if (settings.model === 'linear') {
    return LinearPotential.fit(train, { features: linearFeatures(settings.features), regularization: settings.regularization, onProgress });
  }
  if (settings.features !== 'soap') throw new UsageError(`--model sparse-gp works on SOAP power spectra; --features ${settings.features} is for linear models`);
  return SparseGPPotential.fit(train, {
    features: SPARSE_GP_DEFAULTS.hypers,
    zeta: settings.zeta,
    sparsePoints: { count: settings.sparse, method: 'cur' },
    regularization: settings.regularization,
    onProgress,
  });
}

export function readFitSettings(flags: Record<string, string | true>): FitSettings {
  const model = stringFlag(flags, 'model') ?? 'linear';
  if (model !== 'linear' && model !== 'sparse-gp') throw new UsageError(`--model must be linear or sparse-gp, got ${JSON.stringify(model)}`);
  const features = stringFlag(flags, 'features') ?? 'soap';
  if (!(features in FEATURE_SETS)) throw new UsageError(`--features must be one of ${Object.keys(FEATURE_SETS).join(', ')}, got ${JSON.stringify(features)}`);
  const rawRegularization = stringFlag(flags, 'regularization') ?? 'auto';
  const regularization = rawRegularization === 'auto' ? 'auto' : numberFlag(flags, 'regularization', 0, 0, 1e6);
  return {
    model,
    features,
    regularization,
    sparse: numberFlag(flags, 'sparse', SPARSE_GP_DEFAULTS.sparse, 1, 100000, true),
    zeta: numberFlag(flags, 'zeta', SPARSE_GP_DEFAULTS.zeta, 1, 6, true),
  };
}

export async function fitCommand(args: string[], progress: ProgressStream, out: (line: string) => void): Promise<void> {
  const { positionals, flags } = parseArgs(args, { values: ['train', 'test', 'model', 'features', 'regularization', 'sparse', 'zeta', 'out'], aliases: { o: 'out' } });
  if (positionals.length > 0) throw new UsageError(`fit takes no positional arguments (got ${JSON.stringify(positionals[0])}); give --train FILE`);
  const settings = readFitSettings(flags);
  const path = requiredFlag(flags, 'out');
  const train = await readStructures(requiredFlag(flags, 'train'));
  const testPath = stringFlag(flags, 'test');
  const test = testPath ? await readStructures(testPath) : undefined;
  const stages = stageProgress(progress, { features: 'frames', assembly: 'frames', sparse: 'species', solve: 'solves' });
  const start = performance.now();
  const model = await fitModel(train, settings, stages.update);
  stages.finish();
  await saveModel(model, path);
  const atoms = train.reduce((sum, s) => sum + s.length, 0);
  out(`fitted a ${settings.model} model (${settings.features}) on ${train.length} frames, ${atoms} atoms, in ${((performance.now() - start) / 1000).toFixed(1)} s; saved to ${path}`);
  if (test) for (const line of formatErrors(evaluate(model, test))) out(line);
}
