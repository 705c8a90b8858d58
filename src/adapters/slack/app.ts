import type { Logger } from '../../log.js';
import type { App, RespondArguments, RespondFn } from '@slack/bolt';
import type { Core } from '../../core/dispatch.js';
import type { Reply } from '../../core/types.js';
import { createCtx } from '../../core/context.js';
import { apology, errorRef } from '../../core/apology.js';
import { translator } from '../../i18n/index.js';
import { actionInvocation, actionTeam, commandInvocation, type BlockActionPayload, type SlashCommandPayload } from './inbound.js';
import { renderReply, type SlackMessage } from './render.js';
import { errorSummary, typedNames, type UserDirectory } from './locale.js';
import { TIMEOUT, within } from '../within.js';

export interface ListenerDeps {
  core: Core;
  directory: UserDirectory;
  log: Logger;
  /**
   * Slack wants an answer within 3 seconds. A command that is done within this budget is answered
   * in the acknowledgement itself; a slower one is acknowledged at once and answered through
   * response_url when it is done. Default 2000 ms.
   */
  ackBudgetMs?: number;
}

/** Slash commands and button clicks → the core → Block Kit. Generic over the command specs. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const budget = deps.ackBudgetMs ?? 2000;
  const log = deps.log;

  app.command(/^\/.+/, async ({ command, ack, respond }) => {
    if (!complete(command as Partial<SlashCommandPayload>)) {
      // Signed but odd (no team, channel or user): answered, nothing run, nothing written.
      log.warn({ command: command.command }, 'slack: a command without team_id, channel_id or user_id; not run');
      await ack({ response_type: 'ephemeral', text: translator('en')('requests.incomplete') });
      return;
    }
    const work = answerCommand(deps, command);
    const quick = await within(work, budget);
    if (quick !== TIMEOUT) {
      const [first, ...rest] = quick.messages;
      await ack(response(first!, quick.reply));
      await sendAll(respond, rest, quick.reply, log);
      return;
    }
    await ack();
    const done = await work;
    log.info({ command: command.command, budgetMs: budget }, 'slack command answered after the ack budget, through response_url');
    await sendAll(respond, done.messages, done.reply, log);
  });

  app.action(/.*/, async ({ body, action, ack, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || (action.type !== 'button' && action.type !== 'feedback_buttons') || !('action_id' in action)) return;
    const payload = body as unknown as BlockActionPayload;
    const team = actionTeam(payload);
    if (!team || typeof payload.user?.id !== 'string' || !payload.user.id) {
      log.warn({ action: action.action_id }, 'slack: a button click without a team or user; ignored');
      return;
    }
    const person = await deps.directory.lookup(team, payload.user.id);
    const who: Who = { team, user: payload.user.id, locale: person?.locale };
    const reply = await safely(deps, who, () => deps.core.action(actionInvocation(payload, { action_id: action.action_id, value: action.value }, person)));
    const [first, ...rest] = safeRender(deps, reply, who, await typedNames(deps.directory, team, reply));
    try {
      await respond({ ...response(first!, reply), replace_original: reply.replaceOriginal === true });
    } catch (err) {
      log.warn({ err: errorSummary(err), action: action.action_id }, 'slack: could not answer a button click');
      return;
    }
    await sendAll(respond, rest, reply, log);
  });

  app.error(async (err) => {
    log.error({ err }, 'slack listener failed');
  });
}

/** A command names its team, channel and user; one that does not is not run. */
function complete(c: Partial<SlashCommandPayload>): boolean {
  return [c.team_id, c.channel_id, c.user_id, c.command].every((v) => typeof v === 'string' && v !== '');
}

interface Answer {
  reply: Reply;
  messages: SlackMessage[];
}

async function answerCommand(deps: ListenerDeps, command: SlashCommandPayload): Promise<Answer> {
  const person = await deps.directory.lookup(command.team_id, command.user_id);
  const who: Who = { team: command.team_id, user: command.user_id, locale: person?.locale };
  const reply = await safely(deps, who, () => deps.core.dispatch(commandInvocation(command, person)));
  return { reply, messages: safeRender(deps, reply, who, await typedNames(deps.directory, command.team_id, reply)) };
}

/** The core already turns a handler's failure into a reply; this covers the adapter's own steps. */
async function safely(deps: ListenerDeps, who: Who, run: () => Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (err) {
    return internalError(deps, err, who);
  }
}

/** Who asked, for an apology in their language. */
interface Who {
  team: string;
  user: string;
  locale: string | undefined;
}

/** Slack always gets an answer: a reply that cannot be rendered becomes the short apology. */
function safeRender(deps: ListenerDeps, reply: Reply, who: Who, names?: (id: string) => string | undefined): SlackMessage[] {
  const render = (r: Reply) => renderReply(r, { ...(names ? { names } : {}), onDrop: (what) => deps.log.warn({ what }, 'slack: dropped a button') });
  try {
    return render(reply);
  } catch (err) {
    return render(internalError(deps, err, who));
  }
}

/** A localized apology with a reference to quote, the error logged under the same reference. */
function internalError(deps: ListenerDeps, err: unknown, who: Who): Reply {
  const ref = errorRef();
  deps.log.error({ err, ref, team: who.team }, 'slack: command failed in the adapter');
  try {
    const ctx = createCtx(deps.core.services, { platform: 'slack', workspace: who.team, channel: '', user: who.user, platformLocale: who.locale });
    return apology(ctx.t, ctx.locale, ref);
  } catch {
    // The store failed too: the apology in English still reaches the person.
    return apology(translator('en'), 'en', ref);
  }
}

/** Only the asker sees it, or the channel, as its command declares (an error: only the asker). */
function response(message: SlackMessage, reply: Reply): RespondArguments {
  return { response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', text: message.text, blocks: message.blocks };
}

async function sendAll(respond: RespondFn, messages: SlackMessage[], reply: Reply, log: Logger): Promise<void> {
  for (const m of messages) {
    try {
      await respond({ ...response(m, reply), replace_original: false });
    } catch (err) {
      log.warn({ err: errorSummary(err) }, 'slack: could not send a reply through response_url');
      return;
    }
  }
}
