import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, Labels, loadNpz, loadTensorMap, saveNpz, saveTensorMap, TensorBlock, TensorMap, readZip, writeZip } from '../src/index.js';

const dir = new URL('./fixtures/metatensor/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference.json', dir), 'utf8'));
const mts = new Uint8Array(readFileSync(new URL('reference.mts', dir)));

interface JsonLabels {
  names: string[];
  values: number[][];
}

function expectLabels(labels: Labels, json: JsonLabels) {
  expect(labels.names).toEqual(json.names);
  expect(Array.from(labels.values)).toEqual(json.values.flat());
}

describe('metatensor .mts files', () => {
  it('reads a file written by metatensor.save (zip64 fields) exactly', () => {
    const tensor = loadTensorMap(mts);
    expectLabels(tensor.keys, reference.tensor.keys);
    reference.tensor.blocks.forEach((b: any, k: number) => {
      const block = tensor.block(k);
      expect(block.shape).toEqual(b.shape);
      expect(Array.from(block.values)).toEqual(b.values);
      expectLabels(block.samples, b.samples);
      expectLabels(block.properties, b.properties);
      b.components.forEach((c: JsonLabels, i: number) => expectLabels(block.components[i], c));
      expect(block.gradientsList()).toEqual(Object.keys(b.gradients));
      const g = block.gradient('positions');
      expect(g.shape).toEqual(b.gradients.positions.shape);
      expect(Array.from(g.values)).toEqual(b.gradients.positions.values);
      expectLabels(g.samples, b.gradients.positions.samples);
    });
  });

  it('writes files that read back bit for bit', () => {
    const tensor = loadTensorMap(mts);
    const again = loadTensorMap(saveTensorMap(tensor));
    expect(again.length).toBe(tensor.length);
    for (let k = 0; k < tensor.length; k++) {
      expect(again.block(k).values).toEqual(tensor.block(k).values);
      expect(again.block(k).gradient('positions').values).toEqual(tensor.block(k).gradient('positions').values);
      expect(again.block(k).samples.equals(tensor.block(k).samples)).toBe(true);
    }
    expect(again.keys.equals(tensor.keys)).toBe(true);
  });

  it('writes reproducible bytes (fixed timestamps)', () => {
    const block = new TensorBlock(Float64Array.from([1, 2]), Labels.range('atom', 2), [], Labels.range('n', 1));
    const tensor = new TensorMap(Labels.range('center_type', 1), [block]);
    expect(saveTensorMap(tensor)).toEqual(saveTensorMap(tensor));
  });

  it('gives clear errors for broken archives', () => {
    expect(() => loadTensorMap(new Uint8Array(100))).toThrow(/not a zip archive/);
    const broken = mts.slice();
    const text = new TextDecoder('latin1').decode(broken);
    const at = text.indexOf('NUMPY') + 40;
    broken[at] ^= 0xff;
    expect(() => loadTensorMap(broken)).toThrow(/CRC-32/);
    const missing = writeZip(readZip(mts).filter((e) => e.name !== 'blocks/1/samples.npy'));
    expect(() => loadTensorMap(missing)).toThrow(/missing 'blocks\/1\/samples.npy'/);
  });
});

describe('numpy .npy and .npz', () => {
  it('reads an archive written by np.savez', () => {
    const arrays = loadNpz(new Uint8Array(readFileSync(new URL('reference.npz', dir))));
    for (const [name, expected] of Object.entries(reference.npz as Record<string, { shape: number[]; values: number[] }>)) {
      const a = arrays[name];
      expect(a.kind === 'labels' ? [a.count] : a.shape).toEqual(expected.shape);
      expect(Array.from(a.data)).toEqual(expected.values);
    }
  });

  it('round-trips f8, i4 and structured arrays, with 64-byte aligned data', () => {
    const f8 = { kind: 'f8' as const, shape: [2, 3], data: Float64Array.from([1, -2.5, Math.PI, 1e-300, -0, 7]) };
    const bytes = encodeNpy(f8);
    expect((bytes.length - f8.data.byteLength) % 64).toBe(0);
    expect(decodeNpy(bytes)).toEqual(f8);
    const npz = loadNpz(saveNpz({ a: { shape: [2, 3], data: f8.data }, b: { shape: [2], data: Int32Array.from([4, -5]) } }));
    expect(npz.a).toEqual(f8);
    expect(npz.b).toEqual({ kind: 'i4', shape: [2], data: Int32Array.from([4, -5]) });
    expect(() => decodeNpy(new Uint8Array(20), 'x.npy')).toThrow(/x.npy: not a .npy file/);
  });
});
