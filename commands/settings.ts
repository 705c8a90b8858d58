import { defineCommand, defineSub, option, type Ctx, type HandlerReply } from '../src/core/types.js';
import { context, fields, heading, para, reply } from '../src/core/reply.js';
import { UserError } from '../src/core/errors.js';
import { map, optional, refuse, text, type Refusal } from '../src/core/option-checks.js';
import { isNoneWord, onOff, onOffLabel } from '../src/core/on-off.js';
import { callerLocaleSources } from '../src/core/context.js';
import { isValidTimeZone } from '../src/config.js';
import { LOCALE_NAMES, mapLocale, resolveLocale, type Locale } from '../src/i18n/locales.js';
import { holidayCountries } from '../src/settings/holidays.js';
import { digestSubcommand, pingsSubcommand } from './settings-pings.js';
import { leadsOf, requireWorkspaceAdmin, requireWorkspaceManager, setLead } from '../src/core/permissions.js';
import { parseUser } from '../src/workflows/users.js';

const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'auto'] as const;

/** A language typed by its name, as a teammate would write it (`/settings lang 繁體中文`). */
const LANGUAGE_NAMES: ReadonlyMap<string, Locale | 'auto'> = new Map([
  ...['english', '英文', '英语', '英語'].map((n) => [n, 'en'] as const),
  ...['简体中文', '簡體中文', '简体', '簡體', '简中', '簡中'].map((n) => [n, 'zh-CN'] as const),
  ...['繁體中文', '繁体中文', '繁體', '繁体', '繁中', '正體中文', '正體'].map((n) => [n, 'zh-TW'] as const),
  ...['自动', '自動'].map((n) => [n, 'auto'] as const),
]);

const langValue = map(text(), (v): Locale | 'auto' | Refusal => {
  if (v.toLowerCase() === 'auto') return 'auto';
  return LANGUAGE_NAMES.get(v.toLowerCase()) ?? mapLocale(v) ?? refuse('errors.badLanguage');
});

/** `/settings` shows and changes the user's language and the workspace's time zone and holidays. */
export default defineCommand({
  name: 'settings',
  emptySubcommand: 'show',
  subcommands: [
    defineSub({ name: 'show', visibility: 'ephemeral', options: {}, run: (ctx) => show(ctx) }),
    defineSub({
      name: 'lang',
      visibility: 'ephemeral',
      options: { language: option.string({ positional: true, choices: LANGUAGES }, langValue) },
      run: async (ctx, { language }) => {
        await ctx.store.update(ctx.caller.workspace, (ws) => {
          const u = (ws.users[ctx.caller.user] ??= {});
          if (language === 'auto') delete u.locale;
          else u.locale = language;
        });
        // Back to automatic: answer in the language the caller now gets (their platform's, …).
        return changed(ctx, language === 'auto' ? localeNow(ctx) : language, 'settings.langSet', {
          language: language === 'auto' ? autoName(ctx, localeNow(ctx)) : LOCALE_NAMES[language],
        });
      },
    }),
    defineSub({
      name: 'bilingual',
      visibility: 'ephemeral',
      options: { mode: option.string({ positional: true, choices: ['on', 'off'] }, onOff) },
      run: async (ctx, { mode }) => {
        await ctx.store.update(ctx.caller.workspace, (ws) => {
          (ws.users[ctx.caller.user] ??= {}).bilingual = mode;
        });
        return changed(ctx, undefined, mode ? 'settings.bilingualOn' : 'settings.bilingualOff');
      },
    }),
    defineSub({
      name: 'timezone',
      visibility: 'ephemeral',
      options: { zone: option.string({ positional: true }, text()) },
      run: async (ctx, { zone }) => {
        const tz = canonicalZone(zone);
        if (!tz) throw new UserError('errors.badTimezone', { value: zone });
        requireWorkspaceManager(ctx, 'timezone');
        await ctx.items.changeSchedule(ctx.caller.workspace, (ws) => {
          ws.settings.timezone = tz;
        });
        return changed(ctx, undefined, 'settings.timezoneSet', { zone: tz });
      },
    }),
    defineSub({
      name: 'holidays',
      visibility: 'ephemeral',
      options: { region: option.string({ positional: true }, text()) },
      run: async (ctx, { region }) => {
        const none = isNoneWord(region);
        let code: string | undefined;
        if (!none) {
          const countries = holidayCountries();
          code = region.toUpperCase();
          if (!countries[code]) {
            // "USA" → US, "CHN" → CN: a three-letter code's first two letters are usually the country.
            const guess = code.length === 3 && countries[code.slice(0, 2)] ? code.slice(0, 2) : undefined;
            throw new UserError(guess ? 'errors.badHolidaysGuess' : 'errors.badHolidays', { value: region, guess });
          }
        }
        requireWorkspaceManager(ctx, 'holidays');
        await ctx.items.changeSchedule(ctx.caller.workspace, (ws) => {
          if (code) ws.settings.holidays = code;
          else delete ws.settings.holidays;
        });
        return code
          ? changed(ctx, undefined, 'settings.holidaysSet', { region: regionName(ctx.locale, code) })
          : changed(ctx, undefined, 'settings.holidaysNone');
      },
    }),
    defineSub({
      name: 'default-lang',
      visibility: 'ephemeral',
      options: { language: option.string({ positional: true, choices: LANGUAGES }, langValue) },
      run: async (ctx, { language }) => {
        requireWorkspaceManager(ctx, 'defaultLang');
        await ctx.store.update(ctx.caller.workspace, (ws) => {
          if (language === 'auto') delete ws.settings.locale;
          else ws.settings.locale = language;
        });
        // Someone whose language comes from this default reads the answer in the new one.
        const now = localeNow(ctx);
        return changed(ctx, now === ctx.locale ? undefined : now, 'settings.defaultLangSet', {
          language: language === 'auto' ? ctx.tIn(now)('settings.auto') : LOCALE_NAMES[language],
        });
      },
    }),
    // The deadline ping schedule and the channel's daily digest (commands/settings-pings.ts).
    pingsSubcommand,
    digestSubcommand,
    // A workspace admin names the members who may change the workspace's settings too.
    defineSub({
      name: 'lead',
      visibility: 'ephemeral',
      options: {
        // The handler says what a missing or unreadable person is.
        user: option.user({ positional: true, required: true }),
        mode: option.string({ positional: true, choices: ['on', 'off'] }, optional(onOff)),
      },
      run: async (ctx, { user: typed, mode }) => {
        const user = typed ? parseUser(typed) : undefined;
        if (!user) throw new UserError('errors.badLeadUser', { value: typed ?? '' });
        requireWorkspaceAdmin(ctx);
        const on = mode ?? true;
        await ctx.store.update(ctx.caller.workspace, (ws) => setLead(ws, user, on));
        return reply([para([{ mention: user }, ` ${ctx.t(on ? 'permissions.leadOn' : 'permissions.leadOff')}`])], {
          data: { settings: current(ctx), leads: leadsOf(ctx.store.read(ctx.caller.workspace)) },
        });
      },
    }),
  ],
});

