import { loadKnowledgeBase, type KnowledgeBase } from './loader.js';
import { loadLexicon } from './lexicon.js';
import { GeneralSynonyms, readGeneralSynonyms, type GeneralOptions } from './general-synonyms.js';
import { loadNormalizer } from './normalize.js';
import { readPrebuiltIndex, readPrebuiltKnowledge } from './prebuilt.js';
import { knowledgeFiles } from './render.js';
import { DEFAULT_PARAMS, HowtoIndex } from './search-index.js';
import { answer } from './howto.js';

/**
 * Questions that load, once, what the first real question would otherwise wait for: the index, the
 * traditional → simplified tables, the pinyin reader and the tables for reading by sound (an
 * input-method slip), in the three languages.
 */
const WARM_QUESTIONS = ['how do I reschedule the video verification', '手工商品怎么刊灯', '要怎麼撤銷我提交的設計'];

/**
 * The knowledge base and the /howto index over it: `services.knowledge`, one per app, each built
 * the first time it is asked for (not at start).
 */
export class Knowledge {
  private kb: KnowledgeBase | undefined;
  private index: Promise<HowtoIndex> | undefined;

  /** `general`: also read words through the general dictionaries' synonyms (an experiment, off by default; see general-synonyms.ts). */
  constructor(private readonly general?: GeneralOptions) {}

  /** Whether the knowledge base has been loaded. */
  get loaded(): boolean {
    return this.kb !== undefined;
  }

  /**
   * The knowledge base, loaded and validated from the locale files. Throws a DefinitionError
   * naming the entry and field at fault.
   */
  base(): KnowledgeBase {
    if (this.kb) return this.kb;
    // The bundled CLI reads the knowledge base the build validated (prebuilt.ts), when the kb files are unchanged.
    this.kb = readPrebuiltKnowledge() ?? loadKnowledgeBase(knowledgeFiles());
    return this.kb;
  }

  /**
   * The /howto index, built on first use (or read from the one the build wrote for the bundled
   * CLI, see prebuilt.ts). Concurrent first questions share one build; a failed build is not
   * kept, so the next question tries again.
   */
  howto(): Promise<HowtoIndex> {
    if (this.index) return this.index;
    const building = loadNormalizer().then(
      (normalizer) =>
        (this.general ? undefined : readPrebuiltIndex(normalizer)) ??
        new HowtoIndex(this.base(), normalizer, DEFAULT_PARAMS, {
          lexicon: loadLexicon(),
          general: this.general ? new GeneralSynonyms(readGeneralSynonyms(), (s) => normalizer.normalize(s), this.general) : undefined,
        }),
    );
    this.index = building;
    building.catch(() => {
      if (this.index === building) this.index = undefined;
    });
    return building;
  }

  /**
   * Builds the /howto index and everything its first question loads (see WARM_QUESTIONS), by
   * ranking a few questions: nothing is answered or recorded. The chat process calls it after it
   * is ready, so the first person to ask does not wait ~0.2 s for it.
   */
  async warm(): Promise<void> {
    const index = await this.howto();
    const kb = this.base();
    for (const q of WARM_QUESTIONS) answer(index, q, kb);
  }
}
