// An equivariant core of the tensor network: a bilinear map (bond in) ⊗ (physical) → (bond out)
// that commutes with O(3). It is a sum over coupling paths (l1, l2, l3) (triangle rule, l1+l2+l3
// even so that natural-parity inputs give natural-parity outputs and inversion is respected) of
// free weights w[u1][u2][u3] times the real Clebsch–Gordan table C^{l1 l2 l3}[m1][m2][m3]:
//   out[l3,u3,m3] = Σ_paths Σ w[u1,u2,u3] C[m1,m2,m3] in[l1,u1,m1] phys[l2,u2,m2].
// The map is linear in w, so with every other core fixed the energy is linear in this core's
// weights: the alternating least squares solves for them. All the contractions the network needs
// (forward, adjoints, the design vector ∂E/∂w) and their tangents are here, over a flat list of
// nonzero entries (in index, phys index, out index, weight index, CG value).
import { clebschGordanReal } from '@equikit/o3';
import type { IrrepLayout } from './layout.js';

export interface CorePath {
  l1: number;
  l2: number;
  l3: number;
  /** First weight of the path's u1 × u2 × u3 block. */
  offset: number;
}

export class EquivariantCore {
  readonly paths: CorePath[] = [];
  readonly parameterCount: number;
  readonly entryCount: number;
  readonly entIn: Int32Array;
  readonly entPhys: Int32Array;
  readonly entOut: Int32Array;
  readonly entWeight: Int32Array;
  readonly entValue: Float64Array;

  constructor(
    readonly input: IrrepLayout,
    readonly phys: IrrepLayout,
    readonly output: IrrepLayout,
  ) {
    let weights = 0;
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    const p: number[] = [];
    const v: number[] = [];
    for (let l1 = 0; l1 <= input.lMax; l1++) {
      const U1 = input.mult[l1];
      if (U1 === 0) continue;
      for (let l2 = 0; l2 <= phys.lMax; l2++) {
        const U2 = phys.mult[l2];
        if (U2 === 0) continue;
        for (let l3 = Math.abs(l1 - l2); l3 <= Math.min(l1 + l2, output.lMax); l3++) {
          const U3 = output.mult[l3];
          if (U3 === 0 || (l1 + l2 + l3) % 2 !== 0) continue;
          const path = { l1, l2, l3, offset: weights };
          this.paths.push(path);
          const cg = clebschGordanReal(l1, l2, l3);
          const w1 = 2 * l1 + 1;
          const w2 = 2 * l2 + 1;
          const w3 = 2 * l3 + 1;
          for (let m1 = 0; m1 < w1; m1++) {
            for (let m2 = 0; m2 < w2; m2++) {
              for (let m3 = 0; m3 < w3; m3++) {
                const value = cg[(m1 * w2 + m2) * w3 + m3];
                if (Math.abs(value) < 1e-15) continue;
                for (let u1 = 0; u1 < U1; u1++) {
                  for (let u2 = 0; u2 < U2; u2++) {
                    for (let u3 = 0; u3 < U3; u3++) {
                      a.push(input.offset[l1] + u1 * w1 + m1);
                      b.push(phys.offset[l2] + u2 * w2 + m2);
                      c.push(output.offset[l3] + u3 * w3 + m3);
                      p.push(weights + (u1 * U2 + u2) * U3 + u3);
                      v.push(value);
                    }
                  }
                }
              }
            }
          }
          weights += U1 * U2 * U3;
        }
      }
    }
    this.parameterCount = weights;
    this.entryCount = v.length;
    this.entIn = Int32Array.from(a);
    this.entPhys = Int32Array.from(b);
    this.entOut = Int32Array.from(c);
    this.entWeight = Int32Array.from(p);
    this.entValue = Float64Array.from(v);
  }

  /** out += core(w; x, y). */
  forward(w: Float64Array, x: Float64Array, y: Float64Array, out: Float64Array): void {
    const { entIn, entPhys, entOut, entWeight, entValue } = this;
    for (let e = 0; e < this.entryCount; e++) out[entOut[e]] += w[entWeight[e]] * entValue[e] * x[entIn[e]] * y[entPhys[e]];
  }

  /** Tangents (T per entry, [dim][T]): outT += core(w; xT, y) + core(w; x, yT). */
  forwardTangent(w: Float64Array, x: Float64Array, xT: Float64Array | null, y: Float64Array, yT: Float64Array, outT: Float64Array, T: number): void {
    const { entIn, entPhys, entOut, entWeight, entValue } = this;
    for (let e = 0; e < this.entryCount; e++) {
      const wv = w[entWeight[e]] * entValue[e];
      if (wv === 0) continue;
      const a = entIn[e];
      const o = entOut[e] * T;
      const bx = wv * x[a];
      const by = entPhys[e] * T;
      if (bx !== 0) for (let t = 0; t < T; t++) outT[o + t] += bx * yT[by + t];
      if (xT) {
        const cy = wv * y[entPhys[e]];
        const ax = a * T;
        if (cy !== 0) for (let t = 0; t < T; t++) outT[o + t] += cy * xT[ax + t];
      }
    }
  }

