import { loadKnowledgeBase, type KnowledgeBase } from './loader.js';
import { loadLexicon } from './lexicon.js';
import { GeneralSynonyms, readGeneralSynonyms, type GeneralOptions } from './general-synonyms.js';
import { loadNormalizer } from './normalize.js';
import { readPrebuiltIndex, readPrebuiltKnowledge, takePrebuiltRefusal } from './prebuilt.js';
import { knowledgeFiles } from './render.js';
import { DEFAULT_PARAMS, HowtoIndex } from './search-index.js';
import { answer } from './howto.js';
import { LOCALES } from '../i18n/locales.js';
import type { Logger } from '../log.js';

/**
 * Questions that load, once, what the first real question would otherwise wait for: the index, the
 * traditional → simplified tables, the pinyin reader and the tables for reading by sound (an
 * input-method slip), in the three languages.
 */
/** How many questions the warm-up ranks between two turns of the event loop (~0.2 ms each). */
const WARM_CHUNK = 16;

const WARM_QUESTIONS = ['how do I reschedule the video verification', '手工商品怎么刊灯', '要怎麼撤銷我提交的設計'];

/**
 * The knowledge base and the /howto index over it: `services.knowledge`, one per app, each built
 * the first time it is asked for (not at start).
 */
export class Knowledge {
  private kb: KnowledgeBase | undefined;
  private index: Promise<HowtoIndex> | undefined;

  /**
   * `general`: also read words through the general dictionaries' synonyms (an experiment, off by
   * default; see general-synonyms.ts). `log`: where a refused prebuilt file is reported (once a process).
   */
  constructor(
    private readonly general?: GeneralOptions,
    private readonly log?: Logger,
  ) {}

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
    this.kb = readPrebuiltKnowledge();
    if (!this.kb) {
      const refused = takePrebuiltRefusal();
      if (refused) this.log?.warn(refused, `prebuilt knowledge file ignored (${refused.reason}); building the knowledge base and /howto index from locales/ instead (slower start; \`npm run build\` writes it again)`);
      this.kb = loadKnowledgeBase(knowledgeFiles());
    }
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
   * Builds the /howto index and everything its first question loads (see WARM_QUESTIONS), then
   * ranks every entry's title and questions in each language once, so the code the ranker runs is
   * compiled before people ask (the first thousand questions of a process otherwise run ~2× slower
   * and their p99 is ~3 ms). Nothing is answered or recorded. It yields to the event loop every few
   * questions, so a command that arrives meanwhile waits for a few milliseconds at most. The chat
   * process calls it after it is ready.
   */
  async warm(): Promise<void> {
    const index = await this.howto();
    const kb = this.base();
    for (const q of WARM_QUESTIONS) answer(index, q, kb);
    let n = 0;
    for (const id of kb.ids) {
      for (const locale of LOCALES) {
        const e = kb.entry(id, locale);
        if (!e) continue;
        for (const q of [e.title, ...e.questions]) {
          answer(index, q, kb);
          if (++n % WARM_CHUNK === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    }
  }
}
