import { createCtx } from './context.js';
import { UserError } from './errors.js';
import { StoreWriteError } from '../store/errors.js';
import { optionsFromTokens, validateOptions } from './parse-options.js';
import { closest } from './suggest.js';
import { checkInput, tokenize } from './tokenize.js';
import { isHelpRequest } from './help-request.js';
import { context, para, withoutPrivateButtons } from './reply.js';
import { commandLines, withCommandLines, type CommandLines } from './command-line.js';
import { apology, errorRef } from './apology.js';
import { mapLocale } from '../i18n/locales.js';
import { hasKey } from '../i18n/index.js';
import type {
  ActionInvocation,
  ActionSpec,
  Caller,
  Choice,
  CommandSpec,
  Ctx,
  HandlerReply,
  Invocation,
  LeafOption,
  LeafSpec,
  Reply,
  Services,
  SubcommandSpec,
  Visibility,
} from './types.js';

/**
 * How a reply is shown, as its command declares it (LeafDecl.visibility, ActionSpec), known before
 * the handler runs: an adapter that must answer first and fill in later (Discord) defers with it.
 */
export interface ReplyShape {
  /** Only the asker sees it. */
  ephemeral: boolean;
  /** It replaces the message that carried the clicked button. */
  inPlace: boolean;
}

/** An invocation that will be answered with an error: for the asker alone, a new message. */
const ERROR_SHAPE: ReplyShape = { ephemeral: true, inPlace: false };

export interface Core {
  readonly services: Services;
  readonly commands: readonly CommandSpec[];
  dispatch(inv: Invocation): Promise<Reply>;
  action(act: ActionInvocation): Promise<Reply>;
  /**
   * How dispatch(inv) will show its reply, without running anything. It is the reply's shape unless
   * the handler itself fails (an error is always the asker's alone).
   */
  shape(inv: Invocation): ReplyShape;
  /** How action(act) will show its reply (as `shape`). */
  actionShape(act: ActionInvocation): ReplyShape;
  /** Autocomplete choices for an option of a command (at most 25). */
  complete(caller: Caller, command: string, subcommand: string | undefined, option: string, partial: string): Promise<Choice[]>;
  /** The command spec by name (for adapters that register commands). */
  command(name: string): CommandSpec | undefined;
}

/**
 * Builds the command core over a list of command specs. The specs are checked by checkSpecs at
 * build and test time (src/app.ts checkApp), not at every start.
 */
