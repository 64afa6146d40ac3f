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
