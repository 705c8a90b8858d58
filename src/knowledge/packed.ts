/**
 * A file format for a tree of values (plain objects, arrays, Maps, Sets, typed arrays, regular
 * expressions and instances of known classes), read back with one `JSON.parse` and views into the
 * file's bytes: what the prebuilt knowledge base and /howto index are written in (prebuilt.ts).
 * `node:v8`'s serializer would do it too, but loading node:v8 loads Node's stream modules, a
 * noticeable share of a one-shot /howto.
 *
 * Layout (numbers in the machine's byte order; a file from a machine of the other order fails
 * the magic number):
 *
 *   bytes 0–31   header: eight 32-bit words
 *                  0 MAGIC ("SDKB" in ASCII on a little-endian machine)
 *                  1 VERSION
 *                  2 length of the binary section (a multiple of 8)
 *                  3 length of the JSON section (a multiple of 4)
 *                  4 CRC-32 (IEEE) of every other byte of the file: bytes 0–15, then 20 to the end
 *                  5–7 zero
 *   then         the binary section: every typed array's bytes, each starting at a multiple of 8
 *   then         the JSON section: UTF-8 JSON, padded with spaces, of { sections, value, revive }:
 *                `sections` lists the typed arrays as [type, byte offset, length]; `value` is the
 *                tree, with what JSON cannot say as an object tagged by its "$" key:
 *                  { "$": "ta", "i": n }                   the typed array of sections[n]
 *                  { "$": "map", "k": [...], "v": [...] }  a Map (its keys, its values)
 *                  { "$": "set", "v": [...] }              a Set
 *                  { "$": "re", "s": source, "f": flags }  a regular expression
 *                  { "$": "class", "c": name, "v": {...} } an instance of a class the caller names
 *                  { "$": "ext", "c": name }               a value the reader supplies (not written)
 *                  { "$": "u" }                            undefined
 *                  { "$": "num", "v": "NaN" | "Infinity" | "-Infinity" | "-0" }
 *                and `revive` lists where these are, as paths of keys and indexes from the root
 *                object, inner ones first: the reader replaces those and walks nothing else (a
 *                plain object that happens to have a "$" key stays as it is).
 *
 * A file that is short, has another magic number or version, another length than its header
 * says, another checksum than its bytes, or whose JSON or sections do not check out is refused
 * (readPacked returns undefined and tells its `refuse` callback why): the caller builds the value
 * anew, and nothing here ever writes to a file it read. The checksum is what catches a changed
 * byte in the binary section (read in place, never parsed) or in a number of the JSON; it is
 * zlib's CRC-32: ~0.5 ms for the ~0.9 MB knowledge file, plus ~3 ms to load node:zlib and the
 * stream modules it requires (only a one-shot /howto or /guide reads the file). The cheaper-looking
 * ways cost more in a process that has compiled nothing yet: a CRC or hash in JavaScript 5–15 ms,
 * a WebAssembly one ~2.5 ms at best (compiling, copying the bytes in, a first call in the baseline
 * tier) and far more on a loaded machine, node:crypto ~7 ms.
 * Writing to a temporary file and renaming it (writePackedFile) means a crash leaves the previous
 * file or none, not half of one. Object identity is kept for typed arrays only (one section each,
 * one view per section); typed arrays read are views into the file's bytes.
 */

import { renameSync, writeFileSync } from 'node:fs';
import { crc32 } from '../store/crc32.js';

export const MAGIC = 0x424b4453;
/** Bump when the layout or the tags change: older files are then refused. (2: the header's checksum.) */
export const VERSION = 2;
const HEADER_BYTES = 32;
/** Where the header's checksum is (byte offset; word 4). */
const CHECKSUM_AT = 16;

/** The checksum of a file's bytes: CRC-32 of all of them but the checksum's own four. */
export function packedChecksum(bytes: Uint8Array): number {
  return crc32(bytes.subarray(CHECKSUM_AT + 4), crc32(bytes.subarray(0, CHECKSUM_AT)));
}

type TypedArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
const TYPED: Record<string, { new (buffer: ArrayBuffer, byteOffset: number, length: number): TypedArray; readonly BYTES_PER_ELEMENT: number }> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
};

/** What the caller knows about: classes whose instances may be in the tree, and values it supplies itself (by name). */
export interface PackedKinds {
  readonly classes: Readonly<Record<string, { prototype: object }>>;
  /** Which external value this is, if it is one (written as a name, supplied again when reading). */
  readonly external?: (value: object) => string | undefined;
}

type Section = [type: string, offset: number, length: number];
type Path = (string | number)[];
interface Tree {
  sections: Section[];
  value: unknown;
  revive: Path[];
}

