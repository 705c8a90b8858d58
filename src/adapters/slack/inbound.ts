import type { ActionInvocation, Caller, Invocation } from '../../core/types.js';

/** What Slack tells us about the person who asked (users.info), merged into the Caller. */
export interface SlackPerson {
  /** Slack's locale tag for the user (en-US, zh-CN, zh-TW, …). */
  locale?: string | undefined;
  /** Workspace admin or owner. */
  isAdmin: boolean;
  /** How the person is called in the workspace, for pings that must not mention them. */
  name?: string | undefined;
}

/** The fields of a slash-command request that sellerdesk reads. */
export interface SlashCommandPayload {
  command: string;
  text?: string | undefined;
  team_id: string;
  channel_id: string;
  user_id: string;
  enterprise_id?: string | undefined;
}

/** The fields of a block_actions request that sellerdesk reads. */
export interface BlockActionPayload {
  team: { id: string } | null;
  /** Always there on a real click; a signed but odd payload may lack it (checked before use). */
  user: { id: string; team_id?: string | undefined };
  channel?: { id: string } | undefined;
  container?: { channel_id?: string | undefined } | undefined;
}

export interface ClickedButton {
  action_id: string;
  value?: string | undefined;
}

/** A slash command → an Invocation. The team is the workspace: no data crosses teams. */
export function commandInvocation(body: SlashCommandPayload, person: SlackPerson | undefined): Invocation {
  return {
    ...caller(body.team_id, body.channel_id, body.user_id, person),
    command: body.command.replace(/^\//, ''),
    text: slackTextToPlain(body.text ?? ''),
    raw: { command: body.command, team: body.team_id, channel: body.channel_id, user: body.user_id },
  };
}

/** The team of a button click (Enterprise Grid org-wide installs put it on the user). */
export function actionTeam(body: BlockActionPayload): string {
  return body.team?.id ?? body.user?.team_id ?? '';
}

/** A button click → an ActionInvocation routed to the command that made the button. */
export function actionInvocation(body: BlockActionPayload, button: ClickedButton, person: SlackPerson | undefined): ActionInvocation {
  const team = actionTeam(body);
  const channel = body.channel?.id ?? body.container?.channel_id ?? '';
  return {
    ...caller(team, channel, body.user.id, person),
    actionId: buttonActionId(button.action_id),
    value: button.value ?? '',
    raw: { action: button.action_id, team, channel, user: body.user.id },
  };
}

/** The renderer suffixes repeated action ids in one block (`guide:pick~2`); the core wants the original. */
export function buttonActionId(slackActionId: string): string {
  return slackActionId.replace(/~\d+$/, '');
}

function caller(team: string, channel: string, user: string, person: SlackPerson | undefined): Caller {
  return {
    platform: 'slack',
    workspace: team,
    channel,
    user,
    platformLocale: person?.locale,
    isAdmin: person?.isAdmin ?? false,
  };
}

/**
 * Slack's escaped command text → what the person typed. Slack sends `&amp;`, `&lt;`, `&gt;` for the
 * characters a person typed and `<…>` for what Slack itself resolved (with "escape channels, users
 * and links" on, as the manifest sets it). A user reference stays `<@U…>` so commands can read it;
 * channels, user groups, special mentions and links become readable words (`#general`, `@here`,
 * the URL), so nothing Slack resolved can ping when it is shown again.
 */
export function slackTextToPlain(text: string): string {
  const resolved = text.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (/^@[UW][A-Z0-9]+$/.test(target)) return `<${target}>`;
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!subteam^')) return label ?? '@group';
    if (target.startsWith('!date^')) return label ?? '';
    if (target.startsWith('!')) return `@${target.slice(1)}`;
    if (target.startsWith('mailto:')) return target.slice('mailto:'.length);
    return target;
  });
  return resolved.replace(/&(amp|lt|gt);/g, (_m, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : '>'));
}
