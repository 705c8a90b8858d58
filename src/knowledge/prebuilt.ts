import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { LOCALES } from '../i18n/locales.js';
import { projectPath } from '../paths.js';
import { CALIBRATION_FILE, readCalibration, type Calibration } from './calibration.js';
import type { KnowledgeParts } from './loader.js';
import { LexiconRewriter, loadOutside } from './lexicon.js';
import { Normalizer } from './normalize.js';
import { PROGRAMS } from './schema.js';
import { HowtoIndex } from './search-index.js';
import { TermTable } from './term-table.js';
import { Vocabulary } from './typo.js';

/*
 * The knowledge base and the /howto index, written by the build (scripts/bundle.ts) and read by
 * the bundled CLI, so a one-shot /howto or /guide neither validates the kb files again nor
 * rebuilds the index. The file holds the validated entries and whatever the index builder
 * produced: every field of the HowtoIndex, as V8 serializes values (Maps, typed arrays, …), with
 * the instances of the classes below restored to their class; the normalizer is the running
 * process's own.
 *
 * It is used only by the code it was built for, over the knowledge-base files it was built from:
 * its header names the size and modification time of the program file that reads it (the bundle;
 * the sources and the tsc output never match) and of every kb-*.json. Anything else builds anew.
 */

/** Classes whose instances the index may hold, by name. Another class in it fails the build. */
const CLASSES: Record<string, { prototype: object }> = { HowtoIndex, TermTable, Vocabulary, LexiconRewriter };

/** node:v8, loaded when the file is read or written (it takes a while to load, and /help never needs it). */
function v8(): typeof import('node:v8') {
  return createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
}

/** A step into a value: a property or array index, or a Map's key. */
type Step = string | number | { key: unknown };
/** Where a class instance (or the normalizer) was, so reading restores it there and only there. */
interface Fixup {
  path: Step[];
  cls?: string;
  normalizer?: true;
}

/** The value as plain data V8 can serialize; class instances and the normalizer noted in `fixups` (innermost first). */
function encode(value: unknown, path: Step[], fixups: Fixup[]): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new Error(`the /howto index holds a ${typeof value} at ${JSON.stringify(path)}: it cannot be prebuilt`);
    return value;
  }
  if (value instanceof Normalizer) {
    fixups.push({ path, normalizer: true });
    return null;
  }
  // V8 serializes these itself.
  if (ArrayBuffer.isView(value) || value instanceof RegExp || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v, i) => encode(v, [...path, i], fixups));
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of value) {
      if (k !== null && typeof k === 'object') throw new Error('the /howto index has a Map with object keys: it cannot be prebuilt');
      out.set(k, v !== null && typeof v === 'object' ? encode(v, [...path, { key: k }], fixups) : v);
    }
    return out;
  }
  if (value instanceof Set) return new Set([...value].map((v) => encode(v, path, [])));
  const proto = Object.getPrototypeOf(value) as object | null;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) fields[k] = encode(v, [...path, k], fixups);
  if (proto === Object.prototype || proto === null) return fields;
  const name = Object.keys(CLASSES).find((n) => CLASSES[n]!.prototype === proto);
  if (!name) throw new Error(`the /howto index holds a ${proto.constructor.name}: add it to CLASSES in src/knowledge/prebuilt.ts`);
  fixups.push({ path, cls: name });
  return fields;
}

/** Puts the class instances and the normalizer back where encode noted them. */
function decode(root: unknown, fixups: readonly Fixup[], normalizer: Normalizer): unknown {
  const get = (v: unknown, step: Step): unknown => (typeof step === 'object' ? (v as Map<unknown, unknown>).get(step.key) : (v as Record<string | number, unknown>)[step]);
  for (const f of fixups) {
    const restore = (v: unknown): unknown => {
      if (f.normalizer) return normalizer;
      const cls = CLASSES[f.cls ?? ''];
      if (!cls) throw new Error(`unknown class ${f.cls} in the prebuilt /howto index`);
      return Object.assign(Object.create(cls.prototype) as object, v);
    };
    if (f.path.length === 0) {
      root = restore(root);
      continue;
    }
    let parent = root;
    for (const step of f.path.slice(0, -1)) parent = get(parent, step);
    const last = f.path.at(-1)!;
    if (typeof last === 'object') (parent as Map<unknown, unknown>).set(last.key, restore(get(parent, last)));
    else (parent as Record<string | number, unknown>)[last] = restore(get(parent, last));
  }
  return root;
}