/** The file's bytes for `value`. Throws on a value the format cannot hold (a function, an unknown class, …). */
export function writePacked(value: unknown, kinds: PackedKinds): Buffer {
  const arrays: TypedArray[] = [];
  const sectionOf = new Map<TypedArray, number>();
  const sections: Section[] = [];
  const revive: Path[] = [];
  let binaryBytes = 0;
  const tagged = (path: Path, node: { $: string } & Record<string, unknown>) => {
    revive.push(path);
    return node;
  };
  const encode = (v: unknown, path: Path): unknown => {
    const where = () => path.join('.');
    if (v === undefined) return tagged(path, { $: 'u' });
    if (typeof v === 'number') {
      if (Number.isNaN(v) || !Number.isFinite(v) || Object.is(v, -0)) return tagged(path, { $: 'num', v: Object.is(v, -0) ? '-0' : String(v) });
      return v;
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v !== 'object') throw new Error(`cannot pack a ${typeof v} at ${where()}`);
    const ext = kinds.external?.(v);
    if (ext !== undefined) return tagged(path, { $: 'ext', c: ext });
    if (ArrayBuffer.isView(v)) {
      const type = v.constructor.name;
      if (!(type in TYPED)) throw new Error(`cannot pack a ${type} at ${where()}`);
      let i = sectionOf.get(v as TypedArray);
      if (i === undefined) {
        const a = v as TypedArray;
        i = sections.length;
        sections.push([type, binaryBytes, a.length]);
        sectionOf.set(a, i);
        arrays.push(a);
        binaryBytes += Math.ceil(a.byteLength / 8) * 8;
      }
      return tagged(path, { $: 'ta', i });
    }
    if (Array.isArray(v)) {
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) throw new Error(`cannot pack an array with holes at ${where()}`);
        out[i] = encode(v[i], [...path, i]);
      }
      return out;
    }
    if (v instanceof Map) {
      const k: unknown[] = [];
      const vs: unknown[] = [];
      for (const [key, val] of v) {
        if (key !== null && typeof key === 'object') throw new Error(`cannot pack a Map with object keys at ${where()}`);
        k.push(encode(key, [...path, 'k', k.length]));
        vs.push(encode(val, [...path, 'v', vs.length]));
      }
      return tagged(path, { $: 'map', k, v: vs });
    }
    if (v instanceof Set) {
      const members = [...v].map((x, i) => encode(x, [...path, 'v', i]));
      if (members.some((x) => (x as { $?: unknown } | null)?.$ === 'ext')) throw new Error(`cannot pack an external value in a Set at ${where()}`);
      return tagged(path, { $: 'set', v: members });
    }
    if (v instanceof RegExp) return tagged(path, { $: 're', s: v.source, f: v.flags });
    const proto = Object.getPrototypeOf(v) as object | null;
    // (An object without a prototype is read back as a plain one, as V8's serializer does.)
    const plain = proto === Object.prototype || proto === null;
    const fields: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) fields[k] = encode(x, plain ? [...path, k] : [...path, 'v', k]);
    if (plain) return fields;
    const name = Object.keys(kinds.classes).find((n) => kinds.classes[n]!.prototype === proto);
    if (!name) throw new Error(`cannot pack a ${(proto.constructor as { name?: string } | undefined)?.name ?? 'class instance'} at ${where()}: not a known class`);
    return tagged(path, { $: 'class', c: name, v: fields });
  };
  const tree: Tree = { sections, value: encode(value, ['value']), revive };
  let json = Buffer.from(JSON.stringify(tree), 'utf8');
  if (json.length % 4) json = Buffer.concat([json, Buffer.alloc(4 - (json.length % 4), ' ')]);
  const file = Buffer.alloc(HEADER_BYTES + binaryBytes + json.length);
  arrays.forEach((a, i) => file.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), HEADER_BYTES + sections[i]![1]));
  json.copy(file, HEADER_BYTES + binaryBytes);
  const header = new Uint32Array(file.buffer, file.byteOffset, HEADER_BYTES / 4);
  header.set([MAGIC, VERSION, binaryBytes, json.length, 0, 0, 0, 0]);
  header[CHECKSUM_AT / 4] = packedChecksum(file);
  return file;
}

