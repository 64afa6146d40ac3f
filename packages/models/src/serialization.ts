// Float64Arrays in JSON as base64 of their little-endian bytes: exact to the bit (−0 included,
// which JSON numbers lose) and about a third of the size of decimal text.
import { decodeBase64 } from '@equikit/core';

export function encodeFloat64(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let k = 0; k < values.length; k++) view.setFloat64(8 * k, values[k], true);
  let binary = '';
  const CHUNK = 0x8000;
  for (let k = 0; k < bytes.length; k += CHUNK) binary += String.fromCharCode(...bytes.subarray(k, k + CHUNK));
  return btoa(binary);
}

/** Decodes encodeFloat64's text; throws naming `name` for bad text, a wrong length or a non-finite value. */
export function decodeFloat64(text: unknown, name: string, length?: number): Float64Array {
  if (typeof text !== 'string') throw new TypeError(`${name} must be a base64 string of float64 values, got ${text === null ? 'null' : typeof text}`);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(text);
  } catch {
    throw new TypeError(`${name} is not valid base64`);
  }
  if (bytes.length % 8 !== 0) throw new RangeError(`${name} must decode to a whole number of float64 values, got ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.length / 8);
  for (let k = 0; k < out.length; k++) out[k] = view.getFloat64(8 * k, true);
  if (length !== undefined && out.length !== length) throw new RangeError(`${name} must hold ${length} values, got ${out.length}`);
  for (let k = 0; k < out.length; k++) if (!Number.isFinite(out[k])) throw new RangeError(`${name}[${k}] must be finite, got ${out[k]}`);
  return out;
}
