import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import type { Core } from '../../../src/core/dispatch.js';
import type { Reply } from '../../../src/core/types.js';
import { translator } from '../../../src/i18n/index.js';
import { APP_ID, CHANNEL_ID, GUILD_ID, PERMISSIONS, USER_ID, autocomplete, buttonClick, chatInput } from '../../fakes/discord-interactions.js';
import type { RecordedRequest } from '../../fakes/discord-rest.js';
import { commandExamples } from './examples.js';
import { callbackData, callbackType, startHarness, type Harness } from './harness.js';

/** The core, held at a gate the test opens: a handler as slow as the test wants. */
let gate: Promise<void> = Promise.resolve();
let open: () => void = () => undefined;
function closeGate(): void {
  gate = new Promise((resolve) => (open = resolve));
}
/** The replies the core gave, in order. */
const replies: Reply[] = [];
const slow = (core: Core): Core => ({
  ...core,
  dispatch: async (inv) => {
    await gate;
    const r = await core.dispatch(inv);
    replies.push(r);
    return r;
  },
  action: async (act) => {
    await gate;
    const r = await core.action(act);
    replies.push(r);
    return r;
  },
  complete: async (...args) => {
    await gate;
    return core.complete(...args);
  },
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ deferAfterMs: 30, autocompleteTimeoutMs: 60, wrap: slow });
});
afterAll(async () => {
  open();
  await h?.close();
});

const webhook = (token: string, method: string, tail = '') => (r: RecordedRequest) => r.method === method && r.path === `/v10/webhooks/${APP_ID}/${token}${tail}`;
const ephemeral = (message: Record<string, unknown>) => (Number(message.flags ?? 0) & 64) === 64;

/** The first message of a command's answer. */
async function answerOf(raw: ReturnType<typeof chatInput>): Promise<Record<string, unknown>> {
  const answered = await h.send(raw);
  // With a 30 ms threshold even an open gate may be deferred on a busy machine: then the answer is the edit.
  if (callbackType(answered) === 4) return callbackData(answered);
  return (await h.rest.waitFor(webhook(raw.token, 'PATCH', '/messages/@original'))).body as Record<string, unknown>;
}

function buttonsOf(message: Record<string, unknown>): { custom_id: string }[] {
  return (message.components as { components: { custom_id: string }[] }[]).flatMap((r) => r.components);
}

