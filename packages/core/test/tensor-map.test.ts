import { describe, expect, it } from 'vitest';
import { Labels, TensorBlock, TensorMap } from '../src/tensor/index.js';

function block(samples: number[], properties: number[], fill: number, names = { sample: 's', property: 'p' }): TensorBlock {
  const s = new Labels([names.sample], samples.map((x) => [x]));
  const p = new Labels([names.property], properties.map((x) => [x]));
  return new TensorBlock(new Float64Array(samples.length * properties.length).fill(fill), s, [], p);
}

function lambdaKeys(): Labels {
  return new Labels(['o3_lambda', 'o3_sigma', 'center_type'], [[0, 1, 1], [1, 1, 1], [0, 1, 8], [1, 1, 8]]);
}

function lambdaMap(): TensorMap {
  return new TensorMap(lambdaKeys(), [block([0, 1], [0], 1), block([0], [0, 1], 2), block([2], [0], 3), block([2, 3], [5], 4)]);
}

describe('TensorMap construction', () => {
  it('holds keys and blocks with shared names', () => {
    const map = lambdaMap();
    expect(map.length).toBe(4);
    expect(map.keys.count).toBe(4);
    expect(map.sampleNames).toEqual(['s']);
    expect(map.componentNames).toEqual([]);
    expect(map.propertyNames).toEqual(['p']);
    expect(map.blocks().map((b) => b.values[0])).toEqual([1, 2, 3, 4]);
    const empty = new TensorMap(Labels.empty(['a']), []);
    expect(empty.length).toBe(0);
    expect(empty.sampleNames).toEqual([]);
  });

  it('copies the block list, so pushing to the caller array changes nothing', () => {
    const blocks = [block([0], [0], 1)];
    const map = new TensorMap(Labels.single(), blocks);
    blocks.push(block([0], [0], 2));
    expect(map.length).toBe(1);
  });

  it('needs one block per key', () => {
    expect(() => new TensorMap(lambdaKeys(), [block([0], [0], 1)])).toThrow(/blocks must have one block per key entry \(4\), got 1/);
    expect(() => new TensorMap({} as Labels, [])).toThrow(/keys must be Labels, got object/);
    expect(() => new TensorMap(Labels.single(), {} as TensorBlock[])).toThrow(/blocks must be an array of TensorBlock/);
    expect(() => new TensorMap(Labels.single(), [{} as TensorBlock])).toThrow(/blocks\[0\] must be a TensorBlock/);
  });

  it('needs the same sample, component and property names in every block', () => {
    const keys = Labels.range('k', 2);
    expect(() => new TensorMap(keys, [block([0], [0], 1), block([0], [0], 1, { sample: 'atom', property: 'p' })])).toThrow(
      /blocks\[1\] must have the same sample names as blocks\[0\] \(\[s\]\), got \[atom\]/,
    );
    expect(() => new TensorMap(keys, [block([0], [0], 1), block([0], [0], 1, { sample: 's', property: 'n' })])).toThrow(
      /blocks\[1\] must have the same property names as blocks\[0\] \(\[p\]\), got \[n\]/,
    );
    const withComponent = new TensorBlock(new Float64Array(3), Labels.range('s', 1), [Labels.range('xyz', 3)], Labels.range('p', 1));
    expect(() => new TensorMap(keys, [block([0], [0], 1), withComponent])).toThrow(/blocks\[1\] must have the same component names as blocks\[0\] \(\[\]\), got \[xyz\]/);
  });

  it('needs the same gradients in every block', () => {
    const keys = Labels.range('k', 2);
    const a = block([0], [0], 1);
    a.addGradient('positions', new TensorBlock(new Float64Array(3), new Labels(['sample', 'atom'], [[0, 0]]), [Labels.range('xyz', 3)], a.properties));
    expect(() => new TensorMap(keys, [a, block([0], [0], 1)])).toThrow(/blocks\[1\] must have the same gradients as blocks\[0\] \(\{positions: samples \[sample, atom\], components \[xyz\]\}\), got \{\}/);
  });
});

