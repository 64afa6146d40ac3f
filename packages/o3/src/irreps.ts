// Irreducible representations of O(3) with e3nn's spelling and semantics:
// "1o" is l = 1 with odd parity (p = −1), "0e" is an even scalar, "2y" means p = (−1)^l;
// "16x0e + 8x1o" is a direct sum with multiplicities. toString() prints e3nn's form
// ("16x0e+8x1o"), which parse() reads back.

export type Parity = 1 | -1;

const IRREP = /^(\d+)([eoy])$/;

export class Irrep {
  readonly l: number;
  readonly p: Parity;

  constructor(l: number, p: Parity) {
    if (!Number.isInteger(l) || l < 0) throw new RangeError(`Irrep: l must be an integer ≥ 0, got ${String(l)}`);
    if (p !== 1 && p !== -1) throw new RangeError(`Irrep: p (parity) must be 1 or −1, got ${String(p)}`);
    this.l = l;
    this.p = p;
  }

  /** "1o", "0e", or "2y" (parity of the spherical harmonics, (−1)^l). */
  static parse(text: string): Irrep {
    if (typeof text !== 'string') throw new TypeError(`Irrep.parse: expected a string like "1o", got ${typeof text}`);
    const match = IRREP.exec(text.trim());
    if (!match) {
      throw new SyntaxError(`Irrep.parse: cannot read ${JSON.stringify(text)}; expected <l><parity> such as "0e", "1o" or "2y"`);
    }
    const l = Number(match[1]);
    const p: Parity = match[2] === 'e' ? 1 : match[2] === 'o' ? -1 : l % 2 === 0 ? 1 : -1;
    return new Irrep(l, p);
  }

  /** 2l + 1. */
  get dim(): number {
    return 2 * this.l + 1;
  }

  /** Multiplicity 1, so an Irrep reads like one term of an Irreps. */
  get mul(): number {
    return 1;
  }

  /** The irreps in the product: l = |l1−l2| … l1+l2, parity p1·p2. */
  times(other: Irrep | string): Irrep[] {
    const o = typeof other === 'string' ? Irrep.parse(other) : other;
    const p = (this.p * o.p) as Parity;
    const out: Irrep[] = [];
    for (let l = Math.abs(this.l - o.l); l <= this.l + o.l; l++) out.push(new Irrep(l, p));
    return out;
  }

  equals(other: Irrep): boolean {
    return this.l === other.l && this.p === other.p;
  }

  /** e3nn's order: by l, then odd (p = −1) before even. */
  compare(other: Irrep): number {
    return this.l - other.l || this.p - other.p;
  }

  toString(): string {
    return `${this.l}${this.p === 1 ? 'e' : 'o'}`;
  }
}

/** One term of an Irreps: `mul` copies of `ir`. */
export class MulIrrep {
  constructor(
    readonly mul: number,
    readonly ir: Irrep,
  ) {
    if (!Number.isInteger(mul) || mul < 0) throw new RangeError(`MulIrrep: mul must be an integer ≥ 0, got ${String(mul)}`);
  }

  get l(): number {
    return this.ir.l;
  }

  get p(): Parity {
    return this.ir.p;
  }

  /** mul · (2l+1). */
  get dim(): number {
    return this.mul * this.ir.dim;
  }

  toString(): string {
    return `${this.mul}x${this.ir}`;
  }
}

export class Irreps {
  readonly terms: readonly MulIrrep[];

  constructor(terms: Iterable<MulIrrep | Irrep | [number, Irrep | string]> = []) {
    const out: MulIrrep[] = [];
    for (const t of terms) {
      if (t instanceof MulIrrep) out.push(t);
      else if (t instanceof Irrep) out.push(new MulIrrep(1, t));
      else if (Array.isArray(t) && t.length === 2) out.push(new MulIrrep(t[0], typeof t[1] === 'string' ? Irrep.parse(t[1]) : t[1]));
      else throw new TypeError('Irreps: each term must be a MulIrrep, an Irrep, or [mul, irrep]');
    }
    this.terms = Object.freeze(out);
  }

