// Fits a linear SOAP potential on the training frames, scores it on both sets with models'
// evaluate(), and keeps each structure's prediction for the parity plots.
import type { Structure } from '@equikit/core';
import { evaluate, LinearPotential, type EvaluationResult, type FitProgress, type Prediction } from '@equikit/models';
import type { ErrorSummary, FitRequestOptions, FitResult, ParitySet } from '../protocol.js';
import { SOAP_HYPERS } from './hypers.js';
import { splitTrainTest } from './structures.js';

/** Share of the progress bar of each stage: features and rows, the solves, the test predictions. */
const STAGES = { assembly: [0, 0.65], solve: [0.65, 0.8], predict: [0.8, 1] } as const;

export interface Fitted {
  model: LinearPotential;
  result: FitResult;
}

function summary(evaluation: EvaluationResult): ErrorSummary {
  return {
    energyRmse: evaluation.energy?.rmse,
    energyMae: evaluation.energy?.mae,
    forceRmse: evaluation.forces?.rmse,
    forceMae: evaluation.forces?.mae,
    stressRmse: evaluation.stress?.rmse,
    structures: evaluation.structures,
  };
}

/** Reference and predicted values of every frame with a reference, flagged train or test. */
function paritySets(structures: readonly Structure[], predictions: Map<Structure, Prediction>, testFrames: Set<number>) {
  const energy = { reference: [] as number[], predicted: [] as number[], test: [] as number[] };
  const forces = { reference: [] as number[], predicted: [] as number[], test: [] as number[] };
  structures.forEach((structure, k) => {
    const predicted = predictions.get(structure);
    if (!predicted) return;
    const isTest = testFrames.has(k) ? 1 : 0;
    const e = structure.info.energy;
    if (typeof e === 'number') {
      energy.reference.push(e / structure.length);
      energy.predicted.push(predicted.energy / structure.length);
      energy.test.push(isTest);
    }
    const f = structure.arrays.forces;
    if (f instanceof Float64Array && f.length === 3 * structure.length) {
      for (let c = 0; c < f.length; c++) {
        forces.reference.push(f[c]);
        forces.predicted.push(predicted.forces[c]);
        forces.test.push(isTest);
      }
    }
  });
  const pack = (set: typeof energy): ParitySet => ({
    reference: Float64Array.from(set.reference),
    predicted: Float64Array.from(set.predicted),
    test: Uint8Array.from(set.test),
  });
  return { energy: pack(energy), forces: pack(forces) };
}

export async function fitPotential(
  structures: readonly Structure[],
  options: FitRequestOptions,
  onProgress: (fraction: number, stage: string) => void = () => {},
): Promise<Fitted> {
  const start = performance.now();
  const { train, test } = splitTrainTest(structures.length, options.testEvery);
  if (train.length < 2) throw new RangeError(`fitting needs at least 2 training frames; this split of ${structures.length} frames leaves ${train.length}`);
  const trainSet = train.map((k) => structures[k]);
  const testSet = test.map((k) => structures[k]);
  const model = await LinearPotential.fit(trainSet, {
    features: { type: 'power-spectrum', expansion: SOAP_HYPERS },
    regularization: options.regularization,
    weights: options.forces ? 'auto' : { forces: 0 },
    onProgress: (p: FitProgress) => {
      const [from, to] = p.stage === 'solve' ? STAGES.solve : STAGES.assembly;
      // features and assembly alternate per structure: count both as one pass over the training set
      const done = p.stage === 'features' ? p.done - 0.5 : p.done;
      onProgress(from + ((to - from) * done) / p.total, p.stage === 'solve' ? 'solving' : `training frame ${p.done} / ${p.total}`);
    },
  });
  // evaluate() predicts each structure once; record those predictions for the parity plots
  const predictions = new Map<Structure, Prediction>();
  let predicted = 0;
  const recorder = {
    predict(structure: Structure): Prediction {
      const prediction = model.predict(structure);
      predictions.set(structure, prediction);
      predicted++;
      const [from, to] = STAGES.predict;
      onProgress(from + ((to - from) * predicted) / structures.length, `predicting frame ${predicted} / ${structures.length}`);
      return prediction;
    },
  };
  const trainErrors = evaluate(recorder, trainSet);
  const testErrors = testSet.length > 0 ? evaluate(recorder, testSet) : undefined;
  const parity = paritySets(structures, predictions, new Set(test));
  const report = model.report;
  const lambda = report ? report.regularization : NaN;
  return {
    model,
    result: {
      ...parity,
      train: summary(trainErrors),
      test: testErrors ? summary(testErrors) : { structures: 0 },
      seconds: (performance.now() - start) / 1000,
      description:
        `Linear SOAP potential (${model.size} features per species, ${options.forces ? 'energies, forces and stresses' : 'energies and stresses'}) ` +
        `on ${train.length} frames, ridge λ = ${lambda.toExponential(0)}${options.regularization === 'auto' ? ' (cross-validated)' : ''}; ${test.length} test frames`,
    },
  };
}
