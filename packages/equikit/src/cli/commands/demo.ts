// equikit demo (npm start): fits a potential on the embedded Zuo et al. silicon training set,
// prints its test errors beside the published GAP and MTP ones, and runs 1000 MD steps of a
// 64-atom diamond cell with it. No network: the data ship in examples/.
import { fileURLToPath } from 'node:url';
import { Structure } from '@equikit/core';
import { evaluate } from '@equikit/models';
import { numberFlag, parseArgs, stringFlag, UsageError } from '../args.js';
import type { ProgressStream } from '../progress.js';
import { readStructures } from '../read-structures.js';
import { stageProgress } from '../stages.js';
import { createProgress } from '../progress.js';
import { fitModel, readFitSettings } from './fit.js';
import { runDynamics } from './md.js';

export const DEMO_USAGE = 'demo [--model linear|sparse-gp] [--features soap|nice] [--steps N]   fit on mlearn Si, test errors, MD';

const DATA = (name: string) => fileURLToPath(new URL(`../../../examples/mlearn-si/${name}.json`, import.meta.url));

/** Zuo et al., J. Phys. Chem. A 124, 731 (2020), Table 2: Si test-set MAEs. */
export const PUBLISHED_SI = { GAP: { energy: 2.91, forces: 0.07 }, MTP: { energy: 2.21, forces: 0.06 } };

/** 2×2×2 conventional diamond cells of silicon, a = 5.468 Å (PBE): 64 atoms. */
export function diamondSilicon64(a = 5.468): Structure {
  const basis = [
    [0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0],
    [0.25, 0.25, 0.25], [0.25, 0.75, 0.75], [0.75, 0.25, 0.75], [0.75, 0.75, 0.25],
  ];
  const positions: number[] = [];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) for (const [x, y, z] of basis) positions.push((i + x) * a, (j + y) * a, (k + z) * a);
  return new Structure({ positions, numbers: new Array(64).fill(14), cell: [2 * a, 0, 0, 0, 2 * a, 0, 0, 0, 2 * a], pbc: true });
}

export async function demoCommand(args: string[], progress: ProgressStream, out: (line: string) => void): Promise<void> {
  const { positionals, flags } = parseArgs(args, { values: ['model', 'features', 'regularization', 'sparse', 'zeta', 'steps', 'temperature'] });
  if (positionals.length > 0) throw new UsageError(`demo takes no file (it uses the embedded silicon data); use 'equikit info FILE' to summarise a file`);
  const settings = readFitSettings(flags);
  const steps = numberFlag(flags, 'steps', 1000, 1, 1e7, true);
  const temperature = numberFlag(flags, 'temperature', 300, 0, 1e5);
  const train = await readStructures(DATA('training'));
  const test = await readStructures(DATA('test'));
  const atoms = train.reduce((n, s) => n + s.length, 0);
  out(`equikit demo: Zuo et al. (2020) silicon, ${train.length} training frames (${atoms} atoms), ${test.length} test frames`);
  out(`model: ${settings.model} on ${stringFlag(flags, 'features') ?? 'soap'} features`);
  const stages = stageProgress(progress, { features: 'frames', assembly: 'frames', sparse: 'species', solve: 'solves' });
  const t0 = performance.now();
  const model = await fitModel(train, settings, stages.update);
  stages.finish();
  out(`fitted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const bar = createProgress('test', 'frames', progress);
  const errors = evaluate(model, test, { onProgress: bar.update });
  bar.finish();
  out('');
  out('test-set MAE        energy (meV/atom)   forces (eV/Å)');
  out(`GAP (published)     ${PUBLISHED_SI.GAP.energy.toFixed(2).padStart(8)}            ${PUBLISHED_SI.GAP.forces.toFixed(2)}`);
  out(`MTP (published)     ${PUBLISHED_SI.MTP.energy.toFixed(2).padStart(8)}            ${PUBLISHED_SI.MTP.forces.toFixed(2)}`);
  out(`equikit ${settings.model.padEnd(10)} ${errors.energy!.mae.toFixed(2).padStart(8)}            ${errors.forces!.mae.toFixed(3)}`);
  out('');
  const cell = diamondSilicon64();
  const mdBar = createProgress('md', 'steps', progress);
  const md = runDynamics(model, cell, { steps, dt: 1, temperature, friction: 0.01, interval: Math.max(1, Math.floor(steps / 20)), seed: 1 }, mdBar.update);
  mdBar.finish();
  out(`MD: ${steps} Langevin steps of 1 fs at ${temperature} K, 64-atom diamond cell: ${Math.round(md.throughput)} atoms × steps per second (final temperature ${md.finalTemperature.toFixed(0)} K)`);
}
