import { DefinitionError } from '../core/errors.js';
import { readLocaleFiles } from '../i18n/index.js';
import { LOCALES, type Locale } from '../i18n/locales.js';
import { PROGRAMS, programFileSchema, type Entry, type Program } from './schema.js';
import { latestChecks, readChecks, type SourceCheck } from './checks.js';

export interface KnowledgeBase {
  /** Entry ids in program order, then file order. */
  ids: string[];
  programs: Record<Locale, Record<Program, { title: string; summary: string; ids: string[] }>>;
  entry(id: string, locale: Locale): Entry | undefined;
  has(id: string): boolean;
  /** The latest recorded comparison of the entry with its source in this locale, if any. */
  lastCheck(id: string, locale: Locale): SourceCheck | undefined;
}

/** The knowledge base as data (what the build writes to dist/ for the bundled CLI, see prebuilt.ts). */
export interface KnowledgeParts {
  ids: string[];
  programs: KnowledgeBase['programs'];
  byLocale: Record<Locale, Map<string, Entry>>;
  /** Per entry, the latest source check in each locale. */
  latest: Map<string, Partial<Record<Locale, SourceCheck>>>;
}

/** The knowledge base over its validated data. */
export function knowledgeBaseOf(parts: KnowledgeParts): KnowledgeBase {
  const { ids, programs, byLocale, latest } = parts;
  return {
    ids,
    programs,
    entry: (id, locale) => byLocale[locale].get(id),
    has: (id) => byLocale.en.has(id),
    lastCheck: (id, locale) => latest.get(id)?.[locale],
  };
}

/**
 * Loads and validates every `kb-<program>.json` in every locale, with the recorded source checks
 * (locales/kb-checks.json). A malformed entry is refused naming the file, the entry and the field;
 * entries must match across locales; a check must name an entry that exists.
 */
export function loadKnowledgeBase(files = readLocaleFiles(), checks: readonly SourceCheck[] = readChecks()): KnowledgeBase {
  return knowledgeBaseOf(loadKnowledgeParts(files, checks));
}

/** loadKnowledgeBase's validated data. */
export function loadKnowledgeParts(files = readLocaleFiles(), checks: readonly SourceCheck[] = readChecks()): KnowledgeParts {
  const problems: string[] = [];
  const byLocale = {} as Record<Locale, Map<string, Entry>>;
  const programs = {} as KnowledgeBase['programs'];
  for (const locale of LOCALES) {
    const map = new Map<string, Entry>();
    byLocale[locale] = map;
    programs[locale] = {} as Record<Program, { title: string; summary: string; ids: string[] }>;
    for (const program of PROGRAMS) {
      const ns = `kb-${program}`;
      const raw = files[locale][ns];
      if (raw === undefined) {
        problems.push(`locales/${locale}/${ns}.json is missing`);
        continue;
      }
      const parsed = programFileSchema().safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues.slice(0, 10)) {
          const [top, id, ...field] = issue.path.map(String);
          const where = top === 'entries' ? `entry ${id}, field ${field.join('.') || '(entry)'}` : issue.path.join('.');
          problems.push(`locales/${locale}/${ns}.json: ${where}: ${issue.message}`);
        }
        continue;
      }
      const ids: string[] = [];
      for (const [id, e] of Object.entries(parsed.data.entries)) {
        if (!id.startsWith(`${program}.`)) problems.push(`locales/${locale}/${ns}.json: entry ${id} does not belong to ${program}`);
        map.set(id, { ...e, id, program });
        ids.push(id);
      }
      programs[locale][program] = { ...parsed.data.program, ids };
    }
  }
  const en = byLocale.en;
  for (const locale of LOCALES) {
    if (locale === 'en') continue;
    const other = byLocale[locale];
    for (const id of en.keys()) if (!other.has(id)) problems.push(`entry ${id} is missing in ${locale}`);
    for (const [id, e] of other) {
      const base = en.get(id);
      if (!base) {
        problems.push(`entry ${id} is in ${locale} but not in en`);
        continue;
      }
      for (const field of ['kind', 'role', 'template', 'source'] as const) {
        if (e[field] !== base[field]) problems.push(`entry ${id}, field ${field}: ${locale} says ${e[field]}, en says ${base[field]}`);
      }
      if (e.related.join() !== base.related.join()) problems.push(`entry ${id}, field related: ${locale} differs from en`);
      for (const field of ['steps', 'items', 'rules', 'warnings'] as const) {
        if (e[field].length !== base[field].length) {
          problems.push(`entry ${id}, field ${field}: ${locale} has ${e[field].length}, en has ${base[field].length}`);
        }
      }
      for (const field of ['steps', 'items', 'rules'] as const) {
        e[field].forEach((s, i) => {
          const b = base[field][i];
          if (b && s.labels.map((l) => l.ui).join('|') !== b.labels.map((l) => l.ui).join('|')) {
            problems.push(`entry ${id}, field ${field}.${i}.labels: the UI labels differ from en`);
          }
        });
      }
    }
  }
  for (const [id, e] of en) {
    for (const r of e.related) if (!en.has(r)) problems.push(`entry ${id}, field related: unknown entry ${r}`);
  }
  checks.forEach((c, i) => {
    if (!en.has(c.entry)) problems.push(`locales/kb-checks.json: check ${i + 1} names unknown entry ${c.entry}`);
  });
  if (problems.length) throw new DefinitionError(`the knowledge base has problems:\n  ${problems.join('\n  ')}`);
  const latest = latestChecks(checks);
  const ids = PROGRAMS.flatMap((p) => programs.en[p]?.ids ?? []);
  return { ids, programs, byLocale, latest };
}
