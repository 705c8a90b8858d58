import { resolveLocale, type Locale } from '../i18n/locales.js';
import { translator } from '../i18n/index.js';
import type { Caller, Ctx, Services } from './types.js';

/** Builds a handler's context: the caller's language from their settings and platform. */
export function createCtx(services: Services, caller: Caller, localeOverride?: Locale): Ctx {
  const ws = services.store.read(caller.workspace);
  const user = ws.users[caller.user] ?? {};
  const locale =
    localeOverride ??
    resolveLocale({
      userSetting: user.locale,
      textLocale: caller.textLocale,
      platformLocale: caller.platformLocale,
      workspaceSetting: ws.settings.locale,
      workspacePlatformLocale: caller.workspaceLocale,
    });
  return {
    ...services,
    caller,
    locale,
    t: translator(locale),
    tIn: translator,
    bilingual: user.bilingual === true,
    now: services.clock,
  };
}
