/*
 * Emoji in a question, as the platforms deliver them: Unicode (the shell, Discord) or Slack's
 * shortcodes (`:+1:`, `:pray::skin-tone-2:`), which Slack puts in a slash command's text and a
 * message's in place of the emoji, and Discord's custom emoji (`<:pepe_thanks:123…>`). A shortcode
 * or a custom emoji is not a word to search for, and a message made only of a thumbs up or a
 * thank-you emoji is an okay, not a question.
 */

/** A run of shortcodes standing as a word of its own (not `status:rejected:`, which is glued to a word). */
const CODES = /(?<![^\s([{（【「“"'])(?::[a-z0-9_+'-]+:)+(?![^\s)\]}）】」”"',.!?，。！？、:：;；…~～])/giu;
const CODE = /:([a-z0-9_+'-]+):/giu;
/** A Discord custom emoji as a message or an option value carries it: `<:name:id>`, `<a:name:id>` when animated. */
const CUSTOM = /<a?:([\w~]{1,32}):\d{15,21}>/gu;

/** Shortcodes that say yes, thanks or well done (Slack's names, with their common aliases). */
const APPROVING_CODES = new Set([
  '+1', 'thumbsup', 'thumbs_up', 'ok_hand', 'ok', 'pray', 'folded_hands', 'raised_hands', 'clap', 'white_check_mark',
  'heavy_check_mark', 'ballot_box_with_check', 'check', '100', 'handshake', 'heart', 'hearts', 'sparkling_heart', 'heart_eyes',
  'smile', 'smiley', 'slightly_smiling_face', 'blush', 'grin', 'grinning', 'relaxed', 'tada', 'muscle', 'saluting_face', 'star-struck',
]);

/** The same as Unicode emoji (one code point each; variation selectors and skin tones are ignored). */
const APPROVING = new Set([...'👍👌🙏🙌👏✅✔☑💯🆗🤝❤💖💗💕😍🥰😊🙂😄😃😁😀☺🎉💪🫡🤩']);

/** Joiners, variation selectors and skin tones: parts of an emoji, not emoji of their own. */
function isModifier(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return c === 0x200d || c === 0xfe0e || c === 0xfe0f || (c >= 0x1f3fb && c <= 0x1f3ff);
}

/** The text without its Slack shortcodes (and the spaces they leave); the text itself when it has none. */
export function withoutEmojiCodes(text: string): string {
  const plain = text.includes('<') ? text.replace(CUSTOM, ' ') : text;
  CODES.lastIndex = 0;
  if (!CODES.test(plain)) return plain === text ? text : plain.replace(/\s{2,}/gu, ' ').trim();
  return plain.replace(CODES, ' ').replace(/\s{2,}/gu, ' ').trim();
}

/** Whether a shortcode's or a custom emoji's name says yes or thanks (`+1`, `pray`, a server's `pepe_thanks`). */
function approvingName(name: string): boolean {
  const n = name.toLowerCase();
  return APPROVING_CODES.has(n) || /thank|thx|^ty(?:sm)?$|thumbs_?up/.test(n);
}

/** Whether a message is only emoji that approve or thank (👍, 🙏, `:+1:`), with spaces and punctuation around them. */
export function onlyApprovingEmoji(text: string): boolean {
  let seen = false;
  const code = (_: string, name: string) => {
    if (/^skin-tone-\d$/i.test(name)) return ' ';
    if (!approvingName(name)) return '\u0000';
    seen = true;
    return ' ';
  };
  const rest = (text.includes('<') ? text.replace(CUSTOM, code) : text).replace(CODE, code);
  for (const ch of rest) {
    if (/[\s\p{P}]/u.test(ch) || isModifier(ch)) continue;
    if (!APPROVING.has(ch)) return false;
    seen = true;
  }
  return seen;
}
