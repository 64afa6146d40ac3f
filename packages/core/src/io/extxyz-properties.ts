// The `Properties=name:type:count:…` spec of an extended XYZ frame: which per-atom columns each
// atom line holds. Types: S string, R real, I integer, L logical.

export type ColumnType = 'S' | 'R' | 'I' | 'L';

export interface PropertyColumn {
  name: string;
  type: ColumnType;
  count: number;
  /** Index of the property's first token on an atom line. */
  start: number;
}

/** ASE's default when a frame has no Properties key. */
export const DEFAULT_PROPERTIES = 'species:S:1:pos:R:3';

export function parseProperties(spec: string): PropertyColumn[] {
  const fields = spec.split(':');
  if (spec === '' || fields.length % 3 !== 0) {
    throw new Error(`Properties must be name:type:count triples, got ${JSON.stringify(spec)} (${fields.length} fields)`);
  }
  const columns: PropertyColumn[] = [];
  let start = 0;
  for (let k = 0; k < fields.length; k += 3) {
    const [name, type, countText] = fields.slice(k, k + 3);
    if (name === '') throw new Error(`Properties entry ${k / 3} has an empty name in ${JSON.stringify(spec)}`);
    if (type !== 'S' && type !== 'R' && type !== 'I' && type !== 'L') {
      throw new Error(`Properties entry '${name}' has type ${JSON.stringify(type)}; expected one of S, R, I, L`);
    }
    if (!/^\d+$/.test(countText) || Number(countText) < 1) {
      throw new Error(`Properties entry '${name}' has column count ${JSON.stringify(countText)}; expected a positive integer`);
    }
    if (columns.some((c) => c.name === name)) throw new Error(`Properties lists '${name}' twice`);
    const count = Number(countText);
    columns.push({ name, type, count, start });
    start += count;
  }
  return columns;
}

export function describeProperties(columns: readonly PropertyColumn[]): string {
  return columns.map((c) => `${c.name}:${c.type}:${c.count}`).join(':');
}
