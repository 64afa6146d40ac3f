import { describe, expect, it } from 'vitest';
import { Structure, fullToVoigtStress, voigtToFullStress, type StructureInit } from '../src/structure.js';

const cubic = (a: number) => [a, 0, 0, 0, a, 0, 0, 0, a];

function water(): StructureInit {
  return {
    positions: new Float64Array([0, 0, 0.119, 0, 0.763, -0.477, 0, -0.763, -0.477]),
    numbers: new Int32Array([8, 1, 1]),
  };
}

describe('Structure construction', () => {
  it('stores a molecule with no cell and no periodicity by default', () => {
    const s = new Structure(water());
    expect(s.length).toBe(3);
    expect(s.symbols()).toEqual(['O', 'H', 'H']);
    expect(s.cell).toEqual(new Float64Array(9));
    expect(s.pbc).toEqual([false, false, false]);
    expect(s.volume()).toBe(0);
    expect(s.info).toEqual({});
    expect(s.arrays).toEqual({});
  });

  it('accepts plain arrays and a single pbc flag, and stores typed copies', () => {
    const s = new Structure({ positions: [0, 0, 0, 1, 1, 1], numbers: [14, 14], cell: cubic(4), pbc: true, info: { energy: -3, dipole: [1, 2, 3] } });
    expect(s.positions).toBeInstanceOf(Float64Array);
    expect(s.numbers).toBeInstanceOf(Int32Array);
    expect(s.pbc).toEqual([true, true, true]);
    expect(s.info.dipole).toEqual(new Float64Array([1, 2, 3]));
    expect(s.volume()).toBeCloseTo(64, 12);
  });

  it('copies every input and never mutates it', () => {
    const init = {
      ...water(),
      cell: new Float64Array(cubic(10)),
      pbc: [true, false, true],
      info: { energy: -14.2, stress: new Float64Array([1, 2, 3, 4, 5, 6]), flags: [true, false] },
      arrays: { forces: new Float64Array(9).fill(0.5), label: ['a', 'b', 'c'], tags: new Int32Array([1, 2, 3]) },
    } satisfies StructureInit;
    const snapshot = structuredClone(init);
    const s = new Structure(init);
    expect(init).toEqual(snapshot);
    (init.positions as Float64Array)[0] = 99;
    (init.numbers as Int32Array)[0] = 6;
    init.cell[0] = 99;
    init.pbc[1] = true;
    init.info.stress[0] = 99;
    init.info.flags[0] = false;
    init.arrays.forces[0] = 99;
    init.arrays.label[0] = 'z';
    init.arrays.tags[0] = 99;
    expect(s.positions[0]).toBe(0);
    expect(s.numbers[0]).toBe(8);
    expect(s.cell[0]).toBe(10);
    expect(s.pbc).toEqual([true, false, true]);
    expect((s.info.stress as Float64Array)[0]).toBe(1);
    expect(s.info.flags).toEqual([true, false]);
    expect((s.arrays.forces as Float64Array)[0]).toBe(0.5);
    expect(s.arrays.label).toEqual(['a', 'b', 'c']);
    expect((s.arrays.tags as Int32Array)[0]).toBe(1);
  });

  it('allows a zero lattice vector along a non-periodic direction (a 2D slab)', () => {
    const s = new Structure({ ...water(), cell: [5, 0, 0, 2.5, 4.33, 0, 0, 0, 0], pbc: [true, true, false] });
    expect(s.pbc).toEqual([true, true, false]);
  });

  it('stores stress in ASE Voigt order and converts a 3×3 stress to it', () => {
    // xx yy zz yz xz xy = 1 2 3 4 5 6 as a full symmetric tensor, row-major.
    const full = [1, 6, 5, 6, 2, 4, 5, 4, 3];
    const s = new Structure({ ...water(), info: { stress: full } });
    expect(s.info.stress).toEqual(new Float64Array([1, 2, 3, 4, 5, 6]));
    expect(voigtToFullStress([1, 2, 3, 4, 5, 6])).toEqual(new Float64Array(full));
    expect(fullToVoigtStress(full)).toEqual(new Float64Array([1, 2, 3, 4, 5, 6]));
  });
});

