import { describe, expect, it } from 'vitest';
import { Irrep, Irreps, MulIrrep } from '../src/index.js';

describe('Irrep', () => {
  it('parses e3nn spelling', () => {
    const a = Irrep.parse('1o');
    expect([a.l, a.p, a.dim, a.mul]).toEqual([1, -1, 3, 1]);
    expect(Irrep.parse(' 0e ').p).toBe(1);
    expect(Irrep.parse('2y').toString()).toBe('2e');
    expect(Irrep.parse('3y').toString()).toBe('3o');
    expect(Irrep.parse('12e').dim).toBe(25);
  });

  it('round-trips through toString', () => {
    for (const s of ['0e', '0o', '1e', '1o', '7o']) expect(Irrep.parse(s).toString()).toBe(s);
  });

  it('multiplies as |l1−l2| … l1+l2 with p = p1·p2', () => {
    expect(Irrep.parse('1o').times('1o').map(String)).toEqual(['0e', '1e', '2e']);
    expect(Irrep.parse('2e').times('1o').map(String)).toEqual(['1o', '2o', '3o']);
    expect(Irrep.parse('0o').times('3e').map(String)).toEqual(['3o']);
  });

  it('rejects bad input with clear errors', () => {
    expect(() => Irrep.parse('1x')).toThrow(/cannot read "1x"/);
    expect(() => Irrep.parse('-1e')).toThrow(SyntaxError);
    expect(() => Irrep.parse('')).toThrow(SyntaxError);
    expect(() => new Irrep(1, 0 as never)).toThrow(/parity/);
    expect(() => new Irrep(1.5, 1)).toThrow(/l must be an integer/);
    expect(() => Irrep.parse(3 as never)).toThrow(TypeError);
  });
});

describe('Irreps', () => {
  it('parses "16x0e + 8x1o" and exposes mul, l, p, dim', () => {
    const irreps = Irreps.parse('16x0e + 8x1o');
    expect(irreps.length).toBe(2);
    expect(irreps.terms.map((t) => [t.mul, t.l, t.p, t.dim])).toEqual([
      [16, 0, 1, 16],
      [8, 1, -1, 24],
    ]);
    expect(irreps.dim).toBe(40);
    expect(irreps.numIrreps).toBe(24);
    expect(irreps.lMax).toBe(1);
    expect(irreps.ls.slice(14, 18)).toEqual([0, 0, 1, 1]);
    expect(Irreps.parse('0e + 1o').terms.map((t) => t.mul)).toEqual([1, 1]);
    expect(Irreps.parse('').length).toBe(0);
  });

  it('round-trips through toString in e3nn form', () => {
    for (const s of ['16x0e+8x1o', '1x0e', '2x1e+1x0e+1x1e', '0x2o+3x0o', '']) expect(Irreps.parse(s).toString()).toBe(s);
    expect(Irreps.parse('16x0e + 8x1o').toString()).toBe('16x0e+8x1o');
    expect(Irreps.parse('1o + 2e').toString()).toBe('1x1o+1x2e');
  });

  it('simplify merges consecutive equal irreps and drops zero multiplicities, without sorting (as e3nn)', () => {
    expect(Irreps.parse('1e + 1e + 0e').simplify().toString()).toBe('2x1e+1x0e');
    expect(Irreps.parse('1e + 1e + 0e + 1e').simplify().toString()).toBe('2x1e+1x0e+1x1e');
    expect(Irreps.parse('4x0e + 0x1o + 2x3e').simplify().toString()).toBe('4x0e+2x3e');
  });

  it('sort orders by (l, p) with its permutation and inverse (as e3nn)', () => {
    const { irreps, p, inv } = Irreps.parse('1e + 0e + 1o + 0o + 2x1e').sort();
    expect(irreps.toString()).toBe('1x0o+1x0e+1x1o+1x1e+2x1e');
    expect(inv).toEqual([3, 1, 2, 0, 4]);
    expect(p).toEqual([3, 1, 2, 0, 4]);
    const { p: p2, inv: inv2 } = Irreps.parse('2e + 0e + 1o').sort();
    expect(inv2).toEqual([1, 2, 0]);
    expect(p2).toEqual([2, 0, 1]);
  });

  it('products follow the selection rules', () => {
    expect(Irreps.parse('1o').times('1o').toString()).toBe('1x0e+1x1e+1x2e');
    // 1o×0e → 6x1o; 1o×1e → 2x0o + 2x1o + 2x2o; sorted, then equal neighbours merged
    expect(Irreps.parse('2x1o').times('3x0e + 1e').toString()).toBe('2x0o+8x1o+2x2o');
    expect(Irreps.sphericalHarmonics(3).toString()).toBe('1x0e+1x1o+1x2e+1x3o');
    expect(Irreps.sphericalHarmonics(2, 1).toString()).toBe('1x0e+1x1e+1x2e');
  });

  it('builds from terms and concatenates', () => {
    const a = new Irreps([[2, '0e'], new MulIrrep(1, Irrep.parse('1o')), Irrep.parse('2e')]);
    expect(a.toString()).toBe('2x0e+1x1o+1x2e');
    expect(a.concat('3x0e').toString()).toBe('2x0e+1x1o+1x2e+3x0e');
    expect(a.equals(Irreps.parse('2x0e+1o+2e'))).toBe(true);
  });

  it('rejects bad strings naming the bad term', () => {
    expect(() => Irreps.parse('16x0e + 8y1o')).toThrow(/term 2 \("8y1o"\)/);
    expect(() => Irreps.parse('16x0e +')).toThrow(/term 2 \(""\)/);
    expect(() => Irreps.parse('x0e')).toThrow(SyntaxError);
    expect(() => Irreps.parse('1.5x0e')).toThrow(SyntaxError);
    expect(() => Irreps.parse(null as never)).toThrow(TypeError);
    expect(() => new MulIrrep(-1, Irrep.parse('0e'))).toThrow(/mul must be an integer/);
    expect(() => Irreps.parse('').lMax).toThrow(/empty/);
  });
});
