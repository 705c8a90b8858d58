/**
 * Command lines as the reader types them. Replies and errors are written with the shell's and
 * Slack's syntax (`/track list all page:2`); on Discord every option is named (`filter:all`) and
 * the client shows the command, subcommand and option names in the reader's language, so a line
 * written there reads `/跟踪 列表 筛选:all 页码:2` for a zh-CN reader.
 */
import { optionsFromTokens } from './parse-options.js';
import { tokenize, type Token } from './tokenize.js';
import type { Block, CommandSpec, Inline, LeafOption, LeafSpec, Reply, Rich } from './types.js';
import type { Translate } from '../i18n/index.js';
import { mapBlockText } from './map-blocks.js';
import { boundedCache } from '../cache.js';
import { deepFreeze } from './deep-freeze.js';

/** Renames command lines into one syntax, for one reader's language. */
export interface CommandLines {
  /** A command line typed the shell's way, in the reader's syntax; anything else as it was. */
  line(text: string): string;
  /** The usage of a command or one of its subcommands, in the reader's syntax. */
  usage(command: string, sub: string | undefined): string | undefined;
  /** Prose that names commands (`/track list shows them`), with the names the reader's client shows. */
  names(text: string): string;
}

export function commandLines(commands: readonly CommandSpec[], t: Translate): CommandLines {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const name = (key: string, fallback: string) => {
    const v = t(key).trim().toLowerCase();
    return v && v !== key.toLowerCase() ? v : fallback;
  };
  const cmdName = (c: CommandSpec) => name(`cmd.${c.name}.name`, c.name);
  const subName = (c: CommandSpec, sub: string) => name(`cmd.${c.name}.subName.${sub}`, sub);
  const optName = (c: CommandSpec, o: LeafOption) => name(`cmd.${c.name}.optName.${o.name}`, o.name);

  /**
   * A line with placeholders (`/track new task <title> due:<date> [brand:<brand>]`): each word
   * named, `<…>` and `[…]` kept as they are, positional words given their option's name.
   */
  const placeholders = (spec: CommandSpec, leaf: LeafSpec, sub: string | undefined, args: string): string => {
    const words = (args.match(/\[[^\]]*\]|[a-z][a-z0-9-]*:<[^>]*>|<[^>]*>|\S+/g) ?? []).slice(sub && args.trim().split(/\s+/, 1)[0]?.toLowerCase() === sub ? 1 : 0);
    const named = new Set<string>();
    const out: string[] = [`/${cmdName(spec)}`];
    if (sub) out.push(subName(spec, sub));
    let rest: number | undefined;
    for (const w of words) {
      const optional = w.startsWith('[') && w.endsWith(']');
      const inner = optional ? w.slice(1, -1) : w;
      const key = /^([a-z][a-z0-9-]*):(.*)$/s.exec(inner);
      const option = key ? leaf.options.find((o) => o.name === key[1]) : undefined;
      let piece: string;
      if (key && option) {
        named.add(option.name);
        piece = `${optName(spec, option)}:${key[2]}`;
      } else if (rest !== undefined) {
        out[rest] = `${out[rest]} ${w}`;
        continue;
      } else {
        const next = leaf.options.find((o) => o.positional && !named.has(o.name));
        if (!next) return out.concat(w).join(' ');
        named.add(next.name);
        piece = `${optName(spec, next)}:${inner}`;
        if (next.rest) rest = out.length;
      }
      out.push(optional ? `[${piece}]` : piece);
    }
    return out.join(' ');
  };

  /** A command line typed the shell's way, in the reader's syntax; anything else as it was. */
  const rewrite = (text: string): string => {
    const m = /^\/([a-z][a-z0-9-]*)(?:\s+([\s\S]*))?$/.exec(text.trim());
    const spec = m ? byName.get(m[1]!) : undefined;
    if (!m || !spec) return text;
    try {
      const args = m[2] ?? '';
      // A usage line: its words are placeholders, not values to read.
      const usage = /[<[]/.test(args);
      const tokens: Token[] = usage ? (args.match(/^\S+/) ?? []).map((text) => ({ text, quoted: false })) : tokenize(args);
      let leaf: LeafSpec | undefined = spec.leaf;
      let sub: string | undefined;
      let rest = tokens;
      if (spec.subcommands) {
        const first = tokens[0];
        const named = first && !first.quoted && first.key === undefined ? spec.subcommands.find((s) => s.name === first.text.toLowerCase()) : undefined;
        // Discord always names the subcommand: the one the shell picks when none is typed.
        const found = named ?? spec.subcommands.find((s) => s.name === (tokens.length ? spec.fallbackSubcommand : spec.emptySubcommand));
        if (!found) return text;
        leaf = found;
        sub = found.name;
        rest = named ? tokens.slice(1) : tokens;
      }
      if (!leaf) return text;
      if (usage) return placeholders(spec, leaf, sub, args);
      const raw = optionsFromTokens(leaf, rest, { command: spec.name, sub });
      const parts = [`/${cmdName(spec)}`];
      if (sub) parts.push(subName(spec, sub));
      for (const o of leaf.options) if (raw[o.name] !== undefined) parts.push(`${optName(spec, o)}:${String(raw[o.name])}`);
      return parts.join(' ');
    } catch {
      // Not a line the command reads (a placeholder, an option it does not have): left as written.
      return text;
    }
  };

  /** Lines already rewritten: a reply names the same few commands again and again (bounded: lines may carry values). */
  const done = boundedCache<string, string>(2000);

  return {
    line(text) {
      let out = done.get(text);
      if (out === undefined) done.set(text, (out = rewrite(text)));
      return out;
    },
    names(text) {
      return text.replace(/(^|[^\w/])\/([a-z][a-z0-9-]*)(?![\w-])(?: ([a-z][a-z0-9-]*)(?![\w-]))?/g, (all, pre: string, command: string, word?: string) => {
        const spec = byName.get(command);
        if (!spec) return all;
        const sub = word ? spec.subcommands?.find((x) => x.name === word) : undefined;
        const named = `${pre}/${cmdName(spec)}${sub ? ` ${subName(spec, sub.name)}` : ''}`;
        return word && !sub ? `${named} ${word}` : named;
      });
    },
    usage(command, sub) {
      const spec = byName.get(command);
      if (!spec) return undefined;
      const leaf = sub ? spec.subcommands?.find((s) => s.name === sub) : spec.leaf;
      if (!leaf) return `/${cmdName(spec)} ${(spec.subcommands ?? []).map((s) => subName(spec, s.name)).join('|')}`;
      const parts = [`/${cmdName(spec)}`];
      if (sub) parts.push(subName(spec, sub));
      // Every option when there are few; else the needed and positional ones, then `[…]`.
      const named = leaf.options.length <= 4 ? leaf.options : leaf.options.filter((o) => o.required || o.positional);
      for (const o of named) {
        const value = o.choices ? o.choices.join('|') : '…';
        parts.push(o.required ? `${optName(spec, o)}:${value}` : `[${optName(spec, o)}:${value}]`);
      }
      if (named.length < leaf.options.length) parts.push('[…]');
      return parts.join(' ');
    },
  };
}

/** Frozen block arrays (a reply that is the same every time, as /help's list) already rewritten, with the lines they were rewritten for. */
const rewritten = new WeakMap<readonly Block[], { lines: CommandLines; blocks: Block[] }>();

/** A reply whose code spans that are command lines are written in the reader's syntax. */
export function withCommandLines(reply: Reply, lines: CommandLines): Reply {
  const fixed = Object.isFrozen(reply.blocks);
  const kept = fixed ? rewritten.get(reply.blocks) : undefined;
  let blocks = kept?.lines === lines ? kept.blocks : undefined;
  if (!blocks) {
    const inline = (p: Inline): Inline => (typeof p === 'object' && 'code' in p && p.code.startsWith('/') ? { code: lines.line(p.code) } : p);
    const rich = (r: Rich): Rich => (typeof r === 'string' ? r : r.map(inline));
    blocks = reply.blocks.map((b) => mapBlockText(b, rich));
    // Frozen in, frozen out: the renderer may remember its work on it too.
    if (fixed) rewritten.set(reply.blocks, { lines, blocks: deepFreeze(blocks) });
  }
  return Object.assign({}, reply, { blocks });
}
