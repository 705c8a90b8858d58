import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAGIC, packedChecksum, readPacked, VERSION, writePacked, type PackedKinds } from '../../src/knowledge/packed.js';

class Point {
  constructor(
    readonly x: number,
    readonly y: Float64Array,
    readonly helper: unknown,
  ) {}
  norm(): number {
    return Math.hypot(this.x, ...this.y);
  }
}
class Helper {}
const helper = new Helper();
const kinds: PackedKinds = { classes: { Point }, external: (v) => (v === helper ? 'helper' : undefined) };

const shared = new Int32Array([1, -2, 3]);
const value = {
  text: '设计 "quoted" \\ \u2028 and a lone \ud800 surrogate',
  numbers: [0, -0, 1.5e-300, NaN, Infinity, -Infinity, 2 ** 53],
  flags: [true, false, null, undefined],
  missing: undefined,
  dollar: { $: 'map', k: 1 },
  map: new Map<unknown, unknown>([
    ['a', 1],
    [2, { deep: new Set(['x', 'y']) }],
    [undefined, 'undefined key'],
    ['helper', helper],
  ]),
  pattern: /设计(?:师)?/giu,
  shared: [shared, shared],
  floats: new Float64Array([0.1, -0, NaN]),
  bytes: new Uint8Array([255, 0, 7]),
  point: new Point(3, new Float64Array([4]), helper),
};

