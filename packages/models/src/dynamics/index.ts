// Public exports of src/dynamics: the ASE-style calculator, integrators and a reference pair potential.
export { Calculator, acceptsNeighborList, type CalculatorOptions, type NeighborListPredictor } from './calculator.js';
export { LennardJones, type LennardJonesOptions } from './lennard-jones.js';
export { MolecularDynamics, type DynamicsOptions, type Observer } from './molecular-dynamics.js';
export { VelocityVerlet } from './velocity-verlet.js';
export { Langevin, type LangevinOptions } from './langevin.js';
export { maxwellBoltzmannVelocities, removeDrift, type MaxwellBoltzmannOptions } from './maxwell-boltzmann.js';
export { FS2, KB } from './units.js';
