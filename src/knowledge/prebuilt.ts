import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { LOCALES } from '../i18n/locales.js';
import { projectPath } from '../paths.js';
import { Normalizer } from './normalize.js';
import { PROGRAMS } from './schema.js';
import { HowtoIndex } from './search-index.js';
import { Vocabulary } from './typo.js';

/*
 * The /howto index written by the build (scripts/bundle.ts) and read by the bundled CLI, so a
 * one-shot /howto does not rebuild it. The file holds whatever the index builder produced: every
 * field of the HowtoIndex, as V8 serializes values (Maps, typed arrays, …), with the instances of
 * the classes below restored to their class; the normalizer is the running process's own.
 *
 * It is used only by the code it was built for, over the knowledge-base files it was built from:
 * its header names the size and modification time of the program file that reads it (the bundle;
 * the sources and the tsc output never match) and of every kb-*.json. Anything else builds anew.
 */

/** Classes whose instances the index may hold, by name. Another class in it fails the build. */
const CLASSES: Record<string, { prototype: object }> = { HowtoIndex, Vocabulary };
const NORMALIZER = { $normalizer: true };

/** node:v8, loaded when an index is read or written (it takes a while to load, and /help never needs it). */
function v8(): typeof import('node:v8') {
  return createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
}

interface Tagged {
  $class: string;
  fields: Record<string, unknown>;
}

function encode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new Error(`the /howto index holds a ${typeof value}: it cannot be prebuilt`);
    return value;
  }
  if (value instanceof Normalizer) return NORMALIZER;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(encode);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [encode(k), encode(v)]));
  if (value instanceof Set) return new Set([...value].map(encode));
  const proto = Object.getPrototypeOf(value) as object | null;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) fields[k] = encode(v);
  if (proto === Object.prototype || proto === null) return fields;
  const name = Object.keys(CLASSES).find((n) => CLASSES[n]!.prototype === proto);
  if (!name) throw new Error(`the /howto index holds a ${proto.constructor.name}: add it to CLASSES in src/knowledge/prebuilt.ts`);
  return { $class: name, fields } satisfies Tagged;
}

function decode(value: unknown, normalizer: Normalizer): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v !== null && typeof v === 'object') value[i] = decode(v, normalizer);
    }
    return value;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) if (v !== null && typeof v === 'object') value.set(k, decode(v, normalizer));
    return value;
  }
  if (value instanceof Set) return value;
  const o = value as Record<string, unknown>;
  if (o.$normalizer === true) return normalizer;
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v !== null && typeof v === 'object') o[k] = decode(v, normalizer);
  }
  if (typeof o.$class === 'string' && o.fields) {
    const cls = CLASSES[o.$class];
    if (!cls) throw new Error(`unknown class ${o.$class} in the prebuilt /howto index`);
    return Object.assign(Object.create(cls.prototype) as object, o.fields);
  }
  return o;
}

/** What the prebuilt index depends on: the reading program file and the kb files (size, mtime). */
function fingerprint(reader: string): string {
  const files = [reader, ...LOCALES.flatMap((l) => PROGRAMS.map((p) => projectPath('locales', l, `kb-${p}.json`)))];
  return files
    .map((f) => {
      const s = statSync(f, { throwIfNoEntry: false });
      return s ? `${s.size}:${s.mtimeMs}` : '-';
    })
    .join(',');
}

/** The file this module runs from: the bundle, or the module itself when run from sources or tsc output. */
function runningFile(): string {
  return fileURLToPath(import.meta.url);
}

/** Serializes an index for `reader` (the program file that will read it). */
export function serializeIndex(index: HowtoIndex, reader: string): Buffer {
  return v8().serialize({ fingerprint: fingerprint(reader), index: encode(index) });
}

/** The index from serialized bytes, or undefined when they were written for other code or other kb files. */
export function deserializeIndex(bytes: Buffer, normalizer: Normalizer, reader = runningFile()): HowtoIndex | undefined {
  const data = v8().deserialize(bytes) as { fingerprint?: unknown; index?: unknown };
  if (data.fingerprint !== fingerprint(reader)) return undefined;
  const index = decode(data.index, normalizer);
  return index instanceof HowtoIndex ? index : undefined;
}

/** The path of the prebuilt index. */
export function prebuiltIndexPath(): string {
  return projectPath('dist', 'howto-index.bin');
}

/** The prebuilt index when there is one for this code and these kb files. */
export function readPrebuiltIndex(normalizer: Normalizer): HowtoIndex | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(prebuiltIndexPath());
  } catch {
    return undefined;
  }
  try {
    return deserializeIndex(bytes, normalizer);
  } catch {
    return undefined;
  }
}

/** Writes the prebuilt index for `reader`, built as getHowtoIndex builds it. */
export function writePrebuiltIndex(index: HowtoIndex, reader: string, file = prebuiltIndexPath()): void {
  writeFileSync(file, serializeIndex(index, reader));
}
