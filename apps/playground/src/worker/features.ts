// SOAP features of every atom of every frame (one shared species axis, so rows compare), and
// their 2-D PCA map.
import { getBackend, type Structure } from '@equikit/core';
import { PowerSpectrum } from '@equikit/correlations';
import { pca } from '../analysis/pca.js';
import type { FeaturesResult } from '../protocol.js';
import { SOAP_HYPERS } from './hypers.js';

export interface AtomFeatures {
  /** rows × size, row-major: atoms of all frames in file order. */
  values: Float64Array;
  rows: number;
  size: number;
  frameOf: Int32Array;
  atomOf: Int32Array;
  numbers: Int32Array;
}

/** Normalised power spectra (featomic's and librascal's `normalize`) of every atom. */
export function atomFeatures(
  structures: readonly Structure[],
  species: readonly number[],
  onProgress: (done: number, total: number) => void = () => {},
): AtomFeatures {
  const calculator = new PowerSpectrum(SOAP_HYPERS, { normalize: true });
  const size = calculator.sizeFor(species.length);
  const rows = structures.reduce((n, s) => n + s.length, 0);
  const values = new Float64Array(rows * size);
  const frameOf = new Int32Array(rows);
  const atomOf = new Int32Array(rows);
  const numbers = new Int32Array(rows);
  let row = 0;
  structures.forEach((structure, frame) => {
    const dense = calculator.computeDense(structure, { species });
    values.set(dense.values, row * size);
    for (let atom = 0; atom < structure.length; atom++, row++) {
      frameOf[row] = frame;
      atomOf[row] = atom;
      numbers[row] = structure.numbers[atom];
    }
    onProgress(frame + 1, structures.length);
  });
  return { values, rows, size, frameOf, atomOf, numbers };
}

export function featureMap(
  structures: readonly Structure[],
  species: readonly number[],
  onProgress?: (done: number, total: number) => void,
): FeaturesResult {
  const start = performance.now();
  const features = atomFeatures(structures, species, onProgress);
  if (features.rows < 2) throw new RangeError(`the PCA map needs at least 2 atoms, the file has ${features.rows}`);
  const map = pca(features.values, features.rows, features.size, { components: 2 });
  const total = map.totalVariance > 0 ? map.totalVariance : 1;
  return {
    size: features.size,
    scores: map.scores,
    frameOf: features.frameOf,
    atomOf: features.atomOf,
    numbers: features.numbers,
    explained: [map.variances[0] / total, map.variances[1] / total],
    seconds: (performance.now() - start) / 1000,
    backend: getBackend(),
  };
}
