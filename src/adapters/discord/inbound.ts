import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  CommandInteractionOption,
  Interaction,
  InteractionEditReplyOptions,
  InteractionReplyOptions,
  InteractionUpdateOptions,
  MessageFlags,
} from 'discord.js';
import type { Logger } from '../../log.js';
import type { Core } from '../../core/dispatch.js';
import type { Caller, Reply } from '../../core/types.js';
import type { ButtonIds } from './buttons.js';
import { clip } from '../../core/clip.js';
import { renderReply, type DiscordMessage } from './render.js';
import { TIMEOUT, within } from '../within.js';

/** Discord's application command option types that the adapter reads. */
const OPTION_SUBCOMMAND = 1;
const OPTION_SUBCOMMAND_GROUP = 2;
const OPTION_INTEGER = 4;
const EPHEMERAL = 64 as MessageFlags.Ephemeral;
/** Discord error code: the interaction expired (its 3-second window passed) or was already answered. */
const UNKNOWN_INTERACTION = 10062;

export interface InboundDeps {
  core: Core;
  ids: ButtonIds;
  log: Logger;
  /**
   * How long a handler may run before the interaction is deferred. Discord allows 3 seconds for
   * the first response, counted from when it sent the event; 2 s leaves room for the network.
   */
  deferAfterMs?: number | undefined;
  /** Autocomplete cannot be deferred: after this long it answers with no choices. */
  autocompleteTimeoutMs?: number | undefined;
}

/** Who asks and where: the guild is the workspace; a DM is a workspace of its own per user. */
export function callerOf(i: Interaction): Caller {
  const user = i.user.id;
  const inGuild = i.guildId !== null;
  return {
    platform: 'discord',
    workspace: workspaceOf(i),
    channel: i.channelId ?? `dm:${user}`,
    user,
    platformLocale: i.locale,
    workspaceLocale: i.guildLocale ?? undefined,
    // Manage Server is what Discord calls a server admin's right; in a DM the user owns their workspace.
    isAdmin: inGuild ? (i.memberPermissions?.has('ManageGuild') ?? false) : true,
    // Hints and examples in replies name every option, with the names this reader's client shows.
    commandSyntax: 'discord',
    raw: { interaction: i.id, type: i.type },
  };
}

/** The guild, or for a DM the user's own workspace. */
function workspaceOf(i: Interaction): string {
  return i.guildId ?? `dm:${i.user.id}`;
}

/** The subcommand and the typed option values of a chat-input interaction. */
export function optionsOf(data: readonly CommandInteractionOption[]): { subcommand?: string; options: Record<string, unknown> } {
  const first = data[0];
  if (first && first.type === OPTION_SUBCOMMAND_GROUP) {
    const inner = optionsOf(first.options ?? []);
    return { ...inner, subcommand: inner.subcommand ? `${first.name} ${inner.subcommand}` : first.name };
  }
  if (first && first.type === OPTION_SUBCOMMAND) {
    return { subcommand: first.name, options: values(first.options ?? []) };
  }
  return { options: values(data) };
}

