import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed, APIEmbedField, ButtonStyle } from 'discord.js';
import type { Block, Button, Inline, Reply, Rich } from '../../core/types.js';
import { plainText } from '../../core/render-text.js';
import type { ButtonIds } from './buttons.js';
import { hasTypedMention, nameTypedMentions } from '../typed-mentions.js';
import { deepFreeze } from '../../core/deep-freeze.js';
import { clip } from '../../core/clip.js';
import { codeSpan, escapeText, neutralizeMassMentions, packUnits, type Unit } from './markdown.js';

/** Discord's message limits (UTF-16 units, which never undercount Discord's characters). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsTotal: 6000,
  embedsPerMessage: 10,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  buttonLabel: 80,
} as const;

/** Field blocks above this many characters go into the description instead of embed fields. */
const FIELDS_BUDGET = 1500;
const COLOR = 0x5865f2;
const ERROR_COLOR = 0xed4245;

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** One Discord message, ready for discord.js (content, embeds and components are always set, so an edit replaces them). */
export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  ephemeral: boolean;
  /** The users this message may ping: mention tokens in its content (embeds never ping). */
  users: string[];
}

export interface RenderOptions {
  ids: ButtonIds;
  /** Render as an embed even when the reply is only text (pings). */
  embed?: boolean | undefined;
  /** The workspace the message goes to: a button token made for it is kept in its data (see ButtonIds). */
  workspace?: string | undefined;
  /** Display names of people typed into titles and notes (`<@123…>`); unknown ones get a neutral label. */
  names?: ((userId: string) => string | undefined) | undefined;
}

/** A snowflake: only these become `<@id>`; anything else is shown as escaped text. */
export const SNOWFLAKE = /^\d{15,21}$/;

/**
 * A Reply as one or more Discord messages. Structured replies (headings, fields, steps, lists)
 * become an embed; short text replies are plain content. Long replies are split between units
 * (a step, a list item, a paragraph) and on grapheme boundaries, within every Discord limit.
 * Buttons go in action rows (5 a row, 25 a message) on the last message.
 */
export function renderReply(original: Reply, opts: RenderOptions): DiscordMessage[] {
  // A frozen block array is the same every time (/help's list): rendered once, unless it has
  // buttons (their tokens are made per message) or typed mentions (named per reader).
  if (!Object.isFrozen(original.blocks) || original.blocks.some((b) => b.type === 'buttons')) return render(original, opts);
  const key = `${opts.embed === true}|${original.error !== undefined}|${original.ephemeral === true}`;
  const kept = rendered.get(original.blocks);
  // Copies of the messages: a caller may set a message's content (pings do).
  if (kept?.key === key) return kept.messages.map((m) => Object.assign({}, m));
  const messages = render(original, opts);
  if (!hasTypedMention(original)) rendered.set(original.blocks, { key, messages: deepFreeze(messages.map((m) => Object.assign({}, m))) });
  return messages;
}

/** Frozen block arrays already rendered, with what else the render depended on (see renderReply). */
const rendered = new WeakMap<readonly Block[], { key: string; messages: DiscordMessage[] }>();

function render(original: Reply, opts: RenderOptions): DiscordMessage[] {
  const reply = nameTypedMentions(original, opts.names);
  const content = reply.blocks.filter((b) => b.type !== 'buttons');
  const buttonGroups = reply.blocks.flatMap((b) => (b.type === 'buttons' && b.buttons.length ? [b.buttons] : []));
  const structured = content.some((b) => b.type === 'heading' || b.type === 'fields' || b.type === 'steps' || b.type === 'list');
  const ephemeral = reply.ephemeral === true;
  const messages =
    opts.embed || structured
      ? embedMessages(content, reply.error ? ERROR_COLOR : COLOR, ephemeral)
      : contentMessages(content, ephemeral);
  attachButtons(messages, buttonGroups, opts, ephemeral);
  return messages;
}

