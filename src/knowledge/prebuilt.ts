import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { LOCALES, type Locale } from '../i18n/locales.js';
import { projectPath } from '../paths.js';
import { CALIBRATION_FILE, readCalibration, type Calibration } from './calibration.js';
import type { KnowledgeBase, KnowledgeParts } from './loader.js';
import { LexiconRewriter, loadOutside } from './lexicon.js';
import { Normalizer } from './normalize.js';
import { readPacked, writePacked, writePackedFile, type PackedKinds } from './packed.js';
import { PROGRAMS, type Entry } from './schema.js';
import { HowtoIndex } from './search-index.js';
import { TermIds, TermTable } from './term-table.js';
import { Vocabulary } from './typo.js';

/*
 * The knowledge base and the /howto index, written by the build (scripts/bundle.ts) and read by
 * the bundled CLI, so a one-shot /howto or /guide neither validates the kb files again nor
 * rebuilds the index. The file holds the validated entries and whatever the index builder
 * produced: every field of the HowtoIndex, in packed.ts's format (JSON for the structure, the
 * typed arrays as bytes read in place), with the instances of the classes below restored to their
 * class; the normalizer is the running process's own. A file that does not check out (short,
 * corrupt, of another format version) is ignored like a stale one.
 *
 * It is used only by the code it was built for, over the knowledge-base files it was built from:
 * its header names the size and modification time of the program file that reads it (the bundle;
 * the sources and the tsc output never match) and of every kb-*.json. Anything else builds anew.
 */

/** Classes whose instances the index may hold, by name. Another class in it fails the build. */
const CLASSES: Record<string, { prototype: object }> = { HowtoIndex, TermTable, TermIds, Vocabulary, LexiconRewriter };

/** The normalizer is not written: the reading process supplies its own (by this name). */
const KINDS: PackedKinds = { classes: CLASSES, external: (v) => (v instanceof Normalizer ? 'normalizer' : undefined) };

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

/**
 * The knowledge base as written: each entry as its JSON text in UTF-8 bytes (a typed array: the
 * file's binary section, so reading the file does not scan it), parsed when first asked for. A
 * one-shot /howto shows one entry of the hundred-odd, and parsing them all was a good part of
 * reading the file.
 */
interface StoredKnowledge extends Omit<KnowledgeParts, 'byLocale'> {
  entries: Record<Locale, Map<string, Uint8Array>>;
}

/** The entries as JSON texts; an entry that JSON would not give back as it is fails the build. */
function storedKnowledge(kb: KnowledgeParts): StoredKnowledge {
  const { byLocale, ...rest } = kb;
  const entries = {} as StoredKnowledge['entries'];
  for (const locale of LOCALES) {
    entries[locale] = new Map();
    for (const [id, entry] of byLocale[locale]) {
      const text = JSON.stringify(entry);
      if (!isDeepStrictEqual(JSON.parse(text), entry)) throw new Error(`kb entry ${id} (${locale}) is not plain JSON data: it cannot be prebuilt`);
      entries[locale].set(id, new Uint8Array(Buffer.from(text, 'utf8')));
    }
  }
  return { ...rest, entries };
}

/** The knowledge base over stored entries, each parsed on first use (as knowledgeBaseOf over the parsed data). */
function knowledgeOf(stored: StoredKnowledge): KnowledgeBase {
  const { ids, programs, latest, entries } = stored;
  const parsed = Object.fromEntries(LOCALES.map((l) => [l, new Map<string, Entry>()])) as Record<Locale, Map<string, Entry>>;
  return {
    ids,
    programs,
    entry: (id, locale) => {
      let entry = parsed[locale].get(id);
      const text = entry ? undefined : entries[locale].get(id);
      if (text) parsed[locale].set(id, (entry = JSON.parse(Buffer.from(text.buffer, text.byteOffset, text.length).toString('utf8')) as Entry));
      return entry;
    },
    has: (id) => entries.en.has(id),
    lastCheck: (id, locale) => latest.get(id)?.[locale],
  };
}

interface Prebuilt {
  fingerprint: string;
  kb: StoredKnowledge;
  index: HowtoIndex;
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
  return writePacked({ fingerprint: fingerprint(reader), kb: storedKnowledge(kb), index, outside: loadOutside(), calibration: readCalibration() } satisfies Prebuilt, KINDS);
}

/**
 * What serialized bytes hold, or undefined when they were written for other code or other kb
 * files, or do not check out. The index is restored on first use, with the caller's normalizer.
 */
export function deserializePrebuilt(
  bytes: Uint8Array,
  reader = runningFile(),
): { kb: KnowledgeBase; outside: string[]; calibration: Calibration; index(normalizer: Normalizer): HowtoIndex | undefined } | undefined {
  const read = readPacked(bytes, KINDS);
  const data = read?.value as Partial<Prebuilt> | undefined;
  if (!data || data.fingerprint !== fingerprint(reader) || !data.kb || !data.outside || !data.calibration) return undefined;
  return {
    kb: knowledgeOf(data.kb),
    outside: data.outside,
    calibration: data.calibration,
    index: (normalizer) => {
      read!.supply('normalizer', normalizer);
      return data.index instanceof HowtoIndex ? data.index : undefined;
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

/** The prebuilt knowledge base, when there is one for this code and these kb files. */
export function readPrebuiltKnowledge(): KnowledgeBase | undefined {
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
  writePackedFile(file, serializePrebuilt(kb, index, reader));
}
