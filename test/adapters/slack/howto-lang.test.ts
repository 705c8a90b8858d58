import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksOf, slackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness();
});
afterAll(async () => {
  await h.close();
});

interface Element {
  action_id: string;
  value: string;
  text: { text: string };
}
const elementsOf = (body: unknown): Element[] => blocksOf(body).flatMap((b) => (b.type === 'actions' ? (b.elements as Element[]) : []));
const ratingsOf = (body: unknown) => elementsOf(body).filter((e) => e.action_id.replace(/~\d+$/, '') === 'howto:rate');

describe('Slack: the language toggle of a private /howto answer', () => {
  it('replaces the private answer with the same answer in the other language, with Share, the ratings and the toggle', async () => {
    const res = await h.command('/howto how do I approve a design', { user: 'U0TOGGLE' });
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    const toggle = elementsOf(res.json).find((e) => e.text.text === '中文')!;
    expect(toggle.action_id).toBe('howto:lang');
    const rating = ratingsOf(res.json);
    expect(rating.map((e) => e.text.text)).toEqual(['Helpful', 'Not helpful']);

    const click = await h.click({ action_id: toggle.action_id, value: toggle.value }, { user: 'U0TOGGLE', ephemeral: true });
    expect(click.status).toBe(200);
    await h.api.waitFor(() => h.api.responsesTo(click.responseId).length > 0);
    const [zh] = h.api.responsesTo(click.responseId);
    expect(zh!.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    const elements = elementsOf(zh!.body);
    expect(elements.find((e) => e.action_id === 'howto:share')).toMatchObject({ text: { text: '分享到频道' }, value: 'collab.approve-design|zh-CN' });
    // The same ask: a rating from either language is the one question's.
    expect(ratingsOf(zh!.body).map((e) => [e.text.text, e.value])).toEqual([
      ['有帮助', rating[0]!.value],
      ['没帮助', rating[1]!.value],
    ]);
    expect(elements.find((e) => e.text.text === 'English')).toMatchObject({ action_id: 'howto:lang' });
  });
});
