import { resolveLocale, type Locale, type LocaleSources } from '../i18n/locales.js';
import { translator } from '../i18n/index.js';
import type { WorkspaceData } from '../store/types.js';
import type { Caller, Ctx, Services } from './types.js';

/** Where a caller's language can come from: their setting, the question, their platform, the workspace. */
export function callerLocaleSources(ws: Readonly<WorkspaceData>, caller: Caller): LocaleSources {
  return {
    userSetting: ws.users[caller.user]?.locale,
    textLocale: caller.textLocale,
    platformLocale: caller.platformLocale,
    workspaceSetting: ws.settings.locale,
    workspacePlatformLocale: caller.workspaceLocale,
  };
}

/** Builds a handler's context: the caller's language from their settings and platform. */
export function createCtx(services: Services, caller: Caller, localeOverride?: Locale): Ctx {
  const ws = services.store.read(caller.workspace);
  const user = ws.users[caller.user] ?? {};
  const locale = localeOverride ?? resolveLocale(callerLocaleSources(ws, caller));
  // Each service named (not `...services`): V8 builds an object spread followed by more properties
  // ~50 times slower (~12 µs here, more than a whole /help), and this runs for every command.
  return {
    store: services.store,
    clock: services.clock,
    config: services.config,
    log: services.log,
    items: services.items,
    knowledge: services.knowledge,
    caller,
    locale,
    t: translator(locale),
    tIn: translator,
    bilingual: user.bilingual === true,
    now: services.clock,
  };
}
