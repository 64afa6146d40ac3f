import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/random.js';

describe('mulberry32', () => {
  it('gives the published sequence of the reference C implementation', () => {
    // First outputs of mulberry32 for seed 1 (Tommy Ettinger's reference code, /2^32).
    const next = mulberry32(1);
    expect(next()).toBe(0.6270739405881613);
    expect(next()).toBe(0.002735721180215478);
  });

  it('is reproducible, in [0, 1), and checks its seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let k = 0; k < 1000; k++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
    expect(() => mulberry32(1.5)).toThrow(/seed must be an integer, got 1.5/);
  });
});
