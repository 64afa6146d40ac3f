// ASE's unit system (CODATA 2014, ase.units' default), with time in fs: positions Å, energies eV,
// masses u, velocities Å/fs. One eV/(Å·u) of force per mass is FS2 Å/fs² of acceleration.

const ELEMENTARY_CHARGE = 1.6021766208e-19; // C
const ATOMIC_MASS = 1.66053904e-27; // kg
const BOLTZMANN_SI = 1.38064852e-23; // J/K

/** Boltzmann's constant in eV/K (ASE's units.kB). */
export const KB = BOLTZMANN_SI / ELEMENTARY_CHARGE;

/** (eV/(Å·u)) → Å/fs²: ASE's units.fs squared (1 fs = 0.0982… ASE time units). */
export const FS2 = (ELEMENTARY_CHARGE / ATOMIC_MASS) * 1e-10;
