export const LOCALES = ['en', 'zh-CN', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Tags already mapped (see mapLocale). */
const mapped = new Map<string, Locale | undefined>();

/**
 * Maps a platform locale tag to one of ours, or undefined when we have no such language.
 * `zh`, `zh-Hans`, `zh-SG` → zh-CN; `zh-Hant`, `zh-HK`, `zh-MO` → zh-TW; `en-*` → en.
 */
export function mapLocale(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  // A platform sends a handful of tags (en-US, zh-TW …), several times for every command: each read once.
  if (mapped.has(tag)) return mapped.get(tag);
  const locale = readTag(tag);
  if (mapped.size >= 1000) mapped.clear();
  mapped.set(tag, locale);
  return locale;
}

function readTag(tag: string): Locale | undefined {
  const parts = tag.trim().replace(/_/g, '-').toLowerCase().split('-');
  const [lang, ...rest] = parts;
  if (lang === 'en') return 'en';
  if (lang !== 'zh') return undefined;
  if (rest.includes('hant') || rest.some((p) => p === 'tw' || p === 'hk' || p === 'mo')) return 'zh-TW';
  return 'zh-CN';
}

/** The language of a locale as people name it, for language pickers. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文', 'zh-TW': '繁體中文' };

export interface LocaleSources {
  userSetting?: Locale | undefined;
  /** The language the question is written in (conversational questions only). */
  textLocale?: Locale | undefined;
  platformLocale?: string | undefined;
  workspaceSetting?: Locale | undefined;
  workspacePlatformLocale?: string | undefined;
}

/**
 * The one order of precedence, for every reader (the asker of a command, the person a ping is
 * about): their own setting, else the language of the question (in conversation), else their
 * platform's locale, else the workspace default, else the workspace's platform locale. The
 * languages the sources name, in that order (undefined ones left out).
 */
export function localeCandidates(s: LocaleSources): Locale[] {
  const all = [s.userSetting, s.textLocale, mapLocale(s.platformLocale), s.workspaceSetting, mapLocale(s.workspacePlatformLocale)];
  return all.filter((l): l is Locale => l !== undefined);
}

/** The reader's language: the first of localeCandidates, else en. */
export function resolveLocale(s: LocaleSources): Locale {
  return localeCandidates(s)[0] ?? 'en';
}
