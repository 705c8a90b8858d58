import { describe, expect, it } from 'vitest';
import { testBot } from '../support/app.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { StoreWriteError } from '../../src/store/errors.js';
import { itemsOf } from '../../src/workflows/items.js';

describe('a write that does not reach the disk', () => {
  it('is reported as not saved, in the asker’s language, and nothing of it stays', async () => {
    const store = new MemoryStore();
    const bot = testBot({ store });
    expect((await bot.run('/track new task "Case A" due:2026-12-10')).error).toBeUndefined();
    store.failWith = new StoreWriteError('cannot write the journal (ENOSPC)', 'ENOSPC');
    const en = await bot.run('/track new task "Case B" due:2026-12-10');
    expect(en.error?.code).toBe('errors.notSaved');
    expect(en.error?.message).toMatch(/Nothing was saved/);
    expect(en.error?.message).toMatch(/disk is full/);
    const tw = await bot.run('/settings timezone Asia/Taipei', { isAdmin: true, platformLocale: 'zh-TW' });
    expect(tw.error?.code).toBe('errors.notSaved');
    expect(tw.error?.message).toContain('磁碟空間已滿');
    const cn = await bot.run('/track note 1 checked', { platformLocale: 'zh-CN' });
    expect(cn.error?.message).toContain('磁盘已满');
    store.failWith = undefined;
    // Nothing of the failed writes stayed in memory, so the next write saves none of them.
    expect(itemsOf(store.read('w1')).map((i) => i.title)).toEqual(['Case A']);
    expect(store.read('w1').settings.timezone).toBeUndefined();
    expect(itemsOf(store.read('w1'))[0]!.notes).toEqual([]);
    expect((await bot.run('/track new task "Case C" due:2026-12-10')).error).toBeUndefined();
    expect(itemsOf(store.read('w1')).map((i) => i.title).sort()).toEqual(['Case A', 'Case C']);
  });
});