  /** "16x0e + 8x1o", "0e+1o" (multiplicity 1), "" (empty). */
  static parse(text: string): Irreps {
    if (typeof text !== 'string') throw new TypeError(`Irreps.parse: expected a string like "16x0e + 8x1o", got ${typeof text}`);
    if (text.trim() === '') return new Irreps();
    const terms = text.split('+').map((part, index) => {
      const term = part.trim();
      const match = /^(?:(\d+)x)?(\d+[eoy])$/.exec(term);
      if (!match) {
        throw new SyntaxError(
          `Irreps.parse: cannot read term ${index + 1} (${JSON.stringify(term)}) of ${JSON.stringify(text)}; expected [<mul>x]<l><parity> such as "16x0e" or "1o"`,
        );
      }
      return new MulIrrep(match[1] === undefined ? 1 : Number(match[1]), Irrep.parse(match[2]));
    });
    return new Irreps(terms);
  }

  /** Σ mul·(2l+1). */
  get dim(): number {
    return this.terms.reduce((s, t) => s + t.dim, 0);
  }

  /** Σ mul. */
  get numIrreps(): number {
    return this.terms.reduce((s, t) => s + t.mul, 0);
  }

  /** l of every copy, in order. */
  get ls(): number[] {
    return this.terms.flatMap((t) => Array<number>(t.mul).fill(t.l));
  }

  get lMax(): number {
    if (this.terms.length === 0) throw new RangeError('Irreps.lMax: the Irreps is empty');
    return Math.max(...this.terms.map((t) => t.l));
  }

  get length(): number {
    return this.terms.length;
  }

  [Symbol.iterator](): Iterator<MulIrrep> {
    return this.terms[Symbol.iterator]();
  }

  /** Merges consecutive equal irreps and drops zero multiplicities; does not reorder (as e3nn). */
  simplify(): Irreps {
    const out: MulIrrep[] = [];
    for (const t of this.terms) {
      const last = out[out.length - 1];
      if (last && last.ir.equals(t.ir)) out[out.length - 1] = new MulIrrep(last.mul + t.mul, t.ir);
      else if (t.mul > 0) out.push(t);
    }
    return new Irreps(out);
  }

  /**
   * Stable sort by (l, p) as e3nn. Returns the sorted Irreps, `p` (p[i] = new position of
   * term i) and `inv` (inv[j] = old position of the term now at j).
   */
  sort(): { irreps: Irreps; p: number[]; inv: number[] } {
    const inv = this.terms.map((_, i) => i).sort((i, j) => this.terms[i].ir.compare(this.terms[j].ir) || i - j);
    const p = new Array<number>(inv.length);
    inv.forEach((old, now) => (p[old] = now));
    return { irreps: new Irreps(inv.map((i) => this.terms[i])), p, inv };
  }

  /** Concatenation. */
  concat(other: Irreps | string): Irreps {
    const o = typeof other === 'string' ? Irreps.parse(other) : other;
    return new Irreps([...this.terms, ...o.terms]);
  }

  /** All irreps in the product of every term pair with multiplicities mul1·mul2, simplified after sorting. */
  times(other: Irreps | string): Irreps {
    const o = typeof other === 'string' ? Irreps.parse(other) : other;
    const out: MulIrrep[] = [];
    for (const a of this.terms) for (const b of o.terms) for (const ir of a.ir.times(b.ir)) out.push(new MulIrrep(a.mul * b.mul, ir));
    return new Irreps(out).sort().irreps.simplify();
  }

  /** The irreps of spherical harmonics up to lMax: 1x0e+1x1o+1x2e+… (p = (−1)^l, or `p^l`). */
  static sphericalHarmonics(lMax: number, p: Parity = -1): Irreps {
    if (!Number.isInteger(lMax) || lMax < 0) throw new RangeError(`Irreps.sphericalHarmonics: lMax must be an integer ≥ 0, got ${String(lMax)}`);
    const terms: MulIrrep[] = [];
    for (let l = 0; l <= lMax; l++) terms.push(new MulIrrep(1, new Irrep(l, (l % 2 === 0 ? 1 : p) as Parity)));
    return new Irreps(terms);
  }

  equals(other: Irreps): boolean {
    return this.terms.length === other.terms.length && this.terms.every((t, i) => t.mul === other.terms[i].mul && t.ir.equals(other.terms[i].ir));
  }

  toString(): string {
    return this.terms.map((t) => t.toString()).join('+');
  }
}
