// Against e3nn itself (0.5.1, float64; tools/fixtures/make_nn_e3nn.py): the Wigner 3j symbols
// entry by entry, and TensorProduct / FullyConnectedTensorProduct / Linear outputs with e3nn's
// own weights loaded unchanged (same layout), on every backend.
import { describe, expect, it } from 'vitest';
import { FullyConnectedTensorProduct, Linear, Tensor, TensorProduct, wigner3jReal, type InstructionLike } from '../src/index.js';
import { readFileSync } from 'node:fs';
import { BACKENDS, relativeError } from './helpers.js';

interface Case {
  kind: string;
  [key: string]: unknown;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/e3nn_reference.json', import.meta.url), 'utf8')) as {
  wigner_3j: Record<string, number[]>;
  wigner_3j_largest: Record<string, [number, number]>;
  cases: Case[];
};
const cases = fixture.cases;
const B = 3;

describe('e3nn reference', () => {
  it('wigner3jReal equals e3nn.o3.wigner_3j entry by entry (l ≤ 3)', () => {
    for (const [key, ref] of Object.entries(fixture.wigner_3j)) {
      const [a, b, c] = key.split(',').map(Number);
      expect(relativeError(wigner3jReal(a, b, c), ref), key).toBeLessThan(1e-14);
    }
  });

  it("wigner3jReal has e3nn's sign and norm for l ≤ 6 (largest entry)", () => {
    for (const [key, [k, value]] of Object.entries(fixture.wigner_3j_largest)) {
      const [a, b, c] = key.split(',').map(Number);
      const ours = wigner3jReal(a, b, c);
      expect(Math.abs(ours[k] - value), key).toBeLessThan(1e-14);
      expect(Math.abs(ours.reduce((s, x) => s + x * x, 0) - 1)).toBeLessThan(1e-13);
    }
  });

  describe.each(BACKENDS)('layers with e3nn weights on %s', (backend) => {
    for (const c of cases) {
      it(`${c.kind} equals e3nn's output`, () => {
        let out: Float64Array;
        if (c.kind === 'Linear') {
          const lin = new Linear(c.irrepsIn as string, c.irrepsOut as string, { biases: true, backend });
          lin.weight!.data.set(c.weight as number[]);
          lin.bias!.data.set(c.bias as number[]);
          const x = c.x as number[];
          out = lin.forward(Tensor.from(x, [B, x.length / B])).array.data;
        } else {
          const tp = c.kind === 'FullyConnectedTensorProduct'
            ? new FullyConnectedTensorProduct(c.irreps1 as string, c.irreps2 as string, c.irrepsOut as string, { backend })
            : new TensorProduct(c.irreps1 as string, c.irreps2 as string, c.irrepsOut as string, c.rawInstructions as InstructionLike[], { backend });
          // same instruction list and weight count as e3nn
          expect(tp.instructions.map((i) => [i.i1, i.i2, i.iOut, i.mode, i.trainable])).toEqual((c.instructions as unknown[][]).map((i) => i.slice(0, 5)));
          // e3nn stores the normalisation factor √alpha as each instruction's path_weight
          tp.instructions.forEach((ins, k) => expect(Math.abs(ins.coefficient - ((c.instructions as number[][])[k][5]))).toBeLessThan(1e-14));
          expect(tp.weightNumel).toBe((c.weight as number[]).length);
          tp.weight!.data.set(c.weight as number[]);
          const [x1, x2] = [c.x1 as number[], c.x2 as number[]];
          out = tp.forward(Tensor.from(x1, [B, x1.length / B]), Tensor.from(x2, [B, x2.length / B])).array.data;
        }
        expect(relativeError(out, c.out as number[])).toBeLessThan(1e-13);
      });
    }
  });
});
