import { buttons, context, divider, fields, heading, list, para, reply, steps, warning } from '../core/reply.js';
import type { Block, Button, Ctx, Inline, HandlerReply, Rich } from '../core/types.js';
import { UserError } from '../core/errors.js';
import { deepFreeze } from '../core/deep-freeze.js';
import { isKnowledgeNamespace, readLocaleFiles } from '../i18n/index.js';
import { LOCALE_NAMES, isLocale, localeCandidates, type Locale } from '../i18n/locales.js';
import { callerLocaleSources } from '../core/context.js';
import type { Entry, Label, TextWithLabels } from './schema.js';
import { SOURCE_AGES } from './source-dates.js';

/*
 * Rendering of knowledge-base entries into Reply blocks, shared by /guide and /howto.
 *
 * Stable API (other modules build on it):
 *   renderEntry(ctx, entryOrId, opts)   an entry's blocks in the reader's language (+ bilingual)
 *   entryReply(ctx, id, opts)           a whole Reply for one entry, data { entryId }
 *   entryBody(ctx, entry, locale)       one language's content blocks, no buttons
 *   entryButton(entry, actionId)        a button opening an entry, labelled with its short title
 *   labelPiece(label, locale)           a UI label as an Inline `{ label, translation }`
 *   richText(text, locale)              step/item/rule text with its labels placed as Inlines
 *   otherLanguage(ctx, locale)          the language a toggle or bilingual mode switches to
 *   langValue(id, locale)               the `guide:lang` / `howto:share` button value
 *   parseLangValue(value)               decodes it
 */

/** The kb-* locale files (read when the knowledge base is first used, not at start). */
export function knowledgeFiles(): Record<Locale, Record<string, unknown>> {
  return readLocaleFiles(undefined, isKnowledgeNamespace);
}

/** 'en' for English readers, 'zh' for either Chinese. */
function languageOf(locale: Locale): 'en' | 'zh' {
  return locale === 'en' ? 'en' : 'zh';
}

/**
 * The language a toggle (or bilingual mode) switches to: English for Chinese readers; for English
 * readers the Chinese the workspace or the platform speaks (zh-TW there), else zh-CN.
 */
export function otherLanguage(ctx: Pick<Ctx, 'caller' | 'store'>, locale: Locale): Locale {
  if (locale !== 'en') return 'en';
  const candidates = localeCandidates(callerLocaleSources(ctx.store.read(ctx.caller.workspace), ctx.caller));
  return candidates.find((l) => l !== 'en') ?? 'zh-CN';
}

/**
 * A UI label as it reads in the tool, with its translation beside it only when the reader's
 * language differs from the label's (an English label for a Chinese reader, and the reverse).
 * `label` comes from the entry in the reader's locale, so `tr` is in the reader's language.
 */
function labelPiece(label: Label, locale: Locale): Inline {
  if (label.lang === languageOf(locale) || label.tr === label.ui) return { label: label.ui };
  return { label: label.ui, translation: label.tr };
}

/** Step, item or rule text with each `{n}` replaced by its label piece. */
export function richText(t: TextWithLabels, locale: Locale): Rich {
  if (t.labels.length === 0) return t.text;
  const out: Inline[] = [];
  const re = /\{(\d+)\}/g;
  let last = 0;
  for (const m of t.text.matchAll(re)) {
    if (m.index > last) out.push(t.text.slice(last, m.index));
    const label = t.labels[Number(m[1])];
    out.push(label ? labelPiece(label, locale) : m[0]);
    last = m.index + m[0].length;
  }
  if (last < t.text.length) out.push(t.text.slice(last));
  return out;
}

/** The localized name of a role ("Brand owner", "品牌所有者"). */
function roleName(ctx: Pick<Ctx, 'tIn'>, role: string, locale: Locale): string {
  return ctx.tIn(locale)(`guide.role.${role}`);
}

/**
 * One language's content of an entry: title, summary, who does it, the steps / answer / items /
 * rules, warnings and the source line. No buttons.
 */
function entryBody(ctx: Pick<Ctx, 'tIn' | 'knowledge'>, entry: Entry, locale: Locale): Block[] {
  // The same for every reader of a language (the entry, its checks, the translations are fixed
  // for the app): rendered once per knowledge base, entry and language, frozen, and copied out.
  const kb = ctx.knowledge.base();
  let cache = bodies.get(kb);
  if (!cache) bodies.set(kb, (cache = new Map()));
  const key = `${entry.id}\u0000${locale}\u0000${entry.title}`;
  let body = cache.get(key);
  if (!body) cache.set(key, (body = deepFreeze(renderBody(ctx, entry, locale))));
  return [...body];
}

const bodies = new WeakMap<object, Map<string, readonly Block[]>>();

function renderBody(ctx: Pick<Ctx, 'tIn' | 'knowledge'>, entry: Entry, locale: Locale): Block[] {
  const t = ctx.tIn(locale);
  const blocks: Block[] = [heading(entry.title), para(entry.summary)];
  if (entry.role) blocks.push(fields([{ label: t('guide.who'), value: roleName(ctx, entry.role, locale) }]));
  if (entry.answer) blocks.push(para(entry.answer));
  if (entry.steps.length) blocks.push(steps(entry.steps.map((s) => richText(s, locale))));
  if (entry.items.length) blocks.push(list(entry.items.map((s) => richText(s, locale)), true));
  if (entry.rules.length) {
    blocks.push(para([{ bold: t(entry.kind === 'policy' ? 'guide.rules' : 'guide.keyFacts') }]));
    blocks.push(list(entry.rules.map((s) => richText(s, locale))));
  }
  for (const w of entry.warnings) blocks.push(warning(w));
  const check = ctx.knowledge.base().lastCheck(entry.id, locale);
  blocks.push(context(check ? t('guide.sourceLine', { source: sourceTitle(t, entry.source), date: check.date, by: check.by }) : t('guide.sourceLineUnchecked', { source: sourceTitle(t, entry.source) })));
  const age = sourceAgeLine(ctx, entry.source, locale);
  if (age) blocks.push(context(age));
  return blocks;
}

