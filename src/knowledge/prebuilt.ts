import { readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { LOCALES, type Locale } from '../i18n/locales.js';
import { projectPath } from '../paths.js';
import { CALIBRATION_FILE, readCalibration, type Calibration } from './calibration.js';
import type { KnowledgeBase, KnowledgeParts } from './loader.js';
import { LexiconRewriter, latinPhrases, loadOutside, loadVague } from './lexicon.js';
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
 * class; the normalizer is the running process's own.
 *
 * It is used only by the code it was built for, over the knowledge-base files it was built from:
 * it names the program file that reads it (the bundle, by its path in the package) with its size
 * and modification time, and the size and modification time of every kb-*.json, the checks, the
 * lexicon and the calibration. Another program file's (the sources and the tsc output never match)
 * is passed over quietly. A file that does not check out (cut, a changed byte: packed.ts's
 * checksum; another format version) or is stale (the bundle or one of those files changed since)
 * is refused: never used and never written to; the callers build from locales/ as when there is
 * none, and the app logs why once (resources.ts, takePrebuiltRefusal).
 */

/** Classes whose instances the index may hold, by name. Another class in it fails the build. */
const CLASSES: Record<string, { prototype: object }> = { HowtoIndex, TermTable, TermIds, Vocabulary, LexiconRewriter };

/** The normalizer is not written: the reading process supplies its own (by this name). */
const KINDS: PackedKinds = { classes: CLASSES, external: (v) => (v instanceof Normalizer ? 'normalizer' : undefined) };

/** A file by its path in the package (so a package moved elsewhere keeps its prebuilt file). */
function inPackage(file: string): string {
  const root = projectPath();
  // (path.relative resolves both paths: a few times slower, for every file stamped at start.)
  return file.startsWith(root) && (file[root.length] === sep || file[root.length] === '/') ? file.slice(root.length + 1) : relative(root, file);
}

/**
 * What the prebuilt file depends on, one "<path in the package>=<size>:<mtime>" each: the reading
 * program file, the kb files, the checks, the lexicon and the calibration.
 */
function fingerprint(reader: string): string[] {
  const files = [reader, projectPath('locales', 'kb-checks.json'), projectPath('locales', 'lexicon.json'), CALIBRATION_FILE, ...LOCALES.flatMap((l) => PROGRAMS.map((p) => projectPath('locales', l, `kb-${p}.json`)))];
  return files.map((f) => {
    const s = statSync(f, { throwIfNoEntry: false });
    return `${inPackage(f)}=${s ? `${s.size}:${s.mtimeMs}` : '-'}`;
  });
}

/** Why a fingerprint is not the current one (undefined when it is). */
function staleness(saved: unknown, current: string[]): string | undefined {
  if (!Array.isArray(saved) || saved.length !== current.length) return 'written from another list of files';
  const i = current.findIndex((c, k) => saved[k] !== c);
  if (i < 0) return undefined;
  const name = current[i]!.slice(0, current[i]!.lastIndexOf('='));
  return i === 0 ? `written for another build of ${name}` : `${name} changed since it was written`;
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
  /** The program file it was written for, by its path in the package. */
  reader: string;
  fingerprint: string[];
  kb: StoredKnowledge;
  index: HowtoIndex;
  /** The phrases of the topics the guides do not cover (outside.ts), as the lexicon lists them. */
  outside: string[];
  /** The phrases that name no topic (vague.ts), as the lexicon lists them. */
  vague: string[];
  /** Their phrases without Chinese characters, normalized (lexicon.ts latinPhrases): an English question's only. */
  outsideLatin: string[];
  vagueLatin: string[];
  /** The /howto confidence model's calibration (confidence.ts). */
  calibration: Calibration;
}

/** The path of the prebuilt knowledge base and index. */
function prebuiltPath(): string {
  return projectPath('dist', 'knowledge.bin');
}

/** Serializes the knowledge base and its index for `reader` (the program file that will read them). */
export function serializePrebuilt(kb: KnowledgeParts, index: HowtoIndex, reader: string): Buffer {
  const normalize = (text: string) => index.normalizer.normalize(text);
  const [outside, vague] = [loadOutside(), loadVague()];
  return writePacked(
    {
      reader: inPackage(reader),
      fingerprint: fingerprint(reader),
      kb: storedKnowledge(kb),
      index,
      outside,
      vague,
      outsideLatin: latinPhrases(outside, normalize),
      vagueLatin: latinPhrases(vague, normalize),
      calibration: readCalibration(),
    } satisfies Prebuilt,
    KINDS,
  );
}

/**
 * What serialized bytes hold, or undefined when they were written for another program file
 * (quietly), do not check out or are stale (then `refuse` is told why). The bytes are only read.
 * The index is restored on first use, with the caller's normalizer.
 */
export function deserializePrebuilt(
  bytes: Uint8Array,
  reader = runningFile(),
  refuse: (reason: string) => void = () => {},
): { kb: KnowledgeBase; outside: string[]; vague: string[]; outsideLatin: string[]; vagueLatin: string[]; calibration: Calibration; index(normalizer: Normalizer): HowtoIndex | undefined } | undefined {
  const read = readPacked(bytes, KINDS, refuse);
  const data = read?.value as Partial<Prebuilt> | undefined;
  if (!data) return undefined;
  if (data.reader !== inPackage(reader)) return undefined;
  const stale = staleness(data.fingerprint, fingerprint(reader));
  if (stale) return void refuse(`stale: ${stale}`);
  if (!data.kb || !data.outside || !data.vague || !data.outsideLatin || !data.vagueLatin || !data.calibration) return void refuse('its contents do not check out (a part is missing)');
  return {
    kb: knowledgeOf(data.kb),
    outside: data.outside,
    vague: data.vague,
    outsideLatin: data.outsideLatin,
    vagueLatin: data.vagueLatin,
    calibration: data.calibration,
    index: (normalizer) => {
      read!.supply('normalizer', normalizer);
      return data.index instanceof HowtoIndex ? data.index : undefined;
    },
  };
}

/**
 * What the prebuilt file `file` holds for `reader`, or undefined when there is none (quietly) or it
 * is refused (`refuse` is told why). The file is only read.
 */
export function loadPrebuilt(file: string, reader: string, refuse: (reason: string) => void): ReturnType<typeof deserializePrebuilt> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    // None (not built): the callers load and build as usual.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') refuse(`cannot be read (${(err as Error).message})`);
    return undefined;
  }
  return deserializePrebuilt(bytes, reader, refuse);
}

