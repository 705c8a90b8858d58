let table: Int32Array | undefined;

/**
 * CRC-32 (IEEE), the same numbers as `zlib.crc32(data, value)`: a string counts as its UTF-8 bytes,
 * and `value` continues a running checksum. Our own few lines because loading node:zlib takes
 * longer than a one-shot command's whole work.
 */
export function crc32(data: string | Uint8Array, value = 0): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let crc = ~value;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
