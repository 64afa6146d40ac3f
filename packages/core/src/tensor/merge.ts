// Shared steps of keysToProperties / keysToSamples, following metatensor-core's
// tensor/utils.rs: split the keys, group the blocks that share the remaining
// key, merge their samples (and gradient samples), and scatter their values
// into a dense array pre-filled with the fill value.

import { TensorBlock } from './block.js';
import { Labels } from './labels.js';
import { RowTable, sortRows } from './row-table.js';

/** A block with the values its key took for the dimensions being moved. */
export interface KeyAndBlock {
  key: Int32Array;
  block: TensorBlock;
}

/**
 * Groups blocks by the key dimensions that stay. Remaining keys keep the order
 * of their first appearance; when no dimension remains, the single remaining
 * key is `_ = 0` (metatensor's convention). Within a group, blocks keep key order.
 */
export function groupByRemainingKeys(
  keys: Labels,
  blocks: readonly TensorBlock[],
  moved: readonly string[],
): { newKeys: Labels; groups: KeyAndBlock[][] } {
  for (const name of moved) {
    if (!keys.names.includes(name)) {
      throw new RangeError(`keysToMove names must be among the keys' names (${keys.names.map((n) => `'${n}'`).join(', ')}), got ${JSON.stringify(name)}`);
    }
  }
  const movedColumns = moved.map((name) => keys.names.indexOf(name));
  const remainingColumns = keys.names.map((_, k) => k).filter((k) => !movedColumns.includes(k));
  const remainingNames = remainingColumns.map((k) => keys.names[k]);

  const table = new RowTable(remainingColumns.length, keys.count);
  const groups: KeyAndBlock[][] = [];
  const remaining = new Int32Array(remainingColumns.length);
  for (let i = 0; i < keys.count; i++) {
    const row = i * keys.size;
    for (let c = 0; c < remainingColumns.length; c++) remaining[c] = keys.values[row + remainingColumns[c]];
    const g = table.add(remaining);
    if (g === groups.length) groups.push([]);
    const key = Int32Array.from(movedColumns, (k) => keys.values[row + k]);
    groups[g].push({ key, block: blocks[i] });
  }
  const newKeys = remainingNames.length === 0 ? Labels.single() : Labels.fromUniqueRows(remainingNames, table.values());
  return { newKeys, groups };
}

/** Throws unless every block of the group has the same components (metatensor requires it). */
export function checkSameComponents(group: readonly KeyAndBlock[], operation: string): void {
  const first = group[0].block.components;
  for (const { block } of group) {
    if (block.components.length !== first.length || block.components.some((c, i) => !c.equals(first[i]))) {
      throw new RangeError(`cannot ${operation}: the blocks to merge have different components; call componentsToProperties first`);
    }
  }
}

/** Throws when the merged names would repeat a name (e.g. a key named like a property). */
export function checkDistinctNames(names: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new RangeError(`cannot merge: the new ${what} names would contain '${name}' twice`);
    seen.add(name);
  }
}

/**
 * Union of the group's samples (with the moved key appended to each sample
 * when `appendKey`), in order of appearance or sorted; plus, per block, where
 * each of its samples went.
 */
export function mergeSamples(
  group: readonly KeyAndBlock[],
  names: readonly string[],
  appendKey: boolean,
  sort: boolean,
): { samples: Labels; mappings: Int32Array[] } {
  const width = names.length;
  const total = group.reduce((n, { block }) => n + block.samples.count, 0);
  const table = new RowTable(width, total);
  const row = new Int32Array(width);
  const mappings = group.map(({ key, block }) => {
    const { values, size, count } = block.samples;
    const mapping = new Int32Array(count);
    for (let s = 0; s < count; s++) {
      row.set(values.subarray(s * size, (s + 1) * size));
      if (appendKey) row.set(key, size);
      mapping[s] = table.add(row);
    }
    return mapping;
  });
  return finish(table, names, sort, mappings);
}

/**
 * Union of the gradient samples of `parameter` across the group, with each
 * row's `sample` rewritten to the merged sample index; always sorted, as
 * metatensor collects them in a BTreeSet. Plus, per block, where each gradient
 * sample went.
 */
