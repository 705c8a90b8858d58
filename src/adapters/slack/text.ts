/**
 * Slack text helpers. Slack reads `&`, `<` and `>` as control characters in mrkdwn: `<@U1>` pings,
 * `<!channel>` pings everyone, `<https://x|label>` is a link whose label can lie. Every string that
 * is not one of our own tokens is escaped, so what a user typed is shown, never obeyed.
 */

export function escapeMrkdwn(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * Text inside or beside the bot's own mrkdwn: escaped, and Slack's emphasis characters swapped for
 * look-alikes (`*` → `∗`, `_` → `ˍ`, `~` → `∼`, one code unit each), so a typed `*` or `_` can neither
 * close the bot's bold nor start a format of its own. mrkdwn has no backslash escape.
 */
export function escapeUserMrkdwn(s: string): string {
  return escapeMrkdwn(s).replace(/[*_~]/g, (c) => (c === '*' ? '\u2217' : c === '_' ? '\u02cd' : '\u223c'));
}

/** A Slack user id (U…, W… on Enterprise Grid, B… for bots); anything else is not rendered as a mention. */
export function isSlackUserId(id: string): boolean {
  return /^[UWB][A-Z0-9]{2,20}$/.test(id);
}

/**
 * The largest index ≤ max at which s can be cut without splitting a UTF-16 surrogate pair.
 * (An emoji or a rare CJK character outside the BMP is two code units.)
 */
export function safeCut(s: string, max: number): number {
  if (max >= s.length) return s.length;
  if (max <= 0) return 0;
  const code = s.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/**
 * Where to cut raw text so that its escaped form fits in `budget` code units: at the last line break,
 * else the last whitespace, else the last character that fits. Returns 0 when nothing fits.
 */
export function cutPoint(raw: string, budget: number): number {
  let used = 0;
  let fit = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    const w = c === '&' ? 5 : c === '<' || c === '>' ? 4 : 1;
    if (used + w > budget) break;
    used += w;
    fit = i + 1;
  }
  if (fit >= raw.length) return raw.length;
  fit = safeCut(raw, fit);
  const window = raw.slice(0, fit);
  const nl = window.lastIndexOf('\n');
  if (nl > fit / 2) return nl + 1;
  const ws = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t'), window.lastIndexOf('\u3000'));
  if (ws > fit / 2) return ws + 1;
  // CJK text has no spaces: a sentence end is the next best place.
  const stop = Math.max(...['。', '！', '？', '；', '，', '.', ';', ','].map((p) => window.lastIndexOf(p)));
  if (stop > fit / 2) return stop + 1;
  return fit;
}
