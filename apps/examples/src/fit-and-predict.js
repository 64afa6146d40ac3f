// What the Deno and Bun examples do, given the text of an extended XYZ file: fit a linear SOAP
// potential on the first frames, predict the others, and report the errors. Runtime-neutral:
// the caller reads the file its own way (Deno.readTextFile, Bun.file, fs).
import { readExtxyz } from '@equikit/core';
import { evaluate, LinearPotential } from '@equikit/models';

export const HYPERS = {
  cutoff: { radius: 5.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.5 },
  basis: { maxAngular: 4, radial: { type: 'gto', maxRadial: 6 } },
};

export async function fitAndPredict(xyzText, trainFrames = 5) {
  const frames = readExtxyz(xyzText);
  const train = frames.slice(0, trainFrames);
  const test = frames.slice(trainFrames);
  const model = await LinearPotential.fit(train, { features: { type: 'power-spectrum', expansion: HYPERS }, regularization: 1e-6 });
  const errors = evaluate(model, test);
  const first = model.predict(test[0]);
  return { train: train.length, test: test.length, errors, energy: first.energy, model };
}

export function report(runtime, result) {
  return [
    `${runtime}: fitted on ${result.train} frames, tested on ${result.test}`,
    `energy MAE ${result.errors.energy.mae.toFixed(3)} meV/atom, forces MAE ${result.errors.forces.mae.toFixed(4)} eV/Å`,
    `first test frame: E = ${result.energy.toFixed(6)} eV`,
  ].join('\n');
}
