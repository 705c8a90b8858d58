import { describe, expect, it } from 'vitest';
import { withoutMentions } from '../../src/knowledge/mentions.js';

describe('mentions in a question', () => {
  it('drops Slack and Discord mention tokens and typed @names, keeping the rest as typed', () => {
    expect(withoutMentions('<@U0BOB> how do I approve a design')).toBe('how do I approve a design');
    expect(withoutMentions('<!channel> <!here|here> thanks <!subteam^S123|team>')).toBe('thanks');
    expect(withoutMentions('see <#C0123|general>, <@U0BOB|bob> and <@!123456789012345678> <@&123456789012345678>')).toBe('see , and');
    expect(withoutMentions('@everyone 设计被拒了怎么办 @所有人')).toBe('设计被拒了怎么办');
    expect(withoutMentions('（@Lin）how do I approve')).toBe('（ ）how do I approve');
    for (const text of ['mail a@b.com about it', 'meet @ 3pm', 'how do I approve a design', 'status:rejected']) expect(withoutMentions(text)).toBe(text);
  });
});

describe('a # before Chinese words', () => {
  it('is a topic tagged, not a channel: "请问 #品牌备案 怎么弄" keeps 品牌备案', () => {
    expect(withoutMentions('请问 #品牌备案 怎么弄')).toContain('品牌备案');
    expect(withoutMentions('see #seller-support for 品牌备案')).toBe('see for 品牌备案');
  });
});
