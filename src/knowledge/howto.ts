import type { Services } from '../core/types.js';
import { decide, type Decision } from './confidence.js';
import { loadNormalizer } from './normalize.js';
import { readPrebuiltIndex } from './prebuilt.js';
import { getKnowledgeBase } from './render.js';
import { HowtoIndex, type SearchResult } from './search-index.js';

const INDEX_KEY = 'howto:index';

/**
 * The /howto index over the knowledge base, built on first use (or read from the one the build
 * wrote for the bundled CLI, see prebuilt.ts) and kept in services.shared (one per app).
 * Concurrent first questions share one build.
 */
export function getHowtoIndex(services: Pick<Services, 'shared'>): Promise<HowtoIndex> {
  const cached = services.shared.get(INDEX_KEY) as Promise<HowtoIndex> | undefined;
  if (cached) return cached;
  const building = loadNormalizer().then((normalizer) => readPrebuiltIndex(normalizer) ?? new HowtoIndex(getKnowledgeBase(services), normalizer));
  services.shared.set(INDEX_KEY, building);
  // A failed build is not cached: the next question tries again.
  building.catch(() => services.shared.delete(INDEX_KEY));
  return building;
}

export interface Answer {
  result: SearchResult;
  decision: Decision;
  /** The question normalized, for grouping unanswered questions. */
  key: string;
}

/** Searches and decides the tier. */
export function answer(index: HowtoIndex, question: string): Answer {
  const result = index.search(question, 5);
  return { result, decision: decide(result), key: index.key(question) };
}
