import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readExtxyz } from '../src/io/extxyz-read.js';
import { writeExtxyz } from '../src/io/extxyz-write.js';
import { Structure, type PerAtomArray } from '../src/structure.js';

// Fixtures written by ASE (tools/fixtures/make_extxyz.py); the JSON beside each .xyz is what
// ase.io.read returned for it, so every expected value below comes from ASE, not from us.
const FIXTURES = ['periodic_bulk', 'molecule_no_cell', 'slab_mixed_pbc', 'multi_frame', 'extra_columns'];

interface AseFrame {
  numbers: number[];
  positions: number[];
  cell: number[];
  pbc: boolean[];
  energy: number | null;
  stress: number[] | null;
  forces: number[] | null;
  info: Record<string, unknown>;
  arrays: Record<string, unknown[]>;
}

const fixture = (name: string, ext: string) => readFileSync(new URL(`./fixtures/extxyz/${name}.${ext}`, import.meta.url), 'utf8');

/** ASE's per-atom array (N values or N rows) as our flat row-major values; logicals as 0/1. */
function flatAse(values: unknown[]): unknown[] {
  return values.flat().map((v) => (typeof v === 'boolean' ? Number(v) : v));
}

function flatOurs(values: PerAtomArray): unknown[] {
  return Array.from(values as ArrayLike<unknown>);
}

describe.each(FIXTURES)('extended XYZ fixture %s (written by ASE)', (name) => {
  const text = fixture(name, 'xyz');
  const expected: AseFrame[] = JSON.parse(fixture(name, 'json'));
  const frames = readExtxyz(text);

  it('reads the same frames ASE reads', () => {
    expect(frames).toHaveLength(expected.length);
    frames.forEach((s, k) => {
      const e = expected[k];
      expect(Array.from(s.numbers)).toEqual(e.numbers);
      expect(Array.from(s.positions)).toEqual(e.positions);
      expect(Array.from(s.cell)).toEqual(e.cell);
      expect(s.pbc).toEqual(e.pbc);
      expect(s.info.energy ?? null).toEqual(e.energy);
      expect(s.info.stress === undefined ? null : Array.from(s.info.stress as Float64Array)).toEqual(e.stress);
      expect(s.arrays.forces === undefined ? null : Array.from(s.arrays.forces as Float64Array)).toEqual(e.forces);
    });
  });

  it('keeps the other info keys with ASE’s types', () => {
    frames.forEach((s, k) => {
      const { energy: _e, stress: _s, ...ours } = s.info;
      const theirs = expected[k].info;
      expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
      for (const [key, value] of Object.entries(theirs)) {
        const mine = ours[key];
        if (key === 'virial') {
          // ASE reshapes the 9 values in Fortran order: its virial[i][j] is our value 3j + i.
          const m = value as number[][];
          expect(Array.from(mine as Float64Array)).toEqual(Array.from({ length: 9 }, (_, q) => m[q % 3][Math.floor(q / 3)]));
        } else if (Array.isArray(value)) {
          expect(mine instanceof Float64Array ? Array.from(mine) : mine).toEqual(value);
        } else {
          expect(mine).toEqual(value);
        }
      }
    });
  });

  it('keeps every extra per-atom column with its values', () => {
    frames.forEach((s, k) => {
      const { forces: _f, ...ours } = s.arrays;
      const theirs = expected[k].arrays;
      expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
      for (const [key, values] of Object.entries(theirs)) expect(flatOurs(ours[key])).toEqual(flatAse(values));
    });
  });

  it('writes the text that ASE was checked to read back as the original', () => {
    // fixtures/extxyz/written/ is our writer's output, each file read by ASE and compared with the
    // JSON above by `make_extxyz.py --written`; a change of the writer must be re-checked that way.
    expect(writeExtxyz(frames)).toBe(fixture(`written/${name}`, 'xyz'));
  });

  it('round-trips through writeExtxyz exactly', () => {
    const again = readExtxyz(writeExtxyz(frames));
    expect(again).toHaveLength(frames.length);
    again.forEach((s, k) => expect(s).toStrictEqual(frames[k]));
  });
});

describe('extended XYZ typing of per-atom columns', () => {
  it('stores R, I, L, S columns as Float64Array, Int32Array, Uint8Array, string[]', () => {
    const [s] = readExtxyz(fixture('extra_columns', 'xyz'));
    expect(s.arrays.momenta).toBeInstanceOf(Float64Array);
    expect(s.arrays.momenta).toHaveLength(12);
    expect(s.arrays.tags).toBeInstanceOf(Int32Array);
    expect(s.arrays.site_index).toBeInstanceOf(Int32Array);
    expect(s.arrays.frozen).toBeInstanceOf(Uint8Array);
    expect(s.arrays.label).toEqual(['cat', 'an', 'cat', 'an']);
  });
});

