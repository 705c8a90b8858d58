import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { LOCALES, type Locale } from '../../src/i18n/locales.js';
import { Knowledge } from '../../src/knowledge/resources.js';
import { replyJson } from '../../src/core/reply-json.js';
import { Shell } from '../../src/adapters/shell/index.js';
import { parseShellArgs } from '../../src/adapters/shell/args.js';
import type { Block, Button, Inline, Reply } from '../../src/core/types.js';
import { testBot } from '../support/app.js';

const kb = new Knowledge().base();
const as = (locale: Locale) => ({ platformLocale: locale });

function buttonsOf(r: Reply): Button[] {
  return r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
}

/** Every inline label piece of a reply's steps, items and rules. */
function labelsOf(r: Reply): Inline[] {
  const rich = (b: Block) => (b.type === 'steps' || b.type === 'list' ? b.items : []);
  return r.blocks.flatMap(rich).flatMap((x) => (typeof x === 'string' ? [] : x)).filter((p) => typeof p === 'object' && 'label' in p);
}

function firstLabel(id: string, locale: Locale, ui: string) {
  const e = kb.entry(id, locale)!;
  return [...e.steps, ...e.items, ...e.rules].flatMap((s) => s.labels).find((l) => l.ui === ui);
}

describe('/guide <id>', () => {
  it('renders every entry in every locale through the command path, with its entryId', async () => {
    const bot = testBot();
    for (const locale of LOCALES) {
      for (const id of kb.ids) {
        const r = await bot.run(`/guide ${id}`, as(locale));
        expect(r.error, `${id} in ${locale}: ${r.error?.message}`).toBeUndefined();
        expect(r.data?.entryId).toBe(id);
        expect(r.locale).toBe(locale);
        const entry = kb.entry(id, locale)!;
        expect(r.blocks[0]).toEqual({ type: 'heading', text: entry.title });
        const text = bot.text(r);
        expect(text).toContain(entry.summary);
        // The source by its title; its file name is in the JSON.
        expect(text).not.toContain(entry.source);
        expect(r.data?.source).toBe(entry.source);
        expect(text).toMatch(kb.lastCheck(id, locale) ? kb.lastCheck(id, locale)!.date : /not yet checked|尚未有人/);
        for (const w of entry.warnings) expect(r.blocks).toContainEqual({ type: 'warning', text: w });
        expect(text).not.toMatch(/\{\d+\}/);
        expect(text).not.toMatch(/guide\.|cmd\./);
      }
    }
  });

  it('shows a Chinese reader the English labels of Seller Collab with the Chinese beside them', async () => {
    const bot = testBot();
    const r = await bot.run('/guide collab.approve-design', as('zh-CN'));
    const review = firstLabel('collab.approve-design', 'zh-CN', 'Review')!;
    expect(review.tr).not.toBe('Review');
    expect(labelsOf(r)).toContainEqual({ label: 'Review', translation: review.tr });
    expect(bot.text(r)).toContain(`【Review】(${review.tr})`);
    expect(bot.text(r)).toContain(`【Approve】(${firstLabel('collab.approve-design', 'zh-CN', 'Approve')!.tr})`);
  });

  it('shows an English reader the English labels alone', async () => {
    const bot = testBot();
    const r = await bot.run('/guide collab.approve-design', as('en'));
    expect(labelsOf(r)).toContainEqual({ label: 'Review' });
    expect(bot.text(r)).toContain('【Review】');
    expect(bot.text(r)).not.toContain('【Review】(');
  });

  it("shows an English reader SaleYee's Chinese labels with the English beside them, and a Chinese reader without", async () => {
    const bot = testBot();
    const en = await bot.run('/guide saleyee.add-amazon-account', as('en'));
    expect(bot.text(en)).toContain('【平台授权】(Platform Authorization)');
    const tw = await bot.run('/guide saleyee.add-amazon-account', as('zh-TW'));
    expect(bot.text(tw)).toContain('【平台授权】');
    expect(bot.text(tw)).not.toContain('【平台授权】(');
  });

  it('names who does a procedure in the reader’s language', async () => {
    const bot = testBot();
    const en = await bot.run('/guide collab.submit-design', as('en'));
    expect(en.blocks).toContainEqual({ type: 'fields', fields: [{ label: 'Who does it', value: 'Designer' }] });
    const cn = await bot.run('/guide collab.approve-design', as('zh-CN'));
    expect(bot.text(cn)).toContain('由谁操作：品牌所有者');
  });

  it('shows a checklist as tickable items and a policy as rules', async () => {
    const bot = testBot();
    const prep = await bot.run('/guide brand-registry.video-verification-prepare');
    const items = prep.blocks.find((b) => b.type === 'list');
    expect(items).toMatchObject({ checkbox: true });
    expect(items?.type === 'list' && items.items.length).toBe(kb.entry('brand-registry.video-verification-prepare', 'en')!.items.length);
    const policy = await bot.run('/guide account.unify-policy', as('zh-TW'));
    expect(bot.text(policy)).toContain('規則');
  });

  it('offers the related entries as buttons labelled with their short titles', async () => {
    const bot = testBot();
    const r = await bot.run('/guide collab.approve-design', as('zh-TW'));
    const related = kb.entry('collab.approve-design', 'zh-TW')!.related;
    expect(related.length).toBeGreaterThan(0);
    const open = buttonsOf(r).filter((b) => b.actionId === 'guide:open');
    expect(open.map((b) => b.value)).toEqual(related);
    expect(open.map((b) => b.label)).toEqual(related.map((id) => kb.entry(id, 'zh-TW')!.short));
    const next = await bot.press('guide:open', related[0]!, as('zh-TW'));
    expect(next.data?.entryId).toBe(related[0]);
  });

  it('offers "Track this" with the template, and the command to type while /track does not exist', async () => {
    const bot = testBot();
    const r = await bot.run('/guide brand-registry.submit-appeal');
    const template = kb.entry('brand-registry.submit-appeal', 'en')!.template;
    expect(template).toBe('brand-appeal');
    expect(buttonsOf(r)).toContainEqual({ label: 'Track this', actionId: 'track:new-from', value: 'brand-appeal' });
    if (!bot.core.command('track')) expect(bot.text(r)).toContain('/track new brand-appeal <title>');
    const faq = await bot.run('/guide handmade.maker-profile');
    expect(buttonsOf(faq).some((b) => b.actionId === 'track:new-from')).toBe(false);
  });

  it('re-renders the same entry in the other language in place when the language toggle is pressed', async () => {
    const bot = testBot();
    const en = await bot.run('/guide collab.reject-design', as('en'));
    const toggle = buttonsOf(en).find((b) => b.actionId === 'guide:lang')!;
    expect(toggle.label).toBe('中文');
    const zh = await bot.press(toggle.actionId, toggle.value, as('en'));
    expect(zh.replaceOriginal).toBe(true);
    expect(zh.locale).toBe('zh-CN');
    expect(zh.data?.entryId).toBe('collab.reject-design');
    expect(zh.blocks[0]).toEqual({ type: 'heading', text: kb.entry('collab.reject-design', 'zh-CN')!.title });
    const back = buttonsOf(zh).find((b) => b.actionId === 'guide:lang')!;
    expect(back.label).toBe('English');
    const again = await bot.press(back.actionId, back.value, as('en'));
    expect(again.blocks[0]).toEqual({ type: 'heading', text: kb.entry('collab.reject-design', 'en')!.title });
  });

  it('toggles an English reader to traditional Chinese where the workspace speaks it', async () => {
    const bot = testBot();
    await bot.run('/settings default-lang zh-TW', { isAdmin: true });
    await bot.run('/settings lang en');
    const r = await bot.run('/guide handmade.apply');
    const toggle = buttonsOf(r).find((b) => b.actionId === 'guide:lang')!;
    expect(toggle.value).toBe('handmade.apply|zh-TW');
  });

  it('shows a bilingual reader the entry in their language, then in the other', async () => {
    const bot = testBot();
    await bot.run('/settings bilingual on', as('zh-CN'));
    const r = await bot.run('/guide account.unify-existing', as('zh-CN'));
    const headings = r.blocks.filter((b) => b.type === 'heading');
    expect(headings).toEqual([
      { type: 'heading', text: kb.entry('account.unify-existing', 'zh-CN')!.title },
      { type: 'heading', text: kb.entry('account.unify-existing', 'en')!.title },
    ]);
    const text = bot.text(r);
    expect(text.indexOf(kb.entry('account.unify-existing', 'zh-CN')!.summary)).toBeLessThan(text.indexOf(kb.entry('account.unify-existing', 'en')!.summary));
  });

  it('carries entryId in its JSON reply', async () => {
    const bot = testBot();
    const json = replyJson(await bot.run('/guide handmade.press-release'));
    expect(json).toMatchObject({ ok: true, entryId: 'handmade.press-release' });
  });

  it('finds an entry by the part of its id after the program', async () => {
    const bot = testBot();
    expect((await bot.run('/guide approve-design')).data?.entryId).toBe('collab.approve-design');
    expect((await bot.run('/guide COLLAB.APPROVE-DESIGN')).data?.entryId).toBe('collab.approve-design');
  });
});

