import { readFileSync } from 'node:fs';
import { atomicMass } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { Calculator, KB, Langevin, LennardJones, maxwellBoltzmannVelocities, SparseGPPotential, VelocityVerlet, type MolecularDynamics } from '../src/index.js';
import { HYPERS, randomCluster, relativeError, seeded, toStructure } from './gp-helpers.js';

// Written by tools/fixtures/make_md_reference.py with ASE's VelocityVerlet and Langevin (0 K).
interface Frame { positions: number[]; velocities: number[]; energy: number }
const md = (JSON.parse(readFileSync(new URL('./fixtures/md-reference.json', import.meta.url), 'utf8')) as {
  md: { start: { numbers: number[]; positions: number[]; velocities: number[] }; lj: ConstructorParameters<typeof LennardJones>[0]; timestep: number; friction: number; velocityVerlet: Frame[]; langevinZeroKelvin: Frame[] };
}).md;
const argon = { positions: md.start.positions, numbers: md.start.numbers };
const lj = new LennardJones(md.lj);

function follow(dyn: MolecularDynamics, frames: Frame[]): void {
  frames.forEach((frame, k) => {
    dyn.run(1);
    expect(dyn.nsteps).toBe(k + 1);
    expect(relativeError(dyn.positions, frame.positions)).toBeLessThan(1e-12);
    expect(relativeError(dyn.velocities, frame.velocities)).toBeLessThan(1e-9);
    expect(Math.abs(dyn.potentialEnergy() - frame.energy)).toBeLessThan(1e-12);
  });
}

describe('VelocityVerlet', () => {
  it("follows ASE's trajectory (fs, u from core's masses, Å/fs)", () => {
    follow(new VelocityVerlet(argon, { calculator: lj, timestep: md.timestep, velocities: md.start.velocities }), md.velocityVerlet);
  });

  it('conserves energy, with an error that shrinks as dt² (second order)', () => {
    const spread = (dt: number) => {
      const dyn = new VelocityVerlet(argon, { calculator: lj, timestep: dt, velocities: md.start.velocities });
      const energies: number[] = [];
      dyn.attach((d) => energies.push(d.totalEnergy()));
      dyn.run(Math.round(400 / dt));
      return { spread: Math.max(...energies) - Math.min(...energies), kinetic: dyn.kineticEnergy() };
    };
    const coarse = spread(4);
    const fine = spread(2);
    expect(coarse.spread).toBeLessThan(1e-3 * coarse.kinetic);
    expect(fine.spread / coarse.spread).toBeGreaterThan(0.15);
    expect(fine.spread / coarse.spread).toBeLessThan(0.35);
  });

  it('is time reversible: reversing the velocities retraces the path', () => {
    const forward = new VelocityVerlet(argon, { calculator: lj, timestep: 2, velocities: md.start.velocities.map((v) => 5 * v) });
    forward.run(150);
    const moved = relativeError(forward.positions, argon.positions);
    expect(moved).toBeGreaterThan(1e-2);
    const back = new VelocityVerlet({ ...argon, positions: Array.from(forward.positions) }, { calculator: lj, timestep: 2, velocities: forward.velocities.map((v) => -v) });
    back.run(150);
    expect(relativeError(back.positions, argon.positions)).toBeLessThan(1e-9);
    expect(relativeError(back.velocities.map((v) => -v), md.start.velocities.map((v) => 5 * v))).toBeLessThan(1e-7);
  });

  it('conserves the energy of a fitted SparseGPPotential', async () => {
    const teacher = new LennardJones({ sigma: 2.0, epsilon: 0.2, rc: 3.5, smooth: true });
    const train = [1, 2, 3].map((seed) => {
      const s = randomCluster(seeded(seed), 5, [14], 3.2, 2.0);
      const p = teacher.predict(s);
      return toStructure(s, { energy: p.energy }, { forces: p.forces });
    });
    const gp = await SparseGPPotential.fit(train, { features: HYPERS, sparsePoints: { count: 8 }, regularization: 1e-3 });
    const drift = (dt: number) => {
      const dyn = new VelocityVerlet(train[0], { calculator: gp, timestep: dt, velocities: maxwellBoltzmannVelocities(Array(5).fill(atomicMass(14)), 300, { seed: 1, stationary: true }) });
      const energies: number[] = [];
      dyn.attach((d) => energies.push(d.totalEnergy()));
      dyn.run(Math.round(16 / dt));
      return Math.max(...energies) - Math.min(...energies);
    };
    const coarse = drift(1);
    const fine = drift(0.5);
    expect(coarse).toBeLessThan(2e-3);
    expect(fine / coarse).toBeLessThan(0.4);
  });
});

