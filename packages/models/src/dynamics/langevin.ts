// Langevin dynamics (ASE's Langevin): the quasi-symplectic integrator of Vanden-Eijnden and
// Ciccotti (Chem. Phys. Lett. 429, 310 (2006), eq. 23) with ASE's coefficients, in fs units.
// Friction γ in 1/fs, temperature in K, Gaussian noise from a seeded generator.
import { assertBoolean, assertInteger, assertNonNegativeNumber, mulberry32 } from '@equikit/core';
import type { StructureInput } from '@equikit/density';
import { normalGenerator } from './maxwell-boltzmann.js';
import { MolecularDynamics, type DynamicsOptions } from './molecular-dynamics.js';
import { KB } from './units.js';

export interface LangevinOptions extends DynamicsOptions {
  /** Target temperature, K. */
  temperature: number;
  /** Friction γ, 1/fs (e.g. 0.01 = 10 ps⁻¹). */
  friction: number;
  /**
   * Keep the centre of mass fixed by removing the net random kick (ASE's fixcm, which ASE ≥ 3.28
   * deprecates as not sampling NVT exactly). Default false. When true the temperature counts 3N − 3
   * degrees of freedom.
   */
  fixCenterOfMass?: boolean;
  /** Seed of the noise. Default 0. */
  seed?: number;
}

export class Langevin extends MolecularDynamics {
  readonly temperatureTarget: number;
  readonly friction: number;
  readonly fixCenterOfMass: boolean;
  private readonly normal: () => number;
  private readonly c1: number;
  private readonly c2: number;
  private readonly c3: Float64Array;
  private readonly c4: Float64Array;
  private readonly c5: Float64Array;

  constructor(atoms: StructureInput, options: LangevinOptions) {
    super(atoms, options, 'Langevin');
    const { temperature, friction, fixCenterOfMass = false, seed = 0 } = options;
    assertNonNegativeNumber(temperature, 'options.temperature');
    assertNonNegativeNumber(friction, 'options.friction');
    assertBoolean(fixCenterOfMass, 'options.fixCenterOfMass');
    assertInteger(seed, 'options.seed', 0, 2 ** 32 - 1);
    if (fixCenterOfMass && this.inertia.length < 2) throw new RangeError('options.fixCenterOfMass needs at least 2 atoms');
    this.temperatureTarget = temperature;
    this.friction = friction;
    this.fixCenterOfMass = fixCenterOfMass;
    this.normal = normalGenerator(mulberry32(seed));
    const dt = this.timestep;
    const fr = friction;
    const T = KB * temperature;
    this.c1 = dt / 2 - (dt * dt * fr) / 8;
    this.c2 = (dt * fr) / 2 - (dt * dt * fr * fr) / 8;
    const sigma = this.inertia.map((m) => Math.sqrt((2 * T * fr) / m));
    this.c3 = sigma.map((s) => (Math.sqrt(dt) * s) / 2 - (dt ** 1.5 * fr * s) / 8);
    this.c5 = sigma.map((s) => (dt ** 1.5 * s) / (2 * Math.sqrt(3)));
    this.c4 = this.c5.map((c) => (fr / 2) * c);
  }

  protected override degreesOfFreedom(): number {
    return 3 * this.inertia.length - (this.fixCenterOfMass ? 3 : 0);
  }

  protected step(): void {
    const n = this.inertia.length;
    const dt = this.timestep;
    const { c1, c2, c3, c4, c5, inertia, v, r } = this;
    const xi = new Float64Array(3 * n);
    const eta = new Float64Array(3 * n);
    for (let k = 0; k < 3 * n; k++) xi[k] = this.normal();
    for (let k = 0; k < 3 * n; k++) eta[k] = this.normal();
    const rndPos = new Float64Array(3 * n);
    const rndVel = new Float64Array(3 * n);
    for (let a = 0; a < n; a++) {
      for (let x = 0; x < 3; x++) {
        const k = 3 * a + x;
        rndPos[k] = c5[a] * eta[k];
        rndVel[k] = c3[a] * xi[k] - c4[a] * eta[k];
      }
    }
    if (this.fixCenterOfMass) this.removeNetKick(rndPos, rndVel);
    let f = this.currentForces();
    for (let a = 0; a < n; a++) {
      for (let x = 0; x < 3; x++) {
        const k = 3 * a + x;
        v[k] += (c1 * f[k]) / inertia[a] - c2 * v[k] + rndVel[k];
      }
    }
    for (let k = 0; k < 3 * n; k++) r[k] += dt * v[k] + rndPos[k];
    f = this.currentForces();
    for (let a = 0; a < n; a++) {
      for (let x = 0; x < 3; x++) {
        const k = 3 * a + x;
        v[k] += (c1 * f[k]) / inertia[a] - c2 * v[k] + rndVel[k];
      }
    }
  }

  /** As ASE's fixcm: zero the summed position kick and the net momentum kick, rescaled by √(N/(N−1)). */
  private removeNetKick(rndPos: Float64Array, rndVel: Float64Array): void {
    const n = this.inertia.length;
    const factor = Math.sqrt(n / (n - 1));
    for (let x = 0; x < 3; x++) {
      let pos = 0;
      let mom = 0;
      for (let a = 0; a < n; a++) {
        pos += rndPos[3 * a + x];
        mom += rndVel[3 * a + x] * this.inertia[a];
      }
      for (let a = 0; a < n; a++) {
        rndPos[3 * a + x] = (rndPos[3 * a + x] - pos / n) * factor;
        rndVel[3 * a + x] = (rndVel[3 * a + x] - mom / (this.inertia[a] * n)) * factor;
      }
    }
  }
}
