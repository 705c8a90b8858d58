import type { Logger } from './log.js';
import { createCore, type Core } from './core/dispatch.js';
import { checkSpecs } from './core/check-specs.js';
import type { Services } from './core/types.js';
import type { Config } from './config.js';
import type { Store } from './store/types.js';
import { COMMANDS } from '../commands/index.js';
import { Knowledge } from './knowledge/resources.js';
import type { GeneralOptions } from './knowledge/general-synonyms.js';
import { loadKnowledgeBase } from './knowledge/loader.js';
import { loadLexicon } from './knowledge/lexicon.js';
import { ItemRepository } from './workflows/item-repository.js';
import { checkTemplates } from './workflows/templates.js';

export interface AppDeps {
  config: Config;
  store: Store;
  log: Logger;
  /** The clock; `--now` fixes it. Nothing in core reads Date.now() directly. */
  clock?: () => Date;
  /** /howto also reads words through the general dictionaries' synonyms (an experiment: `npm run eval -- --general`). */
  howtoGeneral?: GeneralOptions;
}

/** Wires the services and the command core; every adapter is built on what this returns. */
export function createApp(deps: AppDeps): Core {
  const services: Services = {
    store: deps.store,
    config: deps.config,
    log: deps.log,
    clock: deps.clock ?? (() => new Date()),
    items: new ItemRepository(deps.store, deps.log),
    knowledge: new Knowledge(deps.howtoGeneral, deps.log),
  };
  return createCore(services, COMMANDS);
}

/**
 * What used to be checked at every start: the command specs against their i18n keys and schemas,
 * every knowledge-base entry, the /howto lexicon (locales/lexicon.json) and the workflow
 * templates. `npm run build` (scripts/bundle.ts) and the tests run it; throws
 * a DefinitionError naming the command, or the file, entry and field at fault. The knowledge base
 * is validated again when a process first uses it.
 */
export function checkApp(): void {
  checkSpecs(COMMANDS);
  loadKnowledgeBase();
  loadLexicon();
  checkTemplates();
}
