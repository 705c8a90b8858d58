import { decide, suggestions, type Decision } from './confidence.js';
import type { KnowledgeBase } from './loader.js';
import type { HowtoIndex, SearchResult } from './search-index.js';
import { outsideTopics } from './outside.js';
import { isVague } from './vague.js';

export interface Answer {
  result: SearchResult;
  decision: Decision;
  /** The question normalized, for grouping unanswered questions. */
  key: string;
  /** The phrase naming a topic the guides do not cover (see outside.ts), when the question holds one. */
  outside?: string | undefined;
  /** Set when the entries offered are the two sides' (Seller Collab) and the question does not say which side asks. */
  byRole?: boolean | undefined;
  /** Set when the question names no topic, only that something went wrong or waits (see vague.ts): entries are offered, not answered. */
  vague?: boolean | undefined;
}

/** How close (in rank) the other side's entry must come for a question that names no side to get both. */
const OTHER_SIDE_SPREAD = 0.1;

/**
 * Searches and decides the tier. When the question does not say who asks, the answer is one
 * side's entry (brand owner or designer) and the other side's comes close, both are offered,
 * labelled by role: their steps differ.
 */
export function answer(index: HowtoIndex, question: string, kb?: KnowledgeBase): Answer {
  const result = index.search(question, 5);
  const key = index.key(question);
  const topics = outsideTopics(index.normalizer);
  const outside = topics.find(question) ?? topics.findTyped(question, (w) => index.readsAsEnglish(w));
  // A topic the guides do not cover: no entry, however many other words it shares.
  if (outside !== undefined) return { result, key, outside, decision: { ...decide(result), tier: 'unknown', entryId: null, alternatives: [] } };
  const decision = decide(result);
  if (decision.tier !== 'unknown' && isVague(index, question)) {
    // "it's stuck": whatever ranks first is a guess. Offer what the ranking would suggest, and ask what is stuck.
    const alternatives = suggestions(result, decision.confidence);
    return { result, key, vague: true, decision: { tier: alternatives.length ? 'suggest' : 'unknown', entryId: null, alternatives, confidence: decision.confidence } };
  }
  const roleOf = (id: string) => kb?.entry(id, 'en')?.role;
  const sided = (r: string | null | undefined) => r === 'brand-owner' || r === 'designer';
  if (kb && decision.tier === 'answer' && result.role && sided(roleOf(decision.entryId!)) && roleOf(decision.entryId!) !== result.role) {
    // The asker says which side they are on, and the answer is the other side's steps: offer
    // the asker's side's entries first, each labelled, rather than answer with the wrong steps.
    const hits = result.hits.filter((h) => h.rank >= result.hits[0]!.rank - 0.25);
    const ids = [...hits.filter((h) => roleOf(h.id) === result.role), ...hits.filter((h) => roleOf(h.id) !== result.role)].map((h) => h.id).slice(0, 3);
    return { result, key, byRole: true, decision: { tier: 'suggest', entryId: null, alternatives: ids, confidence: decision.confidence } };
  }
  if (kb && decision.tier === 'answer' && !result.role) {
    const top = result.hits[0]!;
    const mine = roleOf(top.id);
    const other = result.hits.find((h) => {
      const r = roleOf(h.id);
      return h.id !== top.id && (r === 'brand-owner' || r === 'designer') && (mine === 'brand-owner' || mine === 'designer') && r !== mine && h.rank >= top.rank - OTHER_SIDE_SPREAD;
    });
    if (other) return { result, key, byRole: true, decision: { tier: 'suggest', entryId: null, alternatives: [top.id, other.id], confidence: decision.confidence } };
  }
  return { result, decision, key };
}