function values(data: readonly CommandInteractionOption[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A user option's value is the user's id; dates and everything else arrive as typed.
  for (const o of data) if (o.value !== undefined) out[o.name] = o.value;
  return out;
}

function mentions(m: DiscordMessage) {
  return { parse: [], users: m.users, repliedUser: false };
}

/**
 * Embeds and button rows as discord.js's JSONEncodable: render.ts already writes the API's JSON, and
 * discord.js sends an encodable's toJSON() as it is instead of copying every object and key into
 * snake_case (a tenth of an interaction's time in discord.js for a /help).
 */
function encoded<T>(values: readonly T[]): { toJSON(): T }[] {
  return values.map((v) => ({ toJSON: () => v }));
}

/** A new message (reply or follow-up). */
function createOptions(m: DiscordMessage): InteractionReplyOptions {
  return {
    content: m.content,
    embeds: encoded(m.embeds),
    components: encoded(m.components),
    allowedMentions: mentions(m),
    ...(m.ephemeral ? { flags: EPHEMERAL } : {}),
  };
}

/** An edit of an existing message: content, embeds and buttons are all replaced. */
function editOptions(m: DiscordMessage): InteractionEditReplyOptions & InteractionUpdateOptions {
  return { content: m.content, embeds: encoded(m.embeds), components: encoded(m.components), allowedMentions: mentions(m) };
}

/** Display names of the people typed into titles and notes, from discord.js's member and user caches (no request). */
function namesOf(i: Interaction): (id: string) => string | undefined {
  return (id) => i.guild?.members.cache.get(id)?.displayName ?? i.client.users.cache.get(id)?.displayName ?? undefined;
}

/**
 * Turns interactions into core calls and their replies into Discord responses, always within
 * Discord's 3-second window: a reply ready in time is sent at once, a slower one is deferred first,
 * as its command declares it will be shown (private, in the channel, or in place of the clicked
 * message: Core.shape), so the deferral already has the reply's visibility.
 */
export function createInbound(deps: InboundDeps): (i: Interaction) => Promise<void> {
  const { core, ids, log } = deps;
  const deferAfter = deps.deferAfterMs ?? 2000;
  const autocompleteTimeout = deps.autocompleteTimeoutMs ?? 2500;
  /** The reply's messages; a button token they carry is written to the workspace before they are sent. */
  const render = async (r: Reply, i: Interaction) => {
    const messages = renderReply(r, { ids, names: namesOf(i), workspace: workspaceOf(i) });
    if (ids.unflushed) await ids.flush().catch((err: unknown) => log.warn({ err }, 'discord: could not keep button tokens; those buttons work until a restart'));
    return messages;
  };

  /** Fills in a deferred new message with the reply, whose visibility the deferral already has. */
  async function fillDeferral(i: ChatInputCommandInteraction | ButtonInteraction, deferredEphemeral: boolean, reply: Reply): Promise<void> {
    const messages = await render(reply, i);
    if (reply.ephemeral === true && !deferredEphemeral) {
      // Only an error differs from its command's declaration (a handler that failed after the
      // deferral): it is the asker's alone, so the public "thinking…" makes way for it.
      await i.deleteReply();
      for (const m of messages) await i.followUp(createOptions(m));
      return;
    }
    const [first, ...more] = messages;
    await i.editReply(editOptions(first!));
    for (const m of more) await i.followUp(createOptions(m));
  }

  async function command(i: ChatInputCommandInteraction): Promise<void> {
    const { subcommand, options } = optionsOf(i.options.data);
    // Onto the caller callerOf made (a spread followed by more properties is slow in V8, see core/context.ts).
    const inv = Object.assign(callerOf(i), { command: i.commandName, subcommand, options });
    const work = core.dispatch(inv);
    const early = await within(work, deferAfter);
    if (early !== TIMEOUT) {
      const [first, ...more] = await render(early, i);
      await i.reply(createOptions(first!));
      for (const m of more) await i.followUp(createOptions(m));
      return;
    }
    // Only a slow reply needs its shape ahead of it (the deferral shows it): asked for then, not on every command.
    const shape = core.shape(inv);
    await i.deferReply(shape.ephemeral ? { flags: EPHEMERAL } : {});
    await fillDeferral(i, shape.ephemeral, await work);
  }

  async function button(i: ButtonInteraction): Promise<void> {
    // A forgotten token becomes an action no command has: the core answers "this button no longer works".
    const target = (await ids.resolve(i.customId, workspaceOf(i)).catch(() => undefined)) ?? { actionId: ':', value: '' };
    const act = Object.assign(callerOf(i), { actionId: target.actionId, value: target.value });
    const work = core.action(act);
    const early = await within(work, deferAfter);
    if (early !== TIMEOUT) {
      const [first, ...more] = await render(early, i);
      if (early.replaceOriginal) await i.update(editOptions(first!));
      else await i.reply(createOptions(first!));
      for (const m of more) await i.followUp(createOptions(m));
      return;
    }
    const shape = core.actionShape(act);
    if (!shape.inPlace) {
      await i.deferReply(shape.ephemeral ? { flags: EPHEMERAL } : {});
      await fillDeferral(i, shape.ephemeral, await work);
      return;
    }
    // In place: the clicked message is what gets filled in; an error instead is a private new message.
    await i.deferUpdate();
    const reply = await work;
    const [first, ...more] = await render(reply, i);
    if (reply.replaceOriginal) await i.editReply(editOptions(first!));
    else await i.followUp(createOptions(first!));
    for (const m of more) await i.followUp(createOptions(m));
  }

  async function autocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const sub = i.options.getSubcommand(false) ?? undefined;
    const found = await within(core.complete(callerOf(i), i.commandName, sub, focused.name, String(focused.value)), autocompleteTimeout);
    const choices = found === TIMEOUT ? [] : found;
    const integer = focused.type === OPTION_INTEGER;
    await i.respond(
      choices
        .filter((c) => c.value.length >= 1 && c.value.length <= 100 && (!integer || /^-?\d+$/.test(c.value)))
        .slice(0, 25)
        .map((c) => ({ name: clip(c.name.trim() || c.value, 100), value: integer ? Number(c.value) : c.value })),
    );
  }

  return async (i) => {
    try {
      if (i.isChatInputCommand()) await command(i);
      else if (i.isButton()) await button(i);
      else if (i.isAutocomplete()) await autocomplete(i);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === UNKNOWN_INTERACTION) log.warn({ err, interaction: i.id }, 'discord interaction expired before it was answered');
      else log.error({ err, interaction: i.id }, 'discord interaction failed');
    }
  };
}