/** The IANA name in its canonical spelling (`asia/shanghai` → `Asia/Shanghai`), or undefined. */
function canonicalZone(typed: string): string | undefined {
  const zones = Intl.supportedValuesOf('timeZone');
  const exact = zones.find((z) => z.toLowerCase() === typed.toLowerCase());
  if (exact) return exact;
  if (typed.toUpperCase() === 'UTC') return 'UTC';
  return isValidTimeZone(typed) ? typed : undefined;
}

/** The caller's language as the settings now stand (after a change was written). */
function localeNow(ctx: Ctx): Locale {
  return resolveLocale(callerLocaleSources(ctx.store.read(ctx.caller.workspace), ctx.caller));
}

/** `automatic (now 繁體中文)`, in that language. */
function autoName(ctx: Ctx, locale: Locale): string {
  return ctx.tIn(locale)('settings.autoNow', { language: LOCALE_NAMES[locale] });
}

/** `US (United States)` / `US（美国）`: the holiday region's code and its name in the reader's language. */
function regionName(locale: Locale, code: string): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }).of(code);
  } catch {
    name = undefined;
  }
  name ??= holidayCountries()[code];
  if (!name || name === code) return code;
  return locale === 'en' ? `${code} (${name})` : `${code}（${name}）`;
}

function changed(ctx: Ctx, newLocale: Locale | undefined, key: string, vars: Record<string, unknown> = {}): HandlerReply {
  // A language change answers in the new language.
  const t = newLocale ? ctx.tIn(newLocale) : ctx.t;
  const language = newLocale ? LOCALE_NAMES[newLocale] : t('settings.auto');
  return reply([context(t(key, { language, ...vars }))], { data: { settings: current(ctx) }, locale: newLocale ?? ctx.locale });
}

interface CurrentSettings {
  lang: Locale | 'auto';
  effectiveLang: Locale;
  bilingual: boolean;
  timezone: string;
  holidays: string | null;
  defaultLang: Locale | 'auto';
}

function current(ctx: Ctx): CurrentSettings {
  const ws = ctx.store.read(ctx.caller.workspace);
  const user = ws.users[ctx.caller.user] ?? {};
  return {
    lang: user.locale ?? 'auto',
    effectiveLang: localeNow(ctx),
    bilingual: user.bilingual === true,
    timezone: ws.settings.timezone ?? ctx.config.DEFAULT_TIMEZONE,
    holidays: ws.settings.holidays ?? null,
    defaultLang: ws.settings.locale ?? 'auto',
  };
}

function show(ctx: Ctx): HandlerReply {
  const s = current(ctx);
  const t = ctx.t;
  return reply(
    [
      heading(t('settings.title')),
      fields([
        { label: t('settings.yourLang'), value: s.lang === 'auto' ? t('settings.autoNow', { language: LOCALE_NAMES[ctx.locale] }) : LOCALE_NAMES[s.lang] },
        { label: t('settings.bilingual'), value: onOffLabel(t, s.bilingual) },
        { label: t('settings.timezone'), value: s.timezone },
        { label: t('settings.holidays'), value: s.holidays ? regionName(ctx.locale, s.holidays) : t('settings.weekendsOnly') },
        { label: t('settings.defaultLang'), value: s.defaultLang === 'auto' ? t('settings.auto') : LOCALE_NAMES[s.defaultLang] },
      ]),
      context(t('settings.howToChange')),
    ],
    { data: { settings: s } },
  );
}
