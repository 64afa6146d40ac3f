// The NICE iteration of one centre as a CentreMap: ν = 1 channels read from c, each higher
// channel the sum of its Clebsch–Gordan products (parent ⊗ ν = 1) then its PCA projection.
// The products are bilinear and the projections linear, so
//   pushforward: d(X ⊗ c) = dX ⊗ c + X ⊗ dc, dZ = W dE (three tangents at once);
//   pullback:    the transposes, from the last order back to c.
// Every channel is stored component-major, [M][property], so projections and products run over
// contiguous rows. Only the channels the outputs depend on are computed.
import type { CentreMap } from '../centre-map.js';
import { dependencies, type NicePlan } from './plan.js';

export interface NiceMapLayout {
  /** Radial functions stored per (species, l) in c (the dense layout's N). */
  maxRadial: number;
}

/** One output segment: channels of the same λ, laid out [M][properties of each channel in turn]. */
export type OutputGroup = readonly number[];

export class NiceMap implements CentreMap {
  readonly inputSize: number;
  readonly outputSize: number;
  /** First output entry of each group and its property count (per M). */
  readonly groupOffsets: readonly number[];
  readonly groupSizes: readonly number[];
  private readonly N: number;
  private readonly K: number;
  /** Channels computed, ascending (parents first). */
  private readonly active: number[];
  /** Offset of each channel's values in the workspace (−1 when not needed). */
  private readonly offset: Int32Array;
  private readonly total: number;
  private readonly V: Float64Array;
  private readonly dV: Float64Array;
  private readonly gV: Float64Array;
  private readonly E: Float64Array;
  private readonly dE: Float64Array;
  /** Tangent support of each channel, [lo, hi) in properties: ν = 1 uncompressed channels see only species t. */
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;

  constructor(
    private readonly plan: NicePlan,
    private readonly groups: readonly OutputGroup[],
    layout: NiceMapLayout,
  ) {
    const { shape, channels } = plan;
    this.N = layout.maxRadial;
    this.K = (shape.maxAngular + 1) ** 2;
    this.inputSize = shape.nSpecies * this.N * this.K;
    const offsets: number[] = [];
    const sizes: number[] = [];
    let out = 0;
    for (const group of groups) {
      const lambda = channels[group[0]].lambda;
      let size = 0;
      for (const c of group) {
        if (channels[c].lambda !== lambda) throw new Error('internal: an output group mixes λ');
        size += channels[c].size;
      }
      offsets.push(out);
      sizes.push(size);
      out += (2 * lambda + 1) * size;
    }
    this.outputSize = out;
    this.groupOffsets = offsets;
    this.groupSizes = sizes;
    this.active = [...dependencies(channels, groups.flat())].sort((a, b) => a - b);
    this.offset = new Int32Array(channels.length).fill(-1);
    let total = 0;
    let scratch = 0;
    for (const c of this.active) {
      const ch = channels[c];
      this.offset[c] = total;
      total += (2 * ch.lambda + 1) * ch.size;
      if (plan.projections[c]) scratch = Math.max(scratch, (2 * ch.lambda + 1) * ch.expandedSize);
    }
    this.total = total;
    this.V = new Float64Array(total);
    this.dV = new Float64Array(3 * total);
    this.gV = new Float64Array(total);
    this.E = new Float64Array(scratch);
    this.dE = new Float64Array(3 * scratch);
    this.lo = new Int32Array(channels.length);
    this.hi = new Int32Array(channels.length);
  }

  /** The workspace after forward(): values of channel `c`, [M][size] (valid until the next call). */
  channelValues(c: number): Float64Array {
    const ch = this.plan.channels[c];
    if (this.offset[c] < 0) throw new Error(`internal: channel ${c} is not computed by this map`);
    return this.V.subarray(this.offset[c], this.offset[c] + (2 * ch.lambda + 1) * ch.size);
  }

  forward(c: Float64Array, cOffset: number, out: Float64Array, outOffset: number): void {
    this.run(c, cOffset);
    this.emit(this.V, 0, out, outOffset);
  }

