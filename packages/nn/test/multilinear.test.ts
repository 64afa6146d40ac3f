import { describe, expect, it } from 'vitest';
import { MultilinearForm, Tensor, contract, grad, mul, noGrad, sin, sum, type Slot } from '../src/index.js';
import { BACKENDS, centralDirectional, centralGradient, normals, relativeError, seeded } from './helpers.js';

// A random sparse form with x1, x2 and out batched and weights either shared or batched.
function randomForm(sharedWeights: boolean, withX2 = true): MultilinearForm {
  const rng = seeded(sharedWeights ? 5 : 6);
  const sizes: [number, number, number, number] = [5, withX2 ? 4 : 0, 6, 7];
  const nTerms = 40;
  const index = new Int32Array(4 * nTerms);
  for (let t = 0; t < nTerms; t++) for (let s = 0; s < 4; s++) index[4 * t + s] = sizes[s] === 0 ? 0 : Math.floor(rng() * sizes[s]);
  return new MultilinearForm('randomForm', sizes, [true, withX2, true, true], [true, withX2, !sharedWeights, true], index, normals(rng, nTerms));
}

/** Direct evaluation from the definition: out[b][io] = Σ coef x1[b][i1] x2[b][i2] w[(b)][iw]. */
function direct(form: MultilinearForm, x1: Float64Array, x2: Float64Array, w: Float64Array, B: number): Float64Array {
  const [n1, n2, nw, no] = form.sizes;
  const out = new Float64Array(B * no);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < form.nTerms; t++) {
      const [i1, i2, iw, io] = form.index.subarray(4 * t, 4 * t + 4);
      const a = x1[b * n1 + i1];
      const c = form.present[1] ? x2[b * n2 + i2] : 1;
      const d = w[(form.batched[2] ? b * nw : 0) + iw];
      out[b * no + io] += form.coef[t] * a * c * d;
    }
  }
  return out;
}

