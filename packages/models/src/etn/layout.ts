// Storage of an equivariant vector: for each degree l = 0 … lMax, mult[l] channels of 2l+1
// real-spherical-harmonic components (m = −l … l), l blocks one after another, channel-major:
// entry (l, u, m) at offset[l] + u·(2l+1) + m + l. Every irrep here has the natural parity (−1)^l.

export class IrrepLayout {
  readonly lMax: number;
  readonly mult: Int32Array;
  readonly offset: Int32Array;
  readonly dim: number;

  constructor(mult: readonly number[]) {
    this.lMax = mult.length - 1;
    this.mult = Int32Array.from(mult);
    this.offset = new Int32Array(mult.length);
    let at = 0;
    mult.forEach((u, l) => {
      this.offset[l] = at;
      at += u * (2 * l + 1);
    });
    this.dim = at;
  }

  index(l: number, u: number, m: number): number {
    return this.offset[l] + u * (2 * l + 1) + m + l;
  }

  /** e3nn-style description, e.g. "4x0e+4x1o+4x2e". */
  toString(): string {
    const parts: string[] = [];
    this.mult.forEach((u, l) => {
      if (u > 0) parts.push(`${u}x${l}${l % 2 === 0 ? 'e' : 'o'}`);
    });
    return parts.join('+') || '0x0e';
  }
}
