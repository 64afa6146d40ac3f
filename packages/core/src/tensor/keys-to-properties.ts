// keysToProperties, as metatensor-core's tensor/keys_to_properties.rs: blocks
// sharing the remaining keys are concatenated along the properties, the moved
// key dimensions prepended to the property names.

import type { TensorBlock } from './block.js';
import { Labels } from './labels.js';
import { assembleMerged, checkDistinctNames, checkSameComponents, groupByRemainingKeys, mergeSamples, type KeyAndBlock } from './merge.js';
import { RowTable } from './row-table.js';

export interface MergeOptions {
  /** Value for entries no block provides (missing samples, or requested keys with no block). Default 0. */
  fillValue?: number;
  /** Sort the merged samples lexicographically (default true) or keep their order of appearance. */
  sortSamples?: boolean;
}

export function keysToPropertiesBlocks(
  keys: Labels,
  blocks: readonly TensorBlock[],
  keysToMove: Labels,
  fillValue: number,
  sortSamples: boolean,
): { keys: Labels; blocks: TensorBlock[] } {
  const { newKeys, groups } = groupByRemainingKeys(keys, blocks, keysToMove.names);
  const requested = keysToMove.count > 0 ? keysToMove : undefined;
  return { keys: newKeys, blocks: groups.map((group) => mergeAlongProperties(group, keysToMove.names, requested, fillValue, sortSamples)) };
}

function mergeAlongProperties(
  group: KeyAndBlock[],
  movedNames: readonly string[],
  requested: Labels | undefined,
  fillValue: number,
  sortSamples: boolean,
): TensorBlock {
  const first = group[0].block;
  checkSameComponents(group, 'move keys to properties');
  if (requested !== undefined) {
    for (const { block } of group) {
      if (!block.properties.equals(first.properties)) {
        throw new RangeError('cannot move keys to properties with given keysToMove entries: the blocks to merge have different properties');
      }
    }
  }
  const propertyNames = [...movedNames, ...first.properties.names];
  checkDistinctNames(propertyNames, 'property');

  const { samples, mappings: sampleMappings } = mergeSamples(group, first.samples.names, false, sortSamples);

  // new properties: every requested key × the properties, or each block's key × its properties
  const moved = movedNames.length;
  const table = new RowTable(propertyNames.length);
  const row = new Int32Array(propertyNames.length);
  const addAll = (key: Int32Array, properties: Labels) => {
    row.set(key);
    for (let p = 0; p < properties.count; p++) {
      row.set(properties.values.subarray(p * properties.size, (p + 1) * properties.size), moved);
      table.add(row);
    }
  };
  if (requested !== undefined) {
    for (let e = 0; e < requested.count; e++) addAll(requested.values.subarray(e * moved, (e + 1) * moved), first.properties);
  } else {
    for (const { key, block } of group) addAll(key, block.properties);
  }
  const properties = Labels.fromUniqueRows(propertyNames, table.values());

  // where each block's properties land; undefined when the requested keys exclude the block
  const propertyMaps = group.map(({ key, block }) => {
    const map = new Int32Array(block.properties.count);
    row.set(key);
    for (let p = 0; p < block.properties.count; p++) {
      row.set(block.properties.values.subarray(p * block.properties.size, (p + 1) * block.properties.size), moved);
      const j = table.indexOf(row);
      if (j < 0) return undefined;
      map[p] = j;
    }
    return map;
  });

  return assembleMerged(group, samples, properties, sampleMappings, propertyMaps, fillValue);
}
