// Uncompressed ("stored") zip archives: what numpy's .npz and metatensor's .mts are. The
// writer emits plain zip (no zip64: entries and archive below 4 GiB); the reader also
// accepts zip64 size fields, which metatensor writes, and refuses compressed entries.
import { crc32 } from './crc32.js';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** 2000-01-01 00:00 in MS-DOS format (metatensor's choice): archives are reproducible. */
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const LIMIT = 0xffffffff;

export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const names = entries.map((e) => encoder.encode(e.name));
  const localSize = entries.reduce((sum, e, k) => sum + 30 + names[k].length + e.data.length, 0);
  const centralSize = names.reduce((sum, n) => sum + 46 + n.length, 0);
  const total = localSize + centralSize + 22;
  if (total > LIMIT) throw new RangeError(`archive of ${total} bytes is over the 4 GiB that plain zip allows`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  const crcs = entries.map((e) => crc32(e.data));
  let at = 0;
  entries.forEach((entry, k) => {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true); // version needed: 2.0
    view.setUint16(at + 6, 0x0800, true); // UTF-8 names
    view.setUint16(at + 8, 0, true); // stored
    view.setUint16(at + 10, 0, true);
    view.setUint16(at + 12, DOS_DATE, true);
    view.setUint32(at + 14, crcs[k], true);
    view.setUint32(at + 18, entry.data.length, true);
    view.setUint32(at + 22, entry.data.length, true);
    view.setUint16(at + 26, names[k].length, true);
    view.setUint16(at + 28, 0, true);
    out.set(names[k], at + 30);
    out.set(entry.data, at + 30 + names[k].length);
    at += 30 + names[k].length + entry.data.length;
  });
  const centralStart = at;
  entries.forEach((entry, k) => {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 0x031e, true); // made by: Unix, 3.0
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 8, 0x0800, true);
    view.setUint16(at + 10, 0, true);
    view.setUint16(at + 12, 0, true);
    view.setUint16(at + 14, DOS_DATE, true);
    view.setUint32(at + 16, crcs[k], true);
    view.setUint32(at + 20, entry.data.length, true);
    view.setUint32(at + 24, entry.data.length, true);
    view.setUint16(at + 28, names[k].length, true);
    view.setUint32(at + 38, 0o100644 << 16, true); // a regular file, rw-r--r--
    view.setUint32(at + 42, offsets[k], true);
    out.set(names[k], at + 46);
    at += 46 + names[k].length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - centralStart, true);
  view.setUint32(at + 16, centralStart, true);
  return out;
}

/** The entries of a stored zip archive, in the central directory's order. */
export function readZip(bytes: Uint8Array, what = 'archive'): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let k = bytes.length - 22; k >= Math.max(0, bytes.length - 22 - 65535); k--) {
    if (view.getUint32(k, true) === 0x06054b50) {
      end = k;
      break;
    }
  }
  if (end < 0) throw new Error(`${what}: not a zip archive (no end-of-central-directory record)`);
  let count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (at === LIMIT || count === 0xffff) {
    // zip64: the locator sits right before the end record
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) throw new Error(`${what}: zip64 archive without its locator`);
    const record = Number(view.getBigUint64(locator + 8, true));
    count = Number(view.getBigUint64(record + 32, true));
    at = Number(view.getBigUint64(record + 48, true));
  }
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let e = 0; e < count; e++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`${what}: corrupt central directory at byte ${at}`);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    let size = view.getUint32(at + 24, true);
    let compressed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let offset = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // zip64 extended information: only the fields that overflowed are present, in this order
    for (let x = at + 46 + nameLength; x < at + 46 + nameLength + extraLength; ) {
      const id = view.getUint16(x, true);
      const length = view.getUint16(x + 2, true);
      if (id === 0x0001) {
        let y = x + 4;
        if (size === LIMIT) (size = Number(view.getBigUint64(y, true))), (y += 8);
        if (compressed === LIMIT) (compressed = Number(view.getBigUint64(y, true))), (y += 8);
        if (offset === LIMIT) offset = Number(view.getBigUint64(y, true));
      }
      x += 4 + length;
    }
    if (method !== 0) throw new Error(`${what}: entry '${name}' is compressed (method ${method}); only stored entries are read`);
    if (view.getUint32(offset, true) !== 0x04034b50) throw new Error(`${what}: corrupt local header of '${name}'`);
    const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    if (start + size > bytes.length) throw new Error(`${what}: entry '${name}' runs past the end of the archive`);
    const data = bytes.slice(start, start + size);
    if (crc32(data) !== crc) throw new Error(`${what}: entry '${name}' fails its CRC-32 check`);
    entries.push({ name, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