  /** Computes every active channel into the workspace. */
  run(c: Float64Array, cOffset: number): void {
    const { channels, projections } = this.plan;
    const V = this.V;
    for (const index of this.active) {
      const ch = channels[index];
      const width = 2 * ch.lambda + 1;
      const projection = projections[index];
      const target = projection ? this.E : V;
      const base = projection ? 0 : this.offset[index];
      const P = ch.expandedSize;
      if (ch.nu === 1) {
        this.readDensity(c, cOffset, ch.lambda, target, base);
      } else {
        target.fill(0, base, base + width * P);
        for (const term of ch.terms) {
          const parent = channels[term.parent];
          const dens = channels[term.density];
          productForward(term, V, this.offset[term.parent], parent.size, V, this.offset[term.density], dens.size, target, base, P);
        }
      }
      if (projection) project(projection, ch.size, P, width, this.E, 0, V, this.offset[index]);
    }
  }

  pushforward(c: Float64Array, cOffset: number, dc: Float64Array, t: number, out: Float64Array): void {
    const { channels, projections, shape } = this.plan;
    this.run(c, cOffset);
    const { V, dV, dE, total } = this;
    const C = this.inputSize;
    for (const index of this.active) {
      const ch = channels[index];
      const width = 2 * ch.lambda + 1;
      const projection = projections[index];
      const P = ch.expandedSize;
      const scratch = this.E.length;
      const target = projection ? dE : dV;
      const stride = projection ? scratch : total;
      const base = projection ? 0 : this.offset[index];
      if (ch.nu === 1) {
        const nl = shape.radialPerAngular[ch.lambda];
        for (let x = 0; x < 3; x++) {
          target.fill(0, x * stride + base, x * stride + base + width * P);
          this.readDensity(dc, x * C, ch.lambda, target, x * stride + base, t);
        }
        // t < 0 (DENSE_TANGENT): dc may be nonzero in every species block
        this.lo[index] = projection || t < 0 ? 0 : t * nl;
        this.hi[index] = projection || t < 0 ? ch.size : (t + 1) * nl;
      } else {
        for (let x = 0; x < 3; x++) target.fill(0, x * stride + base, x * stride + base + width * P);
        for (const term of ch.terms) {
          const parent = channels[term.parent];
          const dens = channels[term.density];
          productTangents(
            term,
            V,
            dV,
            total,
            this.offset[term.parent],
            parent.size,
            this.lo[term.parent],
            this.hi[term.parent],
            this.offset[term.density],
            dens.size,
            this.lo[term.density],
            this.hi[term.density],
            target,
            stride,
            base,
            P,
          );
        }
        this.lo[index] = 0;
        this.hi[index] = ch.size;
      }
      if (projection) {
        for (let x = 0; x < 3; x++) project(projection, ch.size, P, width, dE, x * scratch, dV, x * total + this.offset[index]);
        this.lo[index] = 0;
        this.hi[index] = ch.size;
      }
    }
    const F = this.outputSize;
    for (let x = 0; x < 3; x++) this.emit(dV, x * total, out, x * F);
  }

  pullback(c: Float64Array, cOffset: number, gX: Float64Array, gOffset: number, out: Float64Array): void {
    const { channels, projections } = this.plan;
    this.run(c, cOffset);
    const { V, gV } = this;
    gV.fill(0);
    this.absorb(gX, gOffset);
    out.fill(0, 0, this.inputSize);
    for (let a = this.active.length - 1; a >= 0; a--) {
      const index = this.active[a];
      const ch = channels[index];
      const width = 2 * ch.lambda + 1;
      const projection = projections[index];
      const P = ch.expandedSize;
      let g: Float64Array = gV;
      let base = this.offset[index];
      if (projection) {
        g = this.E;
        base = 0;
        projectTransposed(projection, ch.size, P, width, gV, this.offset[index], g, 0);
      }
      if (ch.nu === 1) {
        this.writeDensity(g, base, ch.lambda, out);
        continue;
      }
      for (const term of ch.terms) {
        const parent = channels[term.parent];
        const dens = channels[term.density];
        productPullback(term, V, gV, this.offset[term.parent], parent.size, this.offset[term.density], dens.size, g, base, P);
      }
    }
  }

