import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type Resource } from 'i18next';
import { LOCALES, type Locale } from './locales.js';
import { projectPath } from '../paths.js';
import { boundedCache, type BoundedCache } from '../cache.js';

/** A translate function fixed to one locale: a key (and its variables) → the string. */
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export type Namespaces = Record<string, unknown>;

/** Reads every `locales/<locale>/<namespace>.json` (or those `only` keeps); the file name is the namespace. */
export function readLocaleFiles(dir = projectPath('locales'), only: (namespace: string) => boolean = () => true): Record<Locale, Namespaces> {
  const out = {} as Record<Locale, Namespaces>;
  for (const locale of LOCALES) out[locale] = readLocale(dir, locale, only);
  return out;
}

/** One locale's files (those `only` keeps), by namespace. */
function readLocale(dir: string, locale: Locale, only: (namespace: string) => boolean): Namespaces {
  const ns: Namespaces = {};
  const localeDir = join(dir, locale);
  for (const file of readdirSync(localeDir).sort()) {
    if (!file.endsWith('.json') || !only(file.slice(0, -'.json'.length))) continue;
    const path = join(localeDir, file);
    try {
      ns[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`${path}: not valid JSON (${(err as Error).message})`, { cause: err });
    }
  }
  return ns;
}

/**
 * A locale's strings (every namespace but the knowledge base's) in one file, dist/strings/<locale>.json,
 * written by the build (scripts/bundle.ts) for the bundle: a one-shot command reads one file
 * instead of a directory and a file per namespace. It is used only by the program file it was
 * written for (the bundle; the sources and the tsc output never match) while the locale's string
 * files are the ones it was made from (names, sizes, modification times); anything else reads the files.
 */
interface PrebuiltStrings {
  fingerprint: string;
  namespaces: Namespaces;
}

function prebuiltStringsPath(locale: Locale): string {
  return projectPath('dist', 'strings', `${locale}.json`);
}

/**
 * What a locale's prebuilt strings depend on: the program file reading them and the locale's string
 * files (names, sizes, modification times). Stamping each file costs ~0.7 ms of a start (a readdir and
 * ten stats, measured in the bundle); one stamp written by the build, as the holiday and zone tables
 * have (table-stamp.ts: their inputs are version numbers the process already knows), would not do
 * here: a string file edited in place after the build changes only its own size and time (not its
 * directory's), so only looking at each file refuses a stale prebuilt file.
 */
function stringsFingerprint(reader: string, dir: string, locale: Locale): string {
  const localeDir = join(dir, locale);
  const files = readdirSync(localeDir)
    .sort()
    .filter((f) => f.endsWith('.json') && !isKnowledgeNamespace(f.slice(0, -'.json'.length)));
  const stamp = (path: string) => {
    const s = statSync(path, { throwIfNoEntry: false });
    return s ? `${s.size}:${s.mtimeMs}` : '-';
  };
  return [stamp(reader), ...files.map((f) => `${f}:${stamp(join(localeDir, f))}`)].join(',');
}

/** Writes every locale's prebuilt strings for `reader` (the program file that will read them). */
export function writePrebuiltStrings(reader: string, dir = projectPath('locales'), path = prebuiltStringsPath): void {
  for (const locale of LOCALES) {
    const saved: PrebuiltStrings = { fingerprint: stringsFingerprint(reader, dir, locale), namespaces: readLocale(dir, locale, (ns) => !isKnowledgeNamespace(ns)) };
    mkdirSync(dirname(path(locale)), { recursive: true });
    writeFileSync(path(locale), JSON.stringify(saved));
  }
}

/** A locale's prebuilt strings, or undefined when there are none for `reader` or they are stale. */
export function readPrebuiltStrings(locale: Locale, reader = fileURLToPath(import.meta.url), dir = projectPath('locales'), path = prebuiltStringsPath): Namespaces | undefined {
  let saved: PrebuiltStrings;
  try {
    saved = JSON.parse(readFileSync(path(locale), 'utf8')) as PrebuiltStrings;
  } catch {
    return undefined;
  }
  return saved.fingerprint === stringsFingerprint(reader, dir, locale) ? saved.namespaces : undefined;
}

/** A locale's strings (every namespace but the knowledge base's), by namespace. */
function readStrings(locale: Locale): Namespaces {
  return readPrebuiltStrings(locale) ?? readLocale(projectPath('locales'), locale, (ns) => !isKnowledgeNamespace(ns));
}