describe.each(BACKENDS)('multilinear contraction on %s', (backend) => {
  for (const shared of [true, false]) {
    const form = randomForm(shared);
    const B = 5; // odd, so the wasm padding lane is exercised
    const rng = seeded(21);
    const x1 = normals(rng, B * 5);
    const x2 = normals(rng, B * 4);
    const w = normals(rng, (shared ? 1 : B) * 6);
    const wShape = shared ? [6] : [B, 6];
    const forward = (a: Tensor, b: Tensor, c: Tensor) => contract(form, 3, [a, b, c, null], B, backend);

    it(`forward equals the definition (${shared ? 'shared' : 'batched'} weights)`, () => {
      const out = forward(Tensor.from(x1, [B, 5]), Tensor.from(x2, [B, 4]), Tensor.from(w, wShape));
      expect(out.shape).toEqual([B, 7]);
      expect(relativeError(out.data, direct(form, x1, x2, w, B))).toBeLessThan(1e-14);
    });

    it(`gradients of every slot against central differences (${shared ? 'shared' : 'batched'} weights)`, () => {
      const loss = (a: Tensor, b: Tensor, c: Tensor) => sum(sin(forward(a, b, c)));
      const vars = [Tensor.variable(x1, [B, 5]), Tensor.variable(x2, [B, 4]), Tensor.variable(w, wShape)];
      const grads = grad(loss(vars[0], vars[1], vars[2]), vars);
      const values = [x1, x2, w];
      values.forEach((v, k) => {
        const fd = centralGradient((p) => {
          const ts = values.map((q, j) => Tensor.from(j === k ? p : q, vars[j].shape));
          return noGrad(() => loss(ts[0], ts[1], ts[2]).item());
        }, v);
        expect(relativeError(grads[k].data, fd)).toBeLessThan(1e-8);
      });
    });

    it(`double backward through every slot (${shared ? 'shared' : 'batched'} weights)`, () => {
      // d/dw of ⟨v, ∂L/∂x1⟩: the path of a force loss differentiated with respect to weights.
      const v = normals(seeded(4), B * 5);
      const inner = (p: Float64Array, wantGraph: boolean) => {
        const a = Tensor.variable(x1, [B, 5]);
        const c = Tensor.variable(p, wShape);
        const L = sum(sin(forward(a, Tensor.from(x2, [B, 4]), c)));
        const [gx] = grad(L, [a], { createGraph: wantGraph });
        return { gx, c };
      };
      const { gx, c } = inner(w, true);
      const [gw] = grad(sum(mul(gx, Tensor.from(v, [B, 5]))), [c]);
      const fd = centralGradient((p) => {
        const { gx: g } = inner(p, false);
        return g.data.reduce((s, x, k) => s + x * v[k], 0);
      }, w);
      expect(relativeError(gw.data, fd)).toBeLessThan(1e-7);
      // and the Hessian-vector product in x1 itself
      const dir = normals(seeded(8), B * 5);
      const a = Tensor.variable(x1, [B, 5]);
      const [g1] = grad(sum(sin(forward(a, Tensor.from(x2, [B, 4]), Tensor.from(w, wShape)))), [a], { createGraph: true });
      const [hv] = grad(sum(mul(g1, Tensor.from(dir, [B, 5]))), [a]);
      const fdh = centralDirectional((p) => {
        const ap = Tensor.variable(p, [B, 5]);
        return grad(sum(sin(forward(ap, Tensor.from(x2, [B, 4]), Tensor.from(w, wShape)))), [ap])[0].data;
      }, x1, dir);
      expect(relativeError(hv.data, fdh)).toBeLessThan(1e-7);
    });
  }

  it('equals the js reference for every output slot, with an absent slot', () => {
    const form = randomForm(true, false);
    const B = 3;
    const rng = seeded(30);
    const inputs = [Tensor.from(normals(rng, B * 5), [B, 5]), null, Tensor.from(normals(rng, 6), [6]), Tensor.from(normals(rng, B * 7), [B, 7])];
    for (const s of [0, 2, 3] as Slot[]) {
      const ours = contract(form, s, inputs, B, backend);
      const ref = contract(form, s, inputs, B, 'js');
      expect(relativeError(ours.data, ref.data)).toBeLessThan(1e-13);
    }
    expect(() => contract(form, 1, inputs, B, backend)).toThrow(/x2 is absent/);
  });

  it('rejects inputs of the wrong shape, naming the slot', () => {
    const form = randomForm(true);
    expect(() => contract(form, 3, [Tensor.zeros([2, 5]), Tensor.zeros([2, 4]), Tensor.zeros([5]), null], 2, backend)).toThrow(
      /weights must have shape \[6\]/,
    );
  });
});

import { gatherRows, scatterAddRows } from '../src/index.js';

describe.each(BACKENDS)('scatter-sum on %s', (backend) => {
  it('equals the definition, with repeated and missing targets, odd widths, and gradients', () => {
    const a = normals(seeded(40), 7 * 5);
    const index = Int32Array.from([3, 0, 3, 3, 1, 0, 3]);
    const out = scatterAddRows(Tensor.from(a, [7, 5]), index, 5, backend);
    const ref = new Float64Array(25);
    index.forEach((t, k) => { for (let j = 0; j < 5; j++) ref[t * 5 + j] += a[k * 5 + j]; });
    expect(relativeError(out.data, ref)).toBeLessThan(1e-15);
    const x = Tensor.variable(a, [7, 5]);
    const [g] = grad(sum(sin(scatterAddRows(gatherRows(x, Int32Array.from([6, 2, 2, 0, 1, 3, 4, 5]), backend), Int32Array.from([0, 1, 2, 3, 4, 0, 1, 2]), 5, backend))), [x]);
    const fd = centralGradient((p) => noGrad(() => sum(sin(scatterAddRows(gatherRows(Tensor.from(p, [7, 5]), Int32Array.from([6, 2, 2, 0, 1, 3, 4, 5])), Int32Array.from([0, 1, 2, 3, 4, 0, 1, 2]), 5))).item()), a);
    expect(relativeError(g.data, fd)).toBeLessThan(1e-8);
  });
});
