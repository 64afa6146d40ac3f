import { describe, expect, it } from 'vitest';
import { Labels, TensorBlock, TensorMap } from '../src/tensor/index.js';

const atoms = () => new Labels(['system', 'atom'], [[0, 0], [0, 1], [1, 0]]);
const mu = () => Labels.range('o3_mu', 3);
const radial = () => Labels.range('n', 2);

/** Values block with 3 samples × 3 components × 2 properties. */
function valuesBlock(): TensorBlock {
  return new TensorBlock(new Float64Array(18).map((_, i) => i), atoms(), [mu()], radial());
}

/** A positions gradient: rows (sample, system, atom) with one xyz axis before the values' components. */
function positionsGradient(rows: number[][], components = [Labels.range('xyz', 3), mu()], properties = radial()): TensorBlock {
  const samples = new Labels(['sample', 'system', 'atom'], rows);
  const size = rows.length * components.reduce((n, c) => n * c.count, 1) * properties.count;
  return new TensorBlock(new Float64Array(size).fill(1), samples, components, properties);
}

describe('TensorBlock construction', () => {
  it('stores the shape and keeps the caller array (takes ownership)', () => {
    const values = new Float64Array(18);
    const block = new TensorBlock(values, atoms(), [mu()], radial());
    expect(block.shape).toEqual([3, 3, 2]);
    expect(block.values).toBe(values);
    expect(block.components.map((c) => c.names[0])).toEqual(['o3_mu']);
    const flat = new TensorBlock(new Float64Array(6), atoms(), [], radial());
    expect(flat.shape).toEqual([3, 2]);
  });

  it('names the expected shape when values have the wrong length', () => {
    expect(() => new TensorBlock(new Float64Array(17), atoms(), [mu()], radial())).toThrow(RangeError);
    expect(() => new TensorBlock(new Float64Array(17), atoms(), [mu()], radial())).toThrow(
      /values must have 18 entries for shape \[3, 3, 2\] \(samples × components × properties\), got 17/,
    );
    expect(() => new TensorBlock(new Float64Array(5), atoms(), [], radial())).toThrow(/values must have 6 entries for shape \[3, 2\] \(samples × properties\), got 5/);
  });

  it('rejects wrong argument types', () => {
    expect(() => new TensorBlock([0, 1] as unknown as Float64Array, atoms(), [], radial())).toThrow(/values must be a Float64Array, got an array of length 2/);
    expect(() => new TensorBlock(new Float32Array(6) as unknown as Float64Array, atoms(), [], radial())).toThrow(/values must be a Float64Array, got Float32Array of length 6/);
    expect(() => new TensorBlock(new Float64Array(6), [] as unknown as Labels, [], radial())).toThrow(/samples must be Labels/);
    expect(() => new TensorBlock(new Float64Array(6), atoms(), mu() as unknown as Labels[], radial())).toThrow(/components must be an array of Labels/);
    expect(() => new TensorBlock(new Float64Array(6), atoms(), [], {} as Labels)).toThrow(/properties must be Labels, got object/);
    expect(() => new TensorBlock(new Float64Array(18), atoms(), [{} as Labels], radial())).toThrow(/components\[0\] must be Labels/);
  });

  it('rejects bad components', () => {
    const twoNames = new Labels(['a', 'b'], [[0, 0]]);
    expect(() => new TensorBlock(new Float64Array(6), atoms(), [twoNames], radial())).toThrow(/components\[0\] must have a single name, got 2: \['a', 'b'\]/);
    expect(() => new TensorBlock(new Float64Array(0), atoms(), [Labels.empty('c')], radial())).toThrow(/components\[0\] \('c'\) must have at least one entry, got 0/);
    expect(() => new TensorBlock(new Float64Array(54), atoms(), [mu(), mu()], radial())).toThrow(/components names must all be different, got 'o3_mu' more than once/);
  });
});