describe('/guide with an id it does not know', () => {
  it('says so in the reader’s language and offers the closest ids as buttons', async () => {
    const bot = testBot();
    const r = await bot.run('/guide collab.aprove-desing', as('zh-CN'));
    expect(r.error?.code).toBe('errors.unknownEntryGuess');
    expect(r.error?.message).toContain('collab.aprove-desing');
    expect(r.error?.message).toMatch(/[\u4e00-\u9fff]/);
    const alternatives = r.data?.alternatives as string[];
    expect(alternatives[0]).toBe('collab.approve-design');
    expect(alternatives.length).toBeLessThanOrEqual(3);
    expect(buttonsOf(r).map((b) => b.value)).toEqual(alternatives);
    expect(buttonsOf(r).every((b) => b.actionId === 'guide:open')).toBe(true);
    expect(replyJson(r)).toMatchObject({ ok: false, entryId: null });
  });

  it('suggests entries by the words of their titles', async () => {
    const bot = testBot();
    const r = await bot.run('/guide reschedule');
    expect(r.data?.alternatives).toContain('brand-registry.video-verification-reschedule');
  });

  it('gives the usage when nothing is close', async () => {
    const bot = testBot();
    const r = await bot.run('/guide qqqqqqqq', as('zh-TW'));
    expect(r.error?.code).toBe('errors.unknownEntry');
    expect(r.data?.alternatives).toEqual([]);
    expect(bot.text(r)).toContain('/guide collab.approve-design');
  });
});

