import { readFile } from 'node:fs/promises';
import { readExtxyz, readMlearnRecords, type Structure } from '@equikit/core';

/**
 * Reads a structure file, detected by content: mlearn's pymatgen-JSON records when it starts
 * with '[' or '{', extended XYZ otherwise (its first line is an atom count).
 */
export async function readStructures(path: string): Promise<Structure[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const first = text.trimStart()[0];
  if (first === '[' || first === '{') return readMlearnRecords(text);
  if (first === undefined) throw new Error(`${path}: the file is empty`);
  if (!/^\s*\d+\s*$/.test(text.trimStart().split('\n', 1)[0])) {
    throw new Error(`${path}: unknown file type; expected extended XYZ (first line an atom count) or mlearn JSON records`);
  }
  return readExtxyz(text);
}