  /** Copies the output channels of a workspace (values or one tangent) into `out`. */
  private emit(W: Float64Array, wOffset: number, out: Float64Array, outOffset: number): void {
    const channels = this.plan.channels;
    this.groups.forEach((group, g) => {
      const width = 2 * channels[group[0]].lambda + 1;
      const size = this.groupSizes[g];
      let prefix = 0;
      for (const c of group) {
        const P = channels[c].size;
        const from = wOffset + this.offset[c];
        for (let M = 0; M < width; M++) {
          const to = outOffset + this.groupOffsets[g] + M * size + prefix;
          for (let p = 0; p < P; p++) out[to + p] = W[from + M * P + p];
        }
        prefix += P;
      }
    });
  }

  /** gV[output channels] += the cotangent, the transpose of emit. */
  private absorb(gX: Float64Array, gOffset: number): void {
    const channels = this.plan.channels;
    this.groups.forEach((group, g) => {
      const width = 2 * channels[group[0]].lambda + 1;
      const size = this.groupSizes[g];
      let prefix = 0;
      for (const c of group) {
        const P = channels[c].size;
        const to = this.offset[c];
        for (let M = 0; M < width; M++) {
          const from = gOffset + this.groupOffsets[g] + M * size + prefix;
          for (let p = 0; p < P; p++) this.gV[to + M * P + p] += gX[from + p];
        }
        prefix += P;
      }
    });
  }

  private readDensity(c: Float64Array, cOffset: number, l: number, target: Float64Array, base: number, only = -1): void {
    readDensity(this.plan.shape, this.N, c, cOffset, l, target, base, only);
  }

  /** out[(a·N + n)·K + l² + m] += g[base + m·Q + (a·N_l + n)], the transpose of readDensity. */
  private writeDensity(g: Float64Array, base: number, l: number, out: Float64Array): void {
    const { N, K } = this;
    const { nSpecies, radialPerAngular } = this.plan.shape;
    const nl = radialPerAngular[l];
    const Q = nSpecies * nl;
    const width = 2 * l + 1;
    for (let a = 0; a < nSpecies; a++) {
      for (let n = 0; n < nl; n++) {
        const to = (a * N + n) * K + l * l;
        const q = a * nl + n;
        for (let m = 0; m < width; m++) out[to + m] += g[base + m * Q + q];
      }
    }
  }
}

/**
 * The ν = 1 channel l of one centre: target[base + m·Q + (a·N_l + n)] = c[cOffset + (a·N + n)·K + l² + m]
 * (Q = nSpecies·N_l, K = (maxAngular+1)²), for species `only` or all of them.
 */
export function readDensity(
  shape: NicePlan['shape'],
  N: number,
  c: Float64Array,
  cOffset: number,
  l: number,
  target: Float64Array,
  base: number,
  only = -1,
): void {
  const K = (shape.maxAngular + 1) ** 2;
  const nl = shape.radialPerAngular[l];
  const Q = shape.nSpecies * nl;
  const width = 2 * l + 1;
  const first = only < 0 ? 0 : only;
  const last = only < 0 ? shape.nSpecies : only + 1;
  for (let a = first; a < last; a++) {
    for (let n = 0; n < nl; n++) {
      const from = cOffset + (a * N + n) * K + l * l;
      const q = a * nl + n;
      for (let m = 0; m < width; m++) target[base + m * Q + q] = c[from + m];
    }
  }
}

export interface Coupling {
  offset: number;
  m1: Int32Array;
  m2: Int32Array;
  M: Int32Array;
  w: Float64Array;
}

