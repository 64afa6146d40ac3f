// metatensor's .mts TensorMap files and numpy's .npz: stored zip archives of .npy arrays.
// .mts layout (metatensor-core 0.2): keys.npy; blocks/<k>/{values,samples,properties}.npy,
// blocks/<k>/components/<c>.npy; blocks/<k>/gradients/<parameter>/{values,samples}.npy and
// .../components/<c>.npy (a gradient's properties are its block's).
import { Labels } from '../../tensor/labels.js';
import { TensorBlock } from '../../tensor/block.js';
import { TensorMap } from '../../tensor/map.js';
import { decodeNpy, encodeNpy, type NpyArray } from './npy.js';
import { readZip, writeZip, type ZipEntry } from './zip.js';

function labelsArray(labels: Labels): NpyArray {
  return { kind: 'labels', names: [...labels.names], count: labels.count, data: labels.values };
}

function blockEntries(prefix: string, block: TensorBlock, withProperties: boolean): ZipEntry[] {
  const entries: ZipEntry[] = [
    { name: `${prefix}/values.npy`, data: encodeNpy({ kind: 'f8', shape: [...block.shape], data: block.values }) },
    { name: `${prefix}/samples.npy`, data: encodeNpy(labelsArray(block.samples)) },
  ];
  block.components.forEach((c, k) => entries.push({ name: `${prefix}/components/${k}.npy`, data: encodeNpy(labelsArray(c)) }));
  if (withProperties) entries.push({ name: `${prefix}/properties.npy`, data: encodeNpy(labelsArray(block.properties)) });
  return entries;
}

/** A TensorMap as the bytes of a metatensor .mts file (`metatensor.load` reads it). */
export function saveTensorMap(tensor: TensorMap): Uint8Array {
  const entries: ZipEntry[] = [{ name: 'keys.npy', data: encodeNpy(labelsArray(tensor.keys)) }];
  for (let k = 0; k < tensor.length; k++) {
    const block = tensor.block(k);
    entries.push(...blockEntries(`blocks/${k}`, block, true));
    for (const [parameter, gradient] of block.gradients()) entries.push(...blockEntries(`blocks/${k}/gradients/${parameter}`, gradient, false));
  }
  return writeZip(entries);
}

/** A TensorMap from the bytes of a metatensor .mts file. */
export function loadTensorMap(bytes: Uint8Array, what = 'TensorMap file'): TensorMap {
  const files = new Map(readZip(bytes, what).map((e) => [e.name, e.data]));
  const array = (name: string): NpyArray => {
    const data = files.get(name);
    if (!data) throw new Error(`${what}: missing '${name}'`);
    return decodeNpy(data, `${what}: ${name}`);
  };
  const labels = (name: string): Labels => {
    const a = array(name);
    if (a.kind !== 'labels') throw new Error(`${what}: '${name}' should be a structured i4 array (Labels)`);
    return new Labels(a.names, a.data);
  };
  const components = (prefix: string): Labels[] => {
    const list: Labels[] = [];
    while (files.has(`${prefix}/components/${list.length}.npy`)) list.push(labels(`${prefix}/components/${list.length}.npy`));
    return list;
  };
  const values = (name: string): Float64Array => {
    const a = array(name);
    if (a.kind !== 'f8') throw new Error(`${what}: '${name}' should hold float64 values`);
    return a.data;
  };
  const keys = labels('keys.npy');
  const blocks: TensorBlock[] = [];
  for (let k = 0; k < keys.count; k++) {
    const prefix = `blocks/${k}`;
    const properties = labels(`${prefix}/properties.npy`);
    const block = new TensorBlock(values(`${prefix}/values.npy`), labels(`${prefix}/samples.npy`), components(prefix), properties);
    const parameters = new Set<string>();
    for (const name of files.keys()) {
      const match = new RegExp(`^${prefix}/gradients/([^/]+)/values\\.npy$`).exec(name);
      if (match) parameters.add(match[1]);
    }
    for (const parameter of [...parameters].sort()) {
      const g = `${prefix}/gradients/${parameter}`;
      block.addGradient(parameter, new TensorBlock(values(`${g}/values.npy`), labels(`${g}/samples.npy`), components(g), properties));
    }
    blocks.push(block);
  }
  return new TensorMap(keys, blocks);
}

/** numpy's .npz (`np.load` reads it): named f8 arrays with their shapes. */
export function saveNpz(arrays: Readonly<Record<string, { shape: readonly number[]; data: Float64Array | Int32Array }>>): Uint8Array {
  return writeZip(
    Object.entries(arrays).map(([name, a]) => ({
      name: `${name}.npy`,
      data: encodeNpy(a.data instanceof Float64Array ? { kind: 'f8', shape: [...a.shape], data: a.data } : { kind: 'i4', shape: [...a.shape], data: a.data }),
    })),
  );
}

/** The arrays of a .npz archive (stored, not compressed), by name. */
export function loadNpz(bytes: Uint8Array, what = 'npz file'): Record<string, NpyArray> {
  const out: Record<string, NpyArray> = {};
  for (const entry of readZip(bytes, what)) out[entry.name.replace(/\.npy$/, '')] = decodeNpy(entry.data, `${what}: ${entry.name}`);
  return out;
}
