import { LOCALES } from '../i18n/locales.js';
import { translator } from '../i18n/index.js';

/**
 * Asking a command for its help: `--help`, `-h`, `help`, `?` — or the word for help in any of our
 * languages (`help.words`: 帮助, 說明, 幫助) — typed as a command's only argument (`/track --help`,
 * `/deadlines ?`, `/guide 說明`). A question that merely starts with the word ("help me approve a
 * design") is not one. The dispatcher answers it with `/help <command>` (src/core/dispatch.ts).
 */

/** The flags of a command-line tool (`—help`: a phone's autocorrect of `--help`) and the English word. */
const FLAGS: ReadonlySet<string> = new Set(['--help', '-h', '—help', 'help']);
/** Question marks after the word (`help?`, `帮助？`). One alone (`?`) asks for help too; `???` is puzzlement, not a request. */
const MARKS = /[\s?？]+$/u;
/** Longer than this, a non-ASCII text is no help word: its languages' strings are not read for it. */
const WORD_MAX = 8;

let words: ReadonlySet<string> | undefined;

/** Every language's words for help (read once, the first time a short non-ASCII argument is seen). */
function localizedWords(): ReadonlySet<string> {
  if (!words) {
    const all = new Set<string>();
    for (const locale of LOCALES) {
      for (const w of translator(locale)('help.words').split(/\s+/u)) if (w) all.add(w.toLowerCase());
    }
    words = all;
  }
  return words;
}

/** Whether `text`, a command's whole argument, asks for the command's help. */
export function isHelpRequest(text: string): boolean {
  const typed = text.trim().toLowerCase();
  if (!typed || typed.length > WORD_MAX + 2) return false;
  const bare = typed.replace(MARKS, '');
  if (!bare) return typed === '?' || typed === '？';
  if (FLAGS.has(bare)) return true;
  // English text is not looked up in the other languages (a one-shot command reads one language's strings).
  return /[^\x20-\x7e]/u.test(bare) && localizedWords().has(bare);
}
