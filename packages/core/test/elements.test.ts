import { describe, expect, it } from 'vitest';
import { MAX_ATOMIC_NUMBER, atomicNumber, chemicalSymbol, isAtomicNumber } from '../src/elements.js';

describe('element table', () => {
  it('maps symbols to the atomic numbers of the periodic table', () => {
    // Landmarks of each period, checked against the periodic table rather than our own list.
    const known: [string, number][] = [
      ['H', 1], ['He', 2], ['Li', 3], ['C', 6], ['O', 8], ['Ne', 10], ['Na', 11], ['Si', 14], ['Cl', 17], ['Ar', 18],
      ['K', 19], ['Fe', 26], ['Ni', 28], ['Cu', 29], ['Ge', 32], ['Kr', 36], ['Mo', 42], ['Xe', 54], ['La', 57],
      ['Lu', 71], ['W', 74], ['Au', 79], ['Rn', 86], ['U', 92], ['Lr', 103], ['Og', 118],
    ];
    for (const [symbol, z] of known) {
      expect(atomicNumber(symbol)).toBe(z);
      expect(chemicalSymbol(z)).toBe(symbol);
    }
    expect(MAX_ATOMIC_NUMBER).toBe(118);
  });

  it('round-trips every atomic number, with unique symbols', () => {
    const symbols = new Set<string>();
    for (let z = 1; z <= MAX_ATOMIC_NUMBER; z++) {
      const symbol = chemicalSymbol(z);
      expect(symbol).toMatch(/^[A-Z][a-z]?$/);
      expect(atomicNumber(symbol)).toBe(z);
      symbols.add(symbol);
    }
    expect(symbols.size).toBe(118);
  });

  it('rejects unknown symbols and numbers with a clear error', () => {
    expect(() => atomicNumber('Xx')).toThrow(/symbol must be a known chemical symbol such as 'Si', got "Xx"/);
    expect(() => atomicNumber('SI')).toThrow(RangeError);
    expect(() => atomicNumber(14 as unknown as string)).toThrow(TypeError);
    expect(() => chemicalSymbol(0)).toThrow(/atomic number must be an integer in \[1, 118\], got 0/);
    expect(() => chemicalSymbol(119)).toThrow(RangeError);
    expect(() => chemicalSymbol(2.5)).toThrow(RangeError);
    expect(isAtomicNumber(1)).toBe(true);
    expect(isAtomicNumber(0)).toBe(false);
    expect(isAtomicNumber('1')).toBe(false);
  });
});