/** Writes `bytes` to `file` through a temporary file, so that a reader never sees half of it. */
export function writePackedFile(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

/** The bytes 8-aligned in their own memory (a view into a Buffer pool may start anywhere). */
function aligned(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset % 8 === 0) return bytes;
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

/** A file's value, and where the values written by name go (see PackedKinds.external). */
export interface Packed {
  readonly value: unknown;
  /** Puts `value` wherever the external value `name` was (again on every call). */
  supply(name: string, value: unknown): void;
}

/** Where an external value goes: a key of an object or array, or of a Map. */
interface Slot {
  name: string;
  holder: object;
  key: unknown;
}

/**
 * The value a file holds, or undefined when the bytes are not such a file or do not check out
 * (then `refuse` is told why, in a few words). The bytes are only read. Typed arrays are views
 * into `bytes` (not copies); external values are undefined until supplied.
 */
export function readPacked(input: Uint8Array, kinds: PackedKinds, refuse: (reason: string) => void = () => {}): Packed | undefined {
  if (input.length < HEADER_BYTES) return void refuse(`${input.length} bytes, shorter than its header: cut`);
  // (A copy when the bytes are not 8-aligned, so that the views below can be made; input is never written.)
  const bytes = aligned(input);
  const header = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_BYTES / 4);
  const [magic, version, binaryBytes, jsonBytes, checksum] = header as unknown as number[];
  if (magic !== MAGIC) return void refuse('not a file of this format (another magic number)');
  if (version !== VERSION) return void refuse(`format version ${version}, this program reads version ${VERSION}`);
  if (binaryBytes! % 8 || jsonBytes! % 4 || header[5] || header[6] || header[7]) return void refuse('its header does not check out');
  if (HEADER_BYTES + binaryBytes! + jsonBytes! !== bytes.length) return void refuse(`${bytes.length} bytes where its header says ${HEADER_BYTES + binaryBytes! + jsonBytes!}: cut or added to`);
  if (packedChecksum(bytes) !== checksum) return void refuse('checksum mismatch: some bytes changed since it was written');
  try {
    const tree = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + HEADER_BYTES + binaryBytes!, jsonBytes).toString('utf8')) as Tree;
    const views = tree.sections.map(([type, offset, length]) => {
      const View = TYPED[type];
      if (!View || offset % 8 || offset + length * View.BYTES_PER_ELEMENT > binaryBytes!) throw new Error('a section out of bounds');
      return new View(bytes.buffer as ArrayBuffer, bytes.byteOffset + HEADER_BYTES + offset, length);
    });
    const slots: Slot[] = [];
    // An external value's slot moves when its holder is replaced: a class instance made of its
    // fields, a Map of its values.
    for (const path of tree.revive) {
      let holder = tree as unknown as Record<string | number, unknown>;
      for (let i = 0; i < path.length - 1; i++) holder = holder[path[i]!] as Record<string | number, unknown>;
      const key = path[path.length - 1]!;
      const o = holder[key] as Record<string, unknown>;
      let value: unknown;
      switch (o.$) {
        case 'ta':
          value = views[o.i as number];
          if (!value) throw new Error('no such section');
          break;
        case 'map': {
          // (Two arrays make far fewer objects than [key, value] pairs: JSON.parse and the
          // garbage collector after it take less time than the Map constructor would save.)
          const keys = o.k as unknown[];
          const values = o.v as unknown[];
          const m = new Map<unknown, unknown>();
          for (let i = 0; i < keys.length; i++) m.set(keys[i], values[i]);
          for (const s of slots) if (s.holder === values) Object.assign(s, { holder: m, key: keys[s.key as number] });
          value = m;
          break;
        }
        case 'set':
          value = new Set(o.v as unknown[]);
          break;
        case 're':
          value = new RegExp(o.s as string, o.f as string);
          break;
        case 'class': {
          const cls = kinds.classes[o.c as string];
          if (!cls) throw new Error(`unknown class ${String(o.c)}`);
          value = Object.assign(Object.create(cls.prototype) as object, o.v);
          for (const s of slots) if (s.holder === o.v) s.holder = value as object;
          break;
        }
        case 'ext':
          slots.push({ name: o.c as string, holder, key });
          value = undefined;
          break;
        case 'u':
          value = undefined;
          break;
        case 'num':
          value = o.v === '-0' ? -0 : Number(o.v);
          break;
        default:
          throw new Error(`unknown tag ${String(o.$)}`);
      }
      holder[key] = value;
    }
    return {
      value: tree.value,
      supply(name, v) {
        for (const s of slots) {
          if (s.name !== name) continue;
          if (s.holder instanceof Map) s.holder.set(s.key, v);
          else (s.holder as Record<string, unknown>)[s.key as string] = v;
        }
      },
    };
  } catch (err) {
    // Not JSON, or not the tree this format writes (written so by a faulty writer: the checksum held).
    return void refuse(`its contents do not check out (${(err as Error).message})`);
  }
}
