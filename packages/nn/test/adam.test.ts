import { describe, expect, it } from 'vitest';
import { Adam, Tensor } from '../src/index.js';

describe('Adam', () => {
  it("follows PyTorch's update: two steps by hand", () => {
    const x = Tensor.variable([1, -2]);
    const adam = new Adam([x], { lr: 0.1 });
    const g1 = [0.5, -3];
    adam.step([Tensor.from(g1)]);
    // step 1: m̂ = g, v̂ = g² → x −= lr·g/(|g| + eps)
    expect(x.data[0]).toBeCloseTo(1 - 0.1 * (0.5 / (0.5 + 1e-8)), 14);
    expect(x.data[1]).toBeCloseTo(-2 + 0.1 * (3 / (3 + 1e-8)), 14);
    const before = x.data.slice();
    const g2 = [1, 1];
    adam.step([Tensor.from(g2)]);
    for (let i = 0; i < 2; i++) {
      const m = 0.9 * (0.1 * g1[i]) + 0.1 * g2[i];
      const v = 0.999 * (0.001 * g1[i] ** 2) + 0.001 * g2[i] ** 2;
      const update = (0.1 * (m / (1 - 0.9 ** 2))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
      expect(x.data[i]).toBeCloseTo(before[i] - update, 14);
    }
  });

  it('rejects constants, bad options and non-finite gradients', () => {
    expect(() => new Adam([Tensor.from([1])])).toThrow(/params\[0\] is not a variable/);
    expect(() => new Adam([Tensor.variable([1])], { lr: -1 })).toThrow(/lr/);
    const adam = new Adam([Tensor.variable([1])]);
    expect(() => adam.step([Tensor.from([NaN])])).toThrow(/gradient 0\[0\] is NaN/);
    expect(() => adam.step([])).toThrow(/0 gradients for 1 parameters/);
  });
});