describe('the packed file format', () => {
  it('gives back what it was given: Maps, Sets, typed arrays (shared ones shared), patterns, undefined, -0 and NaN, class instances', () => {
    const read = readPacked(writePacked(value, kinds), kinds)!;
    read.supply('helper', helper);
    const back = read.value as typeof value;
    expect(back).toEqual(value);
    expect(Object.is(back.numbers[1], -0)).toBe(true);
    expect('missing' in back).toBe(true);
    expect(back.shared[0]).toBe(back.shared[1]);
    expect(back.pattern.flags).toBe('giu');
    expect(back.point).toBeInstanceOf(Point);
    expect(back.point.norm()).toBe(5);
    expect(back.point.helper).toBe(helper);
    expect(back.map.get('helper')).toBe(helper);
  });

  it('puts the values the reader supplies where they were, and again when supplied anew', () => {
    const read = readPacked(writePacked(value, kinds), kinds)!;
    const back = read.value as typeof value;
    expect(back.point.helper).toBeUndefined();
    const other = new Helper();
    read.supply('helper', other);
    expect(back.point.helper).toBe(other);
    expect(back.map.get('helper')).toBe(other);
  });

  it('reads its typed arrays in place, also from bytes that do not start on an 8-byte boundary', () => {
    const bytes = writePacked({ a: new Float64Array([1.25, 2.5]) }, kinds);
    const shifted = new Uint8Array(bytes.length + 4).subarray(4);
    shifted.set(bytes);
    expect((readPacked(shifted, kinds)!.value as { a: Float64Array }).a).toEqual(new Float64Array([1.25, 2.5]));
  });

  it('starts with its magic number, version, lengths and the CRC-32 of its other bytes', () => {
    const file = writePacked({ a: new Float64Array([1]) }, kinds);
    const words = new Uint32Array(file.buffer.slice(file.byteOffset, file.byteOffset + 32));
    expect([...words.subarray(0, 4)]).toEqual([MAGIC, VERSION, 8, file.length - 40]);
    expect(words[4]).toBe(crc32(file.subarray(20), crc32(file.subarray(0, 16))));
    expect(words[4]).toBe(packedChecksum(file));
    expect([...words.subarray(5)]).toEqual([0, 0, 0]);
  });

  /** What readPacked says of `bytes` (undefined: it read them). */
  const refusal = (bytes: Uint8Array, k = kinds): string | undefined => {
    let why: string | undefined;
    const read = readPacked(bytes, k, (r) => (why = r));
    expect(read === undefined).toBe(why !== undefined);
    return why;
  };
  /** `bytes` with its checksum made to match again (what a faulty writer would leave). */
  const resealed = (bytes: Buffer): Buffer => {
    bytes.writeUInt32LE(packedChecksum(bytes), 16);
    return bytes;
  };

  it('refuses bytes that are short, of another version, cut, with a changed byte, or whose JSON or sections do not check out', () => {
    const bytes = writePacked(value, kinds);
    expect(refusal(bytes)).toBeUndefined();
    expect(refusal(new Uint8Array(0))).toMatch(/shorter than its header/);
    expect(refusal(bytes.subarray(0, bytes.length - 4))).toMatch(/where its header says .*cut/);
    expect(refusal(bytes.subarray(0, bytes.length - 3))).toMatch(/where its header says/);
    expect(refusal(Buffer.concat([bytes, Buffer.alloc(8, ' ')]))).toMatch(/where its header says/);
    const version = Buffer.from(bytes);
    version.writeUInt32LE(VERSION + 1, 4);
    expect(refusal(version)).toBe(`format version ${VERSION + 1}, this program reads version ${VERSION}`);
    expect(refusal(resealed(version))).toMatch(/format version/);
    const older = Buffer.from(bytes);
    older.writeUInt32LE(1, 4);
    older.writeUInt32LE(0, 16);
    expect(refusal(older)).toMatch(/format version 1/);
    const magic = Buffer.from(bytes);
    magic.write('XXXX', 0);
    expect(refusal(magic)).toMatch(/another magic number/);
    const header = Buffer.from(bytes);
    header.writeUInt32LE(1, 28);
    expect(refusal(header)).toMatch(/header does not check out/);
    // Every byte but the checksum's own is covered: one changed bit anywhere is refused.
    for (const at of [8, 20, 32, 40, bytes.length - 40, bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[at]! ^= 0x01;
      expect(refusal(flipped), `byte ${at}`).toMatch(at < 32 ? /./ : /checksum mismatch/);
    }
    const checksum = Buffer.from(bytes);
    checksum[17]! ^= 0x80;
    expect(refusal(checksum)).toMatch(/checksum mismatch/);
    // A number in the JSON changed: still JSON, caught by the checksum alone.
    const float = writePacked({ a: new Float64Array([1.5]), n: 12345 }, kinds);
    const digit = Buffer.from(float);
    digit.write(digit.toString('latin1').replace('12345', '12346'), 0, 'latin1');
    expect(digit.equals(float)).toBe(false);
    expect(refusal(digit)).toMatch(/checksum mismatch/);
    const json = resealed(Buffer.from(bytes));
    json.write('}', json.length - 10);
    expect(refusal(resealed(json))).toMatch(/contents do not check out/);
    const section = Buffer.from(writePacked({ a: new Float64Array(2) }, kinds));
    const text = section.toString('utf8', 32 + 16);
    section.write(text.replace('"Float64Array",0,2', '"Float64Array",0,9'), 32 + 16);
    expect(refusal(resealed(section))).toMatch(/contents do not check out \(a section out of bounds\)/);
    expect(refusal(writePacked(new Point(1, new Float64Array(0), null), kinds), { classes: {} })).toMatch(/unknown class Point/);
  });

  it('never writes to the bytes it reads, refused or not', () => {
    const bytes = writePacked(value, kinds);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 20]! ^= 0x04;
    const odd = new Uint8Array(bytes.length + 1).subarray(1);
    odd.set(bytes);
    for (const b of [bytes, flipped, bytes.subarray(0, bytes.length - 8), odd]) {
      const before = Buffer.from(b);
      readPacked(b, kinds);
      expect(Buffer.from(b).equals(before)).toBe(true);
    }
  });

  it('fails to write what it could not give back', () => {
    expect(() => writePacked({ f: () => 1 }, kinds)).toThrow(/function at value.f/);
    expect(() => writePacked({ h: new Helper() }, kinds)).toThrow(/Helper at value.h: not a known class/);
    expect(() => writePacked(new Map([[{}, 1]]), kinds)).toThrow(/object keys/);
    expect(() => writePacked(new Array<number>(2), kinds)).toThrow(/holes/);
    expect(() => writePacked(new Set([helper]), kinds)).toThrow(/external value in a Set/);
  });
});
