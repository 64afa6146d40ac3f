// The NICE iteration of one centre as a CentreMap: ν = 1 channels read from c, each higher
// channel the sum of its Clebsch–Gordan products (parent ⊗ ν = 1) then its PCA projection.
// The products are bilinear and the projections linear, so
//   pushforward: d(X ⊗ c) = dX ⊗ c + X ⊗ dc, dZ = W dE (three tangents at once);
//   pullback:    the transposes, from the last order back to c.
// The plan is compiled once into flat tables (program.ts): per (parent, density) coupling the
// gathered factor rows, each distinct (m1, m2) product once, and the CG entries as (target offset,
// weight). Forward states are kept per input offset (up to MEMO_BYTES): the drivers first map
// every centre, then pull back or push forward centre by centre, and a state whose input is
// unchanged (compared entry by entry) is restored instead of recomputed.
import type { CentreMap } from '../centre-map.js';
import { writeDensity, readDensity } from './kernels.js';
import { compileProgram, type NiceProgram } from './program.js';
import type { NicePlan } from './plan.js';

/** Memory for remembered forward states, per map. */
const MEMO_BYTES = 16 * 2 ** 20;

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
  private readonly prog: NiceProgram;
  /** Values (and expanded products) of every computed channel; its three tangents; its cotangent. */
  private readonly W: Float64Array;
  private readonly dW: Float64Array;
  private readonly gW: Float64Array;
  /** Gathered factor rows of every coupling: [Xg (w1 × n)][Yg (w2 × n)] per group. */
  private readonly G: Float64Array;
  private readonly H: Float64Array;
  private readonly dX: Float64Array;
  private readonly dY: Float64Array;
  private readonly dH: Float64Array;
  /** The input of the state in W and G (valid while `valid`), and the input offset it came from. */
  private readonly last: Float64Array;
  private valid = false;
  private lastOffset = -1;
  /** Remembered states by input offset: [input (C)][W values (total)][G (gatherSize)]. */
  private readonly memo = new Map<number, Float64Array>();
  private readonly memoLimit: number;

  constructor(
    private readonly plan: NicePlan,
    groups: readonly OutputGroup[],
    layout: NiceMapLayout,
  ) {
    const { shape, channels } = plan;
    this.N = layout.maxRadial;
    this.inputSize = shape.nSpecies * this.N * (shape.maxAngular + 1) ** 2;
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
    this.prog = compileProgram(plan, groups, offsets, sizes);
    const p = this.prog;
    this.W = new Float64Array(p.total);
    this.dW = new Float64Array(3 * p.total);
    this.gW = new Float64Array(p.total);
    this.G = new Float64Array(p.gatherSize);
    this.H = new Float64Array(p.maxPairs);
    this.dX = new Float64Array(3 * p.maxFactor * p.maxPairs);
    this.dY = new Float64Array(3 * p.maxFactor * p.maxPairs);
    this.dH = new Float64Array(3 * p.maxPairs);
    this.last = new Float64Array(this.inputSize);
    this.memoLimit = Math.floor(MEMO_BYTES / (8 * (this.inputSize + p.total + p.gatherSize)));
  }

  forward(c: Float64Array, cOffset: number, out: Float64Array, outOffset: number): void {
    this.run(c, cOffset);
    this.emit(this.W, 0, out, outOffset);
  }

  /** Computes every needed channel into the workspace (restored instead when c is a remembered input). */
  run(c: Float64Array, cOffset: number): void {
    const C = this.inputSize;
    if (this.valid && cOffset === this.lastOffset && sameInput(this.last, 0, c, cOffset, C)) return;
    const state = this.memo.get(cOffset);
    if (state && sameInput(state, 0, c, cOffset, C)) {
      this.last.set(state.subarray(0, C));
      this.W.set(state.subarray(C, C + this.prog.total));
      this.G.set(state.subarray(C + this.prog.total));
      this.valid = true;
      this.lastOffset = cOffset;
      return;
    }
    for (let k = 0; k < C; k++) this.last[k] = c[cOffset + k];
    this.valid = false;
    const p = this.prog;
    const W = this.W;
    W.fill(0);
    for (let r = 0; r < p.readL.length; r++) readDensity(this.plan.shape, this.N, c, cOffset, p.readL[r], W, p.readDst[r]);
    for (let o = 0; o < p.orderCount; o++) {
      for (let g = p.orderGroups[o]; g < p.orderGroups[o + 1]; g++) this.groupForward(g);
      for (let j = p.orderProjections[o]; j < p.orderProjections[o + 1]; j++) this.projectForward(j, W, 0);
    }
    this.valid = true;
    this.lastOffset = cOffset;
    this.remember(cOffset);
  }

  /** Keeps the state just computed for input offset `cOffset`, while the memo has room. */
  private remember(cOffset: number): void {
    let state = this.memo.get(cOffset);
    if (!state) {
      if (this.memo.size >= this.memoLimit) return;
      this.memo.set(cOffset, (state = new Float64Array(this.inputSize + this.prog.total + this.prog.gatherSize)));
    }
    state.set(this.last, 0);
    state.set(this.W, this.inputSize);
    state.set(this.G, this.inputSize + this.prog.total);
  }

  pushforward(c: Float64Array, cOffset: number, dc: Float64Array, t: number, out: Float64Array): void {
    this.run(c, cOffset);
    const p = this.prog;
    const { dW } = this;
    const T = p.total;
    const C = this.inputSize;
    dW.fill(0);
    for (let r = 0; r < p.readL.length; r++) {
      for (let x = 0; x < 3; x++) readDensity(this.plan.shape, this.N, dc, x * C, p.readL[r], dW, x * T + p.readDst[r], t);
    }
    for (let o = 0; o < p.orderCount; o++) {
      for (let g = p.orderGroups[o]; g < p.orderGroups[o + 1]; g++) this.groupTangents(g);
      for (let j = p.orderProjections[o]; j < p.orderProjections[o + 1]; j++) for (let x = 0; x < 3; x++) this.projectForward(j, dW, x * T);
    }
    const F = this.outputSize;
    for (let x = 0; x < 3; x++) this.emit(dW, x * T, out, x * F);
  }

  pullback(c: Float64Array, cOffset: number, gX: Float64Array, gOffset: number, out: Float64Array): void {
    this.run(c, cOffset);
    const p = this.prog;
    const gW = this.gW;
    gW.fill(0);
    this.absorb(gX, gOffset);
    for (let o = p.orderCount - 1; o >= 0; o--) {
      for (let j = p.orderProjections[o + 1] - 1; j >= p.orderProjections[o]; j--) this.projectTransposed(j);
      for (let g = p.orderGroups[o + 1] - 1; g >= p.orderGroups[o]; g--) this.groupPullback(g);
    }
    out.fill(0, 0, this.inputSize);
    for (let r = 0; r < p.readL.length; r++) writeDensity(this.plan.shape, this.N, gW, p.readDst[r], p.readL[r], out, 0);
  }

  /** Gathers the coupling's factor rows into G and adds its CG products into the targets. */
  private groupForward(g: number): void {
    const p = this.prog;
    const { W, G, H } = this;
    const n = p.gN[g];
    const w1 = p.gW1[g];
    const w2 = p.gW2[g];
    const xs = p.gGather[g];
    const ys = xs + w1 * n;
    const pairs = p.gPairs[g];
    const pi = p.pIdx;
    const qi = p.qIdx;
    const P1 = p.gP1[g];
    const Q = p.gQ[g];
    for (let m = 0; m < w1; m++) {
      const from = p.gParent[g] + m * P1;
      const to = xs + m * n;
      for (let k = 0; k < n; k++) G[to + k] = W[from + pi[pairs + k]];
    }
    for (let m = 0; m < w2; m++) {
      const from = p.gDensity[g] + m * Q;
      const to = ys + m * n;
      for (let k = 0; k < n; k++) G[to + k] = W[from + qi[pairs + k]];
    }
    for (let u = p.gProducts[g]; u < p.gProducts[g + 1]; u++) {
      const x = xs + p.prodM1[u] * n;
      const y = ys + p.prodM2[u] * n;
      for (let k = 0; k < n; k++) H[k] = G[x + k] * G[y + k];
      for (let e = p.prodEntries[u]; e < p.prodEntries[u + 1]; e++) {
        const w = p.entW[e];
        const d = p.entDst[e];
        for (let k = 0; k < n; k++) W[d + k] += w * H[k];
      }
    }
  }

  /** Three tangents of one coupling: d(Xg ∘ Yg) = dXg ∘ Yg + Xg ∘ dYg per product. */
  private groupTangents(g: number): void {
    const p = this.prog;
    const { dW, G, dX, dY, dH } = this;
    const T = p.total;
    const n = p.gN[g];
    const w1 = p.gW1[g];
    const w2 = p.gW2[g];
    const xs = p.gGather[g];
    const ys = xs + w1 * n;
    const pairs = p.gPairs[g];
    const pi = p.pIdx;
    const qi = p.qIdx;
    const P1 = p.gP1[g];
    const Q = p.gQ[g];
    for (let x = 0; x < 3; x++) {
      for (let m = 0; m < w1; m++) {
        const from = x * T + p.gParent[g] + m * P1;
        const to = (x * w1 + m) * n;
        for (let k = 0; k < n; k++) dX[to + k] = dW[from + pi[pairs + k]];
      }
      for (let m = 0; m < w2; m++) {
        const from = x * T + p.gDensity[g] + m * Q;
        const to = (x * w2 + m) * n;
        for (let k = 0; k < n; k++) dY[to + k] = dW[from + qi[pairs + k]];
      }
    }
    for (let u = p.gProducts[g]; u < p.gProducts[g + 1]; u++) {
      const m1 = p.prodM1[u];
      const m2 = p.prodM2[u];
      const X = xs + m1 * n;
      const Y = ys + m2 * n;
      for (let x = 0; x < 3; x++) {
        const dx = (x * w1 + m1) * n;
        const dy = (x * w2 + m2) * n;
        const h = x * n;
        for (let k = 0; k < n; k++) dH[h + k] = dX[dx + k] * G[Y + k] + G[X + k] * dY[dy + k];
      }
      for (let e = p.prodEntries[u]; e < p.prodEntries[u + 1]; e++) {
        const w = p.entW[e];
        const d = p.entDst[e];
        for (let x = 0; x < 3; x++) {
          const o = x * T + d;
          const h = x * n;
          for (let k = 0; k < n; k++) dW[o + k] += w * dH[h + k];
        }
      }
    }
  }

  /** The transpose of groupForward in both factors: gXg += gH ∘ Yg, gYg += gH ∘ Xg, scattered back. */
  private groupPullback(g: number): void {
    const p = this.prog;
    const { gW, G, H } = this;
    const gX = this.dX;
    const gY = this.dY;
    const n = p.gN[g];
    const w1 = p.gW1[g];
    const w2 = p.gW2[g];
    const xs = p.gGather[g];
    const ys = xs + w1 * n;
    gX.fill(0, 0, w1 * n);
    gY.fill(0, 0, w2 * n);
    for (let u = p.gProducts[g]; u < p.gProducts[g + 1]; u++) {
      H.fill(0, 0, n);
      for (let e = p.prodEntries[u]; e < p.prodEntries[u + 1]; e++) {
        const w = p.entW[e];
        const d = p.entDst[e];
        for (let k = 0; k < n; k++) H[k] += w * gW[d + k];
      }
      const m1 = p.prodM1[u];
      const m2 = p.prodM2[u];
      const X = xs + m1 * n;
      const Y = ys + m2 * n;
      const ox = m1 * n;
      const oy = m2 * n;
      for (let k = 0; k < n; k++) {
        const h = H[k];
        gX[ox + k] += h * G[Y + k];
        gY[oy + k] += h * G[X + k];
      }
    }
    const pairs = p.gPairs[g];
    const pi = p.pIdx;
    const qi = p.qIdx;
    const P1 = p.gP1[g];
    const Q = p.gQ[g];
    for (let m = 0; m < w1; m++) {
      const to = p.gParent[g] + m * P1;
      const from = m * n;
      for (let k = 0; k < n; k++) gW[to + pi[pairs + k]] += gX[from + k];
    }
    for (let m = 0; m < w2; m++) {
      const to = p.gDensity[g] + m * Q;
      const from = m * n;
      for (let k = 0; k < n; k++) gW[to + qi[pairs + k]] += gY[from + k];
    }
  }

  /** Z rows (the needed ones) = W_proj · E for every M, in workspace `A` at offset `base`. */
  private projectForward(j: number, A: Float64Array, base: number): void {
    const p = this.prog;
    const Wp = p.projMatrix[j];
    const rows = p.projRows[j];
    const P = p.projP[j];
    const R = p.projR[j];
    const width = p.projWidth[j];
    const src = base + p.projSrc[j];
    const dst = base + p.projDst[j];
    for (let M = 0; M < width; M++) {
      const e = src + M * P;
      const z = dst + M * R;
      let i = 0;
      // two rows at a time: one pass over E serves both dot products
      for (; i + 1 < rows.length; i += 2) {
        const r0 = rows[i] * P;
        const r1 = rows[i + 1] * P;
        let s0 = 0;
        let s1 = 0;
        for (let k = 0; k < P; k++) {
          const v = A[e + k];
          s0 += Wp[r0 + k] * v;
          s1 += Wp[r1 + k] * v;
        }
        A[z + rows[i]] = s0;
        A[z + rows[i + 1]] = s1;
      }
      if (i < rows.length) {
        const r0 = rows[i] * P;
        let s0 = 0;
        for (let k = 0; k < P; k++) s0 += Wp[r0 + k] * A[e + k];
        A[z + rows[i]] = s0;
      }
    }
  }

  /** gE += W_projᵀ gZ (gE starts at zero: expanded entries get no other cotangent). */
  private projectTransposed(j: number): void {
    const p = this.prog;
    const gW = this.gW;
    const Wp = p.projMatrix[j];
    const rows = p.projRows[j];
    const P = p.projP[j];
    const R = p.projR[j];
    const width = p.projWidth[j];
    const src = p.projSrc[j];
    const dst = p.projDst[j];
    for (let M = 0; M < width; M++) {
      const e = src + M * P;
      const z = dst + M * R;
      for (let i = 0; i < rows.length; i++) {
        const gz = gW[z + rows[i]];
        if (gz === 0) continue;
        const r0 = rows[i] * P;
        for (let k = 0; k < P; k++) gW[e + k] += gz * Wp[r0 + k];
      }
    }
  }

  /** Copies the output channels of a workspace (values or one tangent) into `out`. */
  private emit(A: Float64Array, base: number, out: Float64Array, outOffset: number): void {
    const p = this.prog;
    for (let s = 0; s < p.copyFrom.length; s++) {
      const from = base + p.copyFrom[s];
      const to = outOffset + p.copyTo[s];
      const P = p.copySize[s];
      const stride = p.copyStride[s];
      for (let M = 0; M < p.copyWidth[s]; M++) {
        const f = from + M * P;
        const o = to + M * stride;
        for (let k = 0; k < P; k++) out[o + k] = A[f + k];
      }
    }
  }

  /** gW[output channels] += the cotangent, the transpose of emit. */
  private absorb(gX: Float64Array, gOffset: number): void {
    const p = this.prog;
    const gW = this.gW;
    for (let s = 0; s < p.copyFrom.length; s++) {
      const to = p.copyFrom[s];
      const from = gOffset + p.copyTo[s];
      const P = p.copySize[s];
      const stride = p.copyStride[s];
      for (let M = 0; M < p.copyWidth[s]; M++) {
        const f = from + M * stride;
        const o = to + M * P;
        for (let k = 0; k < P; k++) gW[o + k] += gX[f + k];
      }
    }
  }
}

function sameInput(a: Float64Array, aOffset: number, c: Float64Array, cOffset: number, C: number): boolean {
  for (let k = 0; k < C; k++) if (a[aOffset + k] !== c[cOffset + k]) return false;
  return true;
}