/** T[base + M·P + offset + p·Q + q] += w · X[m1][p] · Y[m2][q] for every CG entry. */
export function productForward(t: Coupling, X: Float64Array, xOff: number, P1: number, Y: Float64Array, yOff: number, Q: number, T: Float64Array, base: number, P: number): void {
  for (let e = 0; e < t.w.length; e++) {
    const w = t.w[e];
    const xRow = xOff + t.m1[e] * P1;
    const yRow = yOff + t.m2[e] * Q;
    const oRow = base + t.M[e] * P + t.offset;
    for (let p = 0; p < P1; p++) {
      const a = w * X[xRow + p];
      if (a === 0) continue;
      const o = oRow + p * Q;
      for (let q = 0; q < Q; q++) T[o + q] += a * Y[yRow + q];
    }
  }
}

/** Three tangents of the product: dX ⊗ Y over the parent's support, X ⊗ dY over the density's. */
function productTangents(
  t: Coupling,
  V: Float64Array,
  dV: Float64Array,
  total: number,
  xOff: number,
  P1: number,
  xLo: number,
  xHi: number,
  yOff: number,
  Q: number,
  yLo: number,
  yHi: number,
  T: Float64Array,
  stride: number,
  base: number,
  P: number,
): void {
  for (let e = 0; e < t.w.length; e++) {
    const w = t.w[e];
    const xRow = xOff + t.m1[e] * P1;
    const yRow = yOff + t.m2[e] * Q;
    const oRow = base + t.M[e] * P + t.offset;
    for (let x = 0; x < 3; x++) {
      const dx = x * total;
      const ox = x * stride + oRow;
      // X ⊗ dY
      if (yHi > yLo) {
        for (let p = 0; p < P1; p++) {
          const a = w * V[xRow + p];
          if (a === 0) continue;
          const o = ox + p * Q;
          for (let q = yLo; q < yHi; q++) T[o + q] += a * dV[dx + yRow + q];
        }
      }
      // dX ⊗ Y
      for (let p = xLo; p < xHi; p++) {
        const a = w * dV[dx + xRow + p];
        if (a === 0) continue;
        const o = ox + p * Q;
        for (let q = 0; q < Q; q++) T[o + q] += a * V[yRow + q];
      }
    }
  }
}

/** The transpose of productForward in both arguments: gX += w·gT·Y, gY += w·X·gT. */
function productPullback(t: Coupling, V: Float64Array, gV: Float64Array, xOff: number, P1: number, yOff: number, Q: number, g: Float64Array, base: number, P: number): void {
  for (let e = 0; e < t.w.length; e++) {
    const w = t.w[e];
    const xRow = xOff + t.m1[e] * P1;
    const yRow = yOff + t.m2[e] * Q;
    const oRow = base + t.M[e] * P + t.offset;
    for (let p = 0; p < P1; p++) {
      const o = oRow + p * Q;
      const a = w * V[xRow + p];
      let s = 0;
      for (let q = 0; q < Q; q++) {
        const gq = g[o + q];
        s += gq * V[yRow + q];
        gV[yRow + q] += a * gq;
      }
      gV[xRow + p] += w * s;
    }
  }
}

/** Z[zOff + M·R + r] = Σ_j W[r·P + j] · E[eOff + M·P + j]. */
export function project(W: Float64Array, R: number, P: number, width: number, E: Float64Array, eOff: number, Z: Float64Array, zOff: number): void {
  for (let M = 0; M < width; M++) {
    const e = eOff + M * P;
    for (let r = 0; r < R; r++) {
      const row = r * P;
      let sum = 0;
      for (let j = 0; j < P; j++) sum += W[row + j] * E[e + j];
      Z[zOff + M * R + r] = sum;
    }
  }
}

/** G[gOff + M·P + j] = Σ_r W[r·P + j] · gZ[zOff + M·R + r] (overwrites). */
export function projectTransposed(W: Float64Array, R: number, P: number, width: number, gZ: Float64Array, zOff: number, G: Float64Array, gOff: number): void {
  G.fill(0, gOff, gOff + width * P);
  for (let M = 0; M < width; M++) {
    const gRow = gOff + M * P;
    for (let r = 0; r < R; r++) {
      const z = gZ[zOff + M * R + r];
      if (z === 0) continue;
      const row = r * P;
      for (let j = 0; j < P; j++) G[gRow + j] += z * W[row + j];
    }
  }
}
