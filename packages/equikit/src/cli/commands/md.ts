// equikit md --model model.json FILE --steps N --dt FS --temperature K -o traj.xyz
// Langevin at the temperature (friction 0.01/fs, ASE's usual choice) from Maxwell–Boltzmann
// velocities; --friction 0 gives plain velocity Verlet (NVE) from the same start.
import { writeFile } from 'node:fs/promises';
import { atomicMass, Structure, writeExtxyz } from '@equikit/core';
import { Langevin, maxwellBoltzmannVelocities, VelocityVerlet, type MolecularDynamics, type Predictor } from '@equikit/models';
import { numberFlag, parseArgs, requiredFlag, UsageError } from '../args.js';
import { loadModel } from '../model-io.js';
import { createProgress, type ProgressStream } from '../progress.js';
import { readStructures } from '../read-structures.js';

export const MD_USAGE = 'md --model model.json FILE --steps N --dt FS --temperature K [--friction 1/fs] [--interval N] [--seed S] -o traj.xyz';

export interface MdSettings {
  steps: number;
  dt: number;
  temperature: number;
  friction: number;
  interval: number;
  seed: number;
}

export interface MdResult {
  frames: Structure[];
  /** Atoms × steps per second of wall time. */
  throughput: number;
  finalTemperature: number;
}

/** Runs MD of `start` with `model`, keeping a frame (with energy and forces) every `interval` steps. */
export function runDynamics(model: Predictor, start: Structure, settings: MdSettings, onProgress?: (done: number, total: number) => void): MdResult {
  const masses = Float64Array.from(start.numbers, atomicMass);
  const velocities = maxwellBoltzmannVelocities(masses, settings.temperature, { seed: settings.seed, stationary: true });
  const base = { calculator: model, timestep: settings.dt, velocities };
  const dynamics: MolecularDynamics =
    settings.friction > 0
      ? new Langevin(start, { ...base, temperature: settings.temperature, friction: settings.friction, seed: settings.seed })
      : new VelocityVerlet(start, base);
  const frames: Structure[] = [];
  dynamics.attach((md) => {
    const s = md.atoms;
    frames.push(
      new Structure({
        positions: s.positions,
        numbers: s.numbers,
        cell: s.cell,
        pbc: s.pbc,
        info: { energy: md.potentialEnergy(), time: md.time, temperature: md.temperature() },
        arrays: { forces: md.forces() },
      }),
    );
    onProgress?.(md.nsteps, settings.steps);
  }, settings.interval);
  const t0 = performance.now();
  dynamics.run(settings.steps);
  const seconds = (performance.now() - t0) / 1000;
  return { frames, throughput: (start.length * settings.steps) / seconds, finalTemperature: dynamics.temperature() };
}

export async function mdCommand(args: string[], progress: ProgressStream, out: (line: string) => void): Promise<void> {
  const { positionals, flags } = parseArgs(args, { values: ['model', 'steps', 'dt', 'temperature', 'friction', 'interval', 'seed', 'out'], aliases: { o: 'out' } });
  if (positionals.length !== 1) throw new UsageError(`md takes one FILE (its first frame starts the run), got ${positionals.length}`);
  const settings: MdSettings = {
    steps: numberFlag(flags, 'steps', 100, 1, 1e9, true),
    dt: numberFlag(flags, 'dt', 1, 1e-3, 20),
    temperature: numberFlag(flags, 'temperature', 300, 0, 1e5),
    friction: numberFlag(flags, 'friction', 0.01, 0, 10),
    interval: numberFlag(flags, 'interval', 10, 1, 1e9, true),
    seed: numberFlag(flags, 'seed', 0, 0, 2 ** 32 - 1, true),
  };
  const path = requiredFlag(flags, 'out');
  const model = await loadModel(requiredFlag(flags, 'model'));
  const [start] = await readStructures(positionals[0]);
  if (!start) throw new Error(`${positionals[0]}: no frames`);
  const bar = createProgress('md', 'steps', progress);
  const result = runDynamics(model, start, settings, bar.update);
  bar.finish();
  await writeFile(path, writeExtxyz(result.frames));
  out(
    `${settings.steps} steps of ${settings.dt} fs (${settings.friction > 0 ? `Langevin, ${settings.temperature} K` : 'velocity Verlet'}) of ${start.length} atoms: ` +
      `${Math.round(result.throughput)} atom·steps/s, final temperature ${result.finalTemperature.toFixed(0)} K; ${result.frames.length} frames written to ${path}`,
  );
}
