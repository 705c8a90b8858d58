import { Refusal, integer, optional, text, type Check } from './option-checks.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/types.js';
import type { Locale } from '../i18n/locales.js';
import type { Translate } from '../i18n/index.js';
import type { Knowledge } from '../knowledge/resources.js';
import type { Config } from '../config.js';
import type { ItemRepository } from '../workflows/item-repository.js';

export type Platform = 'shell' | 'slack' | 'discord';

/** Who asks, where. Adapters build it from a platform payload; the core never sees the payload. */
export interface Caller {
  platform: Platform;
  workspace: string;
  channel: string;
  user: string;
  /** The platform's locale for this user (Discord interaction.locale, Slack users.info), if known. */
  platformLocale?: string | undefined;
  /**
   * The language a conversational question is written in (a mention, a DM): it counts after the
   * user's own setting and before the platform's locale (a Discord message carries no locale).
   */
  textLocale?: Locale | undefined;
  /** The workspace's own locale as the platform reports it (Discord guild_locale). */
  workspaceLocale?: string | undefined;
  /**
   * Asked where the channel sees the answer: a question in conversation (a mention, a thread) in a
   * channel. A slash command (its answer is the asker's alone) or a DM is asked privately.
   */
  publicly?: boolean | undefined;
  /** Workspace admin as the platform defines it (Slack admin/owner, Discord Manage Server). */
  isAdmin?: boolean | undefined;
  /**
   * How this reader types commands: `text` (the shell, Slack: `/track list all`) or `discord`
   * (every option named, names in the reader's language: `/track list filter:all`). Hints, usage
   * lines and examples in replies are written that way (src/core/command-line.ts).
   */
  commandSyntax?: 'text' | 'discord' | undefined;
  /** For logging only. */
  raw?: unknown;
}

/** A slash command: free text (Slack, shell) or structured options (Discord). */
export interface Invocation extends Caller {
  command: string;
  text?: string | undefined;
  subcommand?: string | undefined;
  options?: Record<string, unknown> | undefined;
}

/** A button click, routed to the command that made the button. */
export interface ActionInvocation extends Caller {
  /** `<command>:<action>` as the Reply's button carried it. */
  actionId: string;
  value: string;
}

/** Inline pieces of text. Plain strings are always escaped by renderers. */
export type Inline =
  | string
  | { bold: string }
  | { code: string }
  | { mention: string }
  /** A UI label as it reads in the tool, with the reader's translation beside it when it differs. */
  | { label: string; translation?: string | undefined };

export type Rich = string | Inline[];

export interface Button {
  label: string;
  /** `<command>:<action>` */
  actionId: string;
  value: string;
  style?: 'primary' | 'danger' | undefined;
  /** A rating of the reply (Helpful / Not helpful): Slack shows a pair as its own feedback buttons. */
  feedback?: 'positive' | 'negative' | undefined;
  /**
   * Only where the reply is the asker's alone (Share in channel): dropped from a reply the channel
   * sees (a question asked in conversation is answered in public with the same reply).
   */
  privateOnly?: boolean | undefined;
  /**
   * What the button does instead in a reply the channel sees, when that differs: the language
   * toggle of a private /howto answer redraws it with its Share button, the same answer posted in
   * conversation is redrawn for everyone there, without it.
   */
  inChannel?: { actionId: string; value: string } | undefined;
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: Rich }
  | { type: 'steps'; items: Rich[]; start?: number | undefined }
  | { type: 'list'; items: Rich[]; checkbox?: boolean | undefined }
  | { type: 'fields'; fields: { label: string; value: Rich }[] }
  | { type: 'warning'; text: Rich }
  | { type: 'context'; text: Rich }
  | { type: 'buttons'; buttons: Button[] }
  | { type: 'divider' };

/**
 * What the core answers: data, not markup. Each adapter renders it. `ephemeral` and
 * `replaceOriginal` are set by the core from the command's declaration (LeafDecl.visibility,
 * ActionSpec), never by a handler, so adapters know them before the handler runs (Core.shape).
 */
export interface Reply {
  blocks: Block[];
  /** Only the asker sees it (help, settings, every error). */
  ephemeral?: boolean | undefined;
  /** For a button: replace the message that carried the button instead of posting a new one. */
  replaceOriginal?: boolean | undefined;
  /** Stable, documented JSON fields (entryId, item, …) merged into the `--json` output. */
  data?: Record<string, unknown> | undefined;
  /** Set on error replies. */
  error?: { code: string; message: string; ref?: string | undefined } | undefined;
  /** The locale the reply was written in. */
  locale?: Locale | undefined;
  /**
   * For the asker's eyes wherever it is asked (the gaps list, which quotes questions people asked
   * privately): a conversational way in never posts it for a whole channel (src/adapters/conversation.ts).
   */
  askerOnly?: boolean | undefined;
}

