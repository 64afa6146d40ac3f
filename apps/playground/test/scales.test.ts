import { describe, expect, it } from 'vitest';
import { extent, formatNumber, linear, nearestPoint, niceTicks, tickLabels, viridis } from '../src/ui/scales.js';

describe('plot scales', () => {
  it('viridis hits its stops, clamps, and rejects NaN', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(0.5)).toBe('#21918c');
    expect(viridis(1)).toBe('#fde725');
    expect(viridis(-3)).toBe('#440154');
    expect(viridis(7)).toBe('#fde725');
    // halfway between the first two stops (68,1,84) and (59,82,139)
    expect(viridis(0.125)).toBe('#' + [64, 42, 112].map((c) => c.toString(16).padStart(2, '0')).join(''));
    expect(() => viridis(NaN)).toThrow(/t must be a finite number/);
  });

  it('extent skips non-finite values and widens a single value', () => {
    expect(extent([3, NaN, -1, 2])).toEqual([-1, 3]);
    expect(extent([NaN, Infinity])).toBeUndefined();
    expect(extent([2, 2])).toEqual([1.9, 2.1]);
    expect(extent([0])).toEqual([-1, 1]);
  });

  it('niceTicks gives round steps inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-0.37, 0.21, 5)).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2]);
    expect(niceTicks(-5.43, -5.39, 4)).toEqual([-5.43, -5.42, -5.41, -5.4, -5.39]);
    const many = niceTicks(123, 9876, 5);
    expect(many).toEqual([2000, 4000, 6000, 8000]);
    expect(() => niceTicks(1, 1)).toThrow(/finite lo < hi/);
  });

  it('tickLabels shows the decimals the step needs, so neighbours differ', () => {
    expect(tickLabels(niceTicks(-333.2994, -333.2971, 3))).toEqual(['-333.299', '-333.298']);
    expect(tickLabels([0, 0.2, 0.4])).toEqual(['0.0', '0.2', '0.4']);
    expect(tickLabels([-10, 0, 10])).toEqual(['-10', '0', '10']);
    expect(tickLabels([-0.05, 0, 0.05])).toEqual(['-0.05', '0.00', '0.05']);
    expect(tickLabels([7])).toEqual(['7']);
  });

  it('linear maps the domain ends onto the range ends', () => {
    const f = linear(-2, 6, 100, 0);
    expect(f(-2)).toBe(100);
    expect(f(6)).toBe(0);
    expect(f(2)).toBe(50);
  });

  it('nearestPoint finds the closest point within the radius, the later one on ties', () => {
    const xs = [0, 10, 10, 30];
    const ys = [0, 0, 0, 0];
    expect(nearestPoint(xs, ys, 1, 1, 5)).toBe(0);
    expect(nearestPoint(xs, ys, 9, 0, 5)).toBe(2); // points 1 and 2 coincide: 2 is drawn on top
    expect(nearestPoint(xs, ys, 20, 0, 5)).toBe(-1);
    expect(nearestPoint([], [], 0, 0, 5)).toBe(-1);
  });

  it('formatNumber keeps three significant digits', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(12345.6)).toBe('12300');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(2.5e-5)).toBe('2.50e-5');
    expect(formatNumber(3.2e7)).toBe('3.20e+7');
  });
});
