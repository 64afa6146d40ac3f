import { chemicalSymbol, type Structure } from '@equikit/core';

export interface Summary {
  frames: number;
  atoms: number;
  composition: Record<string, number>;
  periodicFrames: number;
  energyPerAtom?: { min: number; max: number };
}

/** What a file holds: frame and atom counts, composition, periodicity, energy range. */
export function summarize(structures: readonly Structure[]): Summary {
  const composition: Record<string, number> = {};
  let atoms = 0;
  let periodicFrames = 0;
  let eMin = Infinity;
  let eMax = -Infinity;
  for (const s of structures) {
    atoms += s.numbers.length;
    for (const z of s.numbers) {
      const symbol = chemicalSymbol(z);
      composition[symbol] = (composition[symbol] ?? 0) + 1;
    }
    if (s.pbc.some(Boolean)) periodicFrames++;
    const energy = s.info.energy;
    if (typeof energy === 'number') {
      const perAtom = energy / s.numbers.length;
      eMin = Math.min(eMin, perAtom);
      eMax = Math.max(eMax, perAtom);
    }
  }
  const summary: Summary = { frames: structures.length, atoms, composition, periodicFrames };
  if (eMin <= eMax) summary.energyPerAtom = { min: eMin, max: eMax };
  return summary;
}

/** Lengths |a|, |b|, |c| (Å) and angles α, β, γ (degrees) of a cell given as rows. */
export function cellParameters(cell: Float64Array): [number, number, number, number, number, number] {
  const row = (k: number) => [cell[3 * k], cell[3 * k + 1], cell[3 * k + 2]];
  const dot = (u: number[], v: number[]) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const [a, b, c] = [row(0), row(1), row(2)];
  const [la, lb, lc] = [a, b, c].map((v) => Math.sqrt(dot(v, v)));
  const angle = (u: number[], v: number[], lu: number, lv: number) => (Math.acos(dot(u, v) / (lu * lv)) * 180) / Math.PI;
  return [la, lb, lc, angle(b, c, lb, lc), angle(a, c, la, lc), angle(a, b, la, lb)];
}
