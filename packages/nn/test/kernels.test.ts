// The WebAssembly kernels added for speed equal the TypeScript reference: dense products with
// either operand transposed (bit for bit: same terms, same order), and the multilinear
// contraction with its in-wasm transpositions on batches larger than one transposition tile.
// Gradients of the transposed products, and their double backward, against central differences.
import { describe, expect, it } from 'vitest';
import { Irreps } from '@equikit/o3';
import { Linear, MultilinearForm, Tensor, TensorProduct, contract, grad, matmulTranspose, mul, noGrad, sin, sum, type InstructionLike } from '../src/index.js';
import { contractWasm } from '../src/kernels/contract-wasm.js';
import { BACKENDS, centralDirectional, centralGradient, normals, relativeError, seeded } from './helpers.js';

/** op(A)·op(B) from the definition. */
function definition(A: Float64Array, B: Float64Array, n: number, k: number, m: number, ta: boolean, tb: boolean): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += (ta ? A[p * n + i] : A[i * k + p]) * (tb ? B[j * k + p] : B[p * m + j]);
    out[i * m + j] = s;
  }
  return out;
}

const FLAGS: Array<[boolean, boolean]> = [[false, false], [true, false], [false, true], [true, true]];

describe.each(BACKENDS)('matmulTranspose on %s', (backend) => {
  // 37·23·29 multiply–adds: above the size where products go to WebAssembly; odd sizes test SIMD tails.
  const [n, k, m] = [37, 23, 29];
  const rng = seeded(41);
  for (const [ta, tb] of FLAGS) {
    it(`op(A)·op(B) with transA = ${ta}, transB = ${tb} equals the definition and the js path bit for bit`, () => {
      const A = normals(rng, n * k);
      A[5] = 0; // a skipped zero
      const B = normals(rng, k * m);
      const a = Tensor.from(A, ta ? [k, n] : [n, k]);
      const b = Tensor.from(B, tb ? [m, k] : [k, m]);
      const out = matmulTranspose(a, b, ta, tb, backend);
      expect(out.shape).toEqual([n, m]);
      expect(relativeError(out.data, definition(A, B, n, k, m, ta, tb))).toBeLessThan(1e-14);
      expect([...out.data]).toEqual([...matmulTranspose(a, b, ta, tb, 'js').data]);
    });
  }

  for (const [ta, tb] of FLAGS) {
    it(`gradients and double backward with transA = ${ta}, transB = ${tb} against central differences`, () => {
      const [n2, k2, m2] = [18, 17, 16]; // still on the wasm kernels (4896 multiply–adds)
      const A0 = normals(seeded(1), n2 * k2).map((x) => 0.3 * x);
      const B0 = normals(seeded(2), k2 * m2).map((x) => 0.3 * x);
      const shapeA = ta ? [k2, n2] : [n2, k2];
      const shapeB = tb ? [m2, k2] : [k2, m2];
      const f = (a: Tensor, b: Tensor) => sum(sin(matmulTranspose(a, b, ta, tb, backend)));
      const a = Tensor.variable(A0, shapeA);
      const b = Tensor.variable(B0, shapeB);
      const [ga, gb] = grad(f(a, b), [a, b], { createGraph: true });
      const fdA = centralGradient((p) => noGrad(() => f(Tensor.from(p, shapeA), Tensor.from(B0, shapeB)).item()), A0);
      const fdB = centralGradient((p) => noGrad(() => f(Tensor.from(A0, shapeA), Tensor.from(p, shapeB)).item()), B0);
      expect(relativeError(ga.data, fdA)).toBeLessThan(1e-8);
      expect(relativeError(gb.data, fdB)).toBeLessThan(1e-8);
      // Hessian–vector product in A through the recorded backward pass.
      const v = normals(seeded(3), A0.length);
      const [hv] = grad(sum(mul(ga, Tensor.from(v, shapeA))), [a]);
      const fd = centralDirectional((p) => {
        const ap = Tensor.variable(p, shapeA);
        return grad(f(ap, Tensor.from(B0, shapeB)), [ap])[0].data;
      }, A0, v);
      expect(relativeError(hv.data, fd)).toBeLessThan(1e-7);
    });
  }

  it('rejects mismatched shapes, naming the transposes', () => {
    expect(() => matmulTranspose(Tensor.zeros([3, 4]), Tensor.zeros([3, 4]), false, false, backend)).toThrow(/cannot multiply \[3, 4\] by \[3, 4\]/);
    expect(() => matmulTranspose(Tensor.zeros([3, 4]), Tensor.zeros([5, 3]), true, false, backend)).toThrow(/\[3, 4\]ᵀ by \[5, 3\]/);
  });
});

