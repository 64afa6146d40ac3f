// Saved models: JSON with a `format` field that names the class that reads it back.
import { readFile, writeFile } from 'node:fs/promises';
import { LinearPotential, SparseGPPotential, SPARSE_GP_FORMAT } from '@equikit/models';

export type Model = LinearPotential | SparseGPPotential;

export async function loadModel(path: string): Promise<Model> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let json: { format?: unknown };
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not a model file (invalid JSON: ${(error as Error).message})`);
  }
  if (json?.format === 'equikit.LinearPotential') return LinearPotential.fromJSON(json as Parameters<typeof LinearPotential.fromJSON>[0]);
  if (json?.format === SPARSE_GP_FORMAT) return SparseGPPotential.fromJSON(json);
  throw new Error(`${path}: not an equikit model (format ${JSON.stringify(json?.format)}; expected 'equikit.LinearPotential' or '${SPARSE_GP_FORMAT}')`);
}

export async function saveModel(model: Model, path: string): Promise<void> {
  await writeFile(path, JSON.stringify(model.toJSON()));
}
