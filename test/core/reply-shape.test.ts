import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import type { Block, Button, Invocation } from '../../src/core/types.js';
import { COMMANDS } from '../../commands/index.js';
import { DEFAULT_CALLER, testBot } from '../support/app.js';

const ADMIN = { ...DEFAULT_CALLER, isAdmin: true };

function invocation(line: string): Invocation {
  const m = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim())!;
  return { ...ADMIN, command: m[1]!, text: m[2]! };
}

const buttonsIn = (blocks: Block[]): Button[] => blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));

/** A bot whose workspace has the twelve items the examples name (`/track show 12`). */
async function seeded() {
  const bot = testBot();
  for (let n = 0; n < 12; n++) await bot.run('/track new brand-appeal Acme submitted:2026-11-20', ADMIN);
  return bot;
}

describe('how a reply is shown, declared before its handler runs', () => {
  it('is what every command example and every button on its reply then shows', async () => {
    const bot = await seeded();
    const lines = COMMANDS.flatMap((c) => translator('en')(`cmd.${c.name}.examples`).split('\n'));
    let clicked = 0;
    for (const line of lines) {
      const inv = invocation(line);
      const shape = bot.core.shape(inv);
      const r = await bot.core.dispatch(inv);
      // `/track cancel 12` after `/track done 12` is refused: an error is the asker's alone.
      expect(r.ephemeral, line).toBe(r.error ? true : shape.ephemeral);
      expect(r.replaceOriginal, line).toBeUndefined();
      for (const b of buttonsIn(r.blocks)) {
        const act = { ...ADMIN, actionId: b.actionId, value: b.value };
        const declared = bot.core.actionShape(act);
        const click = await bot.core.action(act);
        expect(click.error, `${line} → ${b.actionId}`).toBeUndefined();
        expect({ ephemeral: click.ephemeral, inPlace: click.replaceOriginal === true }, `${line} → ${b.actionId}`).toEqual(declared);
        clicked++;
      }
    }
    expect(clicked).toBeGreaterThan(10);
  });

  it('posts changes to tracked items in the channel and keeps lists, help, settings and questions private', async () => {
    const bot = await seeded();
    const visible = (line: string) => (bot.core.shape(invocation(line)).ephemeral ? 'ephemeral' : 'channel');
    expect(
      ['/track new brand-appeal Acme', '/track event 1 video-invited', '/track assign 1 <@U2>', '/track note 1 hi', '/track done 1', '/track cancel 1', '/track unassign 1'].map(visible),
    ).toEqual(Array(7).fill('channel'));
    expect(['/track', '/track list', '/track show 1', '/track templates', '/deadlines', '/help', '/settings', '/settings pings', '/howto-gaps'].map(visible)).toEqual(
      Array(9).fill('ephemeral'),
    );
    // A question typed as a command is the asker's, whether it is answered, unsure or unknown.
    expect(['/howto how do I approve a design', '/howto xyzzy plugh'].map(visible)).toEqual(['ephemeral', 'ephemeral']);
    // …and its asker may post a confident answer for the channel: a new message, not the private one redrawn.
    expect(bot.core.actionShape({ ...ADMIN, actionId: 'howto:share', value: 'collab.approve-design|en' })).toEqual({ ephemeral: false, inPlace: false });
    // An entry is read together; the overview and a walkthrough (the asker's own progress) are not.
    expect(['/guide collab.approve-design', '/guide', '/guide collab.approve-design walk', '/guide collab.approve-design 逐步'].map(visible)).toEqual([
      'channel',
      'ephemeral',
      'ephemeral',
      'ephemeral',
    ]);
  });

  it('declares an error for what cannot run, and a forgotten button as a new private message', () => {
    const bot = testBot();
    expect(bot.core.shape(invocation('/nosuch thing'))).toEqual({ ephemeral: true, inPlace: false });
    // Options the schema refuses never reach the handler: an error, for the asker.
    expect(bot.core.shape(invocation('/track list page:0'))).toEqual({ ephemeral: true, inPlace: false });
    expect(bot.core.actionShape({ ...ADMIN, actionId: 'guide:toString', value: '' })).toEqual({ ephemeral: true, inPlace: false });
    expect(bot.core.actionShape({ ...ADMIN, actionId: 'guide:next', value: 'x|1' })).toEqual({ ephemeral: true, inPlace: true });
  });
});
