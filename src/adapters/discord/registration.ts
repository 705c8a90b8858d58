import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandOption,
  APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  LocalizationMap,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandSpec, LeafOption, LeafSpec, OptionMeta } from '../../core/types.js';
import { translator } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locales.js';
import { clip } from '../../core/clip.js';

/** Discord's rule for command, subcommand and option names (plus: lower case where a lower case exists). */
const DISCORD_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
export const DESCRIPTION_MAX = 100;
/** Discord caps a command's names, descriptions and choice values (all locales) at this many characters. */
export const COMMAND_CHARS_MAX = 8000;
/** Our locales other than en, keyed by Discord's locale codes (the same spelling). */
export const DISCORD_LOCALES = ['zh-CN', 'zh-TW'] as const satisfies readonly Locale[];

export function isValidName(name: string): boolean {
  return DISCORD_NAME.test(name) && name === name.toLowerCase();
}

export type CommandPayload = RESTPostAPIChatInputApplicationCommandsJSONBody;
type T = (locale: Locale, key: string) => string;

export interface BuiltCommands {
  commands: CommandPayload[];
  /** What had to be changed to fit Discord (a description shortened, a localized name dropped). */
  warnings: string[];
}

const TYPE: Record<OptionMeta['kind'], number> = { string: 3, integer: 4, boolean: 5, user: 6 };
const SUBCOMMAND = 1 as ApplicationCommandOptionType.Subcommand;

/**
 * The application commands for the given specs, from the same specs and locale files as the
 * shell and Slack: subcommands, typed options (dates stay strings the core parses), choices,
 * autocomplete, and zh-CN / zh-TW localizations of every name (command, subcommand, option) and
 * description (`cmd.<command>.name`, `.subName.<sub>`, `.optName.<option>`).
 */
export function buildCommands(specs: readonly CommandSpec[], t: T = (l, k) => translator(l)(k)): BuiltCommands {
  const warnings: string[] = [];

  const describe = (key: string, where: string): { description: string; description_localizations: LocalizationMap } => {
    const fit = (locale: Locale) => {
      const text = t(locale, key).replace(/\s+/g, ' ').trim();
      const clipped = clip(text, DESCRIPTION_MAX);
      if (clipped !== text) warnings.push(`${where}: the ${locale} description is longer than ${DESCRIPTION_MAX} characters (${key}); shortened`);
      return clipped;
    };
    const description_localizations: LocalizationMap = {};
    for (const l of DISCORD_LOCALES) description_localizations[l] = fit(l);
    return { description: fit('en'), description_localizations };
  };

  /** A name in zh-CN and zh-TW from `key`, each kept only when Discord would take it. */
  const localizedNames = (key: string, where: string): LocalizationMap => {
    const out: LocalizationMap = {};
    for (const l of DISCORD_LOCALES) {
      const localized = t(l, key).trim().toLowerCase();
      if (localized === key) warnings.push(`${where}: no ${l} name (${key})`);
      else if (isValidName(localized)) out[l] = localized;
      else warnings.push(`${where}: the ${l} name "${localized}" is not a valid Discord name; the English name is used`);
    }
    return out;
  };

  const option = (command: string, meta: LeafOption, where: string): APIApplicationCommandBasicOption => {
    const base = {
      name: meta.name,
      name_localizations: localizedNames(`cmd.${command}.optName.${meta.name}`, `${where} option ${meta.name}`),
      ...describe(`cmd.${command}.opt.${meta.name}`, `${where} option ${meta.name}`),
      required: meta.required,
    };
    const type = TYPE[meta.kind];
    if ((meta.kind === 'string' || meta.kind === 'integer') && meta.autocomplete) {
      return { ...base, type, autocomplete: true } as APIApplicationCommandBasicOption;
    }
    if ((meta.kind === 'string' || meta.kind === 'integer') && meta.choices?.length) {
      const choices = meta.choices.slice(0, 25).map((c) => ({ name: c, value: meta.kind === 'integer' ? Number(c) : c }));
      if (meta.choices.length > 25) warnings.push(`${where} option ${meta.name}: only the first 25 choices are offered`);
      return { ...base, type, choices } as APIApplicationCommandBasicOption;
    }
    return { ...base, type } as APIApplicationCommandBasicOption;
  };

  // Discord wants required options before optional ones; the core reads options by name.
  const options = (command: string, leaf: LeafSpec, where: string) =>
    leaf.options.map((m) => option(command, m, where)).sort((a, b) => Number(b.required) - Number(a.required));

  const commands = specs.map((spec): CommandPayload => {
    const name_localizations = localizedNames(`cmd.${spec.name}.name`, `/${spec.name}`);
    let opts: APIApplicationCommandOption[];
    if (spec.subcommands) {
      opts = spec.subcommands.map(
        (sub): APIApplicationCommandSubcommandOption => ({
          type: SUBCOMMAND,
          name: sub.name,
          name_localizations: localizedNames(`cmd.${spec.name}.subName.${sub.name}`, `/${spec.name} ${sub.name}`),
          ...describe(`cmd.${spec.name}.sub.${sub.name}`, `/${spec.name} ${sub.name}`),
          options: options(spec.name, sub, `/${spec.name} ${sub.name}`),
        }),
      );
    } else {
      opts = options(spec.name, spec.leaf!, `/${spec.name}`);
    }
    const payload: CommandPayload = {
      name: spec.name,
      name_localizations,
      ...describe(`cmd.${spec.name}.description`, `/${spec.name}`),
      type: 1,
      options: opts,
      // Usable in servers and in the bot's DMs, installed to servers.
      contexts: [0, 1],
      integration_types: [0],
    };
    const size = commandChars(payload);
    if (size > COMMAND_CHARS_MAX) warnings.push(`/${spec.name}: ${size} characters of names and descriptions, over Discord's ${COMMAND_CHARS_MAX}`);
    return payload;
  });
  return { commands, warnings };
}