describe('TensorBlock gradients', () => {
  it('adds, lists and returns gradients in insertion order', () => {
    const block = valuesBlock();
    const strainSamples = new Labels(['sample'], [[0], [1], [2]]);
    const strain = new TensorBlock(new Float64Array(3 * 3 * 3 * 3 * 2), strainSamples, [Labels.range('xyz_1', 3), Labels.range('xyz_2', 3), mu()], radial());
    const positions = positionsGradient([[0, 0, 0], [0, 0, 1], [2, 1, 0]]);
    block.addGradient('strain', strain);
    block.addGradient('positions', positions);
    expect(block.gradientsList()).toEqual(['strain', 'positions']);
    expect(block.gradient('positions')).toBe(positions);
    expect(block.gradient('strain').shape).toEqual([3, 3, 3, 3, 2]);
    expect(block.hasGradient('cell')).toBe(false);
    expect(block.gradients().map(([p]) => p)).toEqual(['strain', 'positions']);
    expect(() => block.gradient('cell')).toThrow(/parameter must name a gradient of this block \('strain', 'positions'\), got "cell"/);
    expect(() => valuesBlock().gradient('positions')).toThrow(/\(it has none\)/);
  });

  it('rejects a gradient that is already there', () => {
    const block = valuesBlock();
    block.addGradient('positions', positionsGradient([[0, 0, 0]]));
    expect(() => block.addGradient('positions', positionsGradient([[1, 0, 1]]))).toThrow(/gradient with respect to 'positions' already exists/);
  });

  it("requires 'sample' first, pointing into the values' samples", () => {
    const block = valuesBlock();
    const wrongName = new TensorBlock(new Float64Array(18), new Labels(['system', 'atom'], [[0, 0]]), [Labels.range('xyz', 3), mu()], radial());
    expect(() => block.addGradient('positions', wrongName)).toThrow(/gradient samples must have 'sample' as their first name, got \['system', 'atom'\]/);
    expect(() => block.addGradient('positions', positionsGradient([[0, 0, 0], [3, 1, 1]]))).toThrow(
      /gradient samples row 1 has sample = 3, expected an index in \[0, 2\] into this block's samples/,
    );
    expect(() => block.addGradient('positions', positionsGradient([[-1, 0, 0]]))).toThrow(/sample = -1/);
  });

  it("requires the values' components after the gradient's own", () => {
    const block = valuesBlock();
    expect(() => block.addGradient('positions', positionsGradient([[0, 0, 0]], [], radial()))).toThrow(/gradient must have at least this block's 1 components, got 0/);
    const swapped = positionsGradient([[0, 0, 0]], [mu(), Labels.range('xyz', 3)]);
    expect(() => block.addGradient('positions', swapped)).toThrow(/gradient components\[1\] must equal this block's components\[0\] \('o3_mu'\)/);
    const otherMu = positionsGradient([[0, 0, 0]], [Labels.range('xyz', 3), new Labels(['o3_mu'], [[-1], [0], [1]])]);
    expect(() => block.addGradient('positions', otherMu)).toThrow(/components\[1\] must equal/);
  });

  it('enforces the positions (xyz) and strain (3 × 3) conventions', () => {
    const block = valuesBlock();
    const noXyz = positionsGradient([[0, 0, 0]], [mu()]);
    expect(() => block.addGradient('positions', noXyz)).toThrow(/'positions' gradient must have 1 extra leading component\(s\) of sizes \[3\], got \[\]/);
    const strain3 = new TensorBlock(new Float64Array(3 * 3 * 2), new Labels(['sample'], [[0]]), [Labels.range('xyz', 3), mu()], radial());
    expect(() => block.addGradient('strain', strain3)).toThrow(/'strain' gradient must have 2 extra leading component\(s\) of sizes \[3, 3\], got \[3\]/);
    // other parameters follow metatensor-core: any extra components
    block.addGradient('alchemical', positionsGradient([[0, 0, 0]], [Labels.range('k', 5), mu()]));
    expect(block.gradient('alchemical').shape).toEqual([1, 5, 3, 2]);
  });

  it("requires the values' properties, and no gradient of gradient", () => {
    const block = valuesBlock();
    const otherProperties = positionsGradient([[0, 0, 0]], [Labels.range('xyz', 3), mu()], Labels.range('n', 3));
    expect(() => block.addGradient('positions', otherProperties)).toThrow(/gradient properties must equal this block's properties/);
    const nested = positionsGradient([[0, 0, 0]]);
    nested.addGradient('positions', positionsGradient([[0, 0, 0]], [Labels.range('xyz_2', 3), Labels.range('xyz', 3), mu()]));
    expect(() => block.addGradient('positions', nested)).toThrow(/gradients of gradients are not supported/);
    expect(() => block.addGradient('', positionsGradient([[0, 0, 0]]))).toThrow(/parameter must be a non-empty string/);
    expect(() => block.addGradient('positions', {} as TensorBlock)).toThrow(/gradient must be a TensorBlock/);
  });

  it('refuses new gradients once the block is in a TensorMap, or is a gradient', () => {
    const block = valuesBlock();
    const gradient = positionsGradient([[0, 0, 0]]);
    block.addGradient('positions', gradient);
    new TensorMap(Labels.single(), [block]);
    expect(() => block.addGradient('other', positionsGradient([[0, 0, 0]]))).toThrow(/already part of a TensorMap or is itself a gradient/);
    expect(() => gradient.addGradient('positions', positionsGradient([[0, 0, 0]]))).toThrow(/already part of a TensorMap/);
  });

  it('copy() gives independent values and gradients', () => {
    const block = valuesBlock();
    block.addGradient('positions', positionsGradient([[0, 0, 0], [1, 0, 1]]));
    const copy = block.copy();
    expect(Array.from(copy.values)).toEqual(Array.from(block.values));
    copy.values[0] = 100;
    copy.gradient('positions').values[0] = -5;
    expect(block.values[0]).toBe(0);
    expect(block.gradient('positions').values[0]).toBe(1);
    expect(copy.gradient('positions').samples.equals(block.gradient('positions').samples)).toBe(true);
  });

  it('toString summarises the block', () => {
    const block = valuesBlock();
    block.addGradient('positions', positionsGradient([[0, 0, 0]]));
    expect(block.toString()).toBe(
      ['TensorBlock', "    samples (3): ['system', 'atom']", "    components (3): ['o3_mu']", "    properties (2): ['n']", "    gradients: ['positions']"].join('\n'),
    );
  });
});