export function createCore(services: Services, commands: readonly CommandSpec[]): Core {
  const byName = new Map(commands.map((c) => [c.name, c]));
  /** Per translate function (one per language, see translator), its command lines and what they rewrote. */
  const linesByT = new WeakMap<Ctx['t'], CommandLines>();
  const linesFor = (t: Ctx['t']): CommandLines => {
    let lines = linesByT.get(t);
    if (!lines) linesByT.set(t, (lines = commandLines(commands, t)));
    return lines;
  };

  async function guarded(
    ctx: Ctx,
    commandName: string | undefined,
    run: (where: { sub?: string }) => Promise<Reply>,
  ): Promise<Reply> {
    const where: { sub?: string } = {};
    // On Discord, command lines in replies name every option, in the reader's language.
    const lines = ctx.caller.commandSyntax === 'discord' ? linesFor(ctx.t) : undefined;
    try {
      const r = await run(where);
      // Object.assign, not `{ ...r, locale }`: V8 (Node 20) builds a spread followed by more properties ~15 times slower.
      return Object.assign({}, lines ? withCommandLines(r, lines) : r, { locale: r.locale ?? ctx.locale });
    } catch (err) {
      if (err instanceof UserError) {
        const spec = byName.get(err.exampleFor ?? commandName ?? '');
        return errorReply(ctx, err, spec, err.exampleFor ? err.exampleSub : where.sub, lines);
      }
      const ref = errorRef();
      services.log.error({ err, ref, command: commandName, workspace: ctx.caller.workspace }, 'command failed');
      // A write that did not reach the disk left nothing behind (the store rolled it back): say so.
      const code = err instanceof StoreWriteError ? 'errors.notSaved' : 'errors.internal';
      const why = err instanceof StoreWriteError && err.code === 'ENOSPC' ? ctx.t('errors.diskFull') : '';
      return apology(ctx.t, ctx.locale, ref, { code, why });
    }
  }

  /**
   * A shared store (PostgreSQL) loads the workspace, or catches up with other replicas' writes,
   * before the command reads it. A failure is the command's: answered as an internal error.
   */
  async function prepare(workspace: string): Promise<unknown> {
    if (!services.store.prepare) return undefined;
    try {
      await services.store.prepare(workspace);
      return undefined;
    } catch (err) {
      return err ?? new Error('store prepare failed');
    }
  }

  return {
    services,
    commands,
    command: (name) => byName.get(name),
    async complete(caller, command, subcommand, option, partial) {
      const spec = byName.get(command);
      const leaf = spec?.subcommands ? spec.subcommands.find((s) => s.name === subcommand) : spec?.leaf;
      const meta = leaf?.options.find((o) => o.name === option);
      if (!spec?.complete || !meta) return [];
      try {
        const failed = await prepare(caller.workspace);
        if (failed) throw failed;
        const ctx = createCtx(services, caller);
        return (await spec.complete(ctx, meta, partial.slice(0, 100))).slice(0, 25);
      } catch (err) {
        services.log.warn({ err, command, option }, 'autocomplete failed');
        return [];
      }
    },
    async dispatch(inv) {
      const failed = await prepare(inv.workspace);
      rememberPlatformLocale(services, inv);
      const ctx = createCtx(services, inv);
      return guarded(ctx, nameOf(inv), async (where) => {
        if (failed) throw failed;
        const { visibility, run } = bindInvocation(byName, inv, where);
        return shaped(await run(ctx), shapeOfLeaf(visibility));
      });
    },
    shape(inv) {
      try {
        return shapeOfLeaf(bindInvocation(byName, inv, {}).visibility);
      } catch {
        return ERROR_SHAPE;
      }
    },
    actionShape(act) {
      const found = actionOf(byName, act.actionId);
      return found ? shapeOfAction(found) : ERROR_SHAPE;
    },
    async action(act) {
      const failed = await prepare(act.workspace);
      rememberPlatformLocale(services, act);
      const ctx = createCtx(services, act);
      const [name = ''] = act.actionId.split(':', 1);
      return guarded(ctx, name, async () => {
        if (failed) throw failed;
        checkInput(act.value);
        const found = actionOf(byName, act.actionId);
        if (!found) throw new UserError('errors.unknownAction', { action: act.actionId });
        return shaped(await found.run(ctx, act.value), shapeOfAction(found));
      });
    },
  };
}

/** The command's spec, its leaf bound to the invocation's options, and who sees the reply; a UserError when any is wrong. */
function bindInvocation(byName: ReadonlyMap<string, CommandSpec>, inv: Invocation, where: { sub?: string }): ReturnType<typeof validateOptions> {
  const name = nameOf(inv);
  const spec = byName.get(name);
  if (!spec) {
    const guess = closest(name, byName.keys());
    // The usage shown is the guessed command's (and its subcommand's, when the next word is one).
    const word = (inv.subcommand ?? inv.text ?? '').trim().split(/\s+/, 1)[0]?.toLowerCase();
    const sub = guess ? byName.get(guess)?.subcommands?.find((s) => s.name === word)?.name : undefined;
    throw new UserError(guess ? 'errors.unknownCommandGuess' : 'errors.unknownCommand', { command: name, guess }, guess ?? 'help', sub);
  }
  // `/track --help`, `/deadlines ?`: the command's help, as `/help <command>` shows it.
  const help = byName.get('help')?.leaf;
  if (help && asksForHelp(spec, inv)) return validateOptions(help, { command: spec.name });
  const { leaf, raw } = resolveLeaf(spec, inv, where);
  return validateOptions(leaf, raw);
}