describe('TensorMap block selection', () => {
  it('by position, by key values, by Labels', () => {
    const map = lambdaMap();
    expect(map.block(2).values[0]).toBe(3);
    expect(map.block({ o3_lambda: 1, center_type: 8 }).values[0]).toBe(4);
    expect(map.block({ o3_lambda: 0, o3_sigma: 1, center_type: 1 }).values[0]).toBe(1);
    expect(map.block(new Labels(['center_type', 'o3_lambda'], [[1, 1]])).values[0]).toBe(2);
    expect(new TensorMap(Labels.single(), [block([0], [0], 9)]).block({}).values[0]).toBe(9);
  });

  it('blocks(selection) returns every match in key order', () => {
    const map = lambdaMap();
    expect(map.blocks({ center_type: 8 }).map((b) => b.values[0])).toEqual([3, 4]);
    expect(map.blocks({ o3_lambda: 0 }).map((b) => b.values[0])).toEqual([1, 3]);
    expect(Array.from(map.blockIds({ o3_lambda: 1 }))).toEqual([1, 3]);
    expect(map.blocks({ center_type: 6 })).toEqual([]);
  });

  it('throws when none or several blocks match, or the selection is invalid', () => {
    const map = lambdaMap();
    expect(() => map.block({ center_type: 6 })).toThrow(/selection matched no block: \{"center_type":6\}/);
    expect(() => map.block({ center_type: 8 })).toThrow(/selection matched 2 blocks, use blocks\(\) to get all of them/);
    expect(() => map.block({ l: 1 })).toThrow(/selection names must be among 'o3_lambda', 'o3_sigma', 'center_type', got "l"/);
    expect(() => map.block(4)).toThrow(/selection must be a block position in \[0, 3\], got 4/);
    expect(() => map.block(1.5)).toThrow(/selection must be an integer position, got 1.5/);
    expect(() => new TensorMap(Labels.empty(['a']), []).block({ a: 0 })).toThrow(/there are no blocks in this TensorMap/);
  });

  it('toString lists the keys', () => {
    const map = new TensorMap(new Labels(['o3_lambda', 'center_type'], [[0, 1], [1, 8]]), [block([0], [0], 1), block([0], [0], 2)]);
    expect(map.toString().split('\n')).toEqual(['TensorMap with 2 blocks', 'keys: o3_lambda  center_type', '          0           1     ', '          1           8     ']);
  });

  it('copy() copies every block', () => {
    const map = lambdaMap();
    const copy = map.copy();
    copy.block(0).values[0] = -1;
    expect(map.block(0).values[0]).toBe(1);
    expect(copy.keys.equals(map.keys)).toBe(true);
  });
});

