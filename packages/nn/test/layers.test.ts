import { describe, expect, it } from 'vitest';
import { Irreps } from '@equikit/o3';
import {
  ElementwiseTensorProduct, FullyConnectedTensorProduct, Gate, IrrepsArray, Linear, Tensor, TensorProduct,
  grad, mul, noGrad, normalize2momConstant, sum, tanh, type TensorProductMode,
} from '../src/index.js';
import { BACKENDS, centralGradient, normals, randomO3s, relativeError, rotateIrreps, seeded } from './helpers.js';

const B = 3;

function arr(irreps: string, seed: number, batch = B): IrrepsArray {
  const ir = Irreps.parse(irreps);
  return new IrrepsArray(ir, Tensor.from(normals(seeded(seed), batch * ir.dim), [batch, ir.dim]));
}

function rotated(x: IrrepsArray, R: Float64Array): IrrepsArray {
  return new IrrepsArray(x.irreps, Tensor.from(rotateIrreps(x.irreps, R, x.array.data), x.array.shape));
}

/** f(R·x1, R·x2) = R·f(x1, x2) for random O(3) elements, with inversion. */
function expectEquivariant2(f: (a: IrrepsArray, b: IrrepsArray) => IrrepsArray, x1: IrrepsArray, x2: IrrepsArray): void {
  const out = noGrad(() => f(x1, x2));
  let norm = 0;
  for (const v of out.array.data) norm = Math.max(norm, Math.abs(v));
  expect(norm).toBeGreaterThan(1e-3); // not trivially zero
  for (const R of randomO3s(99, 3)) {
    const lhs = noGrad(() => f(rotated(x1, R), rotated(x2, R))).array.data;
    const rhs = rotateIrreps(out.irreps, R, out.array.data);
    expect(relativeError(lhs, rhs)).toBeLessThan(1e-12);
  }
}