describe('multilinear contraction: wasm transpositions on batches of several tiles equal the js path', () => {
  // Rows and batch beyond the 16×16 transposition tile, odd batch (a padding lane).
  const sizes: [number, number, number, number] = [21, 19, 23, 18];
  const B = 53;
  const rng = seeded(77);
  const nTerms = 300;
  const index = new Int32Array(4 * nTerms);
  for (let t = 0; t < nTerms; t++) for (let s = 0; s < 4; s++) index[4 * t + s] = Math.floor(rng() * sizes[s]);
  for (const sharedWeights of [true, false]) {
    const form = new MultilinearForm('tiles', sizes, [true, true, true, true], [true, true, !sharedWeights, true], index, normals(rng, nTerms));
    const inputs = [
      Tensor.from(normals(rng, B * sizes[0]), [B, sizes[0]]),
      Tensor.from(normals(rng, B * sizes[1]), [B, sizes[1]]),
      Tensor.from(normals(rng, (sharedWeights ? 1 : B) * sizes[2]), sharedWeights ? [sizes[2]] : [B, sizes[2]]),
      Tensor.from(normals(rng, B * sizes[3]), [B, sizes[3]]),
    ];
    for (const slot of [0, 1, 2, 3] as const) {
      it(`slot ${slot}, ${sharedWeights ? 'shared' : 'batched'} weights`, () => {
        const js = contract(form, slot, inputs, B, 'js');
        for (const backend of ['wasm', 'wasm-simd'] as const) {
          expect(relativeError(contract(form, slot, inputs, B, backend).data, js.data)).toBeLessThan(1e-12);
        }
      });
    }
  }
});

describe('structured-block contraction (tensor products and Linear) on wasm equals the js path on every slot', () => {
  // Multiplicities > 1 on every side so each loop of each mode runs more than once.
  const cases: Array<[string, () => TensorProduct | Linear]> = [
    ...(['uvw', 'uvu', 'uvv', 'uuw', 'uuu'] as const).flatMap((mode) =>
      [true, false].map((shared): [string, () => TensorProduct] => [
        `TensorProduct '${mode}' (${shared ? 'shared' : 'per-item'} weights)`,
        () => {
          const irreps1 = '3x0e+3x1o+3x2e';
          const irreps2 = mode === 'uvw' || mode === 'uvu' || mode === 'uvv' ? '2x0e+2x1o+2x2e' : '3x0e+3x1o+3x2e';
          const out = mode === 'uvv' ? '2x1o+2x2e' : mode === 'uuu' || mode === 'uvu' ? '3x0e+3x1o+3x2e' : '4x1o+4x2e';
          const ins: InstructionLike[] = [];
          const a = Irreps.parse(irreps1);
          const b = Irreps.parse(irreps2);
          const o = Irreps.parse(out);
          a.terms.forEach((t1, i1) => b.terms.forEach((t2, i2) => o.terms.forEach((to, iOut) => {
            if (t1.ir.times(t2.ir).some((ir) => ir.equals(to.ir))) ins.push([i1, i2, iOut, mode, true, 1]);
          })));
          return new TensorProduct(irreps1, irreps2, out, ins, { sharedWeights: shared, internalWeights: shared, seed: 4 });
        },
      ]),
    ),
    ['Linear', () => new Linear('5x0e+3x1o+2x2e+4x0e', '2x0e+6x1o+3x2e', { seed: 2 })],
  ];
  const B = 7;
  for (const [name, make] of cases) {
    it(name, () => {
      const layer = make();
      const form = (layer as unknown as { weighted?: MultilinearForm; form?: MultilinearForm }).weighted ?? (layer as unknown as { form: MultilinearForm }).form;
      expect(form.packed).toBeDefined();
      const rng = seeded(8);
      const tensorFor = (slot: number) => {
        if (!form.present[slot]) return null;
        const n = (form.batched[slot] ? B : 1) * form.sizes[slot];
        return Tensor.from(normals(rng, n), form.batched[slot] ? [B, form.sizes[slot]] : [form.sizes[slot]]);
      };
      const inputs = [0, 1, 2, 3].map(tensorFor);
      for (const slot of [0, 1, 2, 3] as const) {
        if (!form.present[slot]) continue;
        const js = contract(form, slot, inputs, B, 'js');
        expect(Math.max(...js.data.map(Math.abs))).toBeGreaterThan(0);
        for (const backend of ['wasm', 'wasm-simd'] as const) {
          expect(relativeError(contract(form, slot, inputs, B, backend).data, js.data)).toBeLessThan(1e-12);
          // Every kernel strategy, whichever chooseStrategy would pick.
          const others = [0, 1, 2, 3].filter((t) => t !== slot);
          const call = {
            form, slot, batch: B,
            data: others.map((t) => inputs[t]?.data ?? Float64Array.of(1)) as [Float64Array, Float64Array, Float64Array],
            batched: others.map((t) => form.present[t] && form.batched[t]) as [boolean, boolean, boolean],
            outBatched: form.batched[slot],
          };
          for (const strategy of ['lanes', 'blocks', 'rows'] as const) {
            expect(relativeError(contractWasm(call, backend, strategy), js.data)).toBeLessThan(1e-12);
          }
        }
      }
    });
  }
});