export function mergeGradientSamples(
  group: readonly KeyAndBlock[],
  parameter: string,
  sampleMappings: readonly Int32Array[],
): { samples: Labels; mappings: Int32Array[] } {
  const names = group[0].block.gradient(parameter).samples.names;
  const width = names.length;
  const total = group.reduce((n, { block }) => n + block.gradient(parameter).samples.count, 0);
  const table = new RowTable(width, total);
  const row = new Int32Array(width);
  const mappings = group.map(({ block }, b) => {
    const { values, count } = block.gradient(parameter).samples;
    const mapping = new Int32Array(count);
    for (let g = 0; g < count; g++) {
      row.set(values.subarray(g * width, (g + 1) * width));
      row[0] = sampleMappings[b][row[0]];
      mapping[g] = table.add(row);
    }
    return mapping;
  });
  return finish(table, names, true, mappings);
}

function finish(table: RowTable, names: readonly string[], sort: boolean, mappings: Int32Array[]): { samples: Labels; mappings: Int32Array[] } {
  const values = table.values();
  if (!sort) return { samples: Labels.fromUniqueRows(names, values), mappings };
  const { sorted, newPosition } = sortRows(values, names.length, table.count);
  for (const mapping of mappings) for (let i = 0; i < mapping.length; i++) mapping[i] = newPosition[mapping[i]];
  return { samples: Labels.fromUniqueRows(names, sorted), mappings };
}

/**
 * Copies `src` (shape [samples, inner, srcProperties] once the components are
 * flattened into `inner`) into `dst` (shape [?, inner, dstProperties]): sample
 * s goes to `sampleMap[s]`, property p to `propertyMap[p]`.
 */
export function scatter(
  src: Float64Array,
  inner: number,
  srcProperties: number,
  dst: Float64Array,
  dstProperties: number,
  sampleMap: Int32Array,
  propertyMap: Int32Array,
): void {
  const start = srcProperties > 0 ? propertyMap[0] : 0;
  let contiguous = true;
  for (let p = 1; p < srcProperties; p++) if (propertyMap[p] !== start + p) contiguous = false;
  const row = inner * srcProperties;
  for (let s = 0; s < sampleMap.length; s++) {
    const out = sampleMap[s];
    if (contiguous && srcProperties === dstProperties) {
      // whole sample at once: same property layout
      dst.set(src.subarray(s * row, (s + 1) * row), out * row);
      continue;
    }
    for (let c = 0; c < inner; c++) {
      const from = (s * inner + c) * srcProperties;
      const to = (out * inner + c) * dstProperties;
      if (contiguous) {
        for (let p = 0; p < srcProperties; p++) dst[to + start + p] = src[from + p];
      } else {
        for (let p = 0; p < srcProperties; p++) dst[to + propertyMap[p]] = src[from + p];
      }
    }
  }
}

/**
 * The merged block of a group and its gradients: every block's values scattered to
 * (sampleMappings[b], propertyMaps[b]), entries no block provides set to `fillValue`.
 * A block whose property map is undefined is left out (keysToProperties with requested keys).
 */
export function assembleMerged(
  group: readonly KeyAndBlock[],
  samples: Labels,
  properties: Labels,
  sampleMappings: readonly Int32Array[],
  propertyMaps: readonly (Int32Array | undefined)[],
  fillValue: number,
): TensorBlock {
  const first = group[0].block;
  const inner = innerSize(first);
  const values = filled(samples.count * inner * properties.count, fillValue);
  group.forEach(({ block }, b) => {
    const map = propertyMaps[b];
    if (map !== undefined) scatter(block.values, inner, block.properties.count, values, properties.count, sampleMappings[b], map);
  });
  const merged = new TensorBlock(values, samples, first.components, properties);

  for (const parameter of first.gradientsList()) {
    const gradient = first.gradient(parameter);
    const { samples: gradientSamples, mappings } = mergeGradientSamples(group, parameter, sampleMappings);
    const gradientInner = innerSize(gradient);
    const gradientValues = filled(gradientSamples.count * gradientInner * properties.count, fillValue);
    group.forEach(({ block }, b) => {
      const map = propertyMaps[b];
      const source = block.gradient(parameter);
      if (map !== undefined) scatter(source.values, gradientInner, source.properties.count, gradientValues, properties.count, mappings[b], map);
    });
    merged.addGradient(parameter, new TensorBlock(gradientValues, gradientSamples, gradient.components, properties));
  }
  return merged;
}

/** A new array of `length` values, all `fillValue` (zero-initialised memory is reused for 0). */
export function filled(length: number, fillValue: number): Float64Array {
  const values = new Float64Array(length);
  if (!Object.is(fillValue, 0)) values.fill(fillValue);
  return values;
}

/** Product of the component sizes of a block. */
export function innerSize(block: TensorBlock): number {
  let n = 1;
  for (const c of block.components) n *= c.count;
  return n;
}
