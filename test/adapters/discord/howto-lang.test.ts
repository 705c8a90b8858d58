import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { buttonClick, chatInput } from '../../fakes/discord-interactions.js';
import { callbackData, callbackType, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type Body = RESTPostAPIChannelMessageJSONBody & { flags?: number };
function buttonsOf(body: Body): { label: string; custom_id: string }[] {
  const rows = (body.components ?? []) as { components?: { label?: string; custom_id?: string }[] }[];
  return rows.flatMap((row) => row.components ?? []).map((c) => ({ label: c.label ?? '', custom_id: c.custom_id ?? '' }));
}

describe('Discord: the language toggle of a private /howto answer', () => {
  it('updates the private answer in place in the other language, keeping Share, the ratings and the toggle', async () => {
    const slash = await h.send(chatInput('howto', [{ name: 'question', type: 3, value: 'how do I approve a design' }]));
    const own = callbackData(slash) as Body;
    expect(own.flags).toBe(64);
    const toggle = buttonsOf(own).find((b) => b.label === '中文')!;
    expect(toggle.custom_id.startsWith('howto:lang|')).toBe(true);
    const rating = buttonsOf(own).filter((b) => b.custom_id.startsWith('howto:rate'));
    expect(rating).toHaveLength(2);

    const click = await h.send(buttonClick(toggle.custom_id, { embeds: own.embeds ?? [], components: own.components ?? [], flags: 64 }));
    // 7: UPDATE_MESSAGE, the clicked (private) message itself.
    expect(callbackType(click)).toBe(7);
    const zh = callbackData(click) as Body;
    expect(zh.embeds?.[0]?.title).not.toBe(own.embeds?.[0]?.title);
    const labels = buttonsOf(zh).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['分享到频道', '有帮助', '没帮助', 'English']));
    expect(buttonsOf(zh).find((b) => b.label === '分享到频道')!.custom_id).toBe('howto:share|collab.approve-design|zh-CN');
    expect(buttonsOf(zh).filter((b) => b.custom_id.startsWith('howto:rate')).map((b) => b.custom_id)).toEqual(rating.map((b) => b.custom_id));
    expect(buttonsOf(zh).find((b) => b.label === 'English')!.custom_id.startsWith('howto:lang|')).toBe(true);
  });
});
