import { describe, expect, it } from 'vitest';
import { MAGIC, readPacked, VERSION, writePacked, type PackedKinds } from '../../src/knowledge/packed.js';

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

  it('starts with its magic number and version', () => {
    const words = new Uint32Array(writePacked({}, kinds).buffer.slice(0, 8));
    expect([...words]).toEqual([MAGIC, VERSION]);
  });

  it('refuses bytes that are short, of another version, cut, or whose JSON or sections do not check out', () => {
    const bytes = writePacked(value, kinds);
    expect(readPacked(new Uint8Array(0), kinds)).toBeUndefined();
    expect(readPacked(bytes.subarray(0, bytes.length - 4), kinds)).toBeUndefined();
    const version = Buffer.from(bytes);
    version.writeUInt32LE(VERSION + 1, 4);
    expect(readPacked(version, kinds)).toBeUndefined();
    const json = Buffer.from(bytes);
    json.write('}', json.length - 10);
    expect(readPacked(json, kinds)).toBeUndefined();
    const section = Buffer.from(writePacked({ a: new Float64Array(2) }, kinds));
    const text = section.toString('utf8', 32 + 16);
    section.write(text.replace('"Float64Array",0,2', '"Float64Array",0,9'), 32 + 16);
    expect(readPacked(section, kinds)).toBeUndefined();
    expect(readPacked(writePacked(new Point(1, new Float64Array(0), null), kinds), { classes: {} })).toBeUndefined();
  });

  it('fails to write what it could not give back', () => {
    expect(() => writePacked({ f: () => 1 }, kinds)).toThrow(/function at value.f/);
    expect(() => writePacked({ h: new Helper() }, kinds)).toThrow(/Helper at value.h: not a known class/);
    expect(() => writePacked(new Map([[{}, 1]]), kinds)).toThrow(/object keys/);
    expect(() => writePacked(new Array<number>(2), kinds)).toThrow(/holes/);
    expect(() => writePacked(new Set([helper]), kinds)).toThrow(/external value in a Set/);
  });
});
