let table: Int32Array | undefined;
let native: ((data: Uint8Array, value?: number) => number) | undefined;

/** Inputs at least this big go to zlib's CRC-32 (a snapshot of a big workspace, a fold's chunks). */
export const NATIVE_CRC_BYTES = 64 * 1024;

/**
 * CRC-32 (IEEE), the same numbers as `zlib.crc32(data, value)`: a string counts as its UTF-8 bytes,
 * and `value` continues a running checksum. Small inputs (a journal line, a manifest) go through
 * our own few lines, because loading node:zlib takes longer than a one-shot command's whole work;
 * big ones (a 35 MB snapshot checked at open) through zlib's, several times faster, loaded then.
 */
export function crc32(data: string | Uint8Array, value = 0): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (bytes.length >= NATIVE_CRC_BYTES) {
    native ??= (process.getBuiltinModule('node:zlib') as typeof import('node:zlib')).crc32;
    return native(bytes, value);
  }
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = ~value;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
