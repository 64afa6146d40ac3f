// The index tables of an MTP (.mtp alpha_* fields) as flat typed arrays, ready for the site kernels.
import type { MtpFile } from './mtp-file.js';
import { checkMtpTables } from './mtp-file.js';

export interface MomentTables {
  alphaMomentsCount: number;
  alphaIndexBasic: Int32Array;
  alphaIndexTimes: Int32Array;
  alphaMomentMapping: Int32Array;
  radialFuncsCount: number;
}

export class MomentProgram {
  readonly momentCount: number;
  readonly basicCount: number;
  /** Per basic moment: μ, and exponents a, b, c, and their sum k. */
  readonly basicMu: Int32Array;
  readonly basicA: Int32Array;
  readonly basicB: Int32Array;
  readonly basicC: Int32Array;
  readonly maxPower: number;
  readonly timesCount: number;
  readonly timesI: Int32Array;
  readonly timesJ: Int32Array;
  readonly timesK: Int32Array;
  readonly timesW: Float64Array;
  /** Distinct monomials u_x^a u_y^b u_z^c of the basic moments, built as parent × one component. */
  readonly monomialCount: number;
  readonly monoParent: Int32Array;
  readonly monoAxis: Int32Array;
  /** Per basic moment: its monomial, the monomials with a−1, b−1, c−1 (the zero slot monomialCount when absent), a+b+c. */
  readonly basicMono: Int32Array;
  readonly basicDx: Int32Array;
  readonly basicDy: Int32Array;
  readonly basicDz: Int32Array;
  readonly basicDegree: Int32Array;
  /** Scalar moments that are basis functions. */
  readonly mapping: Int32Array;
  readonly radialFuncsCount: number;

  constructor(readonly tables: MomentTables) {
    checkMtpTables({ ...tables, speciesCount: 1, radialBasisSize: null } as unknown as MtpFile);
    const basic = tables.alphaIndexBasic;
    this.momentCount = tables.alphaMomentsCount;
    this.basicCount = basic.length / 4;
    this.basicMu = new Int32Array(this.basicCount);
    this.basicA = new Int32Array(this.basicCount);
    this.basicB = new Int32Array(this.basicCount);
    this.basicC = new Int32Array(this.basicCount);
    let maxPower = 0;
    for (let b = 0; b < this.basicCount; b++) {
      this.basicMu[b] = basic[4 * b];
      this.basicA[b] = basic[4 * b + 1];
      this.basicB[b] = basic[4 * b + 2];
      this.basicC[b] = basic[4 * b + 3];
      maxPower = Math.max(maxPower, basic[4 * b + 1] + basic[4 * b + 2] + basic[4 * b + 3]);
    }
    this.maxPower = maxPower;
    // Every monomial of degree ≤ maxPower, each the product of a lower one and one component.
    const index = new Map<string, number>([['0,0,0', 0]]);
    const parent: number[] = [-1];
    const axis: number[] = [-1];
    for (let n = 1; n <= maxPower; n++) {
      for (let a = n; a >= 0; a--) {
        for (let b = n - a; b >= 0; b--) {
          const c = n - a - b;
          const [pa, pb, pc, ax] = a > 0 ? [a - 1, b, c, 0] : b > 0 ? [a, b - 1, c, 1] : [a, b, c - 1, 2];
          index.set(`${a},${b},${c}`, parent.length);
          parent.push(index.get(`${pa},${pb},${pc}`)!);
          axis.push(ax);
        }
      }
    }
    this.monomialCount = parent.length;
    this.monoParent = Int32Array.from(parent);
    this.monoAxis = Int32Array.from(axis);
    const zero = this.monomialCount;
    const at = (a: number, b: number, c: number) => (a < 0 || b < 0 || c < 0 ? zero : index.get(`${a},${b},${c}`)!);
    this.basicMono = Int32Array.from({ length: this.basicCount }, (_, b) => at(this.basicA[b], this.basicB[b], this.basicC[b]));
    this.basicDx = Int32Array.from({ length: this.basicCount }, (_, b) => at(this.basicA[b] - 1, this.basicB[b], this.basicC[b]));
    this.basicDy = Int32Array.from({ length: this.basicCount }, (_, b) => at(this.basicA[b], this.basicB[b] - 1, this.basicC[b]));
    this.basicDz = Int32Array.from({ length: this.basicCount }, (_, b) => at(this.basicA[b], this.basicB[b], this.basicC[b] - 1));
    this.basicDegree = Int32Array.from({ length: this.basicCount }, (_, b) => this.basicA[b] + this.basicB[b] + this.basicC[b]);
    const times = tables.alphaIndexTimes;
    this.timesCount = times.length / 4;
    this.timesI = new Int32Array(this.timesCount);
    this.timesJ = new Int32Array(this.timesCount);
    this.timesK = new Int32Array(this.timesCount);
    this.timesW = new Float64Array(this.timesCount);
    for (let t = 0; t < this.timesCount; t++) {
      this.timesI[t] = times[4 * t];
      this.timesJ[t] = times[4 * t + 1];
      this.timesW[t] = times[4 * t + 2];
      this.timesK[t] = times[4 * t + 3];
    }
    this.mapping = Int32Array.from(tables.alphaMomentMapping);
    this.radialFuncsCount = tables.radialFuncsCount;
  }

  get basisCount(): number {
    return this.mapping.length;
  }
}
