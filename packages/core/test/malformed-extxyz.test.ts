import { describe, expect, it } from 'vitest';
import { readExtxyz } from '../src/io/extxyz-read.js';
import { parseError } from './parse-error.js';

// A valid first frame (lines 1–4); each case breaks a second frame that starts on line 5, so the
// error must name frame 1 and the line counted from the top of the whole text.
const GOOD = [
  '2',
  'Lattice="4 0 0 0 4 0 0 0 4" Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.5 pbc="T T T"',
  'Si 0 0 0 0.1 0 0',
  'Si 1 1 1 -0.1 0 0',
];
const HEADER = GOOD[1];
const ATOMS = GOOD.slice(2);

/** Frame 1 of a text whose frame 0 is GOOD. */
function second(...lines: string[]): string {
  return [...GOOD, ...lines].join('\n') + '\n';
}

function header(replace: Record<string, string | null>): string {
  let text = HEADER;
  for (const [key, value] of Object.entries(replace)) {
    const pattern = new RegExp(`${key}=("[^"]*"|\\S+)`);
    text = pattern.test(text) ? text.replace(pattern, value === null ? '' : `${key}=${value}`) : `${text} ${key}=${value}`;
  }
  return text.replace(/\s+/g, ' ').trim();
}


// [what is wrong, input, frame, line, expected message]
const CASES: [string, string, number, number, RegExp][] = [
  ['empty input', '', 0, 1, /extxyz frame 0, line 1: empty input: expected the atom count of the first frame/],
  ['only blank lines', '\n  \n\t\n', 0, 1, /empty input/],
  ['truncated frame', second('2', HEADER, ATOMS[0]), 1, 8, /frame declares 2 atoms but the input ends after 1 atom line$/],
  ['frame with no comment line', [...GOOD, '2'].join('\n'), 1, 6, /frame declares 2 atoms but the input ends before its comment line/],
  // Frame 1 reads one atom; its extra atom line is then taken for the atom count of frame 2.
  ['atom count too small (extra atom line)', second('1', HEADER, ...ATOMS), 2, 8, /expected the atom count of the frame \(a non-negative integer alone on its line\), got "Si 1 1 1 -0.1 0 0" \(does the previous frame have more atom lines/],
  ['atom count too large', second('3', HEADER, ...ATOMS), 1, 9, /frame declares 3 atoms but the input ends after 2 atom lines/],
  ['non-integer atom count', second('2.5', HEADER, ...ATOMS), 1, 5, /expected the atom count .* got "2.5"/],
  ['negative atom count', second('-2', HEADER, ...ATOMS), 1, 5, /atom count must be a non-negative integer, got -2/],
  ['blank line between frames', [...GOOD, '', '2', HEADER, ...ATOMS].join('\n'), 1, 5, /expected the atom count .* got ""/],
  ['Lattice with 8 values', second('2', header({ Lattice: '"4 0 0 0 4 0 0 0"' }), ...ATOMS), 1, 6, /Lattice must be 9 numbers: lattice vectors a, b, c as rows, got 8 values/],
  ['non-numeric Lattice', second('2', header({ Lattice: '"4 0 0 0 four 0 0 0 4"' }), ...ATOMS), 1, 6, /Lattice must be 9 numbers: .* got the non-numeric value "four"/],
  ['NaN in Lattice', second('2', header({ Lattice: '"4 0 0 0 nan 0 0 0 4"' }), ...ATOMS), 1, 6, /Lattice values must be finite, got nan at position 4/],
  ['singular Lattice with pbc', second('2', header({ Lattice: '"4 0 0 0 4 0 4 4 0"' }), ...ATOMS), 1, 6, /invalid structure: cell must be non-singular along the periodic directions: lattice vectors a, b, c are linearly dependent/],
  ['zero lattice vector along a periodic direction', second('2', header({ Lattice: '"4 0 0 0 4 0 0 0 0"' }), ...ATOMS), 1, 6, /cell row 2 \(lattice vector c\) must be non-zero because pbc\[2\] is true/],
  ['periodic without Lattice', second('2', header({ Lattice: null }), ...ATOMS), 1, 6, /pbc is "T T T" but the frame has no Lattice/],
  ['NaN position', second('2', HEADER, ATOMS[0], 'Si nan 1 1 -0.1 0 0'), 1, 8, /atom 1, column pos\[0\] must be finite, got nan/],
  ['infinite force', second('2', HEADER, 'Si 0 0 0 0.1 0 inf', ATOMS[1]), 1, 7, /atom 0, column forces\[2\] must be finite, got inf/],
  ['non-numeric position', second('2', HEADER, 'Si 0 zero 0 0.1 0 0', ATOMS[1]), 1, 7, /atom 0, column pos\[1\] must be a real number, got "zero"/],
  ['unknown species', second('2', HEADER, ATOMS[0], 'Xx 1 1 1 -0.1 0 0'), 1, 8, /atom 1 has unknown species "Xx"; expected a chemical symbol such as Si/],
  ['too few columns', second('2', HEADER, 'Si 0 0 0', ATOMS[1]), 1, 7, /atom 0 must have 7 columns \(species:S:1:pos:R:3:forces:R:3\), got 4/],
  ['too many columns', second('2', HEADER, ATOMS[0], 'Si 1 1 1 -0.1 0 0 9'), 1, 8, /atom 1 must have 7 columns .* got 8/],
  ['non-numeric energy', second('2', header({ energy: 'low' }), ...ATOMS), 1, 6, /energy must be a number \(eV\), got "low"/],
  ['NaN energy', second('2', header({ energy: 'NaN' }), ...ATOMS), 1, 6, /energy must be finite, got "NaN"/],
  ['NaN in another numeric key', second('2', header({ temperature: 'nan' }), ...ATOMS), 1, 6, /temperature must be finite, got "nan"/],
  ['Properties not in triples', second('2', header({ Properties: 'species:S:1:pos:R' }), ...ATOMS), 1, 6, /Properties must be name:type:count triples, got "species:S:1:pos:R" \(5 fields\)/],
  ['Properties with an unknown type', second('2', header({ Properties: 'species:S:1:pos:X:3' }), ...ATOMS), 1, 6, /Properties entry 'pos' has type "X"; expected one of S, R, I, L/],
  ['Properties with a zero column count', second('2', header({ Properties: 'species:S:1:pos:R:3:forces:R:0' }), ...ATOMS), 1, 6, /Properties entry 'forces' has column count "0"; expected a positive integer/],
  ['Properties listing a name twice', second('2', header({ Properties: 'species:S:1:pos:R:3:pos:R:3' }), ...ATOMS), 1, 6, /Properties lists 'pos' twice/],
  ['Properties without pos', second('2', header({ Properties: 'species:S:1:forces:R:3:x:R:3' }), ...ATOMS), 1, 6, /Properties must include pos:R:3 \(the positions\), got species:S:1:forces:R:3:x:R:3/],
  ['pos with 2 columns', second('2', header({ Properties: 'species:S:1:pos:R:2:forces:R:4' }), ...ATOMS), 1, 6, /Properties must declare positions as pos:R:3, got pos:R:2/],
  ['no species and no Z', second('2', header({ Properties: 'name:S:1:pos:R:3:forces:R:3' }), ...ATOMS), 1, 6, /Properties must include species:S:1 or Z:I:1/],
  ['forces with 2 columns', second('2', header({ Properties: 'species:S:1:pos:R:3:forces:R:2:q:R:1' }), ...ATOMS), 1, 6, /Properties must declare forces:R:3, got forces:R:2/],
  ['unbalanced quotes', second('2', 'Lattice="4 0 0 0 4 0 0 0 4 Properties=species:S:1:pos:R:3:forces:R:3', ...ATOMS), 1, 6, /unbalanced quote: " opened at column 9 of the comment line is never closed by "/],
  ['unbalanced brace', second('2', `${HEADER} dipole={1 2 3`, ...ATOMS), 1, 6, /unbalanced quote: \{ opened at column \d+ .* never closed by \}/],
  ['= without a key', second('2', `= ${HEADER}`, ...ATOMS), 1, 6, /expected a key before '=' at column 1/],
  ['duplicate key', second('2', `${HEADER} energy=-2`, ...ATOMS), 1, 6, /key "energy" appears twice in the comment line/],
  ['bad pbc value', second('2', header({ pbc: '"T X T"' }), ...ATOMS), 1, 6, /pbc must be three \(or one\) of T\/F\/True\/False, e.g. pbc="T T F", got "T X T"/],
  ['pbc with two values', second('2', header({ pbc: '"T T"' }), ...ATOMS), 1, 6, /pbc must be three \(or one\) .* got "T T"/],
  ['stress with 5 values', second('2', header({ stress: '"1 2 3 4 5"' }), ...ATOMS), 1, 6, /stress must be 6 \(Voigt xx yy zz yz xz xy\) or 9 \(3×3\) numbers in eV\/Å³, got 5 values/],
  ['non-numeric stress', second('2', header({ stress: '"1 2 3 4 5 x"' }), ...ATOMS), 1, 6, /stress must be 6 .* got the non-numeric value "x"/],
  ['virial with 6 values', second('2', header({ virial: '"1 2 3 4 5 6"' }), ...ATOMS), 1, 6, /virial must be 9 numbers \(3×3, eV\), got 6 values/],
  ['non-integer in an I column', second('2', header({ Properties: 'species:S:1:pos:R:3:tags:I:3' }), 'Si 0 0 0 1 2 3', 'Si 1 1 1 1 2.5 3'), 1, 8, /atom 1, column tags\[1\] must be a 32-bit integer, got "2.5"/],
  ['bad logical in an L column', second('2', header({ Properties: 'species:S:1:pos:R:3:fixed:L:3' }), 'Si 0 0 0 T F T', 'Si 1 1 1 T yes T'), 1, 8, /atom 1, column fixed\[1\] must be a logical \(T\/F\/True\/False\), got "yes"/],
  ['Z out of range', second('2', header({ Properties: 'Z:I:1:pos:R:3:forces:R:3' }), '0 0 0 0 0.1 0 0', '14 1 1 1 -0.1 0 0'), 1, 7, /atom 0 has Z = 0; expected an atomic number in \[1, 118\]/],
  ['species disagreeing with Z', second('2', header({ Properties: 'species:S:1:Z:I:1:pos:R:3' }), 'Si 14 0 0 0', 'C 14 1 1 1'), 1, 8, /atom 1 has species C but Z = 14/],
];

describe('malformed extended XYZ', () => {
  it('has at least 20 distinct malformed inputs', () => {
    expect(new Set(CASES.map((c) => c[1])).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('%s', (_what, text, frame, line, message) => {
    const error = parseError(() => readExtxyz(text));
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^extxyz frame ${frame}, line ${line}: `));
    expect(error.frame).toBe(frame);
    expect(error.line).toBe(line);
    expect(error.name).toBe('ParseError');
  });

  it('reads the untouched frames that the cases break', () => {
    // Guards the cases above: without the fault the same text must read.
    expect(readExtxyz(second('2', HEADER, ...ATOMS))).toHaveLength(2);
    expect(readExtxyz(second('2', header({ Properties: 'species:S:1:pos:R:3:tags:I:3' }), 'Si 0 0 0 1 2 3', 'Si 1 1 1 1 2 3'))).toHaveLength(2);
  });

  it('rejects a non-string argument with a TypeError', () => {
    expect(() => readExtxyz(42 as unknown as string)).toThrow(/text must be a string of extended XYZ, got number/);
  });
});
