import { defineCommand, defineSub, option } from '../../src/core/types.js';
import { integer, optional } from '../../src/core/option-checks.js';
import { DATE_FIELD_KEYS, FIELD_KEYS } from '../../src/workflows/templates.js';
import { futureDay } from './shared.js';
import { newItem } from './new.js';
import { recordEvent } from './event.js';
import { listItems, listTemplates, newFrom, showItem } from './list.js';
import { addNote, assign, close, unassign } from './manage.js';
import { complete } from './complete.js';

/** An item's number; each subcommand that takes one says what a missing or unknown one is. */
const id = () => option.string({ positional: true, autocomplete: 'item', required: true });

/** Every template's fields as `key:value` options; a date field typed last may have spaces (`due:next tuesday`). */
const fieldOptions = Object.fromEntries(FIELD_KEYS.map((k) => [k, option.string(DATE_FIELD_KEYS.has(k) ? { trailing: true } : {})]));

const badPage = 'errors.track.badPage';

/** `/track`: open, follow and close workflow items whose deadlines are derived from their events. */
export default defineCommand({
  name: 'track',
  emptySubcommand: 'list',
  // A change to an item is posted in the channel, for everyone who follows it; lists and views are the asker's.
  subcommands: [
    defineSub({
      name: 'new',
      visibility: 'channel',
      options: {
        template: option.string({ positional: true, autocomplete: 'template', required: true }),
        title: option.string({ positional: true, rest: true, verbatim: true, required: true }),
        ...fieldOptions,
      },
      run: (ctx, opts) => newItem(ctx, opts),
    }),
    defineSub({
      name: 'event',
      visibility: 'channel',
      options: {
        id: id(),
        event: option.string({ positional: true, autocomplete: 'event', required: true }),
        date: option.string({ positional: true, rest: true }),
      },
      run: (ctx, o) => recordEvent(ctx, o.id, o.event, o.date),
    }),
    defineSub({
      name: 'list',
      visibility: 'ephemeral',
      options: {
        filter: option.string({ positional: true, rest: true, choices: ['mine', 'overdue', 'closed', 'all'] }),
        page: option.integer({}, optional(integer({ min: 1, max: 100_000, message: badPage }))),
      },
      run: (ctx, o) => listItems(ctx, o.filter, o.page ?? 1),
    }),
    defineSub({ name: 'show', visibility: 'ephemeral', options: { id: id() }, run: (ctx, o) => showItem(ctx, o.id) }),
    defineSub({
      name: 'assign',
      visibility: 'channel',
      options: { id: id(), user: option.user({ positional: true, required: true }) },
      run: (ctx, o) => assign(ctx, o.id, o.user),
    }),
    // Discord's user option cannot take a word like `none`: unassigning is its own subcommand.
    defineSub({ name: 'unassign', visibility: 'channel', options: { id: id() }, run: (ctx, o) => unassign(ctx, o.id) }),
    defineSub({
      name: 'note',
      visibility: 'channel',
      options: { id: id(), text: option.string({ positional: true, rest: true, verbatim: true, required: true }) },
      run: (ctx, o) => addNote(ctx, o.id, o.text),
    }),
    defineSub({ name: 'done', visibility: 'channel', options: { id: id() }, run: (ctx, o) => close(ctx, o.id, 'done') }),
    defineSub({ name: 'cancel', visibility: 'channel', options: { id: id() }, run: (ctx, o) => close(ctx, o.id, 'cancelled') }),
    defineSub({ name: 'templates', visibility: 'ephemeral', options: {}, run: (ctx) => listTemplates(ctx) }),
  ],
  complete,
  // An error under `/track new` shows a `due:` a few working days ahead, never one in the past.
  example: (ctx, sub) => (sub === 'new' ? ctx.t('cmd.track.exampleNew', { date: futureDay(ctx) }) : undefined),
  actions: {
    /** The "Track this" button of a /howto or /guide answer: what to type for that template. */
    'new-from': { visibility: 'ephemeral', run: (ctx, value) => newFrom(ctx, value) },
  },
});
