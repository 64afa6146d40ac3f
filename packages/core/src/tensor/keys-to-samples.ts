// keysToSamples, as metatensor-core's tensor/keys_to_samples.rs: blocks sharing
// the remaining keys are stacked along the samples, the moved key dimensions
// appended to the sample names. Different properties are merged into their
// union (first block's order, then new ones as they appear), missing entries
// filled with the fill value.

import type { TensorBlock } from './block.js';
import { Labels } from './labels.js';
import { assembleMerged, checkDistinctNames, checkSameComponents, groupByRemainingKeys, mergeSamples, type KeyAndBlock } from './merge.js';
import { RowTable } from './row-table.js';

export function keysToSamplesBlocks(
  keys: Labels,
  blocks: readonly TensorBlock[],
  keysToMove: Labels,
  fillValue: number,
  sortSamples: boolean,
): { keys: Labels; blocks: TensorBlock[] } {
  if (keysToMove.count > 0) {
    throw new RangeError('keysToMove must not contain entries for keysToSamples (only its names are used, as in metatensor)');
  }
  const { newKeys, groups } = groupByRemainingKeys(keys, blocks, keysToMove.names);
  return { keys: newKeys, blocks: groups.map((group) => mergeAlongSamples(group, keysToMove.names, fillValue, sortSamples)) };
}

function mergeAlongSamples(group: KeyAndBlock[], movedNames: readonly string[], fillValue: number, sortSamples: boolean): TensorBlock {
  const first = group[0].block;
  checkSameComponents(group, 'move keys to samples');
  const sampleNames = [...first.samples.names, ...movedNames];
  checkDistinctNames(sampleNames, 'sample');

  const { samples, mappings: sampleMappings } = mergeSamples(group, sampleNames, true, sortSamples);

  const table = new RowTable(first.properties.size);
  const propertyMaps = group.map(({ block }) => {
    const { values, size, count } = block.properties;
    const map = new Int32Array(count);
    for (let p = 0; p < count; p++) map[p] = table.add(values, p * size);
    return map;
  });
  const properties = Labels.fromUniqueRows(first.properties.names, table.values());

  return assembleMerged(group, samples, properties, sampleMappings, propertyMaps, fillValue);
}