/** How old the source is, where the document says so ("Source dated 2023-04-23."), else undefined. */
function sourceAgeLine(ctx: Pick<Ctx, 'tIn'>, source: string, locale: Locale): string | undefined {
  const age = SOURCE_AGES[source];
  if (!age) return undefined;
  const t = ctx.tIn(locale);
  if (age.note) return t(`guide.sourceNote.${age.note}`, { date: age.published ?? '' });
  return age.published ? t('guide.sourceDated', { date: age.published }) : undefined;
}

/** A button opening an entry, labelled with its short title (which fits any chat's button as it is). */
export function entryButton(entry: Entry, actionId = 'guide:open'): Button {
  return { label: entry.short, actionId, value: entry.id };
}

/**
 * A source document by its human title in the reader's language (`guide.sources`, keyed by the
 * file name without `.txt`, `_` as `-`); the file name itself is for the JSON (`source`).
 */
function sourceTitle(t: (key: string) => string, file: string): string {
  const key = `guide.sources.${file.replace(/\.txt$/, '').replace(/_/g, '-')}`;
  const title = t(key);
  return title === key ? file : title;
}

export interface EntryRenderOptions {
  /** Render in this locale instead of the reader's (the language toggle). */
  locale?: Locale | undefined;
  /** Follow the reader's bilingual setting (default true). */
  bilingual?: boolean | undefined;
  /** Add the buttons: walk, track, related, language toggle (default true). */
  buttons?: boolean | undefined;
  /** The toggle's actionId; its value is `langValue(id, target)` (default `guide:lang`). */
  toggleAction?: string | undefined;
  /** The related-entry buttons' actionId; value = the entry id (default `guide:open`). */
  openAction?: string | undefined;
  /** Offer "Walk me through" where the entry has steps or items (default true). */
  walk?: boolean | undefined;
}

/**
 * An entry's blocks in the reader's language (or opts.locale): the body, and for a reader with
 * bilingual mode the body again in the other language (zh ↔ en), then the buttons: walk me
 * through, track this, related entries (label = their title) and the language toggle (中文 / English).
 * Throws UserError('errors.unknownEntry') for an id the knowledge base does not have.
 */
function renderEntry(ctx: Ctx, entryOrId: Entry | string, opts: EntryRenderOptions = {}): Block[] {
  const kb = ctx.knowledge.base();
  const id = typeof entryOrId === 'string' ? entryOrId : entryOrId.id;
  const locale = opts.locale ?? ctx.locale;
  const entry = kb.entry(id, locale);
  if (!entry) throw new UserError('errors.unknownEntry', { id });
  const t = ctx.tIn(locale);
  const blocks = entryBody(ctx, entry, locale);
  const other = otherLanguage(ctx, locale);
  if ((opts.bilingual ?? true) && ctx.bilingual) {
    const second = kb.entry(id, other);
    if (second) blocks.push(divider(), context(LOCALE_NAMES[other]), ...entryBody(ctx, second, other));
  }
  if (opts.buttons === false) return blocks;

  const actions: Button[] = [];
  if ((opts.walk ?? true) && (entry.steps.length > 0 || entry.items.length > 0)) {
    actions.push({ label: t('guide.walk'), actionId: 'guide:walk', value: id, style: 'primary' });
  }
  if (entry.template) {
    actions.push({ label: t('guide.track'), actionId: 'track:new-from', value: entry.template });
  }
  actions.push({ label: t(`guide.toggleTo.${languageOf(other)}`), actionId: opts.toggleAction ?? 'guide:lang', value: langValue(id, other) });
  const related = entry.related
    .map((r) => kb.entry(r, locale))
    .filter((r): r is Entry => r !== undefined)
    .map((r) => entryButton(r, opts.openAction));
  if (related.length) blocks.push(context(t('guide.related')), buttons(related));
  blocks.push(buttons(actions));
  return blocks;
}

/**
 * A whole reply for one entry: renderEntry's blocks, `data: { entryId }`, and the locale it was
 * written in.
 */
export function entryReply(ctx: Ctx, id: string, opts: EntryRenderOptions = {}): HandlerReply {
  const locale = opts.locale ?? ctx.locale;
  return reply(renderEntry(ctx, id, opts), {
    data: { entryId: id, source: ctx.knowledge.base().entry(id, locale)?.source ?? null },
    locale,
  });
}

/** The `guide:lang` (and `howto:share`) button value: `<entry id>|<locale>`. */
export function langValue(id: string, locale: Locale): string {
  return `${id}|${locale}`;
}

/** Decodes a `guide:lang` value; undefined when it is not one. */
export function parseLangValue(value: string): { id: string; locale: Locale } | undefined {
  const bar = value.lastIndexOf('|');
  if (bar < 1) return undefined;
  const locale = value.slice(bar + 1);
  return isLocale(locale) ? { id: value.slice(0, bar), locale } : undefined;
}