describe('/guide alone', () => {
  it('lists every program and every entry with its title and id, in each locale', async () => {
    const bot = testBot();
    for (const locale of LOCALES) {
      const r = await bot.run('/guide', as(locale));
      expect(r.error).toBeUndefined();
      const text = bot.text(r);
      for (const id of kb.ids) {
        expect(text).toContain(id);
        expect(text).toContain(kb.entry(id, locale)!.title);
      }
      const programs = r.data?.programs as { program: string; entries: { id: string }[] }[];
      expect(programs.map((p) => p.program)).toEqual(['collab', 'handmade', 'account', 'saleyee', 'brand-registry']);
      expect(programs.flatMap((p) => p.entries.map((e) => e.id))).toEqual(kb.ids);
    }
  });
});

describe('/guide <id> walk', () => {
  const id = 'brand-registry.submit-appeal';
  const total = kb.entry(id, 'en')!.steps.length;

  it('shows one step at a time with Next, Back and Done, updated in place', async () => {
    expect(total).toBeGreaterThanOrEqual(3);
    const bot = testBot();
    const first = await bot.run(`/guide ${id} walk`);
    expect(first.data).toMatchObject({ entryId: id, step: 1, total });
    expect(buttonsOf(first).map((b) => b.actionId)).toEqual(['guide:next', 'guide:done']);
    expect(bot.text(first)).toContain(`Step 1 of ${total}`);
    const steps = first.blocks.filter((b) => b.type === 'steps');
    expect(steps).toHaveLength(1);
    const next = buttonsOf(first)[0]!;
    const second = await bot.press(next.actionId, next.value);
    expect(second.replaceOriginal).toBe(true);
    expect(second.data).toMatchObject({ step: 2 });
    expect(second.blocks).toContainEqual(expect.objectContaining({ type: 'steps', start: 2 }));
    expect(buttonsOf(second).map((b) => b.actionId)).toEqual(['guide:back', 'guide:next', 'guide:done']);
    const back = await bot.press('guide:back', buttonsOf(second)[0]!.value);
    expect(back.data).toMatchObject({ step: 1 });
  });

  it('resumes where the user left off, per user', async () => {
    const bot = testBot();
    let r = await bot.run(`/guide ${id} walk`);
    r = await bot.press('guide:next', buttonsOf(r).find((b) => b.actionId === 'guide:next')!.value);
    r = await bot.press('guide:next', buttonsOf(r).find((b) => b.actionId === 'guide:next')!.value);
    expect(r.data).toMatchObject({ step: 3 });
    const resumed = await bot.run(`/guide ${id} walk`, as('zh-CN'));
    expect(resumed.data).toMatchObject({ step: 3 });
    expect(bot.text(resumed)).toContain('从你上次停下的地方继续');
    const other = await bot.run(`/guide ${id} walk`, { user: 'u2' });
    expect(other.data).toMatchObject({ step: 1 });
  });

  it('keeps the place in the store, so it survives a restart', async () => {
    const before = testBot();
    await before.run(`/guide ${id} walk`);
    await before.press('guide:next', `${id}|1`);
    const after = testBot({ store: before.store });
    expect((await after.run(`/guide ${id} walk`)).data).toMatchObject({ step: 2 });
  });

  it('stops early with Done and keeps the place; Done on the last step finishes and starts over next time', async () => {
    const bot = testBot();
    let r = await bot.run(`/guide ${id} walk`);
    r = await bot.press('guide:next', `${id}|1`);
    const paused = await bot.press('guide:done', buttonsOf(r).find((b) => b.actionId === 'guide:done')!.value);
    expect(paused.data).toMatchObject({ step: 2, finished: false });
    expect(bot.text(paused)).toContain(`/guide ${id} walk`);
    expect((await bot.run(`/guide ${id} walk`)).data).toMatchObject({ step: 2 });
    const last = await bot.press('guide:next', `${id}|${total - 1}`);
    expect(buttonsOf(last).map((b) => b.actionId)).toEqual(['guide:back', 'guide:done']);
    const finished = await bot.press('guide:done', `${id}|${total}`);
    expect(finished.data).toMatchObject({ finished: true });
    expect(buttonsOf(finished)).toContainEqual(expect.objectContaining({ actionId: 'track:new-from', value: 'brand-appeal' }));
    expect((await bot.run(`/guide ${id} walk`)).data).toMatchObject({ step: 1 });
  });

  it('starts from the "Walk me through" button of the full view', async () => {
    const bot = testBot();
    const full = await bot.run(`/guide ${id}`);
    const walk = buttonsOf(full).find((b) => b.actionId === 'guide:walk')!;
    expect(walk.label).toBe('Walk me through');
    expect((await bot.press(walk.actionId, walk.value)).data).toMatchObject({ entryId: id, step: 1 });
  });

  it('walks a checklist item by item', async () => {
    const bot = testBot();
    const r = await bot.run('/guide brand-registry.video-verification-prepare walk', as('zh-TW'));
    expect(bot.text(r)).toMatch(/第 1 項，共 \d+ 項/);
    expect(r.blocks).toContainEqual(expect.objectContaining({ type: 'list', checkbox: true }));
  });

  it('shows an entry without steps in full, saying so', async () => {
    const bot = testBot();
    const r = await bot.run('/guide handmade.maker-profile walk');
    expect(r.data?.entryId).toBe('handmade.maker-profile');
    expect(bot.text(r)).toContain('no steps to walk through');
  });

  it('refuses a mode it does not know', async () => {
    const bot = testBot();
    const r = await bot.run(`/guide entry:${id} mode:run`);
    expect(r.error?.code).toBe('errors.badGuideMode');
  });

  it('is pressed in the shell by typing next, back and done', async () => {
    const bot = testBot();
    const out = new PassThrough();
    const shell = new Shell(bot.core, parseShellArgs(['--locale', 'zh-CN']), out);
    expect((await shell.line(`/guide ${id} walk`))?.data).toMatchObject({ step: 1 });
    expect((await shell.line('next'))?.data).toMatchObject({ step: 2 });
    expect((await shell.line('next'))?.data).toMatchObject({ step: 3 });
    expect((await shell.line('back'))?.data).toMatchObject({ step: 2 });
    expect((await shell.line('done'))?.data).toMatchObject({ step: 2, finished: false });
  });
});

describe('/guide autocomplete', () => {
  const caller = { platform: 'discord' as const, workspace: 'g1', channel: 'c1', user: 'u1' };

  it('matches ids and titles in the caller’s language', async () => {
    const bot = testBot();
    const byId = await bot.core.complete(caller, 'guide', undefined, 'entry', 'approve');
    expect(byId[0]?.value).toBe('collab.approve-design');
    const title = kb.entry('collab.withdraw-design', 'zh-CN')!.title;
    const byTitle = await bot.core.complete({ ...caller, platformLocale: 'zh-CN' }, 'guide', undefined, 'entry', title.slice(0, 2));
    expect(byTitle.map((c) => c.value)).toContain('collab.withdraw-design');
    expect(byTitle.find((c) => c.value === 'collab.withdraw-design')?.name).toContain(title);
  });

  it('offers the first entries for nothing typed, at most 25, with names Discord accepts', async () => {
    const bot = testBot();
    const all = await bot.core.complete(caller, 'guide', undefined, 'entry', '');
    expect(all).toHaveLength(Math.min(25, kb.ids.length));
    for (const c of all) expect(c.name.length).toBeLessThanOrEqual(100);
  });
});
