import { z } from 'zod';
import { defineCommand, defineSub, type OptionMeta } from '../../src/core/types.js';
import { FIELD_KEYS, TEMPLATES } from '../../src/workflows/templates.js';
import { futureDay } from './shared.js';
import { newItem } from './new.js';
import { recordEvent } from './event.js';
import { listItems, listTemplates, newFrom, showItem } from './list.js';
import { addNote, assign, close } from './manage.js';
import { complete } from './complete.js';

const text = z.string().trim().optional();
const idOption: OptionMeta = { name: 'id', kind: 'string', positional: true, autocomplete: 'item' };

const newSchema = z.object({
  template: text,
  title: text,
  ...Object.fromEntries(FIELD_KEYS.map((k) => [k, text])),
});

/** The fields that take a date (an event's or a due's). */
const DATE_FIELDS = new Set(TEMPLATES.flatMap((t) => t.fields.filter((f) => f.kind !== 'text').map((f) => f.key)));

/** `/track`: open, follow and close workflow items whose deadlines are derived from their events. */
export default defineCommand({
  name: 'track',
  emptySubcommand: 'list',
  subcommands: [
    defineSub({
      name: 'new',
      schema: newSchema,
      options: [
        { name: 'template', kind: 'string', positional: true, autocomplete: 'template' },
        { name: 'title', kind: 'string', positional: true, rest: true, verbatim: true },
        // A date field typed last may have spaces (`due:next tuesday`).
        ...FIELD_KEYS.map((k): OptionMeta => ({ name: k, kind: 'string', ...(DATE_FIELDS.has(k) ? { trailing: true } : {}) })),
      ],
      run: (ctx, opts) => newItem(ctx, opts as Record<string, string | undefined>),
    }),
    defineSub({
      name: 'event',
      schema: z.object({ id: text, event: text, date: text }),
      options: [idOption, { name: 'event', kind: 'string', positional: true, autocomplete: 'event' }, { name: 'date', kind: 'string', positional: true, rest: true }],
      run: (ctx, o) => recordEvent(ctx, o.id, o.event, o.date),
    }),
    defineSub({
      name: 'list',
      schema: z.object({
        filter: text,
        page: z.coerce.number({ message: 'errors.track.badPage' }).int('errors.track.badPage').min(1, 'errors.track.badPage').max(100_000, 'errors.track.badPage').optional(),
      }),
      options: [
        { name: 'filter', kind: 'string', positional: true, rest: true, choices: ['mine', 'overdue', 'closed', 'all'] },
        { name: 'page', kind: 'integer' },
      ],
      run: (ctx, o) => listItems(ctx, o.filter, o.page ?? 1),
    }),
    defineSub({ name: 'show', schema: z.object({ id: text }), options: [idOption], run: (ctx, o) => showItem(ctx, o.id) }),
    defineSub({
      name: 'assign',
      schema: z.object({ id: text, user: text }),
      options: [idOption, { name: 'user', kind: 'user', positional: true }],
      run: (ctx, o) => assign(ctx, o.id, o.user),
    }),
    defineSub({
      name: 'note',
      schema: z.object({ id: text, text }),
      options: [idOption, { name: 'text', kind: 'string', positional: true, rest: true, verbatim: true }],
      run: (ctx, o) => addNote(ctx, o.id, o.text),
    }),
    defineSub({ name: 'done', schema: z.object({ id: text }), options: [idOption], run: (ctx, o) => close(ctx, o.id, 'done') }),
    defineSub({ name: 'cancel', schema: z.object({ id: text }), options: [idOption], run: (ctx, o) => close(ctx, o.id, 'cancelled') }),
    defineSub({ name: 'templates', schema: z.object({}), options: [], run: (ctx) => listTemplates(ctx) }),
  ],
  complete,
  // An error under `/track new` shows a `due:` a few working days ahead, never one in the past.
  example: (ctx, sub) => (sub === 'new' ? ctx.t('cmd.track.exampleNew', { date: futureDay(ctx) }) : undefined),
  actions: {
    /** The "Track this" button of a /howto or /guide answer: what to type for that template. */
    'new-from': (ctx, value) => newFrom(ctx, value),
  },
});
