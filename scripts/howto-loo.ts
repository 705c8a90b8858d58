/**
 * Leave-one-out questions for tuning and calibrating /howto: the knowledge base's own alternative
 * questions and titles, each asked of an index built without it. Fold k leaves out the k-th question of every
 * entry in every locale (the locales' k-th questions are often translations of one another, so they
 * go together), so each question meets the index the way a teammate's new wording would.
 */
import { LOCALES, type Locale } from '../src/i18n/locales.js';
import type { KnowledgeBase } from '../src/knowledge/loader.js';
import type { Normalizer } from '../src/knowledge/normalize.js';
import { DEFAULT_PARAMS, HowtoIndex, type SearchParams, type SearchResult } from '../src/knowledge/search-index.js';
import { loadLexicon } from '../src/knowledge/lexicon.js';

export interface LooQuestion {
  id: string;
  locale: Locale;
  q: string;
  result: SearchResult;
}

/**
 * The normalizer with its analyses remembered: tuning builds hundreds of indexes over the same
 * text, and the analysis does not depend on the ranking parameters.
 */
export function memoized(normalizer: Normalizer): Normalizer {
  const cache = new Map<string, ReturnType<Normalizer['analyze']>>();
  const analyze = normalizer.analyze.bind(normalizer);
  return Object.assign(Object.create(normalizer) as Normalizer, {
    analyze(text: string, withCues = true) {
      const key = `${withCues ? 1 : 0}${text}`;
      let hit = cache.get(key);
      if (!hit) cache.set(key, (hit = analyze(text, withCues)));
      return hit;
    },
  });
}

/** The most alternative questions any entry has in any locale (the number of folds). */
export function foldCount(kb: KnowledgeBase): number {
  let n = 0;
  for (const id of kb.ids) for (const locale of LOCALES) n = Math.max(n, kb.entry(id, locale)?.questions.length ?? 0);
  return n;
}

/** Every alternative question, searched with it left out of the index. */
export function looQuestions(kb: KnowledgeBase, normalizer: Normalizer, params: SearchParams = DEFAULT_PARAMS, limit = 5): LooQuestion[] {
  const out: LooQuestion[] = [];
  const folds = foldCount(kb);
  for (let k = 0; k < folds; k++) {
    const index = new HowtoIndex(kb, normalizer, params, { skipQuestion: (_id, _locale, i) => i === k, lexicon: loadLexicon() });
    for (const id of kb.ids) {
      for (const locale of LOCALES) {
        const q = kb.entry(id, locale)?.questions[k];
        if (q) out.push({ id, locale, q, result: index.search(q, limit) });
      }
    }
  }
  return out;
}

/**
 * Every Chinese alternative question asked the way a close paraphrase of a listed question would be:
 * the zh-CN and zh-TW lists are worded independently for the same questions, so the k-th question
 * of one is asked with its own and the English k-th question left out and the other script's k-th
 * question kept. Pairs that read the same once normalized are skipped (that would be no test).
 */
export function looParaphrases(kb: KnowledgeBase, normalizer: Normalizer, params: SearchParams = DEFAULT_PARAMS, limit = 5): LooQuestion[] {
  const out: LooQuestion[] = [];
  const folds = foldCount(kb);
  const words = (q: string) => normalizer.segments(q).map((s) => s.text).join(' ');
  for (const [own, other] of [['zh-CN', 'zh-TW'], ['zh-TW', 'zh-CN']] as const) {
    for (let k = 0; k < folds; k++) {
      const index = new HowtoIndex(kb, normalizer, params, { skipQuestion: (_id, locale, i) => i === k && locale !== other, lexicon: loadLexicon() });
      for (const id of kb.ids) {
        const q = kb.entry(id, own)?.questions[k];
        const kept = kb.entry(id, other)?.questions[k];
        if (q && kept && words(q) !== words(kept)) out.push({ id, locale: own, q, result: index.search(q, limit) });
      }
    }
  }
  return out;
}

/**
 * Every entry's titles, searched with that entry's titles left out of the index: questions worded
 * the plain way a title is ("Approve a design", "视频验证准备清单"), which the alternative questions
 * (written to be varied) under-represent.
 */
export function looTitles(kb: KnowledgeBase, normalizer: Normalizer, params: SearchParams = DEFAULT_PARAMS, limit = 5): LooQuestion[] {
  const out: LooQuestion[] = [];
  for (const id of kb.ids) {
    const index = new HowtoIndex(kb, normalizer, params, { skipTitle: (e) => e === id, lexicon: loadLexicon() });
    for (const locale of LOCALES) {
      const q = kb.entry(id, locale)?.title;
      if (q) out.push({ id, locale, q, result: index.search(q, limit) });
    }
  }
  return out;
}

/** Top-1 accuracy and mean reciprocal rank (0 when not in the hits) of leave-one-out questions. */
export function rankingQuality(questions: readonly LooQuestion[]): { top1: number; top3: number; mrr: number } {
  let top1 = 0;
  let top3 = 0;
  let mrr = 0;
  for (const q of questions) {
    const at = q.result.hits.findIndex((h) => h.id === q.id);
    if (at === 0) top1++;
    if (at >= 0 && at < 3) top3++;
    if (at >= 0) mrr += 1 / (at + 1);
  }
  const n = Math.max(1, questions.length);
  return { top1: top1 / n, top3: top3 / n, mrr: mrr / n };
}