describe.each(BACKENDS)('layers on %s', (backend) => {
  const modes: Array<[TensorProductMode, string, string, string]> = [
    ['uvw', '2x0e+2x1o+1x2e', '1x0e+1x1o+1x2e', '3x0e+2x1o+2x1e+2x2e+1x3o'],
    ['uvu', '2x0e+2x1o', '3x0e+3x1o', '2x0e+2x1o+2x1e+2x2e'],
    ['uvv', '2x0e+2x1o', '3x0e+3x1o', '3x0e+3x1o+3x1e+3x2e'],
    ['uuw', '2x0e+2x1o', '2x0e+2x1o', '3x0e+3x1o+3x1e+1x2e'],
    ['uuu', '2x0e+2x1o', '2x0e+2x1o', '2x0e+2x1o+2x1e+2x2e'],
  ];
  for (const [mode, a, b, o] of modes) {
    it(`TensorProduct '${mode}' is O(3)-equivariant and its weights get correct gradients`, () => {
      const ia = Irreps.parse(a);
      const ib = Irreps.parse(b);
      const io = Irreps.parse(o);
      const instructions: Array<[number, number, number, TensorProductMode, boolean, number]> = [];
      ia.terms.forEach((t1, i1) => ib.terms.forEach((t2, i2) => io.terms.forEach((t3, i3) => {
        const fits = { uvw: true, uvu: t3.mul === t1.mul, uvv: t3.mul === t2.mul, uuw: t1.mul === t2.mul, uuu: t1.mul === t2.mul && t1.mul === t3.mul }[mode];
        if (fits && t1.ir.times(t2.ir).some((ir) => ir.equals(t3.ir))) instructions.push([i1, i2, i3, mode, instructions.length % 3 !== 2, 1 + 0.1 * instructions.length]);
      })));
      expect(instructions.length).toBeGreaterThan(3);
      const tp = new TensorProduct(ia, ib, io, instructions, { seed: 1, backend });
      expectEquivariant2((x, y) => tp.forward(x, y), arr(a, 1), arr(b, 2));
      // weights: FD of a scalar loss
      const x = arr(a, 3);
      const y = arr(b, 4);
      const loss = () => sum(tanh(tp.forward(x, y).array));
      const [gw] = grad(loss(), [tp.weight!]);
      const w0 = tp.weight!.data.slice();
      const fd = centralGradient((p) => {
        tp.weight!.data.set(p);
        return noGrad(() => loss().item());
      }, w0);
      tp.weight!.data.set(w0);
      expect(relativeError(gw.data, fd)).toBeLessThan(1e-8);
    });
  }

  it('per-batch weights (sharedWeights: false) are equivariant and match shared weights row by row', () => {
    const tp = new TensorProduct('2x0e+1x1o', '0e+1o+2e', '2x0e+1x1o+2x1e+1x2o', [[0, 0, 0, 'uvw'], [0, 1, 1, 'uvw'], [1, 1, 0, 'uvw'], [1, 1, 2, 'uvw'], [1, 2, 3, 'uvw'], [1, 0, 1, 'uvw']], { sharedWeights: false, backend });
    const w = Tensor.from(normals(seeded(5), B * tp.weightNumel), [B, tp.weightNumel]);
    expectEquivariant2((x, y) => tp.forward(x, y, w), arr('2x0e+1x1o', 6), arr('0e+1o+2e', 7));
    const shared = new TensorProduct(tp.irreps1, tp.irreps2, tp.irrepsOut, tp.instructions, { backend });
    const x = arr('2x0e+1x1o', 8);
    const y = arr('0e+1o+2e', 9);
    const all = tp.forward(x, y, w).array.data;
    for (let b = 0; b < B; b++) {
      const row = (t: IrrepsArray) => new IrrepsArray(t.irreps, Tensor.from(t.array.data.subarray(b * t.irreps.dim, (b + 1) * t.irreps.dim), [1, t.irreps.dim]));
      const one = shared.forward(row(x), row(y), Tensor.from(w.data.subarray(b * tp.weightNumel, (b + 1) * tp.weightNumel))).array.data;
      expect(relativeError(all.subarray(b * tp.irrepsOut.dim, (b + 1) * tp.irrepsOut.dim), one)).toBeLessThan(1e-14);
    }
  });

  it("FullyConnectedTensorProduct: e3nn's instructions, weight count and equivariance", () => {
    const tp = new FullyConnectedTensorProduct('2x0e+3x1o', '0e+1o', '4x0e+2x1o+1x1e', { backend });
    // paths: 0e⊗0e→0e (2·1·4), 0e⊗1o→1o (2·1·2), 1o⊗0e→1o (3·1·2), 1o⊗1o→0e (3·1·4), 1o⊗1o→1e (3·1·1)
    expect(tp.instructions.map((i) => [i.i1, i.i2, i.iOut])).toEqual([[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0], [1, 1, 2]]);
    expect(tp.weightNumel).toBe(8 + 4 + 6 + 12 + 3);
    expectEquivariant2((x, y) => tp.forward(x, y), arr('2x0e+3x1o', 10), arr('0e+1o', 11));
  });

  it("component normalisation: 1o⊗1o gives x·y/√3 (0e) and x×y/√2 (1e) up to e3nn's sign", () => {
    const tp = new TensorProduct('1o', '1o', '0e+1e', [[0, 0, 0, 'uuu', false], [0, 0, 1, 'uuu', false]], { backend });
    const x = arr('1o', 12, 1);
    const y = arr('1o', 13, 1);
    const out = tp.forward(x, y).array.data;
    const [a, b] = [x.array.data, y.array.data];
    const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    const cross = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
    expect(Math.abs(Math.abs(out[0]) - Math.abs(dot) / Math.sqrt(3))).toBeLessThan(1e-14);
    expect(Math.abs(Math.hypot(out[1], out[2], out[3]) - Math.hypot(...cross) / Math.sqrt(2))).toBeLessThan(1e-14);
    // 'norm': alpha = d1·d2 = 9 → 0e is √9·x·y/√3 = √3·x·y
    const tpNorm = new TensorProduct('1o', '1o', '0e', [[0, 0, 0, 'uuu', false]], { irrepNormalization: 'norm', backend });
    expect(Math.abs(Math.abs(tpNorm.forward(x, y).array.data[0]) - Math.sqrt(3) * Math.abs(dot))).toBeLessThan(1e-13);
  });

  it("'element' path normalisation gives unit-variance outputs for unit-variance inputs (statistically)", () => {
    const tp = new FullyConnectedTensorProduct('4x0e+4x1o+2x2e', '0e+1o+2e', '3x0e+3x1o+3x2e', { seed: 3, backend });
    const n = 4000;
    const x = arr('4x0e+4x1o+2x2e', 14, n);
    const y = arr('0e+1o+2e', 15, n);
    const out = tp.forward(x, y).array.data;
    // average over weights too: the second moment over samples, then over output components
    let s = 0;
    for (const v of out) s += v * v;
    const second = s / out.length;
    const wNorm = tp.weight!.data.reduce((acc, v) => acc + v * v, 0) / tp.weightNumel;
    expect(Math.abs(second / wNorm - 1)).toBeLessThan(0.15);
  });

  it('ElementwiseTensorProduct splits terms as e3nn and is equivariant', () => {
    const etp = new ElementwiseTensorProduct('2x0e+3x1o', '4x1o+1x2e', undefined, { backend });
    expect(etp.irreps1.toString()).toBe('2x0e+2x1o+1x1o');
    expect(etp.irreps2.toString()).toBe('2x1o+2x1o+1x2e');
    expect(etp.irrepsOut.toString()).toBe('2x1o+2x0e+2x1e+2x2e+1x1o+1x2o+1x3o');
    expect(etp.weightNumel).toBe(0);
    expectEquivariant2((x, y) => etp.forward(x, y), arr('2x0e+3x1o', 16), arr('4x1o+1x2e', 17));
    const filtered = new ElementwiseTensorProduct('2x1o', '2x1o', ['0e'], { backend });
    expect(filtered.irrepsOut.toString()).toBe('2x0e');
  });

  it("Linear: e3nn's weight layout and normalisation, biases on 0e only, equivariance", () => {
    const lin = new Linear('2x0e+3x1o+1x0e', '4x0e+2x1o+1x2e', { biases: true, seed: 2, backend });
    expect(lin.instructions.map((i) => [i.iIn, i.iOut, ...i.pathShape])).toEqual([[0, 0, 2, 4], [1, 1, 3, 2], [2, 0, 1, 4]]);
    expect(lin.weight!.size).toBe(8 + 6 + 4);
    expect(lin.bias!.size).toBe(4);
    lin.bias!.data.set([0.5, -1, 2, 0.25]);
    const x = arr('2x0e+3x1o+1x0e', 18, 1);
    const out = lin.forward(x).array.data;
    // out 0e copy w = (Σ_u x0[u] W0[u,w] + x2 W2[0,w]) / √3 + bias[w]
    const W = lin.weight!.data;
    const xs = x.array.data;
    for (let w = 0; w < 4; w++) {
      const ref = (xs[0] * W[w] + xs[1] * W[4 + w] + xs[11] * W[14 + w]) / Math.sqrt(3) + lin.bias!.data[w];
      expect(Math.abs(out[w] - ref)).toBeLessThan(1e-14);
    }
    // the 2e output has no input: zero
    expect([...out.subarray(10, 15)]).toEqual([0, 0, 0, 0, 0]);
    const noBias = new Linear('2x0e+3x1o+1x0e', '4x0e+2x1o+1x2e', { seed: 2, backend });
    expectEquivariant2((a) => noBias.forward(a), x, x);
  });

  it('Gate: activations on scalars, gated irreps times activated gates, odd scalars need odd activations', () => {
    const gate = new Gate('2x0e+1x0o', ['silu', 'tanh'], '3x0e', ['sigmoid'], '1x1o+2x2e', { backend });
    expect(gate.irrepsIn.toString()).toBe('2x0e+1x0o+3x0e+1x1o+2x2e');
    expect(gate.irrepsOut.toString()).toBe('2x0e+1x0o+1x1o+2x2e');
    expectEquivariant2((a) => gate.forward(a), arr(gate.irrepsIn.toString(), 19), arr('0e', 20));
    expect(() => new Gate('1x0o', ['silu'], '', [], '')).toThrow(/odd; its activation 'silu' must be odd or even/);
    expect(() => new Gate('1x0e', ['silu'], '2x0e', ['sigmoid'], '1x1o')).toThrow(/2 gates for 1 gated/);
    // the gated 1o copy is multiplied by sigmoid(gate 0)·c
    const x = arr(gate.irrepsIn.toString(), 21, 1);
    const out = gate.forward(x).array.data;
    const xs = x.array.data;
    const g0 = 1 / (1 + Math.exp(-xs[3]));
    expect(Math.abs(out[3] - xs[6] * g0 * normalize2momConstant('sigmoid'))).toBeLessThan(1e-14);
  });
});