describe('extended XYZ syntax as ASE reads it', () => {
  const atoms = 'Si 0 0 0\nSi 1.3 1.3 1.3';

  it('parses quoted, braced and bare values, bare keys and spaces around =', () => {
    const comment = `Lattice="5.43 0 0 0 5.43 0 0 0 5.43" name='two words' list={1 2 3} ids=[4,5] flag step = 7 ratio=2.5e-3 on=T off=False path="a\\"b"`;
    const [s] = readExtxyz(`2\n${comment}\n${atoms}\n`);
    expect(s.pbc).toEqual([true, true, true]);
    expect(s.cell).toEqual(new Float64Array([5.43, 0, 0, 0, 5.43, 0, 0, 0, 5.43]));
    expect(s.info).toEqual({
      name: 'two words',
      list: new Float64Array([1, 2, 3]),
      ids: new Float64Array([4, 5]),
      flag: true,
      step: 7,
      ratio: 2.5e-3,
      on: true,
      off: false,
      path: 'a"b',
    });
  });

  it('reads a plain XYZ frame: default Properties, free-text comment as bare keys, no cell', () => {
    const [s] = readExtxyz(`2\nbulk silicon\n${atoms}`);
    expect(s.positions).toEqual(new Float64Array([0, 0, 0, 1.3, 1.3, 1.3]));
    expect(s.info).toEqual({ bulk: true, silicon: true });
    expect(s.pbc).toEqual([false, false, false]);
  });

  it('capitalises species, accepts Z instead of species, a byte-order mark, CRLF line ends and trailing blank lines', () => {
    const [a] = readExtxyz(`2\r\nProperties=species:S:1:pos:R:3\r\nSI 0 0 0\r\nsi 1 1 1\r\n\r\n\r\n`);
    expect(Array.from(a.numbers)).toEqual([14, 14]);
    const [b] = readExtxyz(`\uFEFF2\nProperties=Z:I:1:pos:R:3\n14 0 0 0\n8 1 1 1\n`);
    expect(b.symbols()).toEqual(['Si', 'O']);
  });

  it('reads a 6-value Voigt stress and a 9-value stress into the same Voigt 6', () => {
    const six = readExtxyz(`2\nLattice="4 0 0 0 4 0 0 0 4" stress="1 2 3 4 5 6"\n${atoms}`)[0];
    const nine = readExtxyz(`2\nLattice="4 0 0 0 4 0 0 0 4" stress="1 6 5 6 2 4 5 4 3"\n${atoms}`)[0];
    expect(six.info.stress).toEqual(new Float64Array([1, 2, 3, 4, 5, 6]));
    expect(nine.info.stress).toEqual(six.info.stress);
  });

  it('reads zero-atom frames and writes them back', () => {
    const frames = readExtxyz('0\nenergy=0\n0\n\n');
    expect(frames.map((s) => s.length)).toEqual([0, 0]);
    expect(readExtxyz(writeExtxyz(frames))).toStrictEqual(frames);
  });
});

describe('writeExtxyz', () => {
  const si = () =>
    new Structure({
      positions: [0, 0, 0, 1.3575, 1.3575, 1.3575],
      numbers: [14, 14],
      cell: [0, 2.715, 2.715, 2.715, 0, 2.715, 2.715, 2.715, 0],
      pbc: true,
      info: { energy: -10.8, stress: [0.01, 0.02, 0.03, 0.004, 0.005, 0.006], label: 'a "quoted", spaced\\name' },
      arrays: { forces: new Float64Array([0.1, 0, 0, -0.1, 0, 0]), charges: new Float64Array([0.5, -0.5]) },
    });

  it('writes the header ASE writes: Lattice rows, Properties, info, 3×3 stress, pbc', () => {
    const [count, comment, first] = writeExtxyz(si()).split('\n');
    expect(count).toBe('2');
    expect(comment).toBe(
      'Lattice="0 2.715 2.715 2.715 0 2.715 2.715 2.715 0" Properties=species:S:1:pos:R:3:forces:R:3:charge:R:1 ' +
        'energy=-10.8 stress="0.01 0.006 0.005 0.006 0.02 0.004 0.005 0.004 0.03" label="a \\"quoted\\", spaced\\\\name" pbc="T T T"',
    );
    expect(first).toBe('Si 0 0 0 0.1 0 0 0.5');
  });

  it('omits Lattice when the cell is all zeros, as ASE does', () => {
    const text = writeExtxyz(new Structure({ positions: [0, 0, 0], numbers: [1] }));
    expect(text).toBe('1\nProperties=species:S:1:pos:R:3 pbc="F F F"\nH 0 0 0\n');
  });

  it('keeps every bit of every number through a round trip', () => {
    const s = new Structure({ positions: [Math.PI, -1e-300, 1 / 3], numbers: [6], info: { energy: 0.1 + 0.2, tiny: 5e-324 } });
    const [back] = readExtxyz(writeExtxyz([s]));
    expect(back).toStrictEqual(s);
  });

  it('rejects what extended XYZ cannot hold, naming it', () => {
    const s = si();
    expect(() => writeExtxyz([s, 'x' as unknown as Structure])).toThrow(/structures\[1\] must be a Structure, got string/);
    expect(() => writeExtxyz(new Structure({ positions: [0, 0, 0], numbers: [1], info: { pbc: true } }))).toThrow(/info.pbc cannot be written/);
    expect(() => writeExtxyz(new Structure({ positions: [0, 0, 0], numbers: [1], info: { 'two words': 1 } }))).toThrow(/info key "two words" cannot be written/);
    expect(() => writeExtxyz(new Structure({ positions: [0, 0, 0], numbers: [1], arrays: { label: ['a b'] } }))).toThrow(/arrays.label\[0\] cannot be written/);
  });
});
