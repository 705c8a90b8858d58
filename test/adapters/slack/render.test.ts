import { describe, expect, it } from 'vitest';
import { renderReply, LIMITS, truncateMrkdwn, type SlackMessage } from '../../../src/adapters/slack/render.js';
import { cutPoint, safeCut } from '../../../src/adapters/slack/text.js';
import type { Reply } from '../../../src/core/types.js';

const texts = (m: SlackMessage[]): string[] =>
  m.flatMap((x) =>
    x.blocks.flatMap((b) => {
      const o = b as { text?: { text: string }; elements?: { text?: unknown }[]; fields?: { text: string }[] };
      return [
        ...(o.text ? [o.text.text] : []),
        ...(o.fields ?? []).map((f) => f.text),
        ...(o.elements ?? []).flatMap((e) => (typeof e.text === 'string' ? [e.text] : e.text && typeof e.text === 'object' ? [(e.text as { text: string }).text] : [])),
      ];
    }),
  );

/** No lone surrogate anywhere: no character was cut in half. */
const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('rendering a Reply as Block Kit', () => {
  it('renders a heading, paragraph, numbered steps, a list, fields, a warning, a context line, buttons and a divider', () => {
    const reply: Reply = {
      blocks: [
        { type: 'heading', text: 'Approve a design' },
        { type: 'paragraph', text: ['Open ', { bold: 'Seller Collab' }, ' and click ', { label: 'Approve', translation: '批准' }] },
        { type: 'steps', items: ['Sign in', ['Open ', { code: 'Designs' }]] },
        { type: 'list', items: ['one', 'two'], checkbox: true },
        { type: 'fields', fields: [{ label: 'Time zone', value: 'Asia/Shanghai' }] },
        { type: 'warning', text: 'Do not approve twice' },
        { type: 'context', text: 'Source: Collab guide, checked 2026-01-05' },
        { type: 'buttons', buttons: [{ label: 'Next', actionId: 'guide:next', value: 'collab.x|1', style: 'primary' }] },
        { type: 'divider' },
      ],
    };
    const [m] = renderReply(reply);
    expect(m!.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'section', 'context', 'actions', 'divider']);
    const t = texts([m!]);
    expect(t[0]).toBe('Approve a design');
    expect(t[1]).toContain('*Seller Collab*');
    expect(t[1]).toContain('*【Approve】*');
    expect(t[1]).toContain('(批准)');
    expect(t[2]).toBe('1. Sign in\n2. Open \u200b`Designs`\u200b');
    expect(t[3]).toBe('☐ one\n☐ two');
    expect(t[4]).toBe('\u200b*Time zone*\u200b\nAsia/Shanghai');
    expect(t[5]).toBe(':warning: Do not approve twice');
    const actions = m!.blocks[7] as { elements: { action_id: string; value: string; style?: string; text: { text: string } }[] };
    expect(actions.elements[0]).toMatchObject({ action_id: 'guide:next', value: 'collab.x|1', style: 'primary', text: { text: 'Next' } });
    expect(m!.text).toContain('Approve a design');
    expect(m!.text).not.toContain('\u200b');
  });

  it('escapes &, < and > in every string so typed text cannot ping or forge a link', () => {
    const evil = '<!channel> <!here> <@U123ABC> <https://evil.example|Amazon> & co';
    const [m] = renderReply({
      blocks: [
        { type: 'paragraph', text: evil },
        { type: 'steps', items: [evil] },
        { type: 'fields', fields: [{ label: evil, value: [{ bold: evil }, { code: evil }] }] },
        { type: 'context', text: [{ label: evil, translation: evil }] },
        { type: 'warning', text: evil },
      ],
    });
    const all = [...texts([m!]), m!.text].join('\n');
    // No special mention, no user mention, no link with a label of its own.
    expect(all).not.toMatch(/<!|<@|<[^>]*\|/);
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('<https://evil.example>|Amazon');
    expect(all).toContain('&amp; co');
  });

  it('keeps the bot’s own bold intact around a typed * or _ (look-alikes, not markup)', () => {
    const [m] = renderReply({ blocks: [{ type: 'paragraph', text: ['2*3 is 6_ ok ', { bold: 'Fee *late* _x' }, ' and *this* _too_'] }] });
    const text = JSON.stringify(m!.blocks);
    // Exactly the bot's pair of asterisks, one opening and one closing its bold.
    expect(text.match(/\*/g)).toHaveLength(2);
    expect(text).not.toContain('_');
    expect(text).toContain('Fee \u2217late\u2217 \u02cdx');
    expect(m!.text).toContain('2\u22173 is 6\u02cd ok');
  });

  it('writes mentions only from mention tokens, and only for real Slack user ids', () => {
    const [m] = renderReply({ blocks: [{ type: 'paragraph', text: [{ mention: 'U0BOB' }, ' and ', { mention: '!channel' }, ' and ', { mention: 'U1> <!here' }] }] });
    const [t] = texts([m!]);
    expect(t).toBe('<@U0BOB> and @!channel and @U1&gt; &lt;!here');
  });

  it('turns URLs into links whose visible text is the URL itself', () => {
    const [m] = renderReply({ blocks: [{ type: 'paragraph', text: 'See https://sellercentral.amazon.com/help?a=1&b=2. Then go on' }] });
    expect(texts([m!])[0]).toBe('See <https://sellercentral.amazon.com/help?a=1&amp;b=2>. Then go on');
    // A question quoted in /howto-gaps that ends with a link: the closing quote is not part of it.
    const [q] = renderReply({ blocks: [{ type: 'paragraph', text: '“how do I approve a design https://sellercentral.amazon.com/collab” — asked 3×' }] });
    expect(texts([q!])[0]).toBe('“how do I approve a design <https://sellercentral.amazon.com/collab>” — asked 3×');
  });

  it('sets verbatim on mrkdwn so Slack does not turn words into mentions on its own', () => {
    const [m] = renderReply({ blocks: [{ type: 'paragraph', text: '@here @channel' }] });
    expect(m!.blocks[0]).toMatchObject({ text: { type: 'mrkdwn', verbatim: true } });
  });

  it('keeps a long heading whole as a bold section instead of cutting it at 150 characters', () => {
    const long = '很长的标题'.repeat(40);
    const [m] = renderReply({ blocks: [{ type: 'heading', text: long }] });
    expect(m!.blocks[0]!.type).toBe('section');
    expect(texts([m!]).join('')).toContain(long);
  });

  it('splits a long paragraph into sections of at most 3000 characters without losing or cutting a character', () => {
    const emoji = '📦';
    const para = `${'a'.repeat(2999)}${emoji}${'b'.repeat(4000)} 段落${emoji.repeat(1500)}`;
    const [m] = renderReply({ blocks: [{ type: 'paragraph', text: para }] });
    const t = texts([m!]);
    expect(t.length).toBeGreaterThan(1);
    for (const s of t) {
      expect(s.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect(wellFormed(s)).toBe(true);
    }
    expect(t.join('').replace(/\s/g, '')).toBe(para.replace(/\s/g, ''));
  });

  it('never splits an escaped entity between sections', () => {
    const para = '&'.repeat(1000);
    const t = texts(renderReply({ blocks: [{ type: 'paragraph', text: para }] }));
    expect(t.length).toBe(2);
    for (const s of t) expect(s).toMatch(/^(&amp;)+$/);
  });

  it('packs whole steps into sections, keeping the numbering, and never cuts a step that fits in one', () => {
    const items = Array.from({ length: 60 }, (_, i) => `Step ${i + 1}: ${'做'.repeat(200)}`);
    const msgs = renderReply({ blocks: [{ type: 'steps', items, start: 1 }] });
    const lines = texts(msgs)
      .flatMap((s) => s.split('\n'))
      .filter((l) => !l.startsWith('(continued'));
    expect(lines).toEqual(items.map((s, i) => `${i + 1}. ${s}`));
    for (const s of texts(msgs)) expect(s.length).toBeLessThanOrEqual(LIMITS.sectionText);
  });

  it('continues numbering from the block start', () => {
    const [m] = renderReply({ blocks: [{ type: 'steps', items: ['x', 'y'], start: 4 }] });
    expect(texts([m!])[0]).toBe('4. x\n5. y');
  });

  it('splits a reply of more than 50 blocks into messages of at most 50, marking the continuation, keeping a heading with what follows', () => {
    const blocks: Reply['blocks'] = [];
    for (let i = 0; i < 30; i++) blocks.push({ type: 'heading', text: `Part ${i}` }, { type: 'paragraph', text: `text ${i}` });
    const msgs = renderReply({ blocks, locale: 'zh-TW' });
    expect(msgs.length).toBe(2);
    for (const m of msgs) expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    const last = msgs[0]!.blocks.at(-1)!;
    expect(last.type).toBe('section');
    expect(msgs[1]!.blocks[0]).toMatchObject({ type: 'context', elements: [{ text: '（續，第 2 部分，共 2 部分）' }] });
    const headers = msgs.flatMap((m) => m.blocks.filter((b) => b.type === 'header'));
    expect(headers.length).toBe(30);
  });

  it('puts at most 25 buttons in one actions block and makes repeated action ids unique', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ label: `Entry ${i}`, actionId: 'guide:open', value: `e${i}` }));
    const [m] = renderReply({ blocks: [{ type: 'buttons', buttons }] });
    const actions = m!.blocks as { type: string; elements: { action_id: string }[] }[];
    expect(actions.map((a) => a.elements.length)).toEqual([25, 5]);
    const ids = actions[0]!.elements.map((e) => e.action_id);
    expect(new Set(ids).size).toBe(25);
    expect(ids[0]).toBe('guide:open');
    expect(ids[1]).toBe('guide:open~1');
  });

  it('shortens a button label to 75 characters without cutting a character in half', () => {
    const label = `${'x'.repeat(73)}😀😀😀`;
    const [m] = renderReply({ blocks: [{ type: 'buttons', buttons: [{ label, actionId: 'a:b', value: 'v' }] }] });
    const text = (m!.blocks[0] as { elements: { text: { text: string } }[] }).elements[0]!.text.text;
    expect(text.length).toBeLessThanOrEqual(75);
    expect(wellFormed(text)).toBe(true);
    expect(text.endsWith('…')).toBe(true);
  });

  it('drops a button whose value is over Slack’s 2000 characters and says so', () => {
    const dropped: string[] = [];
    const [m] = renderReply(
      { blocks: [{ type: 'buttons', buttons: [{ label: 'ok', actionId: 'a:b', value: 'v' }, { label: 'big', actionId: 'a:c', value: 'x'.repeat(2001) }] }] },
      { onDrop: (w) => dropped.push(w) },
    );
    expect((m!.blocks[0] as { elements: unknown[] }).elements.length).toBe(1);
    expect(dropped[0]).toContain('a:c');
  });

  it('puts at most 10 fields in a section and falls back to sections for a value too long for a field', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
    const [m] = renderReply({ blocks: [{ type: 'fields', fields }] });
    expect(m!.blocks.map((b) => (b as { fields: unknown[] }).fields.length)).toEqual([10, 2]);
    const [m2] = renderReply({ blocks: [{ type: 'fields', fields: [{ label: 'Note', value: 'n'.repeat(2500) }] }] });
    expect(m2!.blocks.every((b) => b.type === 'section' && !('fields' in b))).toBe(true);
  });

  it('keeps the fallback text within 3000 characters without cutting an entity or a mention', () => {
    const reply: Reply = { blocks: [{ type: 'paragraph', text: [`${'x'.repeat(2994)}`, { mention: 'U0BOBBY' }, ' more'] }] };
    const [m] = renderReply(reply);
    expect(m!.text.length).toBeLessThanOrEqual(3000);
    expect(m!.text).not.toContain('<@U0B…');
    expect(truncateMrkdwn('ab&amp;cd', 5)).toBe('ab…');
  });
});

describe('cutting text safely', () => {
  it('never cuts between the two halves of a surrogate pair', () => {
    expect(safeCut('a😀b', 2)).toBe(1);
    expect(safeCut('a😀b', 3)).toBe(3);
  });

  it('prefers a line break, then a space, then a CJK sentence end', () => {
    expect(cutPoint('hello world\nnext line here', 20)).toBe(12);
    expect(cutPoint('hello world next', 14)).toBe(12);
    expect(cutPoint('第一句话很长。第二句话很长很长', 10)).toBe(7);
  });
});