/**
 * Whether the invocation's only argument asks for its command's help (src/core/help-request.ts):
 * the whole free text, or, in structured options (Discord, a question asked in conversation), the
 * one value given to a command that has no subcommand chosen.
 */
function asksForHelp(spec: CommandSpec, inv: Invocation): boolean {
  if (inv.options === undefined && inv.subcommand === undefined) return isHelpRequest(inv.text ?? '');
  if (inv.subcommand !== undefined && spec.subcommands) return false;
  const values = Object.values(inv.options ?? {});
  return values.length === 1 && typeof values[0] === 'string' && isHelpRequest(values[0]);
}

function nameOf(inv: Invocation): string {
  return inv.command.replace(/^\//, '').trim().toLowerCase();
}

/** The action `<command>:<action>` names, if its command has one. */
function actionOf(byName: ReadonlyMap<string, CommandSpec>, actionId: string): ActionSpec | undefined {
  const [name = '', action = ''] = actionId.split(':', 2);
  return Object.hasOwn(byName.get(name)?.actions ?? {}, action) ? byName.get(name)!.actions![action] : undefined;
}

function shapeOfLeaf(visibility: Visibility): ReplyShape {
  return { ephemeral: visibility === 'ephemeral', inPlace: false };
}

function shapeOfAction(action: ActionSpec): ReplyShape {
  return { ephemeral: action.visibility === 'ephemeral', inPlace: action.inPlace === true };
}

/**
 * A handler's reply shown as its command declares; a reply that is an error is the asker's alone, a
 * new message. A reply the channel sees has no private-only buttons.
 */
function shaped(r: HandlerReply, shape: ReplyShape): Reply {
  const { ephemeral, inPlace } = r.error ? ERROR_SHAPE : shape;
  const blocks = ephemeral ? r.blocks : withoutPrivateButtons(r.blocks);
  return Object.assign({}, r, { blocks, ephemeral }, inPlace ? { replaceOriginal: true } : undefined);
}

/**
 * Keeps the language a chat platform reports for a person (Slack users.info, Discord
 * interaction.locale), so pings to them follow it even when they never ran /settings lang. Written
 * only when it changed, in the background: the reply does not wait for it.
 */
function rememberPlatformLocale(services: Services, caller: Caller): void {
  if (caller.platform === 'shell' || !caller.workspace || !caller.user) return;
  const locale = mapLocale(caller.platformLocale);
  if (!locale || services.store.read(caller.workspace).users[caller.user]?.platformLocale === locale) return;
  services.store
    .update(caller.workspace, (ws) => {
      (ws.users[caller.user] ??= {}).platformLocale = locale;
    })
    .catch((err: unknown) => services.log.warn({ err, workspace: caller.workspace }, 'could not remember a platform locale'));
}

/**
 * Picks the subcommand and raw options, from structured options or from free text. The subcommand
 * is noted in `where` as soon as it is known, so an error in its options shows its own example.
 */
function resolveLeaf(spec: CommandSpec, inv: Invocation, where: { sub?: string }): { leaf: LeafSpec; raw: Record<string, unknown> } {
  const chose = (sub: SubcommandSpec) => {
    where.sub = sub.name;
    return sub;
  };
  if (inv.options !== undefined || inv.subcommand !== undefined) {
    for (const v of Object.values(inv.options ?? {})) if (typeof v === 'string') checkInput(v);
    if (!spec.subcommands) return { leaf: spec.leaf!, raw: { ...inv.options } };
    const subName = inv.subcommand ?? spec.emptySubcommand ?? '';
    const sub = spec.subcommands.find((s) => s.name === subName);
    if (!sub) throw new UserError('errors.unknownSubcommand', { command: spec.name, sub: subName, subs: subNames(spec) });
    return { leaf: chose(sub), raw: { ...inv.options } };
  }
  const whole = wholeText(spec, inv.text ?? '');
  if (whole) return { leaf: 'name' in whole.leaf ? chose(whole.leaf) : whole.leaf, raw: whole.raw };
  if (spec.subcommands) {
    // A mistake in the words (a quote left open) is explained with the subcommand's usage when the first word names it.
    const named = spec.subcommands.find((s) => s.name === /^\S+/u.exec((inv.text ?? '').trim())?.[0].toLowerCase());
    if (named) where.sub = named.name;
  }
  const tokens = tokenize(inv.text ?? '');
  if (!spec.subcommands) return { leaf: spec.leaf!, raw: optionsFromTokens(spec.leaf!, tokens, { command: spec.name }) };
  const first = tokens[0];
  if (!first) {
    const sub = spec.subcommands.find((s) => s.name === spec.emptySubcommand);
    if (!sub) throw new UserError('errors.missingSubcommand', { command: spec.name, subs: subNames(spec) });
    return { leaf: chose(sub), raw: {} };
  }
  const word = first.quoted || first.key !== undefined ? undefined : first.text.toLowerCase();
  const sub = word !== undefined ? spec.subcommands.find((s) => s.name === word) : undefined;
  if (sub) return { leaf: chose(sub), raw: optionsFromTokens(sub, tokens.slice(1), { command: spec.name, sub: sub.name }) };
  if (spec.fallbackSubcommand) {
    const fb = chose(spec.subcommands.find((s) => s.name === spec.fallbackSubcommand)!);
    return { leaf: fb, raw: optionsFromTokens(fb, tokens, { command: spec.name, sub: fb.name }) };
  }
  const guess = word !== undefined ? closest(word, spec.subcommands.map((s) => s.name)) : undefined;
  throw new UserError(guess ? 'errors.unknownSubcommandGuess' : 'errors.unknownSubcommand', {
    command: spec.name,
    sub: first.text,
    guess,
    subs: subNames(spec),
  });
}

/** The option that is its leaf's whole text (see OptionMeta.whole), if the leaf has one. */
function wholeOption(leaf: LeafSpec | undefined): string | undefined {
  const only = leaf?.options.length === 1 ? leaf.options[0] : undefined;
  return only?.whole ? only.name : undefined;
}

/**
 * Free text for a leaf whose option is the whole text: the subcommand named by the first word
 * when it takes that text, else the fallback subcommand with all of it. Undefined when the text
 * is to be tokenized as usual (another subcommand, or no such option).
 */
function wholeText(spec: CommandSpec, input: string): { leaf: LeafSpec | SubcommandSpec; raw: Record<string, unknown> } | undefined {
  checkInput(input);
  const text = input.trim();
  if (!spec.subcommands) {
    const name = wholeOption(spec.leaf);
    return name && text ? { leaf: spec.leaf!, raw: { [name]: text } } : undefined;
  }
  const first = /^\S+/.exec(text)?.[0];
  if (!first) return undefined;
  const rest = text.slice(first.length).trim();
  const named = spec.subcommands.find((s) => s.name === first.toLowerCase());
  const fallback = spec.subcommands.find((s) => s.name === spec.fallbackSubcommand);
  const fallbackName = wholeOption(fallback);
  if (named) {
    const name = wholeOption(named);
    if (name) return rest ? { leaf: named, raw: { [name]: rest } } : undefined;
    // "gaps in the guide?": a subcommand without options, followed by words, is a question.
    if (named.options.length === 0 && rest && fallbackName) return { leaf: fallback!, raw: { [fallbackName]: text } };
    return undefined;
  }
  return fallbackName ? { leaf: fallback!, raw: { [fallbackName]: text } } : undefined;
}

function subNames(spec: CommandSpec): string {
  return (spec.subcommands ?? []).map((s) => s.name).join(', ');
}

/**
 * A localized error with the command's usage and a correct example. A message that carries its own
 * example (`{{example}}`, fitted to what was typed) is not followed by a second, generic one.
 */
function errorReply(ctx: Ctx, err: UserError, spec: CommandSpec | undefined, sub: string | undefined, lines?: CommandLines): Reply {
  const what = missingOptionDescription(ctx, err, spec, sub);
  // The command lines a message carries (its example, a command to run) in the reader's syntax.
  const vars = { ...err.vars };
  for (const k of ['example', 'command'] as const) {
    const v = vars[k];
    if (lines && typeof v === 'string') vars[k] = lines.line(v);
  }
  const written = what ? ctx.t('errors.missingOptionWhat', { ...vars, what }) : ctx.t(err.key, vars);
  const message = lines ? lines.names(written) : written;
  const blocks = [para(message)];
  if (spec) {
    const leaf = sub ? spec.subcommands?.find((s) => s.name === sub) : undefined;
    const usage = lines?.usage(spec.name, leaf?.name) ?? (leaf ? subUsage(spec.name, leaf) : ctx.t(`cmd.${spec.name}.usage`));
    blocks.push(context(ctx.t('help.usageLine', { usage })));
    const own = typeof vars.example === 'string' && message.includes(vars.example);
    const typed = own ? undefined : (spec.example?.(ctx, sub) ?? exampleLine(ctx, spec.name, sub));
    const example = typed !== undefined && lines ? lines.line(typed) : typed;
    if (example) blocks.push(context(ctx.t('help.exampleLine', { example })));
  }
  return { blocks, ephemeral: true, error: { code: err.key, message }, locale: ctx.locale };
}

/**
 * A subcommand's usage from its options: `/track event <id> <event> [date…]`. Positional options
 * in order (`<…>` required, `[…]` optional, `…` for the rest of the line), then the `key:value`
 * ones (`[key:value …]` when there are more than three).
 */
function subUsage(command: string, leaf: SubcommandSpec): string {
  // Handlers check some words themselves (a title): a positional word is taken as needed unless it
  // is a choice or a trailing rest of words (a date), or its declaration says it is needed.
  const optional = (o: LeafOption) => !o.required && (o.choices !== undefined || (o.rest === true && !o.verbatim));
  const parts = [`/${command}`, leaf.name];
  for (const o of leaf.options.filter((o) => o.positional)) {
    const name = o.choices ? o.choices.join('|') : `${o.name}${o.rest && !o.verbatim ? '…' : ''}`;
    parts.push(optional(o) ? `[${name}]` : `<${name}>`);
  }
  const named = leaf.options.filter((o) => !o.positional);
  if (named.length > 3) parts.push('[key:value …]');
  else for (const o of named) parts.push(`[${o.name}:…]`);
  return parts.join(' ');
}

/** What a missing option is (`language`: en, zh-CN, zh-TW or auto), from the command's spec. */
function missingOptionDescription(ctx: Ctx, err: UserError, spec: CommandSpec | undefined, sub: string | undefined): string | undefined {
  const option = err.vars.option;
  if (err.key !== 'errors.missingOption' || !spec || typeof option !== 'string') return undefined;
  const leaf = spec.leaf ?? spec.subcommands?.find((s) => s.name === sub);
  const key = `cmd.${spec.name}.opt.${option}`;
  return leaf?.options.some((o) => o.name === option) && hasKey(ctx.locale, key) ? ctx.t(key) : undefined;
}

/** The command's first example, or its first example of the given subcommand. */
export function exampleLine(ctx: Pick<Ctx, 't'>, command: string, sub?: string): string | undefined {
  const lines = ctx.t(`cmd.${command}.examples`).split('\n');
  const prefix = `/${command} ${sub}`;
  const forSub = sub ? lines.find((l) => l === prefix || l.startsWith(`${prefix} `)) : undefined;
  return forSub ?? lines[0];
}
