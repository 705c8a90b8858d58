import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../paths.js';

/**
 * The /howto domain lexicon (locales/lexicon.json): chat words for what the knowledge base says in
 * its own words ("give it the thumbs up" → approve design, "毙掉" → reject). Data, reviewed like the
 * knowledge base, not code. Before ranking, a phrase found in a question is read as its meaning.
 */

const phrase = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .refine((s) => /[\p{L}\p{N}]/u.test(s), 'a phrase needs a letter, a digit or a Chinese character');

export const lexiconSchema = z
  .object({
    about: z.string().optional(),
    groups: z.array(
      z
        .object({
          /** The knowledge base's words for it: in English (for an English phrase) and in Chinese (for a Chinese one). */
          means: z.object({ en: phrase, zh: phrase }).strict(),
          /** What people say instead. */
          say: z.array(phrase).min(1),
          /** Why the group is there (for reviewers). */
          note: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

export type LexiconFile = z.infer<typeof lexiconSchema>;

/** One phrase → its meaning. */
export interface LexiconPair {
  say: string;
  means: string;
}

/** The lexicon's pairs; a bad file names the problem (the bot does not start on it). */
export function parseLexicon(json: unknown, where = 'locales/lexicon.json'): LexiconPair[] {
  const parsed = lexiconSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${where}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const pairs: LexiconPair[] = [];
  const seen = new Map<string, string>();
  for (const g of parsed.data.groups) {
    for (const say of g.say) {
      // A Chinese phrase reads as the Chinese words, so the question stays in one language and
      // meets the entries' titles and questions whole.
      const means = /\p{Script=Han}/u.test(say) ? g.means.zh : g.means.en;
      const key = say.toLowerCase();
      const before = seen.get(key);
      if (before !== undefined && before !== means) throw new Error(`${where}: "${say}" means both "${before}" and "${means}"`);
      seen.set(key, means);
      pairs.push({ say, means });
    }
  }
  return pairs;
}

let cached: LexiconPair[] | undefined;

/** The project's lexicon, read once. */
export function loadLexicon(file = projectPath('locales', 'lexicon.json')): LexiconPair[] {
  if (file !== projectPath('locales', 'lexicon.json')) return parseLexicon(JSON.parse(readFileSync(file, 'utf8')), file);
  cached ??= parseLexicon(JSON.parse(readFileSync(file, 'utf8')));
  return cached;
}

/**
 * A compiled lexicon: rewrites normalized text, each phrase (whole Latin words; Chinese anywhere)
 * replaced by its meaning, longest phrase first. `normalize` is the normalizer's, so traditional
 * and simplified phrases meet the question alike.
 */
export class LexiconRewriter {
  private readonly pattern: RegExp | undefined;
  private readonly meaning = new Map<string, string>();

  constructor(pairs: readonly LexiconPair[], normalize: (s: string) => string) {
    for (const p of pairs) {
      const say = normalize(p.say).trim();
      if (say && !this.meaning.has(say)) this.meaning.set(say, normalize(p.means).trim());
    }
    const alternatives = [...this.meaning.keys()]
      .sort((a, b) => b.length - a.length)
      .map((s) => {
        const escaped = s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return `${/^[a-z0-9]/.test(s) ? '(?<![a-z0-9])' : ''}${escaped}${/[a-z0-9]$/.test(s) ? '(?![a-z0-9])' : ''}`;
      });
    this.pattern = alternatives.length ? new RegExp(alternatives.join('|'), 'gu') : undefined;
  }

  get size(): number {
    return this.meaning.size;
  }

  /** The text with every phrase read as its meaning, and the phrases found. */
  rewrite(normalized: string): { text: string; found: string[] } {
    if (!this.pattern) return { text: normalized, found: [] };
    const found: string[] = [];
    const text = normalized.replace(this.pattern, (m) => {
      found.push(m);
      return ` ${this.meaning.get(m) ?? m} `;
    });
    return { text, found };
  }
}
