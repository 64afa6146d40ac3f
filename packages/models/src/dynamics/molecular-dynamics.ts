// What every integrator shares (ASE's MolecularDynamics): its own copy of positions and
// velocities, masses from core's table, forces from a Calculator (cached per structure), step
// counting, and observers called every `interval` steps. Units: Å, eV, u, fs, K (see units.ts).
import { assertFloatArray, assertInteger, assertPositiveNumber, atomicMass, Structure } from '@equikit/core';
import { toStructure, type StructureInput } from '@equikit/density';
import type { Predictor } from '../evaluate.js';
import { Calculator } from './calculator.js';
import { FS2, KB } from './units.js';

export interface DynamicsOptions {
  /** A Calculator, or a model (predict(structure)) to wrap in one. */
  calculator: Calculator | Predictor;
  /** Time step, fs. */
  timestep: number;
  /** Initial velocities, Å/fs, 3N values. Default all zero. */
  velocities?: ArrayLike<number>;
  /** Masses in u, N values. Default core's atomicMass of each atom (ASE's table). */
  masses?: ArrayLike<number>;
}

export type Observer = (dynamics: MolecularDynamics) => void;

export abstract class MolecularDynamics {
  readonly calculator: Calculator;
  /** fs. */
  readonly timestep: number;
  /** u, one per atom. */
  readonly masses: Float64Array;
  /** Steps taken so far. */
  nsteps = 0;
  /** Current positions, Å (owned by the integrator; read, do not write). */
  protected r: Float64Array;
  /** Current velocities, Å/fs. */
  protected v: Float64Array;
  protected readonly numbers: Int32Array;
  protected readonly cell: Float64Array;
  protected readonly pbc: boolean[];
  /** Masses in eV·fs²/Å², so that a = F / mass directly. */
  protected readonly inertia: Float64Array;
  private readonly observers: { fn: Observer; interval: number }[] = [];

  constructor(atoms: StructureInput, options: DynamicsOptions, name: string) {
    const s = toStructure(atoms, 'atoms');
    if (options === null || typeof options !== 'object') throw new TypeError(`${name}: options must be an object with calculator and timestep, got ${options === null ? 'null' : typeof options}`);
    const { calculator } = options;
    if (calculator instanceof Calculator) this.calculator = calculator;
    else if (calculator !== null && typeof calculator === 'object' && typeof (calculator as Predictor).predict === 'function') this.calculator = new Calculator(calculator);
    else throw new TypeError(`${name}: options.calculator must be a Calculator or a model with predict(structure), got ${calculator === null ? 'null' : typeof calculator}`);
    assertPositiveNumber(options.timestep, 'options.timestep');
    this.timestep = options.timestep;
    const n = s.length;
    this.r = s.positions.slice();
    this.numbers = s.numbers.slice();
    this.cell = s.cell.slice();
    this.pbc = [...s.pbc];
    this.v = new Float64Array(3 * n);
    if (options.velocities !== undefined) this.v = checkedCopy(options.velocities, 'options.velocities', 3 * n, 'Å/fs');
    this.masses = options.masses === undefined ? Float64Array.from(s.numbers, atomicMass) : checkedCopy(options.masses, 'options.masses', n, 'u');
    this.masses.forEach((m, a) => {
      if (!(m > 0)) throw new RangeError(`options.masses[${a}] must be positive, got ${m}`);
    });
    this.inertia = this.masses.map((m) => m / FS2);
  }

  /** The current structure (positions, numbers, cell, pbc), a new Structure each call. */
  get atoms(): Structure {
    return new Structure({ positions: this.r, numbers: this.numbers, cell: this.cell, pbc: this.pbc });
  }

  /** Positions, Å (a copy). */
  get positions(): Float64Array {
    return this.r.slice();
  }

  /** Velocities, Å/fs (a copy). */
  get velocities(): Float64Array {
    return this.v.slice();
  }

  /** Elapsed simulated time, fs. */
  get time(): number {
    return this.nsteps * this.timestep;
  }

  /** Forces at the current positions, eV/Å (a copy). */
  forces(): Float64Array {
    return this.currentForces().slice();
  }

  potentialEnergy(): number {
    return this.calculator.getPotentialEnergy(this.atoms);
  }

  /** ½ Σ m v², eV. */
  kineticEnergy(): number {
    let e = 0;
    for (let a = 0; a < this.inertia.length; a++) {
      const vx = this.v[3 * a], vy = this.v[3 * a + 1], vz = this.v[3 * a + 2];
      e += 0.5 * this.inertia[a] * (vx * vx + vy * vy + vz * vz);
    }
    return e;
  }

  totalEnergy(): number {
    return this.potentialEnergy() + this.kineticEnergy();
  }

  /** Kinetic temperature 2 E_kin / (f kB), K, with f = 3N degrees of freedom (ASE's Atoms.get_temperature). */
  temperature(): number {
    return (2 * this.kineticEnergy()) / (this.degreesOfFreedom() * KB);
  }

  protected degreesOfFreedom(): number {
    return 3 * this.inertia.length;
  }

  /** Calls `fn(this)` every `interval` steps (and at step 0 when the first run starts), as ASE's attach. */
  attach(fn: Observer, interval = 1): void {
    if (typeof fn !== 'function') throw new TypeError(`attach: fn must be a function, got ${typeof fn}`);
    assertInteger(interval, 'interval', 1);
    this.observers.push({ fn, interval });
  }

  /** Takes `steps` steps, calling the observers after every step whose count is a multiple of their interval. */
  run(steps: number): void {
    assertInteger(steps, 'steps', 0);
    if (this.nsteps === 0) this.notify();
    for (let k = 0; k < steps; k++) {
      this.step();
      this.nsteps++;
      this.notify();
    }
  }

  /** One step of the integrator. */
  protected abstract step(): void;

  protected currentForces(): Float64Array {
    const forces = this.calculator.calculate(this.atoms).forces;
    for (let k = 0; k < forces.length; k++) {
      if (!Number.isFinite(forces[k])) throw new RangeError(`the model returned a non-finite force (atom ${Math.floor(k / 3)}) at step ${this.nsteps}`);
    }
    return forces;
  }

  private notify(): void {
    for (const { fn, interval } of this.observers) if (this.nsteps % interval === 0) fn(this);
  }
}

function checkedCopy(values: ArrayLike<number>, name: string, length: number, unit: string): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') throw new TypeError(`${name} must be an array of numbers (${unit}), got ${values === null ? 'null' : typeof values}`);
  const copy = Float64Array.from(values);
  assertFloatArray(copy, name, { length });
  copy.forEach((v, k) => {
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${k}] must be finite, got ${v}`);
  });
  return copy;
}
