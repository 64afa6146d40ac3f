// Accepts a core Structure, or anything a Structure can be built from (which validates it).
import { Structure, type StructureInit } from '@equikit/core';

export type StructureInput = Structure | StructureInit;

export function toStructure(value: unknown, name: string): Structure {
  if (value instanceof Structure) return value;
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`${name} must be a Structure or { positions, numbers, cell?, pbc? }, got ${value === null ? 'null' : typeof value}`);
  }
  try {
    return new Structure(value as StructureInit);
  } catch (cause) {
    const error = cause as Error;
    const Kind = error instanceof RangeError ? RangeError : TypeError;
    throw new Kind(`${name}: ${error.message}`, { cause });
  }
}
