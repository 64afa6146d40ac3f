// Molecular dynamics with the fitted potential from one frame: Maxwell–Boltzmann velocities at T
// (seeded, no drift), velocity Verlet or Langevin (γ = 0.01 fs⁻¹), run in chunks so the page gets
// frames and the worker can hear 'stop' between them.
import { atomicMass, type Structure } from '@equikit/core';
import { Langevin, maxwellBoltzmannVelocities, VelocityVerlet, type MolecularDynamics, type Predictor } from '@equikit/models';
import type { MdFrame, MdRequestOptions, MdResult } from '../protocol.js';

export const LANGEVIN_FRICTION = 0.01; // 1/fs: 10 ps⁻¹, a light coupling that thermalises in ~100 fs

export function checkMdOptions(options: MdRequestOptions, frames: number): void {
  const { frame, steps, timestep, temperature, every } = options;
  if (!Number.isInteger(frame) || frame < 0 || frame >= frames) throw new RangeError(`frame must be an integer in [0, ${frames - 1}], got ${frame}`);
  if (!Number.isInteger(steps) || steps < 1 || steps > 100_000) throw new RangeError(`steps must be an integer in [1, 100000], got ${steps}`);
  if (!(timestep > 0 && timestep <= 10)) throw new RangeError(`the time step must be in (0, 10] fs, got ${timestep}`);
  if (!(temperature >= 0 && temperature <= 10_000)) throw new RangeError(`the temperature must be in [0, 10000] K, got ${temperature}`);
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a positive integer, got ${every}`);
  if (options.integrator !== 'velocity-verlet' && options.integrator !== 'langevin') {
    throw new RangeError(`integrator must be 'velocity-verlet' or 'langevin', got ${JSON.stringify(options.integrator)}`);
  }
}

export function createDynamics(structure: Structure, model: Predictor, options: MdRequestOptions): MolecularDynamics {
  const masses = Float64Array.from(structure.numbers, (z) => atomicMass(z));
  const velocities = maxwellBoltzmannVelocities(masses, options.temperature, { seed: 1, stationary: true });
  const common = { calculator: model, timestep: options.timestep, velocities, masses };
  return options.integrator === 'langevin'
    ? new Langevin(structure, { ...common, temperature: options.temperature, friction: LANGEVIN_FRICTION, seed: 1 })
    : new VelocityVerlet(structure, common);
}

export function snapshot(dynamics: MolecularDynamics): MdFrame {
  return {
    step: dynamics.nsteps,
    time: dynamics.time,
    positions: dynamics.positions,
    potentialEnergy: dynamics.potentialEnergy(),
    kineticEnergy: dynamics.kineticEnergy(),
    temperature: dynamics.temperature(),
  };
}

/** Runs the steps in chunks of `every`, handing each frame out and yielding to the event loop in between. */
export async function runDynamics(
  structure: Structure,
  model: Predictor,
  options: MdRequestOptions,
  onFrame: (frame: MdFrame) => void,
  shouldStop: () => boolean,
): Promise<MdResult> {
  const dynamics = createDynamics(structure, model, options);
  onFrame(snapshot(dynamics));
  const start = performance.now();
  while (dynamics.nsteps < options.steps && !shouldStop()) {
    dynamics.run(Math.min(options.every, options.steps - dynamics.nsteps));
    onFrame(snapshot(dynamics));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const seconds = (performance.now() - start) / 1000;
  return { steps: dynamics.nsteps, atoms: structure.length, seconds, atomStepsPerSecond: (structure.length * dynamics.nsteps) / seconds };
}
