import { PassThrough } from 'node:stream';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../../src/adapters/shell/render.js';
import { Shell, terminalOutput } from '../../../src/adapters/shell/index.js';
import { parseShellArgs } from '../../../src/adapters/shell/args.js';
import { renderText } from '../../../src/core/render-text.js';
import type { Reply } from '../../../src/core/types.js';
import { testBot } from '../../support/app.js';

// The shell renders for a terminal (src/adapters/shell/render.ts), not for a chat.
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const squash = (s: string) => strip(s).replace(/\s+/g, '');

/** Replies of every kind, in the three languages. */
async function samples(): Promise<Reply[]> {
  const bot = testBot();
  const out: Reply[] = [];
  for (const locale of ['en', 'zh-CN', 'zh-TW']) {
    for (const line of [
      '/guide collab.approve-design',
      '/guide saleyee.revoke-authorization',
      '/guide brand-registry.video-verification-prepare',
      '/guide saleyee.authorize-store',
      '/help',
      '/help track',
      '/track templates',
      '/track new task "Call the brand owner about the appeal" due:2026-11-30',
      '/howto 设计被拒了怎么办',
      '/nope',
    ]) {
      out.push(await bot.run(line, { platformLocale: locale }));
    }
  }
  return out;
}

describe('terminal text', () => {
  it('has no chat markup: no backticks, no == heading markers', async () => {
    for (const r of await samples()) {
      const text = await renderTerminal(r, { color: false });
      expect(text).not.toContain('`');
      expect(text).not.toMatch(/^==|==$/m);
    }
  });

  it('wraps at the width at word boundaries, and loses nothing', async () => {
    for (const r of await samples()) {
      const flat = await renderTerminal(r, { color: false });
      for (const width of [32, 50, 80]) {
        const text = await renderTerminal(r, { color: false, width });
        for (const line of text.split('\n')) expect(stringWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
        expect(squash(text)).toBe(squash(flat));
        // Latin words are whole: every word of the flat text is in the wrapped text.
        const words = new Set(text.split(/\s+/));
        for (const w of flat.split(/\s+/)) if (/^[A-Za-z]+$/.test(w) && stringWidth(w) < width - 4) expect(words.has(w) || text.includes(w), w).toBe(true);
      }
    }
  });

  it('never begins a line with a closing mark or splits a label pair or a button', async () => {
    let checked = 0;
    for (const r of await samples()) {
      const flat = await renderTerminal(r, { color: false });
      const text = await renderTerminal(r, { color: false, width: 36 });
      for (const line of text.split('\n')) {
        expect(line.trimStart(), line).not.toMatch(/^[，。、；：！？）」』】]/);
        expect(line, line).not.toMatch(/[（「『【]$/);
      }
      const buttons = r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.map((x) => `[${x.label}]`) : []));
      const units = [...[...flat.matchAll(/【[^】]+】\([^)]*\)/g)].map((m) => m[0]), ...buttons].filter((u) => stringWidth(u) <= 30);
      checked += units.length;
      for (const u of units) expect(text.includes(u), u).toBe(true);
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('counts a Chinese character as two columns', async () => {
    const reply: Reply = { blocks: [{ type: 'paragraph', text: '登录卖家平台账户进入合作推广控制面板' }] };
    const lines = (await renderTerminal(reply, { color: false, width: 10 })).split('\n');
    expect(lines).toEqual(['登录卖家平', '台账户进入', '合作推广控', '制面板']);
  });

  it('uses bold and colour only when asked, never in the text a chat gets', async () => {
    const [guide] = await samples();
    const coloured = await renderTerminal(guide!, { color: true, width: 80 });
    expect(coloured).toContain('\x1b[1m');
    expect(coloured).toContain('\x1b[36m');
    expect(await renderTerminal(guide!, { color: false, width: 80 })).not.toContain('\x1b');
    expect(renderText(guide!)).not.toContain('\x1b');
  });

  it('colours and wraps only a terminal, and not with NO_COLOR', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 72 });
    expect(terminalOutput(tty, {}).color).toBe(true);
    expect(terminalOutput(tty, {}).width?.()).toBe(72);
    expect(terminalOutput(tty, { NO_COLOR: '1' }).color).toBe(false);
    expect(terminalOutput(new PassThrough(), {})).toEqual({});
  });

  it('prints buttons numbered and whole in the shell, however long the label', async () => {
    const bot = testBot();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    const shell = new Shell(bot.core, parseShellArgs([]), output, { width: () => 60 });
    const labels = ['I authorized the store in SaleYee: do I need to authorize it again in Feikan (飞刊)?', 'Next'];
    await shell.print({ blocks: [{ type: 'buttons', buttons: labels.map((label) => ({ label, actionId: 'guide:open', value: 'x' })) }] });
    labels.forEach((l, i) => expect(squash(out)).toContain(squash(`[${i + 1} ${l}]`)));
    expect(out).not.toContain('…');
  });
});

describe('chat text (the platforms\' fallback text, ping texts)', () => {
  it('has no == heading markers, and English punctuation after English labels', () => {
    const text = renderText({
      blocks: [
        { type: 'heading', text: 'Deadlines' },
        { type: 'fields', fields: [{ label: '由谁操作', value: '品牌所有者' }, { label: 'Who does it', value: 'Brand owner' }] },
      ],
      locale: 'zh-CN',
    });
    expect(text).toBe('Deadlines\n由谁操作：品牌所有者\nWho does it: Brand owner');
  });
});
