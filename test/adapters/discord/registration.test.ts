import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import {
  COMMAND_CHARS_MAX,
  DESCRIPTION_MAX,
  DISCORD_LOCALES,
  buildCommands,
  commandChars,
  isValidName,
  registerCommands,
  type CommandPayload,
} from '../../../src/adapters/discord/registration.js';
import { translator } from '../../../src/i18n/index.js';
import { FakeDiscordRest } from '../../fakes/discord-rest.js';
import { APP_ID, BOT_USER, GUILD_ID } from '../../fakes/discord-interactions.js';

interface Opt {
  type: number;
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  name_localizations?: Record<string, string>;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  options?: Opt[];
}

let rest: FakeDiscordRest;
let payload: CommandPayload[];

beforeAll(async () => {
  rest = await FakeDiscordRest.start(BOT_USER);
  const built = buildCommands(COMMANDS);
  const saved = await registerCommands({ token: 'reg-token', applicationId: APP_ID, apiUrl: rest.url, guildId: GUILD_ID, commands: built.commands });
  expect(saved.count).toBe(COMMANDS.length);
  const put = rest.requests.find((r) => r.method === 'PUT')!;
  expect(put.path).toBe(`/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
  expect(put.headers.authorization).toBe('Bot reg-token');
  payload = put.body as CommandPayload[];
});
afterAll(() => rest.close());

/**
 * Discord's rule for names as discord-api-types documents it on APIApplicationCommand.name
 * ("1-32 character name; CHAT_INPUT command names must be all lowercase matching `^…$`"), read from
 * the package so the test follows it when Discord's rule changes.
 */
function discordNameRule(): { pattern: RegExp; max: number } {
  const root = dirname(createRequire(import.meta.url).resolve('discord-api-types/v10'));
  const doc = readFileSync(join(root, 'payloads/v10/_interactions/applicationCommands.d.ts'), 'utf8');
  const m = /(\d+)-(\d+) character name; `CHAT_INPUT` command names must be all lowercase matching `([^`]+)`/.exec(doc);
  if (!m) throw new Error('discord-api-types no longer documents the name rule where this test reads it');
  return { pattern: new RegExp(m[3]!, 'u'), max: Number(m[2]) };
}

/** Every command, subcommand and option of the payload, with where it sits. */
function everything(): { where: string; o: Opt }[] {
  const out: { where: string; o: Opt }[] = [];
  const walk = (o: Opt, where: string) => {
    out.push({ where, o });
    for (const c of o.options ?? []) walk(c, `${where} ${c.name}`);
  };
  for (const c of payload) walk(c as unknown as Opt, `/${c.name}`);
  return out;
}

describe('the Discord registration payload', () => {
  it('registers every command of commands/index.ts, named as the core knows it', () => {
    expect(payload.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
  });

  it("gives every command, subcommand and option a name valid by Discord's rule, English names in lower-case ASCII", () => {
    for (const { where, o } of everything()) {
      expect(isValidName(o.name), where).toBe(true);
      expect(o.name, where).toMatch(/^[a-z][a-z0-9-]*$/);
      for (const n of Object.values(o.name_localizations ?? {})) expect(isValidName(n), `${where}: ${n}`).toBe(true);
    }
  });

  it('names every command, subcommand and option in zh-CN and zh-TW within the limits discord-api-types gives', () => {
    const rule = discordNameRule();
    for (const { where, o } of everything()) {
      expect(Object.keys(o.name_localizations ?? {}).sort(), where).toEqual([...DISCORD_LOCALES].sort());
      for (const n of [o.name, ...Object.values(o.name_localizations ?? {})]) {
        expect(n, where).toMatch(rule.pattern);
        expect(n, where).toBe(n.toLowerCase());
        expect([...n].length, where).toBeLessThanOrEqual(rule.max);
      }
    }
    // Siblings (a command's subcommands, a subcommand's options) never share a name in any locale.
    const siblings = (opts: Opt[] | undefined, where: string) => {
      for (const l of DISCORD_LOCALES) {
        const names = (opts ?? []).map((o) => o.name_localizations?.[l] ?? o.name);
        expect(new Set(names).size, `${where} (${l}): ${names.join(', ')}`).toBe(names.length);
      }
      for (const o of opts ?? []) if (o.type === 1) siblings(o.options, `${where} ${o.name}`);
    };
    for (const c of payload) siblings((c as unknown as Opt).options, `/${c.name}`);
    const track = payload.find((c) => c.name === 'track') as unknown as Opt;
    const list = track.options!.find((o) => o.name === 'list')!;
    expect(list.name_localizations?.['zh-TW']).toBe(translator('zh-TW')('cmd.track.subName.list'));
    expect(list.options!.find((o) => o.name === 'filter')!.name_localizations?.['zh-CN']).toBe(translator('zh-CN')('cmd.track.optName.filter'));
  });

  it('localizes every command name and every description into zh-CN and zh-TW, from the locale files', () => {
    for (const c of payload) {
      for (const l of DISCORD_LOCALES) expect(c.name_localizations?.[l]).toBe(translator(l)(`cmd.${c.name}.name`).toLowerCase());
    }
    for (const { where, o } of everything()) {
      expect(Object.keys(o.description_localizations ?? {}).sort(), where).toEqual([...DISCORD_LOCALES].sort());
    }
    const help = payload.find((c) => c.name === 'help')!;
    expect(help.description_localizations?.['zh-TW']).toBe(translator('zh-TW')('cmd.help.description'));
  });

  it('keeps every description, in every locale, within 100 characters without shortening any', () => {
    expect(buildCommands(COMMANDS).warnings).toEqual([]);
    for (const { where, o } of everything()) {
      for (const d of [o.description, ...Object.values(o.description_localizations ?? {})]) {
        expect(d.length, `${where}: ${d}`).toBeGreaterThan(0);
        expect(d.length, `${where}: ${d}`).toBeLessThanOrEqual(DESCRIPTION_MAX);
      }
    }
  });

  it('gives localized command names that are unique within each locale', () => {
    for (const l of DISCORD_LOCALES) {
      const names = payload.map((c) => c.name_localizations?.[l] ?? c.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('types options from the specs: subcommands, choices, autocomplete, required first', () => {
    const types = { string: 3, integer: 4, boolean: 5, user: 6 };
    for (const spec of COMMANDS) {
      const cmd = payload.find((c) => c.name === spec.name) as unknown as Opt;
      const leaves = spec.subcommands
        ? spec.subcommands.map((s) => {
            const sub = cmd.options!.find((o) => o.name === s.name)!;
            expect(sub.type).toBe(1);
            return { leaf: s, opts: sub.options ?? [] };
          })
        : [{ leaf: spec.leaf!, opts: cmd.options ?? [] }];
      for (const { leaf, opts } of leaves) {
        expect(opts.map((o) => o.name).sort()).toEqual(leaf.options.map((o) => o.name).sort());
        const firstOptional = opts.findIndex((o) => !o.required);
        if (firstOptional >= 0) expect(opts.slice(firstOptional).every((o) => !o.required)).toBe(true);
        for (const meta of leaf.options) {
          const o = opts.find((x) => x.name === meta.name)!;
          expect(o.type).toBe(types[meta.kind]);
          if (meta.autocomplete) expect(o.autocomplete).toBe(true);
          else if (meta.choices) expect(o.choices?.map((c) => c.value)).toEqual(meta.choices);
        }
      }
    }
  });

  it('registers an option as required exactly when the command needs it', () => {
    const required = (command: string, sub: string | undefined, name: string) => {
      const cmd = payload.find((c) => c.name === command) as unknown as Opt;
      const leaf = sub ? cmd.options!.find((o) => o.name === sub)! : cmd;
      return leaf.options!.find((o) => o.name === name)!.required === true;
    };
    // Needed: an item's number, the event to record, a note's text, a new item's template and title,
    // the person to assign, a time zone.
    for (const sub of ['show', 'done', 'cancel', 'note', 'assign', 'event']) expect(required('track', sub, 'id'), sub).toBe(true);
    expect(required('track', 'event', 'event')).toBe(true);
    expect(required('track', 'note', 'text')).toBe(true);
    expect(required('track', 'new', 'template')).toBe(true);
    expect(required('track', 'new', 'title')).toBe(true);
    expect(required('track', 'assign', 'user')).toBe(true);
    expect(required('settings', 'timezone', 'zone')).toBe(true);
    expect(required('settings', 'lang', 'language')).toBe(true);
    // Optional: a date (now), a filter, a page, a number of days, a template field.
    expect(required('track', 'event', 'date')).toBe(false);
    expect(required('track', 'list', 'filter')).toBe(false);
    expect(required('track', 'list', 'page')).toBe(false);
    expect(required('track', 'new', 'due')).toBe(false);
    expect(required('deadlines', undefined, 'days')).toBe(false);
    // The payload's flag is the spec's, everywhere.
    for (const spec of COMMANDS) {
      const leaves = spec.subcommands ? spec.subcommands.map((s) => [s.name, s] as const) : [[undefined, spec.leaf!] as const];
      for (const [sub, leaf] of leaves) for (const o of leaf.options) expect(required(spec.name, sub, o.name), `${spec.name} ${sub} ${o.name}`).toBe(o.required);
    }
  });

  it('stays within the size Discord allows a command', () => {
    for (const c of payload) expect(commandChars(c), c.name).toBeLessThanOrEqual(COMMAND_CHARS_MAX);
  });

  it('registers globally without --guild', async () => {
    const before = rest.requests.length;
    await registerCommands({ token: 'reg-token', applicationId: APP_ID, apiUrl: `${rest.url}/v10/`, commands: buildCommands(COMMANDS).commands });
    expect(rest.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /v10/applications/${APP_ID}/commands`]);
  });

  it('drops a localized name Discord would refuse and says so', () => {
    const t = (l: string, key: string) => (key.endsWith('.name') && l === 'zh-CN' ? '查 询' : translator(l as 'en')(key));
    const built = buildCommands(COMMANDS.slice(0, 1), t);
    expect(built.commands[0]!.name_localizations?.['zh-CN']).toBeUndefined();
    expect(built.warnings.join('\n')).toContain('not a valid Discord name');
  });
});
