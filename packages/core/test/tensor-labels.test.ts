import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/random.js';
import { Labels } from '../src/tensor/index.js';


describe('Labels construction', () => {
  it('accepts rows or a flat Int32Array and reports count and size', () => {
    const a = new Labels(['system', 'atom'], [
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
    const b = new Labels(['system', 'atom'], Int32Array.of(0, 0, 0, 1, 1, 0));
    expect(a.names).toEqual(['system', 'atom']);
    expect(a.count).toBe(3);
    expect(a.size).toBe(2);
    expect(Array.from(a.values)).toEqual([0, 0, 0, 1, 1, 0]);
    expect(a.equals(b)).toBe(true);
    expect(new Labels('n', [[4]]).names).toEqual(['n']);
  });

  it('copies the caller array, so later writes to it change nothing', () => {
    const raw = Int32Array.of(1, 2, 3);
    const labels = new Labels(['n'], raw);
    raw[0] = 99;
    expect(labels.values[0]).toBe(1);
    expect(labels.position([1])).toBe(0);
    expect(labels.position([99])).toBeUndefined();
  });

  it('allows no names only with no entries', () => {
    const none = new Labels([], []);
    expect(none.count).toBe(0);
    expect(none.size).toBe(0);
    expect(() => new Labels([], [[]])).toThrow(/values must be empty when there are no names, got 1 rows/);
    expect(() => new Labels([], Int32Array.of(1))).toThrow(/values must be empty when there are no names/);
  });

  it('rejects bad names', () => {
    expect(() => new Labels(['a', 'a'], [[0, 1]])).toThrow(RangeError);
    expect(() => new Labels(['a', 'a'], [[0, 1]])).toThrow(/names must be unique, got "a" more than once/);
    expect(() => new Labels(['1a'], [[0]])).toThrow(/names\[0\] must be a valid identifier .* got "1a"/);
    expect(() => new Labels(['a-b'], [[0]])).toThrow(/names\[0\] must be a valid identifier/);
    expect(() => new Labels([''], [[0]])).toThrow(/names\[0\] must be a valid identifier/);
    expect(() => new Labels(['ok', 'x y'], [[0, 0]])).toThrow(/names\[1\] must be a valid identifier/);
    expect(() => new Labels([3 as unknown as string], [[0]])).toThrow(TypeError);
    expect(() => new Labels([3 as unknown as string], [[0]])).toThrow(/names\[0\] must be a string, got 3/);
    expect(() => new Labels(42 as unknown as string[], [[0]])).toThrow(/names must be a string or an array of strings, got 42/);
  });

  it('rejects inconsistent sizes and bad values', () => {
    expect(() => new Labels(['a', 'b'], Int32Array.of(1, 2, 3))).toThrow(/multiple of the number of names \(2\), got 3/);
    expect(() => new Labels(['a', 'b'], [[1, 2], [3]])).toThrow(/values\[1\] must have 2 entries \(one per name\), got 1/);
    expect(() => new Labels(['a'], [[1.5]])).toThrow(TypeError);
    expect(() => new Labels(['a'], [[1.5]])).toThrow(/values\[0\]\[0\] must be an integer, got 1.5/);
    expect(() => new Labels(['a'], [[2 ** 31]])).toThrow(/values\[0\]\[0\] must fit in a 32-bit signed integer/);
    expect(() => new Labels(['a'], [[NaN]])).toThrow(/values\[0\]\[0\] must be an integer, got NaN/);
    expect(() => new Labels(['a'], [5 as unknown as number[]])).toThrow(/values\[0\] must be an array of 1 integers/);
    expect(() => new Labels(['a'], new Float64Array(2) as unknown as Int32Array)).toThrow(/values must be an Int32Array or an array of rows/);
  });

  it('rejects a repeated entry, naming it', () => {
    expect(() => new Labels(['a', 'b'], [[0, 1], [2, 3], [0, 1]])).toThrow(RangeError);
    expect(() => new Labels(['a', 'b'], [[0, 1], [2, 3], [0, 1]])).toThrow(/must not repeat an entry: \[0, 1\] \(row 2\)/);
  });
});

describe('Labels helpers', () => {
  it('single, range and empty', () => {
    const single = Labels.single();
    expect(single.names).toEqual(['_']);
    expect(Array.from(single.values)).toEqual([0]);
    const range = Labels.range('xyz', 3);
    expect(range.names).toEqual(['xyz']);
    expect(Array.from(range.values)).toEqual([0, 1, 2]);
    expect(Labels.range('n', 0).count).toBe(0);
    expect(() => Labels.range('n', -1)).toThrow(/n must be an integer ≥ 0, got -1/);
    expect(() => Labels.range('2n', 1)).toThrow(/must be a valid identifier/);
    const empty = Labels.empty(['a', 'b']);
    expect(empty.count).toBe(0);
    expect(empty.names).toEqual(['a', 'b']);
  });

  it('column and entry return fresh arrays', () => {
    const labels = new Labels(['a', 'b'], [[1, 10], [2, 20], [3, 30]]);
    const b = labels.column('b');
    expect(Array.from(b)).toEqual([10, 20, 30]);
    b[0] = -1;
    expect(labels.values[1]).toBe(10);
    expect(Array.from(labels.entry(2))).toEqual([3, 30]);
    expect(() => labels.column('c')).toThrow(/name must be one of 'a', 'b', got "c"/);
    expect(() => labels.entry(3)).toThrow(/i must be an integer in \[0, 2\], got 3/);
  });

  it('position by row or by name, contains', () => {
    const labels = new Labels(['o3_lambda', 'o3_sigma'], [[0, 1], [1, 1], [2, 1], [1, -1]]);
    expect(labels.position([1, -1])).toBe(3);
    expect(labels.position(Int32Array.of(2, 1))).toBe(2);
    expect(labels.position({ o3_sigma: 1, o3_lambda: 1 })).toBe(1);
    expect(labels.position([5, 1])).toBeUndefined();
    expect(labels.contains([0, 1])).toBe(true);
    expect(labels.contains([0, -1])).toBe(false);
    expect(() => labels.position([1])).toThrow(/entry must have 2 values \(one per name\), got 1/);
    expect(() => labels.position({ o3_lambda: 1 })).toThrow(/entry must give a value for every name, missing "o3_sigma"/);
    expect(() => labels.position({ o3_lambda: 1, o3_sigma: 1, l: 2 })).toThrow(/entry names must be among 'o3_lambda', 'o3_sigma', got "l"/);
    expect(() => labels.position([0.5, 1])).toThrow(/entry\[0\] must be an integer/);
  });

  it('position agrees with a linear scan on many random entries', () => {
    const random = mulberry32(7);
    const seen = new Set<string>();
    const rows: number[][] = [];
    while (rows.length < 3000) {
      const row = [Math.floor(random() * 40) - 20, Math.floor(random() * 40), Math.floor(random() * 3)];
      const id = row.join(',');
      if (seen.has(id)) continue;
      seen.add(id);
      rows.push(row);
    }
    const labels = new Labels(['a', 'b', 'c'], rows);
    for (let trial = 0; trial < 2000; trial++) {
      const probe = [Math.floor(random() * 40) - 20, Math.floor(random() * 40), Math.floor(random() * 3)];
      const linear = rows.findIndex((r) => r[0] === probe[0] && r[1] === probe[1] && r[2] === probe[2]);
      expect(labels.position(probe)).toBe(linear < 0 ? undefined : linear);
    }
  });

  it('select matches a subset of the names', () => {
    const keys = new Labels(['o3_lambda', 'o3_sigma', 'center_type'], [[0, 1, 1], [1, 1, 1], [0, 1, 8], [1, 1, 8]]);
    expect(Array.from(keys.select({ center_type: 8 }))).toEqual([2, 3]);
    expect(Array.from(keys.select({ o3_lambda: 1, center_type: 1 }))).toEqual([1]);
    expect(Array.from(keys.select({}))).toEqual([0, 1, 2, 3]);
    expect(Array.from(keys.select(new Labels(['o3_lambda'], [[1], [0]])))).toEqual([0, 1, 2, 3]);
    expect(Array.from(keys.select({ center_type: 6 }))).toEqual([]);
    // every name in the same order: in the selection's order
    expect(Array.from(keys.select(new Labels(['o3_lambda', 'o3_sigma', 'center_type'], [[1, 1, 8], [0, 1, 1]])))).toEqual([3, 0]);
    expect(() => keys.select({ l: 1 })).toThrow(/selection names must be among 'o3_lambda', 'o3_sigma', 'center_type', got "l"/);
    expect(() => keys.select({ center_type: 1.5 })).toThrow(/selection.center_type must be an integer/);
  });

  it('equals compares names, order and entries', () => {
    const a = new Labels(['a', 'b'], [[0, 1], [1, 0]]);
    expect(a.equals(new Labels(['a', 'b'], [[0, 1], [1, 0]]))).toBe(true);
    expect(a.equals(new Labels(['a', 'b'], [[1, 0], [0, 1]]))).toBe(false);
    expect(a.equals(new Labels(['a', 'c'], [[0, 1], [1, 0]]))).toBe(false);
    expect(a.equals(new Labels(['a', 'b'], [[0, 1]]))).toBe(false);
  });

  it('union keeps the first order then appends new entries, with mappings', () => {
    const a = new Labels(['p'], [[0], [2], [4]]);
    const b = new Labels(['p'], [[3], [2], [5]]);
    const { union, first, second } = a.unionAndMapping(b);
    expect(Array.from(union.values)).toEqual([0, 2, 4, 3, 5]);
    expect(Array.from(first)).toEqual([0, 1, 2]);
    expect(Array.from(second)).toEqual([3, 1, 4]);
    expect(a.union(b).equals(union)).toBe(true);
    expect(() => a.union(new Labels(['q'], [[0]]))).toThrow(/other must have the same names as these Labels \(\[p\]\), got \[q\]/);
  });

  it('toString prints names and entries', () => {
    const text = new Labels(['system', 'atom'], [[0, 12], [1, 3]]).toString();
    expect(text.split('\n')).toEqual(['Labels(', '    system  atom', '      0      12 ', '      1      3  ', ')']);
  });
});