/** What the prebuilt file depends on: the reading program file, the kb files, the checks, the lexicon and the calibration (size, mtime). */
function fingerprint(reader: string): string {
  const files = [reader, projectPath('locales', 'kb-checks.json'), projectPath('locales', 'lexicon.json'), CALIBRATION_FILE, ...LOCALES.flatMap((l) => PROGRAMS.map((p) => projectPath('locales', l, `kb-${p}.json`)))];
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

interface Prebuilt {
  fingerprint: string;
  kb: KnowledgeParts;
  index: unknown;
  fixups: Fixup[];
  /** The phrases of the topics the guides do not cover (outside.ts), as the lexicon lists them. */
  outside: string[];
  /** The /howto confidence model's calibration (confidence.ts). */
  calibration: Calibration;
}

/** The path of the prebuilt knowledge base and index. */
function prebuiltPath(): string {
  return projectPath('dist', 'knowledge.bin');
}

/** Serializes the knowledge base and its index for `reader` (the program file that will read them). */
export function serializePrebuilt(kb: KnowledgeParts, index: HowtoIndex, reader: string): Buffer {
  const fixups: Fixup[] = [];
  const data = encode(index, [], fixups);
  return v8().serialize({ fingerprint: fingerprint(reader), kb, index: data, fixups, outside: loadOutside(), calibration: readCalibration() } satisfies Prebuilt);
}

/** What serialized bytes hold, or undefined when they were written for other code or other kb files. */
export function deserializePrebuilt(
  bytes: Buffer,
  reader = runningFile(),
): { kb: KnowledgeParts; outside: string[]; calibration: Calibration; index(normalizer: Normalizer): HowtoIndex | undefined } | undefined {
  const data = v8().deserialize(bytes) as Partial<Prebuilt>;
  if (data.fingerprint !== fingerprint(reader) || !data.kb || !data.outside || !data.calibration) return undefined;
  return {
    kb: data.kb,
    outside: data.outside,
    calibration: data.calibration,
    index: (normalizer) => {
      const index = decode(data.index, data.fixups ?? [], normalizer);
      return index instanceof HowtoIndex ? index : undefined;
    },
  };
}

let loaded: ReturnType<typeof deserializePrebuilt> | null | undefined;

function prebuilt(): ReturnType<typeof deserializePrebuilt> {
  if (loaded === undefined) {
    loaded = null;
    try {
      loaded = deserializePrebuilt(readFileSync(prebuiltPath())) ?? null;
    } catch {
      // None (sources, tsc output, or not built): the callers load and build as usual.
    }
  }
  return loaded ?? undefined;
}

/** The prebuilt knowledge base's data, when there is one for this code and these kb files. */
export function readPrebuiltKnowledge(): KnowledgeParts | undefined {
  return prebuilt()?.kb;
}

/** The prebuilt outside topics' phrases (outside.ts), when there is a prebuilt file for this code and these kb files. */
export function readPrebuiltOutside(): string[] | undefined {
  return prebuilt()?.outside;
}

/** The prebuilt /howto calibration (confidence.ts), when there is a prebuilt file for this code and these files. */
export function readPrebuiltCalibration(): Calibration | undefined {
  return prebuilt()?.calibration;
}

/** The prebuilt index, when there is one for this code and these kb files. */
export function readPrebuiltIndex(normalizer: Normalizer): HowtoIndex | undefined {
  try {
    return prebuilt()?.index(normalizer);
  } catch {
    return undefined;
  }
}

/** Writes the prebuilt knowledge base and index for `reader`. */
export function writePrebuilt(kb: KnowledgeParts, index: HowtoIndex, reader: string, file = prebuiltPath()): void {
  writeFileSync(file, serializePrebuilt(kb, index, reader));
}
