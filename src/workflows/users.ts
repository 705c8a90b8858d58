/** Words that mean "nobody" where a person is asked for (`/track assign 12 none`). */
const NOBODY = ['none', 'nobody', '-', '无', '無', '没有人', '沒有人'];

export function isNobody(typed: string): boolean {
  return NOBODY.includes(typed.trim().toLowerCase());
}

/** A user as the platform gives it: `<@U123>`, `<@!123>`, `<@U123|name>`, `@name` or a plain id. */
export function parseUser(typed: string): string | undefined {
  const s = typed.trim();
  const mention = /^<@!?([A-Za-z0-9._-]{1,64})(?:\|[^>]*)?>$/.exec(s);
  const id = mention ? mention[1]! : s.replace(/^[@＠]/, '');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) return undefined;
  // Never store a word that a platform reads as a mass mention.
  if (['everyone', 'here', 'channel'].includes(id.toLowerCase())) return undefined;
  return id;
}