describe('a handler slower than the deferral threshold', () => {
  it('defers privately, then edits the deferred reply with the answer', async () => {
    closeGate();
    const raw = chatInput('help', []);
    const cb = await h.send(raw);
    expect(callbackType(cb)).toBe(5);
    expect(callbackData(cb).flags).toBe(64);
    open();
    const edit = await h.rest.waitFor(webhook(raw.token, 'PATCH', '/messages/@original'));
    const body = edit.body as { embeds: { title: string }[]; allowed_mentions: unknown };
    expect(body.embeds[0]!.title).toBe(translator('en')('help.title'));
    expect(body.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
  });

  it('defers a reply for the channel publicly, as its command declares, and fills that deferral in', async () => {
    closeGate();
    const raw = chatInput('guide', [{ name: 'entry', type: 3, value: 'collab.approve-design' }]);
    const cb = await h.send(raw);
    expect(callbackType(cb)).toBe(5);
    expect(ephemeral(callbackData(cb))).toBe(false);
    open();
    const edit = await h.rest.waitFor(webhook(raw.token, 'PATCH', '/messages/@original'));
    expect((edit.body as { embeds: unknown[] }).embeds.length).toBeGreaterThan(0);
    expect(h.rest.requests.some(webhook(raw.token, 'DELETE', '/messages/@original'))).toBe(false);
  });

  it('defers every command example with the visibility of its final reply: no answer is deleted and posted again', async () => {
    const examples = commandExamples(COMMANDS);
    // The examples name item 12 and change workspace settings: an admin's server with twelve items.
    const here = { platform: 'discord' as const, workspace: GUILD_ID, channel: CHANNEL_ID, user: USER_ID };
    for (let n = 0; n < 12; n++) await h.bot.run('/track new brand-appeal Acme submitted:2026-11-20', here);
    const deferrals = { ephemeral: 0, channel: 0 };
    const errors: string[] = [];
    for (const ex of examples) {
      closeGate();
      const raw = chatInput(ex.command, ex.options, { permissions: PERMISSIONS.manageGuild });
      const cb = await h.send(raw);
      expect(callbackType(cb), ex.line).toBe(5);
      const deferred = ephemeral(callbackData(cb));
      deferrals[deferred ? 'ephemeral' : 'channel']++;
      const answered = replies.length;
      open();
      const done = await h.rest.waitFor((r) => webhook(raw.token, 'PATCH', '/messages/@original')(r) || webhook(raw.token, 'DELETE', '/messages/@original')(r));
      const reply = replies[answered]!;
      if (reply.error) {
        // Found only by the handler, after the deferral: the asker's alone all the same.
        errors.push(ex.line);
        const shown = done.method === 'PATCH' ? done : await h.rest.waitFor(webhook(raw.token, 'POST'));
        expect(ephemeral((shown.body ?? {}) as Record<string, unknown>), ex.line).toBe(true);
        continue;
      }
      expect(deferred, ex.line).toBe(reply.ephemeral === true);
      expect(done.method, ex.line).toBe('PATCH');
    }
    expect(deferrals.ephemeral).toBeGreaterThan(0);
    expect(deferrals.channel).toBeGreaterThan(0);
    // `/track cancel 12` comes after `/track done 12`: the one example that is refused.
    expect(errors).toEqual(['/track cancel 12']);
  });

  it('gives an error that comes after a public deferral to the asker alone', async () => {
    closeGate();
    // /track done is posted in the channel; item 999 does not exist, which only its handler finds out.
    const raw = chatInput('track', [{ name: 'done', type: 1, options: [{ name: 'id', type: 3, value: '999' }] }]);
    const cb = await h.send(raw);
    expect(ephemeral(callbackData(cb))).toBe(false);
    open();
    const followUp = await h.rest.waitFor(webhook(raw.token, 'POST'));
    expect(h.rest.requests.some(webhook(raw.token, 'DELETE', '/messages/@original'))).toBe(true);
    expect(ephemeral(followUp.body as Record<string, unknown>)).toBe(true);
    expect(JSON.stringify(followUp.body)).toContain('#999');
  });

  it('defers a slow click that opens a new message with its action\'s visibility', async () => {
    open();
    const first = await answerOf(chatInput('guide', [{ name: 'entry', type: 3, value: 'collab.approve-design' }]));
    const related = buttonsOf(first).find((b) => b.custom_id.startsWith('guide:open|'))!;
    closeGate();
    const click = buttonClick(related.custom_id, first as never);
    const cb = await h.send(click);
    expect(callbackType(cb)).toBe(5);
    expect(ephemeral(callbackData(cb))).toBe(false);
    open();
    await h.rest.waitFor(webhook(click.token, 'PATCH', '/messages/@original'));
    expect(h.rest.requests.some(webhook(click.token, 'DELETE', '/messages/@original'))).toBe(false);
  });

  it('acknowledges a slow button click, then updates the message in place', async () => {
    open();
    const first = await answerOf(chatInput('guide', [{ name: 'entry', type: 3, value: 'collab.approve-design' }]));
    const toggle = buttonsOf(first).find((b) => b.custom_id.startsWith('guide:lang|'))!;
    closeGate();
    const click = buttonClick(toggle.custom_id, first as never);
    const cb = await h.send(click);
    expect(callbackType(cb)).toBe(6);
    open();
    const edit = await h.rest.waitFor(webhook(click.token, 'PATCH', '/messages/@original'));
    expect((edit.body as { embeds: unknown[] }).embeds.length).toBeGreaterThan(0);
  });

  it('answers autocomplete with no choices rather than miss its window', async () => {
    closeGate();
    const cb = await h.send(autocomplete('guide', [{ name: 'entry', type: 3, value: 'coll', focused: true }]));
    expect(callbackType(cb)).toBe(8);
    expect(callbackData(cb).choices).toEqual([]);
    open();
  });
});
