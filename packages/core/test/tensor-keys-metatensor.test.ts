// Known answers from metatensor's own Python test-suite
// (python/metatensor_core/tests/tensor.py with the `tensor()` fixture of
// tests/_tests_utils.py): the same map, moved the same way, must give the same
// labels and values.

import { describe, expect, it } from 'vitest';
import { Labels, TensorBlock, TensorMap } from '../src/tensor/index.js';

const column = (values: number[]) => values.map((v) => [v]);

function constantBlock(samples: number[], components: number, properties: number[], fill: number, gradientRows: number[][], gradientFill: number): TensorBlock {
  const c = components === 1 ? new Labels(['c'], [[0]]) : Labels.range('c', components);
  const p = new Labels(['p'], column(properties));
  const block = new TensorBlock(new Float64Array(samples.length * components * properties.length).fill(fill), new Labels(['s'], column(samples)), [c], p);
  const gradient = new TensorBlock(
    new Float64Array(gradientRows.length * components * properties.length).fill(gradientFill),
    new Labels(['sample', 'g'], gradientRows),
    [c],
    p,
  );
  block.addGradient('g', gradient);
  return block;
}

function metatensorFixture(): TensorMap {
  return new TensorMap(new Labels(['key_1', 'key_2'], [[0, 0], [1, 0], [2, 2], [2, 3]]), [
    constantBlock([0, 2, 4], 1, [0], 1, [[0, -2], [2, 3]], 11),
    constantBlock([0, 1, 3], 1, [3, 4, 5], 2, [[0, -2], [0, 3], [2, -2]], 12),
    constantBlock([0, 3, 6, 8], 3, [0], 3, [[1, -2]], 13),
    constantBlock([0, 1, 2, 5], 3, [0], 4, [[0, 1], [3, 3]], 14),
  ]);
}

const rows = (labels: Labels) => Array.from({ length: labels.count }, (_, i) => Array.from(labels.entry(i)));

describe('keysToProperties: metatensor test_keys_to_properties', () => {
  it('merges key_1 into the properties, filling missing samples with 0', () => {
    const moved = metatensorFixture().keysToProperties('key_1');
    expect(moved.keys.names).toEqual(['key_2']);
    expect(rows(moved.keys)).toEqual([[0], [2], [3]]);

    const block = moved.block(0);
    expect(rows(block.samples)).toEqual([[0], [1], [2], [3], [4]]);
    expect(block.properties.names).toEqual(['key_1', 'p']);
    expect(rows(block.properties)).toEqual([[0, 0], [1, 3], [1, 4], [1, 5]]);
    expect(Array.from(block.values)).toEqual([1, 2, 2, 2, 0, 2, 2, 2, 1, 0, 0, 0, 0, 2, 2, 2, 1, 0, 0, 0]);

    const gradient = block.gradient('g');
    expect(rows(gradient.samples)).toEqual([[0, -2], [0, 3], [3, -2], [4, 3]]);
    expect(Array.from(gradient.values)).toEqual([11, 12, 12, 12, 0, 12, 12, 12, 0, 12, 12, 12, 11, 0, 0, 0]);

    expect(rows(moved.block(1).properties)).toEqual([[2, 0]]);
    expect(Array.from(moved.block(1).values)).toEqual(new Array(12).fill(3));
    expect(rows(moved.block(2).properties)).toEqual([[2, 0]]);
    expect(Array.from(moved.block(2).values)).toEqual(new Array(12).fill(4));
  });

  it('fills with NaN when asked (test_keys_to_properties_fill_value_nan)', () => {
    const block = metatensorFixture().keysToProperties('key_1', { fillValue: NaN }).block(0);
    const expected = [1, 2, 2, 2, NaN, 2, 2, 2, 1, NaN, NaN, NaN, NaN, 2, 2, 2, 1, NaN, NaN, NaN];
    expect(block.values.length).toBe(expected.length);
    expected.forEach((v, i) => (Number.isNaN(v) ? expect(block.values[i]).toBeNaN() : expect(block.values[i]).toBe(v)));
  });
});