let instance: i18n | undefined;

/** Whether a namespace is a knowledge-base file (read by the knowledge base, not by i18next). */
export function isKnowledgeNamespace(ns: string): boolean {
  return ns.startsWith('kb-');
}

/**
 * The shared i18next instance, initialised synchronously on first use with English (every
 * namespace but the knowledge base's: src/knowledge reads those files itself, when it is first
 * used). The other languages' files are read when a string is first asked for in them
 * (`withLocale`): a one-shot command in English reads one language, not three.
 */
export function getI18n(): i18n {
  if (instance) return instance;
  const en = readStrings('en');
  const inst = i18next.createInstance();
  void inst.init({
    resources: { en: en as Resource[string] },
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    ns: Object.keys(en),
    defaultNS: 'common',
    // Each feature keeps its strings in its own file; keys are unique across files (tested).
    fallbackNS: Object.keys(en).filter((n) => n !== 'common'),
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  // A resource added later (tests register strings of test-only commands) is seen at once.
  const forget = () => {
    for (const memo of memos.values()) memo.clear();
    for (const memo of plainMemos.values()) memo.clear();
    // A translate function is a new one after a change: what was derived from the old one (the core's command lines) is redone.
    translators.clear();
  };
  inst.store.on('added', forget);
  inst.store.on('removed', forget);
  instance = inst;
  return inst;
}

/** Per locale, the translations with variables already made (see translator). */
const memos = new Map<Locale, BoundedCache<string, string>>();
/**
 * Per locale, the strings without variables: as many as the locale files have keys, so a plain map
 * (a hit is one look-up, not the bounded cache's move to the end); emptied if it ever holds MEMO_MAX.
 */
const plainMemos = new Map<Locale, Map<string, string>>();

/** Per locale, its translate function (one, so what is derived from it can be kept beside it). */
const translators = new Map<Locale, Translate>();

/** How many translations a locale remembers: a long deadline list or a burst of pings fits. */
const MEMO_MAX = 50_000;

/** The languages whose files the instance holds (English from the start). */
const loaded = new Set<Locale>(['en']);

/** The instance, holding `locale`'s strings (read now if they were not). Strings added before (tests) are kept. */
function withLocale(locale: Locale): i18n {
  const inst = getI18n();
  if (!loaded.has(locale)) {
    loaded.add(locale);
    for (const [ns, data] of Object.entries(readStrings(locale))) {
      inst.addResourceBundle(locale, ns, data, true, false);
    }
  }
  return inst;
}

/**
 * A translate function fixed to one locale; keys may name a namespace (`kb:entries.x.title`).
 * It remembers its answers (bounded, per locale): a list of deadlines or a burst of pings asks for
 * the same few strings (weekdays, deadline names, labels) thousands of times, and each i18next
 * lookup through the fallback namespaces costs more than the rest of a message. A call with
 * variables goes to `t(key, { lng })` (i18next's getFixedT copies all its options on every call).
 */
export function translator(locale: Locale): Translate {
  const made = translators.get(locale);
  if (made) return made;
  const i18n = withLocale(locale);
  let memo = memos.get(locale);
  if (!memo) memos.set(locale, (memo = boundedCache<string, string>(MEMO_MAX)));
  const known = memo;
  let plainMemo = plainMemos.get(locale);
  if (!plainMemo) plainMemos.set(locale, (plainMemo = new Map()));
  const plain = plainMemo;
  const t: Translate = (key, vars) => {
    if (vars === undefined) {
      let text = plain.get(key);
      if (text === undefined) {
        text = i18n.t(key, { lng: locale }) as string;
        if (plain.size >= MEMO_MAX) plain.clear();
        plain.set(key, text);
      }
      return text;
    }
    const k = memoKey(key, vars);
    let text = k === undefined ? undefined : known.get(k);
    if (text === undefined) {
      text = i18n.t(key, { ...vars, lng: locale }) as string;
      if (k !== undefined) known.set(k, text);
    }
    return text;
  };
  translators.set(locale, t);
  return t;
}

/** The memo key of a call with variables; undefined for variables JSON cannot write (not remembered). */
function memoKey(key: string, vars: Record<string, unknown>): string | undefined {
  try {
    return `${key}\u0000${JSON.stringify(vars)}`;
  } catch {
    return undefined;
  }
}

export function hasKey(locale: Locale, key: string): boolean {
  return withLocale(locale).exists(key, { lng: locale, fallbackLng: false } as never);
}
