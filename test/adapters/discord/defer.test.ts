import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/dispatch.js';
import { translator } from '../../../src/i18n/index.js';
import { APP_ID, autocomplete, buttonClick, chatInput } from '../../fakes/discord-interactions.js';
import type { RecordedRequest } from '../../fakes/discord-rest.js';
import { callbackData, callbackType, startHarness, type Harness } from './harness.js';

/** The core, held at a gate the test opens: a handler as slow as the test wants. */
let gate: Promise<void> = Promise.resolve();
let open: () => void = () => undefined;
function closeGate(): void {
  gate = new Promise((resolve) => (open = resolve));
}
const slow = (core: Core): Core => ({
  ...core,
  dispatch: async (inv) => {
    await gate;
    return core.dispatch(inv);
  },
  action: async (act) => {
    await gate;
    return core.action(act);
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

  it('replaces a private deferral with a public message when the answer is public, and guesses right next time', async () => {
    closeGate();
    const raw = chatInput('guide', [{ name: 'entry', type: 3, value: 'collab.approve-design' }]);
    expect(callbackType(await h.send(raw))).toBe(5);
    open();
    const followUp = await h.rest.waitFor(webhook(raw.token, 'POST'));
    expect(h.rest.requests.some(webhook(raw.token, 'DELETE', '/messages/@original'))).toBe(true);
    expect(Number((followUp.body as { flags?: number }).flags ?? 0) & 64).toBe(0);

    closeGate();
    const again = chatInput('guide', [{ name: 'entry', type: 3, value: 'collab.approve-design' }]);
    const cb = await h.send(again);
    expect(callbackType(cb)).toBe(5);
    expect(Number(callbackData(cb).flags ?? 0) & 64).toBe(0);
    open();
    await h.rest.waitFor(webhook(again.token, 'PATCH', '/messages/@original'));
  });

  it('acknowledges a slow button click, then updates the message in place', async () => {
    const lang = chatInput('guide', [{ name: 'entry', type: 3, value: 'collab.approve-design' }]);
    open();
    const answered = await h.send(lang);
    // With a 30 ms threshold even an open gate may be deferred on a busy machine: then the answer is the edit.
    const first = callbackType(answered) === 4 ? callbackData(answered) : ((await h.rest.waitFor(webhook(lang.token, 'PATCH', '/messages/@original'))).body as Record<string, unknown>);
    const toggle = (first.components as { components: { custom_id: string }[] }[])
      .flatMap((r) => r.components)
      .find((b) => b.custom_id.startsWith('guide:lang|'))!;
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