function contentMessages(blocks: Block[], ephemeral: boolean): DiscordMessage[] {
  const users = new Set<string>();
  const units = blocks.flatMap((b) => blockUnits(b, users));
  const chunks = packUnits(units, LIMITS.content);
  if (chunks.length === 0) chunks.push('\u200b');
  return chunks.map((c) => ({
    content: c,
    embeds: [],
    components: [],
    ephemeral,
    users: [...users].filter((u) => c.includes(`<@${u}>`)),
  }));
}

function embedMessages(blocks: Block[], color: number, ephemeral: boolean): DiscordMessage[] {
  let rest = [...blocks];
  let title: string | undefined;
  if (rest[0]?.type === 'heading') {
    title = clip(neutralizeMassMentions(rest[0].text), LIMITS.title);
    rest = rest.slice(1);
  }
  // Trailing context lines become the footer (plain text, no markdown).
  let footer: string | undefined;
  let tail = rest.length;
  while (tail > 0 && rest[tail - 1]!.type === 'context') tail--;
  if (tail < rest.length) {
    const text = rest
      .slice(tail)
      .map((b) => (b.type === 'context' ? plain(b.text) : ''))
      .join('\n');
    if (text.length <= LIMITS.footer && text.trim() !== '') {
      footer = text;
      rest = rest.slice(0, tail);
    }
  }
  // Trailing fields become embed fields when they fit; fields elsewhere stay in the text, in order.
  let fields: APIEmbedField[] = [];
  let fieldStart = rest.length;
  while (fieldStart > 0 && rest[fieldStart - 1]!.type === 'fields') fieldStart--;
  if (fieldStart < rest.length) {
    const candidate = rest.slice(fieldStart).flatMap((b) => (b.type === 'fields' ? b.fields : []));
    const asFields = candidate.map((f) => ({ name: plain(f.label), value: rich(f.value, new Set()), inline: false }));
    const size = asFields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    const fits =
      asFields.length <= LIMITS.fields &&
      size <= FIELDS_BUDGET &&
      asFields.every((f) => f.name.trim() !== '' && f.name.length <= LIMITS.fieldName && f.value.trim() !== '' && f.value.length <= LIMITS.fieldValue);
    if (fits) {
      fields = asFields.map((f) => ({ ...f, inline: asFields.length > 1 && f.value.length <= 40 }));
      rest = rest.slice(0, fieldStart);
    }
  }
  const reserved = (title?.length ?? 0) + (footer?.length ?? 0) + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const max = Math.min(LIMITS.description, LIMITS.embedsTotal - reserved);
  const chunks = packUnits(
    rest.flatMap((b) => blockUnits(b, new Set())),
    max,
  );
  if (chunks.length === 0 && !title && !fields.length && !footer) chunks.push('\u200b');
  const count = Math.max(1, chunks.length);
  const embeds: APIEmbed[] = [];
  for (let i = 0; i < count; i++) {
    const e: APIEmbed = { color };
    if (i === 0 && title) e.title = title;
    const d = chunks[i];
    if (d) e.description = d;
    if (i === count - 1) {
      if (fields.length) e.fields = fields;
      if (footer) e.footer = { text: footer };
    }
    embeds.push(e);
  }
  return packEmbeds(embeds).map((group) => ({ content: '', embeds: group, components: [], ephemeral, users: [] }));
}

/** Groups embeds into messages: at most 10 and 6,000 characters a message. */
function packEmbeds(embeds: APIEmbed[]): APIEmbed[][] {
  const out: APIEmbed[][] = [];
  let group: APIEmbed[] = [];
  let size = 0;
  for (const e of embeds) {
    const s = embedSize(e);
    if (group.length && (group.length >= LIMITS.embedsPerMessage || size + s > LIMITS.embedsTotal)) {
      out.push(group);
      group = [];
      size = 0;
    }
    group.push(e);
    size += s;
  }
  if (group.length) out.push(group);
  return out;
}

export function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

