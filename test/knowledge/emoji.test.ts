import { describe, expect, it } from 'vitest';
import { onlyApprovingEmoji, withoutEmojiCodes } from '../../src/knowledge/emoji.js';

describe('emoji in a question', () => {
  it('drops Slack shortcodes that stand as words, and keeps colons glued to words or times', () => {
    expect(withoutEmojiCodes('how do I approve :pray: a design :+1::skin-tone-2:')).toBe('how do I approve a design');
    expect(withoutEmojiCodes('(:eyes:) status?')).toBe('( ) status?');
    for (const text of ['status:rejected: now', 'at 09:00:00 ok', 'key:value', '「拒絕」:提交:']) expect(withoutEmojiCodes(text)).toBe(text);
  });

  it('knows a message made only of approving or thanking emoji', () => {
    for (const text of ['👍', '👍🏾', ' 🙏 🙏 ', '👌!', '❤️', ':+1:', ':thumbsup::skin-tone-4:', ':pray: :tada:', '✅']) expect(onlyApprovingEmoji(text), text).toBe(true);
    for (const text of ['', '🤔', '👍🤔', ':eyes:', ':+1: why', '?', '👍 ok', ':-1:']) expect(onlyApprovingEmoji(text), text).toBe(false);
  });
});
