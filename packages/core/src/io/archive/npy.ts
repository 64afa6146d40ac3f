// numpy's .npy format (version 1.0), for the arrays equikit writes: little-endian f8 and i4,
// and structured arrays of i4 fields (metatensor's Labels). The header is written the way
// metatensor writes it, padded so the data starts on a 64-byte boundary.

export type NpyArray =
  | { kind: 'f8'; shape: number[]; data: Float64Array }
  | { kind: 'i4'; shape: number[]; data: Int32Array }
  | { kind: 'labels'; names: string[]; count: number; data: Int32Array };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

function shapeText(shape: readonly number[]): string {
  return `(${shape.map((d) => `${d}, `).join('')})`;
}

export function encodeNpy(array: NpyArray): Uint8Array {
  let descr: string;
  let shape: readonly number[];
  if (array.kind === 'labels') {
    descr = `[${array.names.map((n) => `('${n}', '<i4'), `).join('')}]`;
    shape = [array.count];
  } else {
    descr = array.kind === 'f8' ? "'<f8'" : "'<i4'";
    shape = array.shape;
  }
  const dict = `{ 'descr': ${descr}, 'fortran_order': False, 'shape': ${shapeText(shape)} }`;
  const unpadded = 10 + dict.length + 1;
  const headerLength = dict.length + 1 + ((64 - (unpadded % 64)) % 64);
  const header = dict.padEnd(headerLength - 1, ' ') + '\n';
  const data = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(10 + headerLength + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerLength, true);
  for (let k = 0; k < header.length; k++) out[10 + k] = header.charCodeAt(k);
  out.set(data, 10 + headerLength);
  return out;
}

export function decodeNpy(bytes: Uint8Array, what = 'array'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, k) => bytes[k] !== b)) throw new Error(`${what}: not a .npy file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLength;
  const header = new TextDecoder().decode(bytes.subarray(major === 1 ? 10 : 12, start));
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${what}: Fortran-ordered arrays are not supported`);
  const shapeMatch = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!shapeMatch) throw new Error(`${what}: .npy header without a shape: ${header.trim()}`);
  const shape = shapeMatch[1].split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const payload = bytes.slice(start);
  const fields = /'descr':\s*\[(.*)\]/.exec(header);
  if (fields) {
    const names = [...fields[1].matchAll(/\('([^']*)',\s*'([^']*)'\)/g)].map((m) => {
      if (m[2] !== '<i4') throw new Error(`${what}: field '${m[1]}' has type ${m[2]}, expected <i4`);
      return m[1];
    });
    if (payload.length !== count * 4 * names.length) throw new Error(`${what}: expected ${count} rows of ${names.length} i4, got ${payload.length} bytes`);
    return { kind: 'labels', names, count, data: new Int32Array(payload.buffer, 0, count * names.length) };
  }
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  if (descr === '<f8') {
    if (payload.length !== count * 8) throw new Error(`${what}: expected ${count} f8, got ${payload.length} bytes`);
    return { kind: 'f8', shape, data: new Float64Array(payload.buffer, 0, count) };
  }
  if (descr === '<i4') {
    if (payload.length !== count * 4) throw new Error(`${what}: expected ${count} i4, got ${payload.length} bytes`);
    return { kind: 'i4', shape, data: new Int32Array(payload.buffer, 0, count) };
  }
  throw new Error(`${what}: unsupported dtype ${descr ?? '(none)'}; equikit reads <f8, <i4 and structured <i4`);
}
