import { readLocaleFiles } from '../i18n/index.js';
import type { LeafSpec } from './types.js';

/**
 * The words that name an option in the shell's and Slack's `key:value`: its English name, the
 * name Discord shows in every language (locales/<lng>/command-names.json `optName`), and the short
 * forms people type (`optAliases`, space-separated: 提交 for 提交日期). Any language's words work
 * for every reader. Matching is per leaf: sibling options never share a word (checkSpecs).
 */

/** A key as matched: full-width letters folded (NFKC), lower case. */
export function normalKey(key: string): string {
  return key.normalize('NFKC').toLowerCase();
}

/** A word the tokenizer reads as a key (tokenize.ts KEY). */
export const KEY_WORD = /^\p{L}[\p{L}\p{N}_-]*$/u;

interface CommandNames {
  optName?: Record<string, unknown>;
  optAliases?: Record<string, unknown>;
}

/** command → option → the words that name it, every language's (English name not included). */
let localized: Map<string, Map<string, string[]>> | undefined;

/** Every language's option words, read from the command-names files once. */
export function localizedOptionWords(): ReadonlyMap<string, ReadonlyMap<string, readonly string[]>> {
  if (localized) return localized;
  const out = new Map<string, Map<string, string[]>>();
  const files = readLocaleFiles(undefined, (ns) => ns === 'command-names');
  for (const ns of Object.values(files)) {
    const cmds = ((ns['command-names'] ?? {}) as { cmd?: Record<string, CommandNames> }).cmd ?? {};
    for (const [command, names] of Object.entries(cmds)) {
      const options = out.get(command) ?? new Map<string, string[]>();
      out.set(command, options);
      const add = (option: string, word: string) => {
        const list = options.get(option) ?? [];
        if (word && !list.includes(word)) list.push(word);
        options.set(option, list);
      };
      for (const [option, name] of Object.entries(names.optName ?? {})) if (typeof name === 'string') add(option, name.trim());
      for (const [option, words] of Object.entries(names.optAliases ?? {})) {
        if (typeof words === 'string') for (const w of words.split(/\s+/)) add(option, w);
      }
    }
  }
  localized = out;
  return out;
}

let allWords: Set<string> | undefined;

/**
 * Whether a word names an option of some command in some language (normalized, see normalKey).
 * The tokenizer reads a word in another script than ASCII as a key only then, so `注意：“明天 交`
 * or `回复邮件：“关于发票”` in a title stay text as typed (with their quotes).
 */
export function isLocalizedOptionWord(key: string): boolean {
  if (!allWords) {
    allWords = new Set();
    for (const options of localizedOptionWords().values()) for (const words of options.values()) for (const w of words) allWords.add(normalKey(w));
  }
  return allWords.has(key);
}

/** Per leaf, per command it is read for ('' for none): a leaf's words depend on its command. */
const cache = new WeakMap<LeafSpec, Map<string, ReadonlyMap<string, string>>>();

/** A leaf's option words (normalized, see normalKey) → the option they name. */
export function optionKeys(command: string | undefined, leaf: LeafSpec): ReadonlyMap<string, string> {
  let byCommand = cache.get(leaf);
  if (!byCommand) cache.set(leaf, (byCommand = new Map()));
  const known = byCommand.get(command ?? '');
  if (known) return known;
  const keys = new Map<string, string>();
  for (const o of leaf.options) keys.set(normalKey(o.name), o.name);
  const words = command === undefined ? undefined : localizedOptionWords().get(command);
  for (const o of leaf.options) {
    for (const w of words?.get(o.name) ?? []) if (!keys.has(normalKey(w))) keys.set(normalKey(w), o.name);
  }
  byCommand.set(command ?? '', keys);
  return keys;
}

/** What is wrong with a command's option words: a word shared by sibling options, one no key can be, one for no option. */
export function optionKeyProblems(command: string, leaves: readonly [string, LeafSpec][]): string[] {
  const problems: string[] = [];
  const words = localizedOptionWords().get(command);
  if (!words) return problems;
  const all = new Set(leaves.flatMap(([, leaf]) => leaf.options.map((o) => o.name)));
  for (const option of words.keys()) if (!all.has(option)) problems.push(`${command}: option words for ${option}, which no subcommand has`);
  for (const [sub, leaf] of leaves) {
    const where = sub ? `${command} ${sub}` : command;
    const owner = new Map<string, string>();
    for (const o of leaf.options) {
      for (const w of [o.name, ...(words.get(o.name) ?? [])]) {
        if (!KEY_WORD.test(w)) problems.push(`${where}: option word "${w}" (${o.name}) cannot be typed as a key`);
        const k = normalKey(w);
        const other = owner.get(k);
        if (other !== undefined && other !== o.name) problems.push(`${where}: option word "${w}" names both ${other} and ${o.name}`);
        owner.set(k, o.name);
      }
    }
  }
  return problems;
}
