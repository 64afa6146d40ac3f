// The Zuo et al. (mlearn) train and test sets, read with core's mlearn reader.
import { readMlearnRecords } from '@equikit/core';
import { readFileSync } from 'node:fs';

const root = new URL('../../../data/mlearn/', import.meta.url);

export function loadSet(element, split) {
  return readMlearnRecords(readFileSync(new URL(`${element}/${split === 'train' ? 'training' : 'test'}.json`, root), 'utf8'));
}
