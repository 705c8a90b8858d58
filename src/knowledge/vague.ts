import { loadVague } from './lexicon.js';
import { phraseMatcher } from './outside.js';
import { readPrebuiltVague, readPrebuiltVagueLatin } from './prebuilt.js';
import type { HowtoIndex } from './search-index.js';

/**
 * Questions that name no topic: "it's stuck", "failed again", "not working", "被拒了", "怎么办".
 * Their words (locales/lexicon.json, `vague`) say that something went wrong or is waiting, not what:
 * a colleague would ask "what is stuck?". One guide may hold the word ("stuck" is in the SaleYee
 * status FAQ's question), and alone it then ranks that guide first with a clear lead; but answering
 * would be a guess, so such a question is offered the entries (a "did you mean"), never answered.
 */
const vaguePhrases = phraseMatcher(() => readPrebuiltVague() ?? loadVague(), readPrebuiltVagueLatin);

/** Whether the question is made only of vague words (besides greetings, stop words and question cues). */
export function isVague(index: HowtoIndex, question: string): boolean {
  const rest = vaguePhrases(index.normalizer).without(question);
  return rest !== undefined && !index.namesTopic(rest);
}
