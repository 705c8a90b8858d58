import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ButtonIds, CUSTOM_ID_MAX } from '../../../src/adapters/discord/buttons.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { LIMITS, embedSize, renderReply, type DiscordMessage } from '../../../src/adapters/discord/render.js';
import { buttons, context, fields, heading, para, reply, steps } from '../../../src/core/reply.js';
import type { Button } from '../../../src/core/types.js';

const ids = () => new ButtonIds();

function withinLimits(m: DiscordMessage): void {
  expect(m.content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  expect(m.embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(LIMITS.embedsTotal);
  for (const e of m.embeds) {
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
  }
  expect(m.components.length).toBeLessThanOrEqual(LIMITS.rowsPerMessage);
  const customIds = m.components.flatMap((r) => r.components.map((b) => b.custom_id));
  expect(new Set(customIds).size).toBe(customIds.length);
  for (const r of m.components) {
    expect(r.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const b of r.components) {
      expect(b.custom_id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
      expect(b.label?.length ?? 0).toBeLessThanOrEqual(LIMITS.buttonLabel);
    }
  }
}

describe('rendering a Reply for Discord', () => {
  it('puts a structured reply in an embed: heading as title, trailing fields as fields, trailing context as footer', () => {
    const [m, ...rest] = renderReply(
      { ...reply([heading('Your settings'), fields([{ label: 'Time zone', value: 'Asia/Shanghai' }]), context('Change them with /settings')]), ephemeral: true },
      { ids: ids() },
    );
    expect(rest).toEqual([]);
    expect(m!.ephemeral).toBe(true);
    expect(m!.content).toBe('');
    expect(m!.embeds).toEqual([
      { color: expect.any(Number), title: 'Your settings', fields: [{ name: 'Time zone', value: 'Asia/Shanghai', inline: false }], footer: { text: 'Change them with /settings' } },
    ]);
  });

  it('answers a short text reply as plain content, with usage lines as subtext', () => {
    const [m] = renderReply({ ...reply([para('Nope.'), context('Usage: /help [command]')]), ephemeral: true }, { ids: ids() });
    expect(m!.embeds).toEqual([]);
    expect(m!.content).toBe('Nope.\n-# Usage: /help \\[command\\]');
  });

  it('splits a long procedure between steps, never inside one, within every limit', () => {
    const items = Array.from({ length: 120 }, (_, i) => `Step ${i + 1}: ${'点击【保存】按钮，然后确认。'.repeat(6)} 👍🏽`);
    const messages = renderReply(reply([heading('A long procedure'), steps(items), context('From the seller guide')]), { ids: ids() });
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach(withinLimits);
    const text = messages.flatMap((m) => m.embeds.map((e) => e.description ?? '')).join('\n');
    for (let i = 1; i <= 120; i++) expect(text).toContain(`${i}. Step ${i}: `);
    // Every description ends at the end of a step.
    for (const m of messages) for (const e of m.embeds) expect(e.description).toMatch(/👍🏽$/);
    expect(messages[0]!.embeds[0]!.title).toBe('A long procedure');
    expect(messages.at(-1)!.embeds.at(-1)!.footer).toEqual({ text: 'From the seller guide' });
  });

  it('splits long plain content at 2,000 characters without cutting a character', () => {
    const long = '🇹🇼 台灣賣家帳號設定說明。'.repeat(400);
    const messages = renderReply(reply([para(long)]), { ids: ids() });
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach(withinLimits);
    // Only the space at each cut is dropped.
    expect(messages.map((m) => m.content).join('').replace(/ /g, '')).toBe(long.replace(/ /g, ''));
    for (const m of messages) expect(m.content).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
  });

  it('lays out buttons five to a row, 25 to a message, with unique short custom ids', () => {
    const many: Button[] = Array.from({ length: 32 }, (_, i) => ({ label: `Option ${i + 1}`, actionId: 'guide:open', value: i % 3 ? `entry-${i}` : 'same' }));
    many.push({ label: 'x'.repeat(120), actionId: 'guide:open', value: 'v'.repeat(300) });
    const codec = ids();
    const messages = renderReply(reply([para('Pick one'), buttons(many)]), { ids: codec });
    messages.forEach(withinLimits);
    const all = messages.flatMap((m) => m.components.flatMap((r) => r.components));
    expect(all).toHaveLength(33);
    expect(messages[0]!.components.flatMap((r) => r.components)).toHaveLength(25);
    // Each button decodes back to its action and value, the long one through the token map.
    all.forEach((b, i) => expect(codec.decode(b.custom_id)).toEqual({ actionId: many[i]!.actionId, value: many[i]!.value }));
  });

  it('escapes user text and pings nobody but mention tokens', () => {
    const [m] = renderReply(reply([para(['Assigned to ', { mention: '123456789012345678' }, ': @everyone <@&555555555555555555> **x**'])]), { ids: ids() });
    expect(m!.content).toBe('Assigned to <@123456789012345678>: @\u200beveryone \\<@&555555555555555555\\> \\*\\*x\\*\\*');
    expect(m!.users).toEqual(['123456789012345678']);
  });

  it('shows a mention token that is not a Discord user id as text', () => {
    const [m] = renderReply(reply([para([{ mention: 'local-user' }])]), { ids: ids() });
    expect(m!.content).toBe('@local-user');
    expect(m!.users).toEqual([]);
  });

  it('colours error replies red', () => {
    const [m] = renderReply(reply([heading('x'), para('y')], { error: { code: 'errors.x', message: 'y' } }), { ids: ids() });
    expect(m!.embeds[0]!.color).toBe(0xed4245);
  });
});

describe('button custom ids', () => {
  it('encodes short targets directly and long ones as tokens', () => {
    const codec = new ButtonIds();
    expect(codec.encode({ actionId: 'guide:next', value: 'collab-invite|3' })).toBe('guide:next|collab-invite|3');
    expect(codec.decode('guide:next|collab-invite|3')).toEqual({ actionId: 'guide:next', value: 'collab-invite|3' });
    const token = codec.encode({ actionId: 'guide:open', value: 'z'.repeat(200) });
    expect(token.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    expect(codec.decode(token)).toEqual({ actionId: 'guide:open', value: 'z'.repeat(200) });
  });

  it('keeps long targets in the workspace data, so a button works after a restart (a new process, the store reopened)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-buttons-'));
    try {
      const file = join(dir, 'db.json');
      const before = await LowdbStore.open(file);
      const codec = new ButtonIds(10, before);
      const long = { actionId: 'guide:open', value: 'y'.repeat(150) };
      const [m] = renderReply(reply([para('Pick'), buttons([{ label: 'Open', ...long }, { label: 'Next', actionId: 'guide:next', value: 'x|2' }])]), { ids: codec, workspace: '1200000000000000001' });
      const [token, direct] = m!.components[0]!.components.map((b) => b.custom_id);
      expect(token).toMatch(/^~/);
      expect(token!.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
      await codec.flush();
      await before.close();
      // After a restart: a new codec with nothing in memory, over the store read back from disk.
      const after = await LowdbStore.open(file);
      const restarted = new ButtonIds(10, after);
      expect(restarted.decode(token!)).toBeUndefined();
      expect(await restarted.resolve(token!, '1200000000000000001')).toEqual(long);
      expect(await restarted.resolve(direct!, '1200000000000000001')).toEqual({ actionId: 'guide:next', value: 'x|2' });
      // Another workspace's data does not answer for it; an unknown token is an expired button.
      expect(await new ButtonIds(10, after).resolve(token!, '1200000000000000002')).toBeUndefined();
      expect(await restarted.resolve('~unknown', '1200000000000000001')).toBeUndefined();
      await after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('forgets the least recently used tokens beyond its bound', () => {
    const codec = new ButtonIds(2);
    const a = codec.encode({ actionId: 'a:b', value: 'a'.repeat(120) });
    codec.encode({ actionId: 'a:b', value: 'b'.repeat(120) });
    codec.encode({ actionId: 'a:b', value: 'c'.repeat(120) });
    expect(codec.decode(a)).toBeUndefined();
    expect(codec.size).toBe(2);
  });
});
