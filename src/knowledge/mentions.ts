/*
 * Mentions typed into a question, as the platforms deliver them: Slack `<@U123>`, `<@U123|name>`,
 * `<!channel>`, `<!here|here>`, `<!subteam^S123|team>`, `<#C123|general>`; Discord `<@123…>`,
 * `<@!123…>`, `<@&123…>`, `<#123…>`; and `@everyone`, `@here`, `@name`, `#channel` as typed. They say whom the
 * message is for, never what it asks: an id is no word to search for (an unknown word makes the
 * ranker doubt the answer), and a message of mentions and thanks is an okay.
 */

const TOKEN = /<(?:[@#][!&]?[A-Za-z0-9]{2,30}|![a-z]+(?:\^[A-Za-z0-9]+)?)(?:\|[^>\n]{0,80})?>/gu;
const TYPED = /(?<![^\s(（【「“"'，,。:：;；])@[^\s@<>()（）【】「」，,。！？!?:：;；]+/gu;
/**
 * A channel named as the platforms show one: `#general`, `#seller-support` (Slack's `<#C123|general>` arrives so, Discord's `<#123>` as `#channel`).
 * Latin names only: "#品牌备案" in a question is a topic tagged, not a channel.
 */
const CHANNEL = /(?<![^\s(（【「“"'，,。:：;；])#\p{Script=Latin}[\p{Script=Latin}\p{N}_-]*/gu;

/** The text without its mentions (and the spaces they leave); the text itself when it has none. */
export function withoutMentions(text: string): string {
  const out = text.replace(TOKEN, ' ').replace(TYPED, ' ').replace(CHANNEL, ' ');
  return out === text ? text : out.replace(/\s{2,}/gu, ' ').trim();
}

/** A web address as typed or as Slack delivers a link (`<https://…|label>` arrives as the address). */
const LINK = /(?<![\p{L}\p{N}])(?:https?:\/\/|www\.)[^\s<>"“”「」（）【】，。！？；：\p{Script=Han}]+/giu;

/**
 * The text without its links: a pasted address says where the asker is, not what they ask, and its
 * host and path words (sellercentral, amazon, com, ref, …) would make the ranker doubt the answer.
 */
export function withoutLinks(text: string): string {
  if (!/https?:\/\/|www\./i.test(text)) return text;
  return text.replace(LINK, ' ').replace(/\s{2,}/gu, ' ').trim();
}