function attachButtons(messages: DiscordMessage[], groups: Button[][], opts: RenderOptions, ephemeral: boolean): void {
  const rows: Button[][] = [];
  for (const g of groups) for (let i = 0; i < g.length; i += LIMITS.buttonsPerRow) rows.push(g.slice(i, i + LIMITS.buttonsPerRow));
  for (let i = 0; i < rows.length; i += LIMITS.rowsPerMessage) {
    const taken = new Set<string>();
    const components: ButtonRow[] = rows.slice(i, i + LIMITS.rowsPerMessage).map((row) => ({
      type: 1,
      components: row.map((b) => {
        const customId = opts.ids.encode({ actionId: b.actionId, value: b.value }, taken, opts.workspace);
        taken.add(customId);
        return { type: 2, style: buttonStyle(b), label: clip(neutralizeMassMentions(b.label), LIMITS.buttonLabel) || '…', custom_id: customId };
      }),
    }));
    const last = messages[messages.length - 1];
    if (i === 0 && last) last.components = components;
    else messages.push({ content: '', embeds: [], components, ephemeral, users: [] });
  }
}

function buttonStyle(b: Button): ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger {
  return b.style === 'primary' ? 1 : b.style === 'danger' ? 4 : 2;
}

/** A block as units of markdown: the first carries the gap to the block before it. */
function blockUnits(b: Block, users: Set<string>): Unit[] {
  const gap = b.type === 'context' ? '\n' : '\n\n';
  const lines = ((): string[] => {
    switch (b.type) {
      case 'heading':
        return [`**${escapeText(b.text)}**`];
      case 'paragraph':
        return [rich(b.text, users)];
      case 'steps':
        return b.items.map((it, i) => `${(b.start ?? 1) + i}. ${indent(rich(it, users), '   ')}`);
      case 'list':
        return b.items.map((it) => (b.checkbox ? `☐ ${indent(rich(it, users), '   ')}` : `- ${indent(rich(it, users), '  ')}`));
      case 'fields':
        return b.fields.map((f) => `**${escapeText(f.label)}${colon(f.label)}** ${rich(f.value, users)}`);
      case 'warning':
        return [prefixLines(`⚠️ ${rich(b.text, users)}`, '> ')];
      case 'context':
        return [prefixLines(rich(b.text, users), '-# ')];
      case 'divider':
        return ['──────────'];
      case 'buttons':
        return [];
    }
  })().filter((l) => l.trim() !== '');
  return lines.map((text, i) => ({ text, sep: i === 0 ? gap : '\n' }));
}

/** A full-width colon after a Chinese label, as Chinese text writes it. */
function colon(label: string): string {
  return /[\u3400-\u9fff\uf900-\ufaff]$/.test(label.trim()) ? '：' : ':';
}

function indent(s: string, pad: string): string {
  return s.replace(/\n/g, `\n${pad}`);
}

function prefixLines(s: string, prefix: string): string {
  return s
    .split('\n')
    .map((l) => (l.trim() === '' ? l : prefix + l))
    .join('\n');
}

/** Rich text as Discord markdown; user text is escaped, mentions only from mention tokens. */
function rich(r: Rich, users: Set<string>): string {
  if (typeof r === 'string') return escapeText(r);
  return r.map((p) => inline(p, users)).join('');
}

function inline(p: Inline, users: Set<string>): string {
  if (typeof p === 'string') return escapeText(p);
  if ('bold' in p) return p.bold.trim() ? `**${escapeText(p.bold)}**` : escapeText(p.bold);
  if ('code' in p) return codeSpan(p.code);
  if ('mention' in p) {
    if (SNOWFLAKE.test(p.mention)) {
      users.add(p.mention);
      return `<@${p.mention}>`;
    }
    return escapeText(`@${p.mention}`);
  }
  const label = `**【${escapeText(p.label)}】**`;
  return p.translation ? `${label}(${escapeText(p.translation)})` : label;
}

/** Rich text for places that show no markdown (title, footer, field names, labels). */
function plain(r: Rich): string {
  return neutralizeMassMentions(plainText(r));
}
