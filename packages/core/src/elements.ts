// Chemical symbols indexed by atomic number (1..118), as IUPAC names them.
// Masses are in masses.ts.

const SYMBOLS: readonly string[] = (
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb ' +
  'Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf ' +
  'Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'
).split(' ');

/** The largest atomic number equikit knows (oganesson). */
export const MAX_ATOMIC_NUMBER = SYMBOLS.length;

const NUMBER_OF = new Map<string, number>(SYMBOLS.map((symbol, k) => [symbol, k + 1]));

/** Whether `z` is the atomic number of a known element (an integer in 1..118). */
export function isAtomicNumber(z: unknown): z is number {
  return typeof z === 'number' && Number.isInteger(z) && z >= 1 && z <= MAX_ATOMIC_NUMBER;
}

/**
 * The atomic number of a chemical symbol, e.g. `atomicNumber('Si') === 14`.
 * Symbols are case-sensitive ('Si', not 'SI' or 'si'), as in ASE's `chemical_symbols`.
 */
export function atomicNumber(symbol: string): number {
  if (typeof symbol !== 'string') {
    throw new TypeError(`symbol must be a chemical symbol string such as 'Si', got ${typeof symbol}`);
  }
  const z = NUMBER_OF.get(symbol);
  if (z === undefined) throw new RangeError(`symbol must be a known chemical symbol such as 'Si', got ${JSON.stringify(symbol)}`);
  return z;
}

/** The chemical symbol of an atomic number, e.g. `chemicalSymbol(14) === 'Si'`. */
export function chemicalSymbol(z: number): string {
  if (!isAtomicNumber(z)) {
    throw new RangeError(`atomic number must be an integer in [1, ${MAX_ATOMIC_NUMBER}], got ${typeof z === 'number' ? z : typeof z}`);
  }
  return SYMBOLS[z - 1];
}