export interface Services {
  store: Store;
  clock: () => Date;
  config: Config;
  log: Logger;
  /**
   * The one way to open and change tracked items (and the ping schedule): it bumps revisions and
   * tells the scheduler (src/workflows/item-repository.ts).
   */
  items: ItemRepository;
  /** The knowledge base and the /howto index, each built on first use. */
  knowledge: Knowledge;
}

/** What a handler gets: the services, the caller, and the caller's language. */
export interface Ctx extends Services {
  caller: Caller;
  locale: Locale;
  t: Translate;
  /** The user's bilingual setting (answers in both languages). */
  bilingual: boolean;
  /** Translate in another locale (bilingual replies). */
  tIn: (locale: Locale) => Translate;
  now: () => Date;
}

export type OptionKind = 'string' | 'integer' | 'boolean' | 'user';

/** How an option reaches the handler from free text and how Discord registers it. */
export interface OptionMeta {
  name: string;
  kind: OptionKind;
  /** May be given as a bare word, in declared order. */
  positional?: boolean | undefined;
  /** Collects every remaining bare word (last positional only). */
  rest?: boolean | undefined;
  /**
   * A rest option kept as typed, quotes included (a note, a title): `said "no refund"` stays so.
   * A value that is one quoted word is still unquoted (`"Retro tee"` → `Retro tee`).
   */
  verbatim?: boolean | undefined;
  /**
   * The only option of its leaf, and it is the whole text after the subcommand exactly as typed
   * (a question): quotes, colons and `key:value` look-alikes inside it are the user's words, never
   * option syntax. In a command with a fallback subcommand, a subcommand that takes no options
   * but is followed by words ("gaps in the docs?") is that fallback's text too.
   */
  whole?: boolean | undefined;
  /**
   * A `key:value` (a date) that, typed last on the line after every positional word, takes the
   * words after it: `/track new task Call due:next tuesday`.
   */
  trailing?: boolean | undefined;
  choices?: readonly string[] | undefined;
  /** Needed though its check lets it be missing, because the handler explains a missing one itself. */
  required?: boolean | undefined;
  autocomplete?: 'item' | 'entry' | 'template' | 'event' | undefined;
}

/** An option as declared: its OptionMeta without the name (the name is its key in `options`). */
export type OptionDecl = Omit<OptionMeta, 'name' | 'kind'>;

/** An option of a leaf as the core and the adapters read it. */
export interface LeafOption extends OptionMeta {
  /**
   * The command needs it: its check does not accept a missing value, or it is declared
   * `required` (a value the handler checks itself, to say which item or event is missing). Discord
   * registers it as required; usage lines show it as `<name>`.
   */
  required: boolean;
}

/** An option as a leaf declares it: its metadata and the check of its value. */
export interface Opt<T = unknown, Optional extends boolean = boolean> {
  readonly meta: OptionDecl & { kind: OptionKind };
  readonly check: Check<T, Optional>;
}

function declared<T, O extends boolean>(kind: OptionKind, meta: OptionDecl, check: Check<T, O>): Opt<T, O> {
  return { meta: { ...meta, kind }, check };
}

/**
 * Option declarations: each option is declared once, with its metadata and the check of its value
 * (src/core/option-checks.ts), in a leaf's `options` object (its key is its name, its position its
 * order). The handler's values are inferred from the checks. Without a check, a string or user
 * option is an optional trimmed string, an integer an optional whole number.
 */
function stringOption(meta: OptionDecl): Opt<string | undefined, true>;
function stringOption<T, O extends boolean>(meta: OptionDecl, check: Check<T, O>): Opt<T, O>;
function stringOption(meta: OptionDecl, check?: Check<unknown>): Opt {
  return declared('string', meta, check ?? optional(text()));
}

function integerOption(meta: OptionDecl): Opt<number | undefined, true>;
function integerOption<T, O extends boolean>(meta: OptionDecl, check: Check<T, O>): Opt<T, O>;
function integerOption(meta: OptionDecl, check?: Check<unknown>): Opt {
  return declared('integer', meta, check ?? optional(integer()));
}

function booleanOption<T, O extends boolean>(meta: OptionDecl, check: Check<T, O>): Opt<T, O> {
  return declared('boolean', meta, check);
}

/** A person: `<@U123>` typed in Slack or the shell, a user id from Discord. */
function userOption(meta: OptionDecl): Opt<string | undefined, true> {
  return declared('user', meta, optional(text()));
}

export const option = { string: stringOption, integer: integerOption, boolean: booleanOption, user: userOption };

export type Options = Record<string, Opt>;
/** The handler's values, as the options' checks give them (undefined for a missing optional one). */
export type OptionValues<O extends Options> = { [K in keyof O]: O[K] extends Opt<infer T, boolean> ? T : never };

