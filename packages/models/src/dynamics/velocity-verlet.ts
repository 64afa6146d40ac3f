// Velocity Verlet (ASE's VelocityVerlet): half kick, drift, new forces, half kick. Symplectic and
// time-reversible: energy does not drift, and reversing the velocities retraces the path.
import type { StructureInput } from '@equikit/density';
import { MolecularDynamics, type DynamicsOptions } from './molecular-dynamics.js';

export class VelocityVerlet extends MolecularDynamics {
  constructor(atoms: StructureInput, options: DynamicsOptions) {
    super(atoms, options, 'VelocityVerlet');
  }

  protected step(): void {
    const dt = this.timestep;
    const n = this.inertia.length;
    let f = this.currentForces();
    for (let a = 0; a < n; a++) {
      const h = (0.5 * dt) / this.inertia[a];
      for (let x = 0; x < 3; x++) this.v[3 * a + x] += h * f[3 * a + x];
    }
    for (let k = 0; k < 3 * n; k++) this.r[k] += dt * this.v[k];
    f = this.currentForces();
    for (let a = 0; a < n; a++) {
      const h = (0.5 * dt) / this.inertia[a];
      for (let x = 0; x < 3; x++) this.v[3 * a + x] += h * f[3 * a + x];
    }
  }
}
