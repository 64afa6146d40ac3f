// Known targets for the learning tests: a smooth Morse pair potential with NequIP's polynomial
// cutoff (energies and analytic forces), and point-charge dipoles.
import { seeded } from './helpers.js';

export interface Atoms {
  positions: number[];
  numbers: number[];
}

/** A random cluster of n atoms in a cube of side `side`, atoms ≥ dmin apart. */
export function randomCluster(rng: () => number, n: number, numbers: number[], side: number, dmin: number): Atoms {
  const positions: number[] = [];
  while (positions.length < 3 * n) {
    const p = [rng() * side, rng() * side, rng() * side];
    let ok = true;
    for (let k = 0; k < positions.length; k += 3) if (Math.hypot(p[0] - positions[k], p[1] - positions[k + 1], p[2] - positions[k + 2]) < dmin) ok = false;
    if (ok) positions.push(...p);
  }
  return { positions, numbers: Array.from({ length: n }, (_, k) => numbers[k % numbers.length]) };
}

const D = 1;
const A = 1.5;
const R0 = 1.6;

/** V(r) = D(e^{−2a(r−r0)} − 2e^{−a(r−r0)})·u(r/rc), u NequIP's p = 6 polynomial; and dV/dr. */
export function morse(r: number, rc: number): [number, number] {
  if (r >= rc) return [0, 0];
  const e = Math.exp(-A * (r - R0));
  const v = D * (e * e - 2 * e);
  const dv = D * (-2 * A * e * e + 2 * A * e);
  const x = r / rc;
  const p = 6;
  const u = 1 - ((p + 1) * (p + 2) / 2) * x ** p + p * (p + 2) * x ** (p + 1) - (p * (p + 1) / 2) * x ** (p + 2);
  const du = (-((p + 1) * (p + 2) / 2) * p * x ** (p - 1) + p * (p + 2) * (p + 1) * x ** p - (p * (p + 1) / 2) * (p + 2) * x ** (p + 1)) / rc;
  return [v * u, dv * u + v * du];
}

/** Energy and forces of the pair potential (open boundaries). */
export function pairEnergyForces(s: Atoms, rc: number): { energy: number; forces: number[] } {
  const n = s.numbers.length;
  const p = s.positions;
  let energy = 0;
  const forces = new Array<number>(3 * n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = [p[3 * j] - p[3 * i], p[3 * j + 1] - p[3 * i + 1], p[3 * j + 2] - p[3 * i + 2]];
      const r = Math.hypot(d[0], d[1], d[2]);
      const [v, dv] = morse(r, rc);
      energy += v;
      for (let a = 0; a < 3; a++) {
        forces[3 * i + a] += (dv * d[a]) / r;
        forces[3 * j + a] -= (dv * d[a]) / r;
      }
    }
  }
  return { energy, forces };
}

export function morseDataset(seed: number, count: number, n: number, rc: number) {
  const rng = seeded(seed);
  const structures = Array.from({ length: count }, () => randomCluster(rng, n, [1], 2.4, 1.15));
  const labels = structures.map((s) => pairEnergyForces(s, rc));
  return { structures, energies: labels.map((l) => l.energy), forces: labels.map((l) => l.forces) };
}

/** μ = Σ q_i r_i with q = +1 for Z = 11 and −1 for Z = 17 (neutral structures), Cartesian. */
export function pointChargeDipole(s: Atoms): number[] {
  const mu = [0, 0, 0];
  s.numbers.forEach((z, i) => {
    const q = z === 11 ? 1 : -1;
    for (let a = 0; a < 3; a++) mu[a] += q * s.positions[3 * i + a];
  });
  return mu;
}
