import { describe, expect, it } from 'vitest';
import { ButtonIds } from '../../../src/adapters/discord/buttons.js';
import { renderReply } from '../../../src/adapters/discord/render.js';
import { createCore } from '../../../src/core/dispatch.js';
import { deepFreeze } from '../../../src/core/deep-freeze.js';
import { heading, list, para, reply } from '../../../src/core/reply.js';
import { getI18n } from '../../../src/i18n/index.js';
import { helpCommand } from '../../../commands/help.js';
import { COMMANDS } from '../../../commands/index.js';
import type { CommandSpec, Reply } from '../../../src/core/types.js';
import { testBot } from '../../support/app.js';

const ids = () => new ButtonIds();
const asker = { platform: 'discord', workspace: 'g1', channel: 'c1', user: 'u1', commandSyntax: 'discord' } as const;

/** /help on Discord, as the adapter renders it. */
async function discordHelp(core: ReturnType<typeof testBot>['core']) {
  return renderReply(await core.dispatch({ ...asker, command: 'help', options: {} }), { ids: ids() });
}

describe('a reply that is the same every time (frozen blocks) is rendered once', () => {
  it('renders a frozen reply as its unfrozen copy renders, again and again, and a caller changing a message changes no later one', () => {
    const blocks = [heading('Commands'), para([{ code: '/help' }, ' — lists them']), list(['one', 'two'])];
    const fresh = renderReply({ ...reply(structuredClone(blocks)), ephemeral: true }, { ids: ids() });
    const frozen: Reply = { ...deepFreeze(reply(blocks)), ephemeral: true };
    const first = renderReply(frozen, { ids: ids() });
    first[0]!.content = 'changed by a caller';
    expect(renderReply(frozen, { ids: ids() })).toEqual(fresh);
    // What else the render depends on is part of what is remembered: an error's colour, visibility.
    expect(renderReply({ ...frozen, ephemeral: false }, { ids: ids() })[0]!.ephemeral).toBe(false);
    expect(renderReply({ ...frozen, error: { code: 'x', message: 'x' } }, { ids: ids() })[0]!.embeds[0]!.color).toBe(0xed4245);
  });

  it('names typed mentions for each reader even in a frozen reply', () => {
    const r: Reply = deepFreeze(reply([heading('Notes'), list(['ask <@123456789012345678>'])]));
    const as = (name: string) => JSON.stringify(renderReply(r, { ids: ids(), names: () => name }));
    expect(as('Alice')).toContain('Alice');
    expect(as('Bob')).toContain('Bob');
  });

  it('shows /help again after its strings change and for another command list', async () => {
    const bot = testBot();
    const before = await discordHelp(bot.core);
    expect(await discordHelp(bot.core)).toEqual(before);
    const i18n = getI18n();
    const title = i18n.t('help.title', { lng: 'en' });
    i18n.addResource('en', 'common', 'help.title', 'Renamed help title');
    try {
      expect(JSON.stringify(await discordHelp(bot.core))).toContain('Renamed help title');
    } finally {
      i18n.addResource('en', 'common', 'help.title', title);
    }
    expect(await discordHelp(bot.core)).toEqual(before);
    // A core over fewer commands lists only those.
    const fewer: CommandSpec[] = [];
    fewer.push(helpCommand(() => fewer), ...COMMANDS.filter((c) => c.name === 'guide'));
    const small = createCore(bot.core.services, fewer);
    const listed = JSON.stringify(await discordHelp(small));
    expect(listed).toContain('/guide');
    expect(listed).not.toContain('/track');
  });
});