  /** xAdj += ∂⟨r, core(w; x, y)⟩/∂x. */
  adjointInput(w: Float64Array, y: Float64Array, r: Float64Array, xAdj: Float64Array): void {
    const { entIn, entPhys, entOut, entWeight, entValue } = this;
    for (let e = 0; e < this.entryCount; e++) xAdj[entIn[e]] += w[entWeight[e]] * entValue[e] * y[entPhys[e]] * r[entOut[e]];
  }

  adjointInputTangent(w: Float64Array, y: Float64Array, yT: Float64Array, r: Float64Array, rT: Float64Array, xAdjT: Float64Array, T: number): void {
    const { entIn, entPhys, entOut, entWeight, entValue } = this;
    for (let e = 0; e < this.entryCount; e++) {
      const wv = w[entWeight[e]] * entValue[e];
      if (wv === 0) continue;
      const o = entIn[e] * T;
      const br = wv * r[entOut[e]];
      const by = entPhys[e] * T;
      if (br !== 0) for (let t = 0; t < T; t++) xAdjT[o + t] += br * yT[by + t];
      const cy = wv * y[entPhys[e]];
      const cr = entOut[e] * T;
      if (cy !== 0) for (let t = 0; t < T; t++) xAdjT[o + t] += cy * rT[cr + t];
    }
  }

  /** yAdj += ∂⟨r, core(w; x, y)⟩/∂y. */
  adjointPhys(w: Float64Array, x: Float64Array, r: Float64Array, yAdj: Float64Array): void {
    const { entIn, entPhys, entOut, entWeight, entValue } = this;
    for (let e = 0; e < this.entryCount; e++) yAdj[entPhys[e]] += w[entWeight[e]] * entValue[e] * x[entIn[e]] * r[entOut[e]];
  }

  adjointPhysTangent(w: Float64Array, x: Float64Array, xT: Float64Array | null, r: Float64Array, rT: Float64Array, yAdjT: Float64Array, T: number): void {
    const { entIn, entPhys, entOut, entWeight, entValue } = this;
    for (let e = 0; e < this.entryCount; e++) {
      const wv = w[entWeight[e]] * entValue[e];
      if (wv === 0) continue;
      const o = entPhys[e] * T;
      const bx = wv * x[entIn[e]];
      const cr = entOut[e] * T;
      if (bx !== 0) for (let t = 0; t < T; t++) yAdjT[o + t] += bx * rT[cr + t];
      if (xT) {
        const br = wv * r[entOut[e]];
        const ax = entIn[e] * T;
        if (br !== 0) for (let t = 0; t < T; t++) yAdjT[o + t] += br * xT[ax + t];
      }
    }
  }

  /** d[p] += ∂⟨r, core(w; x, y)⟩/∂w_p (independent of w: the core is linear in its weights). */
  design(x: Float64Array, y: Float64Array, r: Float64Array, d: Float64Array): void {
    const { entIn, entPhys, entOut, entWeight, entValue } = this;
    for (let e = 0; e < this.entryCount; e++) d[entWeight[e]] += entValue[e] * x[entIn[e]] * y[entPhys[e]] * r[entOut[e]];
  }

  /** Tangents of design: dT[p·T + t]. */
  designTangent(x: Float64Array, xT: Float64Array | null, y: Float64Array, yT: Float64Array, r: Float64Array, rT: Float64Array, dT: Float64Array, T: number): void {
    const { entIn, entPhys, entOut, entWeight, entValue } = this;
    for (let e = 0; e < this.entryCount; e++) {
      const v = entValue[e];
      const a = entIn[e];
      const b = entPhys[e];
      const c = entOut[e];
      const o = entWeight[e] * T;
      const xy = v * x[a] * y[b];
      const xr = v * x[a] * r[c];
      const bT = b * T;
      const cT = c * T;
      if (xy !== 0) for (let t = 0; t < T; t++) dT[o + t] += xy * rT[cT + t];
      if (xr !== 0) for (let t = 0; t < T; t++) dT[o + t] += xr * yT[bT + t];
      if (xT) {
        const yr = v * y[b] * r[c];
        const aT = a * T;
        if (yr !== 0) for (let t = 0; t < T; t++) dT[o + t] += yr * xT[aT + t];
      }
    }
  }
}