/** What a handler returns: a Reply without the parts its command's declaration decides. */
export type HandlerReply = Omit<Reply, 'ephemeral' | 'replaceOriginal'>;
export type Handler<O extends Options> = (ctx: Ctx, options: OptionValues<O>) => HandlerReply | Promise<HandlerReply>;

/**
 * Who sees a command's reply: only the asker (`ephemeral`) or the channel (`channel`). An error
 * reply is always the asker's alone, whatever the command declares.
 */
export type Visibility = 'ephemeral' | 'channel';

export interface LeafDecl<O extends Options> {
  /** Each option once: `{ id: option.string({ positional: true }) }`. */
  options: O;
  /**
   * Who sees the reply, known before the handler runs (Discord defers with it). A function of the
   * option values when the command really depends on them (`/guide` vs `/guide <id>`).
   */
  visibility: Visibility | ((options: OptionValues<O>) => Visibility);
  run: Handler<O>;
}

/** Validated option values bound to their handler and the reply's visibility, or the first problem with them. */
export type Bound =
  | { ok: true; visibility: Visibility; run: (ctx: Ctx) => HandlerReply | Promise<HandlerReply> }
  | { ok: false; issue: { option: string; refusal: Refusal } };

export interface LeafSpec {
  readonly options: readonly LeafOption[];
  /** Validates raw option values (free text or Discord's) with the options' checks. */
  bind(raw: Record<string, unknown>): Bound;
}

export interface SubcommandSpec extends LeafSpec {
  name: string;
}

/** An autocomplete choice: what the user sees and the value the option gets. */
export interface Choice {
  name: string;
  value: string;
}

export type ActionHandler = (ctx: Ctx, value: string) => HandlerReply | Promise<HandlerReply>;

/** A button's handler and how its reply is shown, known before the handler runs. */
export interface ActionSpec {
  /** Who sees the reply; for an in-place one, who sees the message it replaces. */
  visibility: Visibility;
  /**
   * The reply replaces the message that carried the button (the language toggle, a walkthrough's
   * Next) instead of being a new message. An error is always a new message for the clicker alone.
   */
  inPlace?: boolean | undefined;
  run: ActionHandler;
}

/**
 * A slash command. Its i18n keys follow a convention checked at start-up:
 * `cmd.<name>.name|description|usage|examples`, `cmd.<name>.sub.<sub>`, `cmd.<name>.opt.<option>`.
 */
export interface CommandSpec {
  name: string;
  /** A leaf command (no subcommands). */
  leaf?: LeafSpec | undefined;
  subcommands?: readonly SubcommandSpec[] | undefined;
  /** Subcommand used when the first word is not a subcommand name (e.g. `/howto <question>`). */
  fallbackSubcommand?: string | undefined;
  /** Subcommand used when nothing is typed (e.g. `/settings` shows the settings). */
  emptySubcommand?: string | undefined;
  /** Autocomplete for options marked `autocomplete` (Discord): choices for what is typed so far. */
  complete?: ((ctx: Ctx, option: OptionMeta, partial: string) => Choice[] | Promise<Choice[]>) | undefined;
  /** Button handlers: `<name>:<action>` routes to actions[action]. */
  actions?: Readonly<Record<string, ActionSpec>> | undefined;
  /** An error's example made for this moment (a date in the future); undefined: the first of `examples`. */
  example?: ((ctx: Ctx, sub: string | undefined) => string | undefined) | undefined;
}

export function defineLeaf<O extends Options>(spec: LeafDecl<O>): LeafSpec {
  const declaredOptions = Object.entries(spec.options);
  const options = declaredOptions.map(([name, o]): LeafOption => {
    if (!o || typeof o.check?.parse !== 'function') throw new Error(`option ${name} is not declared with option.string/integer/boolean/user`);
    // No default and not optional: the command cannot run without it.
    return { ...o.meta, name, required: o.meta.required === true || !o.check.optional };
  });
  return {
    options,
    bind(raw) {
      // Each option's check in declared order; the first refusal is the reply.
      const values: Record<string, unknown> = {};
      for (const [name, o] of declaredOptions) {
        const v = o.check.parse(raw[name]);
        if (v instanceof Refusal) return { ok: false, issue: { option: name, refusal: v } };
        if (v !== undefined || name in raw) values[name] = v;
      }
      const data = values as OptionValues<O>;
      const visibility = typeof spec.visibility === 'function' ? spec.visibility(data) : spec.visibility;
      return { ok: true, visibility, run: (ctx) => spec.run(ctx, data) };
    },
  };
}

export function defineSub<O extends Options>(spec: LeafDecl<O> & { name: string }): SubcommandSpec {
  return { name: spec.name, ...defineLeaf(spec) };
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