describe('Structure validation errors', () => {
  const base = water();
  const cases: [string, StructureInit, RegExp, ErrorConstructor][] = [
    ['positions not 3N', { ...base, positions: [0, 0, 0, 1] }, /positions must have 3N values \(x, y, z per atom\), got 4/, RangeError],
    ['positions not numeric', { ...base, positions: 'abc' as unknown as number[] }, /positions must be a Float64Array or an array of numbers, got string/, TypeError],
    ['NaN position', { ...base, positions: [0, 0, 0, 0, NaN, 0, 0, 0, 0] }, /positions\[1\]\[1\] must be finite, got NaN/, RangeError],
    ['infinite position', { ...base, positions: [0, 0, 0, 0, 0, 0, 0, 0, Infinity] }, /positions\[2\]\[2\] must be finite, got Infinity/, RangeError],
    ['numbers length', { ...base, numbers: [8, 1] }, /numbers must have one entry per atom \(positions has 3 atoms\), got 2/, RangeError],
    ['number 0', { ...base, numbers: [8, 0, 1] }, /numbers\[1\] must be an integer in \[1, 118\], got 0/, RangeError],
    ['number 119', { ...base, numbers: [119, 1, 1] }, /numbers\[0\] must be an integer in \[1, 118\], got 119/, RangeError],
    ['fractional number', { ...base, numbers: [8, 1.5, 1] }, /numbers\[1\] must be an integer, got 1.5/, TypeError],
    ['cell length', { ...base, cell: [1, 0, 0, 0, 1, 0, 0, 0] }, /cell must have 9 values \(3 lattice vectors as rows\), got 8/, RangeError],
    ['infinite cell', { ...base, cell: [1, 0, 0, 0, Infinity, 0, 0, 0, 1] }, /cell\[1\]\[1\] must be finite, got Infinity/, RangeError],
    ['pbc without lattice vector', { ...base, pbc: [true, true, true] }, /cell row 0 \(lattice vector a\) must be non-zero because pbc\[0\] is true/, RangeError],
    ['zero periodic vector', { ...base, cell: [4, 0, 0, 0, 4, 0, 0, 0, 0], pbc: [true, false, true] }, /cell row 2 \(lattice vector c\) must be non-zero because pbc\[2\] is true/, RangeError],
    ['coplanar periodic vectors', { ...base, cell: [4, 0, 0, 0, 4, 0, 4, 4, 0], pbc: true }, /non-singular along the periodic directions: lattice vectors a, b, c are linearly dependent/, RangeError],
    ['parallel periodic vectors', { ...base, cell: [4, 0, 0, 8, 0, 0, 0, 0, 4], pbc: [true, true, false] }, /lattice vectors a, b are linearly dependent/, RangeError],
    ['pbc of length 2', { ...base, pbc: [true, true] }, /pbc must be a boolean or an array of 3 booleans, got an array of length 2/, TypeError],
    ['pbc not boolean', { ...base, pbc: [1, 0, 0] as unknown as boolean[] }, /pbc\[0\] must be a boolean, got 1/, TypeError],
    ['energy as string', { ...base, info: { energy: '-1' } }, /info.energy must be a finite number \(eV\), got string/, TypeError],
    ['NaN energy', { ...base, info: { energy: NaN } }, /info.energy must be a finite number, got NaN/, RangeError],
    ['stress of length 5', { ...base, info: { stress: [1, 2, 3, 4, 5] } }, /info.stress must have 6 values \(Voigt xx yy zz yz xz xy\) or 9 \(3×3\), got 5/, RangeError],
    ['NaN stress', { ...base, info: { stress: [1, 2, 3, 4, 5, NaN] } }, /info.stress\[5\] must be finite, got NaN/, RangeError],
    ['virial of length 6', { ...base, info: { virial: [1, 2, 3, 4, 5, 6] } }, /info.virial must have 9 values/, RangeError],
    ['info object value', { ...base, info: { extra: { a: 1 } as unknown as string } }, /info.extra must be a number, boolean, string, Float64Array or boolean\[\], got object/, TypeError],
    ['forces wrong length', { ...base, arrays: { forces: new Float64Array(6) } }, /arrays.forces must be a Float64Array of 3N = 9 values \(eV\/Å\), got Float64Array of length 6/, RangeError],
    ['array not k·N', { ...base, arrays: { charges: new Float64Array(4) } }, /arrays.charges must have k·N values \(N = 3 atoms, k ≥ 1 columns\), got 4/, RangeError],
    ['array of plain numbers', { ...base, arrays: { charges: [1, 2, 3] as unknown as Float64Array } }, /arrays.charges must be a Float64Array, Int32Array, Uint8Array or string\[\]/, TypeError],
    ['NaN in array', { ...base, arrays: { charges: new Float64Array([0, NaN, 0]) } }, /arrays.charges\[1\] must be finite, got NaN/, RangeError],
    ['logical not 0/1', { ...base, arrays: { mask: new Uint8Array([0, 2, 1]) } }, /arrays.mask\[1\] must be 0 or 1/, RangeError],
    ['reserved array name', { ...base, arrays: { pos: new Float64Array(9) } }, /arrays.pos is reserved/, RangeError],
  ];

  it.each(cases)('%s', (_name, init, message, type) => {
    expect(() => new Structure(init)).toThrow(type);
    expect(() => new Structure(init)).toThrow(message);
  });

  it('rejects a missing init object', () => {
    expect(() => new Structure(undefined as unknown as StructureInit)).toThrow(/structure must be an object with positions and numbers, got undefined/);
  });
});