describe('Langevin', () => {
  it("follows ASE's trajectory at 0 K (friction only, deterministic)", () => {
    follow(new Langevin(argon, { calculator: lj, timestep: md.timestep, velocities: md.start.velocities, temperature: 0, friction: md.friction }), md.langevinZeroKelvin);
  });

  it('without friction is velocity Verlet', () => {
    const a = new Langevin(argon, { calculator: lj, timestep: 2, velocities: md.start.velocities, temperature: 300, friction: 0 });
    const b = new VelocityVerlet(argon, { calculator: lj, timestep: 2, velocities: md.start.velocities });
    a.run(10);
    b.run(10);
    expect(relativeError(a.positions, b.positions)).toBeLessThan(1e-14);
  });

  it('brings the kinetic temperature to the target (seeded; mean within 6 %)', () => {
    // 27 Ar in a periodic box at liquid-like density
    const positions: number[] = [];
    for (let x = 0; x < 3; x++) for (let y = 0; y < 3; y++) for (let z = 0; z < 3; z++) positions.push(3.9 * x + 0.5, 3.9 * y + 0.5, 3.9 * z + 0.5);
    const box = { positions, numbers: Array(27).fill(18), cell: [11.7, 0, 0, 0, 11.7, 0, 0, 0, 11.7], pbc: true };
    const calculator = new Calculator(new LennardJones({ sigma: 3.4, epsilon: 0.0104, rc: 5.8, ro: 4.5, smooth: true }), { skin: 0.5 });
    for (const target of [60, 150]) {
      const dyn = new Langevin(box, { calculator, timestep: 5, temperature: target, friction: 0.02, seed: target });
      const temperatures: number[] = [];
      dyn.attach((d) => d.nsteps > 300 && temperatures.push(d.temperature()));
      dyn.run(1500);
      const mean = temperatures.reduce((a, b) => a + b, 0) / temperatures.length;
      expect(Math.abs(mean / target - 1)).toBeLessThan(0.06);
    }
    // the Verlet skin spares most searches
    expect(calculator.neighborListBuilds).toBeLessThan(calculator.calls / 5);
  });

  it('fixCenterOfMass keeps the total momentum at zero and counts 3N − 3 degrees of freedom', () => {
    const dyn = new Langevin(argon, { calculator: lj, timestep: 2, temperature: 100, friction: 0.05, fixCenterOfMass: true, seed: 4 });
    dyn.run(50);
    const v = dyn.velocities;
    for (let x = 0; x < 3; x++) {
      let p = 0;
      for (let a = 0; a < 8; a++) p += dyn.masses[a] * v[3 * a + x];
      expect(Math.abs(p)).toBeLessThan(1e-12);
    }
    expect(dyn.temperature()).toBeCloseTo((2 * dyn.kineticEnergy()) / (21 * KB), 10);
  });

  it('is reproducible given the seed', () => {
    const run = (seed: number) => {
      const dyn = new Langevin(argon, { calculator: lj, timestep: 2, temperature: 100, friction: 0.05, seed });
      dyn.run(10);
      return Array.from(dyn.positions);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});

describe('integrators: observers, helpers, bad options', () => {
  it('call observers at step 0 and every interval, as ASE', () => {
    const dyn = new VelocityVerlet(argon, { calculator: lj, timestep: 1 });
    const seen: number[] = [];
    dyn.attach((d) => seen.push(d.nsteps), 5);
    dyn.run(12);
    dyn.run(3);
    expect(seen).toEqual([0, 5, 10, 15]);
    expect(dyn.time).toBe(15);
  });

  it('Maxwell–Boltzmann velocities have the temperature asked for', () => {
    const masses = Array.from({ length: 3000 }, (_, k) => atomicMass([1, 14, 79][k % 3]));
    const v = maxwellBoltzmannVelocities(masses, 300, { seed: 2, stationary: true });
    let kinetic = 0;
    const p = [0, 0, 0];
    masses.forEach((m, a) => {
      for (let x = 0; x < 3; x++) {
        kinetic += (0.5 * m * v[3 * a + x] ** 2) / 9.648533212e-3; // u Å²/fs² → eV (ASE: units.fs²)
        p[x] += m * v[3 * a + x];
      }
    });
    expect(Math.abs((2 * kinetic) / (3 * masses.length * KB) / 300 - 1)).toBeLessThan(0.03);
    p.forEach((px) => expect(Math.abs(px)).toBeLessThan(1e-9));
  });

  it('reject bad options naming them', () => {
    const ok = { calculator: lj, timestep: 1 };
    expect(() => new VelocityVerlet(argon, { ...ok, timestep: 0 })).toThrow(/options.timestep must be a finite, positive number/);
    expect(() => new VelocityVerlet(argon, { ...ok, calculator: {} as Calculator })).toThrow(/VelocityVerlet: options.calculator must be a Calculator or a model/);
    expect(() => new VelocityVerlet(argon, { ...ok, velocities: [1, 2, 3] })).toThrow(/options.velocities must have length 24/);
    expect(() => new VelocityVerlet(argon, { ...ok, velocities: Array(24).fill(NaN) })).toThrow(/options.velocities\[0\] must be finite/);
    expect(() => new VelocityVerlet(argon, { ...ok, masses: Array(8).fill(-1) })).toThrow(/options.masses\[0\] must be positive/);
    expect(() => new Langevin(argon, { ...ok, temperature: -1, friction: 0.01 })).toThrow(/options.temperature/);
    expect(() => new Langevin(argon, { ...ok, temperature: 300, friction: NaN })).toThrow(/options.friction must be a finite number/);
    expect(() => new Langevin(argon, { ...ok, temperature: 300, friction: 0.01, seed: 1.5 })).toThrow(/options.seed must be an integer/);
    expect(() => new Langevin(argon, { ...ok, temperature: 300 } as never)).toThrow(/options.friction/);
    const dyn = new VelocityVerlet(argon, ok);
    expect(() => dyn.run(-1)).toThrow(/steps must be an integer ≥ 0/);
    expect(() => dyn.run(1.5)).toThrow(/steps must be an integer/);
    expect(() => dyn.attach(() => {}, 0)).toThrow(/interval must be an integer ≥ 1/);
    expect(() => maxwellBoltzmannVelocities([1, -2], 300)).toThrow(/masses\[1\] must be a finite, positive mass/);
  });
});
