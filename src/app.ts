import type { Logger } from 'pino';
import { createCore, type Core } from './core/dispatch.js';
import type { Services } from './core/types.js';
import type { Config } from './config.js';
import type { Store } from './store/types.js';
import { COMMANDS } from '../commands/index.js';
import { COMMAND_NAMES_KEY, getKnowledgeBase } from './knowledge/render.js';
import { loadLexicon } from './knowledge/lexicon.js';

export interface AppDeps {
  config: Config;
  store: Store;
  log: Logger;
  /** The clock; `--now` fixes it. Nothing in core reads Date.now() directly. */
  clock?: () => Date;
}

/** Wires the services and the command core; every adapter is built on what this returns. */
export function createApp(deps: AppDeps): Core {
  const services: Services = {
    store: deps.store,
    config: deps.config,
    log: deps.log,
    clock: deps.clock ?? (() => new Date()),
    shared: new Map(),
  };
  const core = createCore(services, COMMANDS);
  services.shared.set(COMMAND_NAMES_KEY, new Set(COMMANDS.map((c) => c.name)));
  // A malformed knowledge-base entry stops start-up here (DefinitionError naming entry and field).
  getKnowledgeBase(services);
  // So does a malformed /howto lexicon (locales/lexicon.json), naming the group and the phrase.
  loadLexicon();
  return core;
}
