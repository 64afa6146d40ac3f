import { readFile } from 'node:fs/promises';
import { readExtxyz, readMlearnRecords, type Structure } from '@equikit/core';

/** Reads a structure file by its extension: extended XYZ, or mlearn's pymatgen-JSON records. */
export async function readStructures(path: string): Promise<Structure[]> {
  const reader = /\.json$/i.test(path) ? readMlearnRecords : /\.(ext)?xyz$/i.test(path) ? readExtxyz : undefined;
  if (reader === undefined) {
    throw new Error(`${path}: unknown file type; expected .xyz/.extxyz (extended XYZ) or .json (mlearn records)`);
  }
  return reader(await readFile(path, 'utf8'));
}