describe('TensorMap.componentsToProperties', () => {
  // values[s][c1][c2][c3][p] = 10000 s + 1000 c1 + 100 c2 + 10 c3 + p, over shape [2, 1, 4, 2, 3]
  const shape = [2, 1, 4, 2, 3];
  const value = (s: number, c1: number, c2: number, c3: number, p: number) => 10000 * s + 1000 * c1 + 100 * c2 + 10 * c3 + p;
  function threeComponentMap(): TensorMap {
    const values = new Float64Array(shape.reduce((a, b) => a * b, 1));
    let i = 0;
    for (let s = 0; s < 2; s++) for (let c1 = 0; c1 < 1; c1++) for (let c2 = 0; c2 < 4; c2++) for (let c3 = 0; c3 < 2; c3++) for (let p = 0; p < 3; p++) values[i++] = value(s, c1, c2, c3, p);
    const b = new TensorBlock(
      values,
      new Labels(['s'], [[0], [2]]),
      [new Labels(['c1'], [[42]]), Labels.range('c2', 4), new Labels(['c3'], [[-2], [-1]])],
      Labels.range('p', 3),
    );
    // gradient rows g: values = -(value of the parent sample) - 0.5 x
    const gradient = new Float64Array(2 * 3 * 24);
    i = 0;
    for (let g = 0; g < 2; g++) for (let x = 0; x < 3; x++) for (let c2 = 0; c2 < 4; c2++) for (let c3 = 0; c3 < 2; c3++) for (let p = 0; p < 3; p++) gradient[i++] = -value(g, 0, c2, c3, p) - 0.5 * x;
    b.addGradient('positions', new TensorBlock(gradient, new Labels(['sample', 'atom'], [[0, 5], [1, 7]]), [Labels.range('xyz', 3), ...b.components], b.properties));
    return new TensorMap(Labels.single(), [b]);
  }

  it('moves a middle component to the front of the properties, values included', () => {
    const moved = threeComponentMap().componentsToProperties('c2').block(0);
    expect(moved.components.map((c) => c.names[0])).toEqual(['c1', 'c3']);
    expect(moved.properties.names).toEqual(['c2', 'p']);
    const expectedRows: number[] = [];
    for (let c2 = 0; c2 < 4; c2++) for (let p = 0; p < 3; p++) expectedRows.push(c2, p);
    expect(Array.from(moved.properties.values)).toEqual(expectedRows);
    expect(moved.shape).toEqual([2, 1, 2, 12]);
    for (let s = 0; s < 2; s++)
      for (let c3 = 0; c3 < 2; c3++)
        for (let j = 0; j < 12; j++) {
          const [c2, p] = [moved.properties.values[2 * j], moved.properties.values[2 * j + 1]];
          expect(moved.values[(s * 2 + c3) * 12 + j]).toBe(value(s, 0, c2, c3, p));
        }
    const gradient = moved.gradient('positions');
    expect(gradient.components.map((c) => c.names[0])).toEqual(['xyz', 'c1', 'c3']);
    expect(gradient.properties.equals(moved.properties)).toBe(true);
    for (let g = 0; g < 2; g++)
      for (let x = 0; x < 3; x++)
        for (let c3 = 0; c3 < 2; c3++)
          for (let j = 0; j < 12; j++) {
            const [c2, p] = [moved.properties.values[2 * j], moved.properties.values[2 * j + 1]];
            expect(gradient.values[((g * 3 + x) * 2 + c3) * 12 + j]).toBe(-value(g, 0, c2, c3, p) - 0.5 * x);
          }
  });

  it('moves several components in turn, as metatensor (last moved is outermost)', () => {
    const moved = threeComponentMap().componentsToProperties(['c2', 'c1']).block(0);
    expect(moved.properties.names).toEqual(['c1', 'c2', 'p']);
    expect(moved.properties.entry(0)).toEqual(Int32Array.of(42, 0, 0));
    expect(moved.properties.entry(11)).toEqual(Int32Array.of(42, 3, 2));
    expect(moved.components.map((c) => c.names[0])).toEqual(['c3']);
    // c3 = index 1 (value -1), property (42, 2, 1)
    expect(moved.values[1 * 12 + 7]).toBe(value(0, 0, 2, 1, 1));
    const all = threeComponentMap().componentsToProperties(['c3', 'c2', 'c1']).block(0);
    expect(all.components).toEqual([]);
    expect(all.shape).toEqual([2, 24]);
    expect(all.properties.names).toEqual(['c1', 'c2', 'c3', 'p']);
  });

  it('names the missing component', () => {
    expect(() => threeComponentMap().componentsToProperties('xyz')).toThrow(/dimensions must name components of the blocks \('c1', 'c2', 'c3'\), got "xyz"/);
    expect(() => threeComponentMap().componentsToProperties(3 as unknown as string)).toThrow(/dimensions must be a component name or an array of them/);
  });

  it('leaves the input map untouched', () => {
    const map = threeComponentMap();
    const before = Array.from(map.block(0).values);
    map.componentsToProperties('c2');
    expect(Array.from(map.block(0).values)).toEqual(before);
    expect(map.block(0).components.length).toBe(3);
  });
});
