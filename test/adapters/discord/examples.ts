import { optionsFromTokens } from '../../../src/core/parse-options.js';
import { tokenize } from '../../../src/core/tokenize.js';
import type { CommandSpec, LeafSpec, OptionMeta } from '../../../src/core/types.js';
import { translator } from '../../../src/i18n/index.js';
import type { Locale } from '../../../src/i18n/locales.js';
import type { RawOption } from '../../fakes/discord-interactions.js';

const TYPE: Record<OptionMeta['kind'], number> = { string: 3, integer: 4, boolean: 5, user: 6 };
const TRUE = ['on', 'true', 'yes', '1'];

export interface Example {
  line: string;
  command: string;
  /** The free text after the command, as the shell and Slack receive it. */
  text: string;
  /** The same request as Discord's client would send it: a subcommand and typed options. */
  options: RawOption[];
}

/**
 * Every documented example of every command (`cmd.<name>.examples` in `locale`, en unless told), with
 * the options a Discord user would fill in to ask the same thing. `typed` rewrites a line as the
 * platform delivers it (a typed `@lin` arrives as Slack's `<@U…|lin>` or Discord's user id).
 */
export function commandExamples(commands: readonly CommandSpec[], locale: Locale = 'en', typed: (line: string) => string = (l) => l): Example[] {
  const t = translator(locale);
  return commands.flatMap((spec) =>
    t(`cmd.${spec.name}.examples`)
      .split('\n')
      .filter((l) => l.trim())
      .map((documented) => {
        const line = typed(documented.trim());
        const m = /^\/(\S+)\s*(.*)$/.exec(line)!;
        return { line, command: m[1]!, text: m[2]!, options: discordOptions(spec, m[2]!) };
      }),
  );
}

function discordOptions(spec: CommandSpec, text: string): RawOption[] {
  const tokens = tokenize(text);
  if (!spec.subcommands) return typedOptions(spec.leaf!, optionsFromTokens(spec.leaf!, tokens));
  const first = tokens[0];
  const named = first && !first.quoted && first.key === undefined ? spec.subcommands.find((s) => s.name === first.text.toLowerCase()) : undefined;
  // Discord always names a subcommand: the one the shell would pick when none is typed.
  const sub = named ?? spec.subcommands.find((s) => s.name === (tokens.length ? spec.fallbackSubcommand : spec.emptySubcommand))!;
  const rest = named ? tokens.slice(1) : tokens;
  return [{ name: sub.name, type: 1, options: typedOptions(sub, optionsFromTokens(sub, rest)) }];
}

function typedOptions(leaf: LeafSpec, raw: Record<string, unknown>): RawOption[] {
  return leaf.options
    .filter((o) => raw[o.name] !== undefined)
    .map((o) => {
      const v = String(raw[o.name]);
      const value = o.kind === 'integer' ? Number(v) : o.kind === 'boolean' ? TRUE.includes(v.toLowerCase()) : o.kind === 'user' ? v.replace(/^<@!?|>$/g, '') : v;
      return { name: o.name, type: TYPE[o.kind], value };
    });
}