let loaded: ReturnType<typeof deserializePrebuilt> | null | undefined;
/** Why the file was refused, until the app has logged it (takePrebuiltRefusal). */
let refusal: string | undefined;

function prebuilt(): ReturnType<typeof deserializePrebuilt> {
  if (loaded === undefined) {
    loaded = null;
    try {
      loaded = loadPrebuilt(prebuiltPath(), runningFile(), (why) => (refusal ??= why)) ?? null;
    } catch (err) {
      refusal ??= `cannot be read (${(err as Error).message})`;
    }
  }
  return loaded ?? undefined;
}

/**
 * Why dist/knowledge.bin was refused, with its path, the first time this is asked after it was
 * (undefined when it was used, is missing, is another program file's, or was told already): so
 * that a process logs it once.
 */
export function takePrebuiltRefusal(): { file: string; reason: string } | undefined {
  prebuilt();
  const reason = refusal;
  refusal = undefined;
  return reason === undefined ? undefined : { file: prebuiltPath(), reason };
}

/** The prebuilt knowledge base, when there is one for this code and these kb files. */
export function readPrebuiltKnowledge(): KnowledgeBase | undefined {
  return prebuilt()?.kb;
}

/** The prebuilt outside topics' phrases (outside.ts), when there is a prebuilt file for this code and these kb files. */
export function readPrebuiltOutside(): string[] | undefined {
  return prebuilt()?.outside;
}

/** The prebuilt vague phrases (vague.ts), when there is a prebuilt file for this code and these kb files. */
export function readPrebuiltVague(): string[] | undefined {
  return prebuilt()?.vague;
}

/** The prebuilt outside topics' phrases without Chinese characters, normalized (see readPrebuiltOutside). */
export function readPrebuiltOutsideLatin(): string[] | undefined {
  return prebuilt()?.outsideLatin;
}

/** The prebuilt vague phrases without Chinese characters, normalized (see readPrebuiltVague). */
export function readPrebuiltVagueLatin(): string[] | undefined {
  return prebuilt()?.vagueLatin;
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
