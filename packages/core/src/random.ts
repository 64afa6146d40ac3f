// Seeded random numbers, so tests, fixtures and benchmarks are reproducible in every runtime.
import { assertInteger } from './assert.js';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: a small, fast 32-bit seeded generator (not cryptographic). */
export function mulberry32(seed: number): Rng {
  assertInteger(seed, 'seed', -(2 ** 31), 2 ** 32 - 1);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
