import { renderText } from './render-text.js';
import type { Reply } from './types.js';

/** The documented JSON shape of a reply (README, "JSON replies"). */
export function replyJson(reply: Reply): Record<string, unknown> {
  const buttons = reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
  return {
    ok: !reply.error,
    locale: reply.locale ?? null,
    ephemeral: reply.ephemeral === true,
    text: renderText(reply),
    ...(reply.data ?? {}),
    buttons: buttons.map((b) => ({ label: b.label, actionId: b.actionId, value: b.value })),
    ...(reply.error ? { error: reply.error } : {}),
  };
}
