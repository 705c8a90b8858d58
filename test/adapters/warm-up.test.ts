import { describe, expect, it } from 'vitest';
import { warmUp } from '../../src/adapters/chat.js';
import { testBot } from '../support/app.js';

describe('the chat process warm-up after its ready line', () => {
  it('builds the /howto index the first question then uses, and answers or records nothing', async () => {
    const bot = testBot();
    await warmUp(bot.core);
    const index = await bot.core.services.knowledge.howto();
    await bot.store.flush();
    expect(bot.store.workspaces()).toEqual([]);
    const r = await bot.run('/howto how do I reschedule the video verification', { platform: 'discord', workspace: 'g1' });
    expect(await bot.core.services.knowledge.howto()).toBe(index);
    expect(r.error).toBeUndefined();
  });
});