describe('keysToSamples: metatensor test_keys_to_samples', () => {
  it('merges key_2 into the samples (sorted), remapping gradient samples', () => {
    const moved = metatensorFixture().keysToSamples('key_2', { sortSamples: true });
    expect(moved.keys.names).toEqual(['key_1']);
    expect(rows(moved.keys)).toEqual([[0], [1], [2]]);

    expect(moved.block(0).samples.names).toEqual(['s', 'key_2']);
    expect(rows(moved.block(0).samples)).toEqual([[0, 0], [2, 0], [4, 0]]);
    expect(Array.from(moved.block(0).values)).toEqual([1, 1, 1]);
    expect(rows(moved.block(1).samples)).toEqual([[0, 0], [1, 0], [3, 0]]);
    expect(Array.from(moved.block(1).values)).toEqual(new Array(9).fill(2));

    const block = moved.block(2);
    expect(rows(block.samples)).toEqual([[0, 2], [0, 3], [1, 3], [2, 3], [3, 2], [5, 3], [6, 2], [8, 2]]);
    expect(Array.from(block.values)).toEqual([3, 4, 4, 4, 3, 4, 3, 3].flatMap((v) => [v, v, v]));

    const gradient = block.gradient('g');
    expect(gradient.samples.names).toEqual(['sample', 'g']);
    expect(rows(gradient.samples)).toEqual([[1, 1], [4, -2], [5, 3]]);
    expect(Array.from(gradient.values)).toEqual([14, 13, 14].flatMap((v) => [v, v, v]));
  });

  it('keeps the order of appearance without sorting (test_keys_to_samples_unsorted)', () => {
    const block = metatensorFixture().keysToSamples('key_2', { sortSamples: false }).block(2);
    expect(rows(block.samples)).toEqual([[0, 2], [3, 2], [6, 2], [8, 2], [0, 3], [1, 3], [2, 3], [5, 3]]);
  });

  it('merges different properties into their union, filling the rest (test_keys_to_samples_different_properties)', () => {
    // metatensor's tensor_different_properties fixture: block 4 gets properties p = 1..5
    const base = metatensorFixture();
    const [b1, b2, b3] = base.blocks().map((b) => b.copy());
    const b4 = new TensorBlock(new Float64Array(4 * 3 * 5).map((_, i) => (i % 5 === 0 ? 4 : 5)), new Labels(['s'], column([0, 1, 2, 5])), [Labels.range('c', 3)], new Labels(['p'], column([1, 2, 3, 4, 5])));
    b4.addGradient('g', new TensorBlock(new Float64Array(2 * 3 * 5).fill(14), new Labels(['sample', 'g'], [[0, 1], [3, 3]]), [Labels.range('c', 3)], b4.properties));
    const tensor = new TensorMap(base.keys, [b1, b2, b3, b4]);

    const block = tensor.keysToSamples('key_2').block({ key_1: 2 });
    expect(block.properties.equals(new Labels(['p'], column([0, 1, 2, 3, 4, 5])))).toBe(true);
    const key2 = block.samples.column('key_2');
    for (let i = 0; i < block.samples.count; i++) {
      for (let c = 0; c < 3; c++) {
        const at = (i * 3 + c) * 6;
        const got = Array.from(block.values.subarray(at, at + 6));
        expect(got).toEqual(key2[i] === 2 ? [3, 0, 0, 0, 0, 0] : [0, 4, 5, 5, 5, 5]);
      }
    }
    const gradient = block.gradient('g');
    expect(gradient.properties.equals(block.properties)).toBe(true);
    for (let i = 0; i < gradient.samples.count; i++) {
      const parent = gradient.samples.values[2 * i];
      for (let c = 0; c < 3; c++) {
        const at = (i * 3 + c) * 6;
        expect(Array.from(gradient.values.subarray(at, at + 6))).toEqual(key2[parent] === 2 ? [13, 0, 0, 0, 0, 0] : [0, 14, 14, 14, 14, 14]);
      }
    }
  });
});
