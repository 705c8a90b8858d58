/**
 * Asking a command for its help: `--help`, `-h`, `help`, `?` — or the word for help in our other
 * languages, the names /help has there (帮助, 說明) and 幫助 — typed as a command's only argument
 * (`/track --help`, `/deadlines ?`, `/guide 說明`). A question that merely starts with the word
 * ("help me approve a design") is not one, nor is `???` (puzzlement: /howto's "nothing to search
 * for"). The dispatcher answers it with `/help <command>` (src/core/dispatch.ts).
 *
 * The words are here, not read from the locale files: every command's argument is checked, and a
 * one-shot command reads only its reader's language (test/core/help-request.test.ts checks that
 * each language's `cmd.help.name` is among them).
 */
const WORDS: ReadonlySet<string> = new Set(['--help', '-h', '—help', 'help', '帮助', '幫助', '說明']);
/** Question marks after the word (`help?`, `帮助？`). */
const MARKS = /[\s?？]+$/u;

/** Whether `text`, a command's whole argument, asks for the command's help. */
export function isHelpRequest(text: string): boolean {
  const typed = text.trim().toLowerCase();
  // `—help` (a phone's autocorrect of `--help`) with its marks is the longest.
  if (!typed || typed.length > 12) return false;
  if (typed === '?' || typed === '？') return true;
  return WORDS.has(typed.replace(MARKS, ''));
}
