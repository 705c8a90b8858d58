import { defineCommand, defineLeaf, option, type Ctx, type HandlerReply } from '../src/core/types.js';
import { context, fields, heading, list, para, reply } from '../src/core/reply.js';
import { UserError } from '../src/core/errors.js';
import { optional, text } from '../src/core/option-checks.js';
import { closest } from '../src/core/suggest.js';
import { deepFreeze } from '../src/core/deep-freeze.js';
import type { CommandSpec } from '../src/core/types.js';

/** `/help` lists the commands; `/help <command>` shows usage and examples. */
export function helpCommand(all: () => readonly CommandSpec[]): CommandSpec {
  return defineCommand({
    name: 'help',
    leaf: defineLeaf({
      visibility: 'ephemeral',
      options: { command: option.string({ positional: true }, optional(text({ trim: false }))) },
      run: (ctx, { command }) => (command ? commandHelp(ctx, all(), command) : overview(ctx, all())),
    }),
  });
}

/**
 * The list is the same for every reader of a language: made once per translate function (a new one
 * when strings change) and command list, and frozen, so the core and the Discord renderer keep
 * their work on it too.
 */
const overviews = new WeakMap<Ctx['t'], { commands: readonly CommandSpec[]; reply: HandlerReply }>();

function overview(ctx: Ctx, commands: readonly CommandSpec[]): HandlerReply {
  const kept = overviews.get(ctx.t);
  if (kept?.commands === commands) return kept.reply;
  const made = deepFreeze(buildOverview(ctx, commands));
  overviews.set(ctx.t, { commands, reply: made });
  return made;
}

function buildOverview(ctx: Ctx, commands: readonly CommandSpec[]): HandlerReply {
  return reply(
    [
      heading(ctx.t('help.title')),
      para(ctx.t('help.intro')),
      list(commands.map((c) => [{ code: `/${c.name}` }, ` — ${ctx.t(`cmd.${c.name}.description`)}`])),
      context(ctx.t('help.more')),
    ],
    { data: { commands: commands.map((c) => c.name) } },
  );
}

/** `/help <command>`: the command's description, usage, subcommands and examples. */
export function commandHelp(ctx: Ctx, commands: readonly CommandSpec[], typed: string): HandlerReply {
  const name = typed.replace(/^\//, '').toLowerCase();
  const spec = commands.find((c) => c.name === name);
  if (!spec) {
    const guess = closest(name, commands.map((c) => c.name));
    throw new UserError(guess ? 'errors.unknownCommandGuess' : 'errors.unknownCommand', { command: name, guess });
  }
  const blocks = [
    heading(`/${spec.name}`),
    para(ctx.t(`cmd.${spec.name}.description`)),
    fields([{ label: ctx.t('help.usage'), value: [{ code: ctx.t(`cmd.${spec.name}.usage`) }] }]),
  ];
  if (spec.subcommands) {
    blocks.push(
      list(spec.subcommands.map((s) => [{ code: s.name }, ` — ${ctx.t(`cmd.${spec.name}.sub.${s.name}`)}`])),
    );
  }
  blocks.push(para(ctx.t('help.examples')));
  blocks.push(list(ctx.t(`cmd.${spec.name}.examples`).split('\n').map((e) => [{ code: e }])));
  return reply(blocks, { data: { command: spec.name } });
}