describe('activations', () => {
  it("normalize2mom: E[(c·f(z))²] = 1 for z ~ N(0, 1), checked by Simpson's rule on [−15, 15]", () => {
    const fns = { silu: (x: number) => x / (1 + Math.exp(-x)), tanh: Math.tanh, sigmoid: (x: number) => 1 / (1 + Math.exp(-x)) };
    for (const [name, f] of Object.entries(fns)) {
      const c = normalize2momConstant(name as 'silu');
      const n = 30000;
      const h = 30 / n;
      let s = 0;
      for (let k = 0; k <= n; k++) {
        const z = -15 + k * h;
        const w = k === 0 || k === n ? 1 : k % 2 === 1 ? 4 : 2;
        s += w * (c * f(z)) ** 2 * Math.exp(-0.5 * z * z);
      }
      expect(Math.abs((s * h) / 3 / Math.sqrt(2 * Math.PI) - 1)).toBeLessThan(1e-10);
    }
  });
});

describe('errors', () => {
  it('reject bad instructions naming them', () => {
    expect(() => new TensorProduct('1o', '1o', '1o', [[0, 0, 0, 'uvw']])).toThrow(/1o is not in 1o × 1o/);
    expect(() => new TensorProduct('2x1o', '1o', '3x0e', [[0, 0, 0, 'uvu']])).toThrow(/mode 'uvu' cannot couple/);
    expect(() => new TensorProduct('1o', '1o', '0e', [[0, 0, 0, 'xyz' as TensorProductMode]])).toThrow(/instructions\[0\].mode must be one of/);
    expect(() => new TensorProduct('1o', '1o', '0e', [[1, 0, 0, 'uvw']])).toThrow(/i1 = 1, but irreps1/);
    const tp = new FullyConnectedTensorProduct('1o', '1o', '0e');
    expect(() => tp.forward(arr('1o', 1), arr('1e+1o', 2))).toThrow(/x2 must be/);
  });

  it('never mutates inputs', () => {
    const tp = new FullyConnectedTensorProduct('2x1o', '1o', '0e+1e');
    const x = arr('2x1o', 3);
    const y = arr('1o', 4);
    const cx = x.array.data.slice();
    const cy = y.array.data.slice();
    grad(sum(mul(tp.forward(x, y).array, tp.forward(x, y).array)), [tp.weight!], { createGraph: true });
    expect([...x.array.data]).toEqual([...cx]);
    expect([...y.array.data]).toEqual([...cy]);
  });
});