/** Names, descriptions and choice names/values of a command in every locale, as Discord counts them. */
export function commandChars(c: CommandPayload): number {
  let n = 0;
  const visit = (o: {
    name: string;
    description?: string | undefined;
    name_localizations?: Readonly<Record<string, string | null | undefined>> | null | undefined;
    description_localizations?: Readonly<Record<string, string | null | undefined>> | null | undefined;
    options?: readonly unknown[] | undefined;
    choices?: readonly { name: string; value: string | number }[] | undefined;
  }) => {
    n += o.name.length + (o.description?.length ?? 0);
    for (const v of Object.values(o.name_localizations ?? {})) n += v?.length ?? 0;
    for (const v of Object.values(o.description_localizations ?? {})) n += v?.length ?? 0;
    for (const ch of o.choices ?? []) n += ch.name.length + String(ch.value).length;
    for (const sub of (o.options ?? []) as (typeof o)[]) visit(sub);
  };
  visit(c);
  return n;
}

export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** REST base (DISCORD_API_URL); the library appends /v10. */
  apiUrl?: string | undefined;
  /** Register in one server (appears at once) instead of globally. */
  guildId?: string | undefined;
  commands: CommandPayload[];
}

/** Replaces the application's commands (in one guild, or globally) with the given ones. */
export async function registerCommands(opts: RegisterOptions): Promise<{ count: number; route: string }> {
  const { REST, Routes } = await import('discord.js');
  const rest = new REST({ ...(opts.apiUrl ? { api: restBase(opts.apiUrl) } : {}), retries: 1 }).setToken(opts.token);
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId) : Routes.applicationCommands(opts.applicationId);
  const saved = (await rest.put(route, { body: opts.commands })) as unknown[];
  return { count: saved.length, route };
}

/** DISCORD_API_URL without a trailing slash or `/v10` (discord.js adds the version). */
export function restBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}
