import { createRequire } from 'node:module';
import type { Locale } from './locales.js';

/**
 * The language a question is written in, for a conversational question whose platform gives no
 * locale (a Discord message) or whose writer's language differs from their client's: Chinese when it
 * holds Han characters, simplified or traditional by which script's own characters it uses (opencc-js's
 * character tables: 设/設, 台/臺 …), English when it is Latin words only. Undefined when it cannot
 * tell (only characters both scripts share, digits, emoji) or when it is written in a language the
 * bot does not speak (Japanese kana, Korean hangul: their kanji or Latin product names say nothing
 * of the asker's language): the caller's other sources decide then.
 */
export interface ScriptTables {
  /** Characters that exist only in traditional writing (they change to simplified). */
  traditional: ReadonlySet<string>;
  /** Characters that exist only in simplified writing (they change to traditional). */
  simplified: ReadonlySet<string>;
}

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /\p{Script=Latin}{2,}/gu;

const UNSPOKEN = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function detectLanguage(text: string, tables: ScriptTables): Locale | undefined {
  if (UNSPOKEN.test(text)) return undefined;
  let han = 0;
  let trad = 0;
  let simp = 0;
  for (const c of text) {
    if (!HAN.test(c)) continue;
    han++;
    if (tables.traditional.has(c)) trad++;
    else if (tables.simplified.has(c)) simp++;
  }
  if (han > 0) {
    if (trad > simp) return 'zh-TW';
    if (simp > trad) return 'zh-CN';
    return undefined;
  }
  return (text.match(LATIN_WORD)?.length ?? 0) > 0 ? 'en' : undefined;
}

/** `"source target|source target"` (opencc-js tables) → the single source characters that change. */
function sources(dict: string): Set<string> {
  const out = new Set<string>();
  for (const pair of dict.split('|')) {
    const [from, to] = pair.split(' ');
    if (from && to && from !== to && [...from].length === 1) out.add(from);
  }
  return out;
}

/** Builds the tables: a character in both lists (a shared form with a variant) counts for neither. */
function scriptTables(tsCharacters: string, stCharacters: string): ScriptTables {
  const t = sources(tsCharacters);
  const s = sources(stCharacters);
  const traditional = new Set([...t].filter((c) => !s.has(c)));
  const simplified = new Set([...s].filter((c) => !t.has(c)));
  return { traditional, simplified };
}

let pending: Promise<ScriptTables> | undefined;

/**
 * The process-wide tables; opencc-js's character lists are read on the first question (from
 * node_modules, not bundled: scripts/bundle.ts keeps them out of the start-up script).
 */
export function loadScriptTables(): Promise<ScriptTables> {
  pending ??= (async () => {
    const dict = (name: string) => (createRequire(import.meta.url)(`opencc-js/dict/${name}`) as { default: string }).default;
    return scriptTables(dict('TSCharacters'), dict('STCharacters'));
  })();
  return pending;
}
