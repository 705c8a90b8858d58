import { defineCommand, defineLeaf, option, type Block, type Ctx, type HandlerReply } from '../src/core/types.js';
import { buttons, context, heading, list, para, reply } from '../src/core/reply.js';
import { UserError } from '../src/core/errors.js';
import { map, optional, refuse, text } from '../src/core/option-checks.js';
import { exampleLine } from '../src/core/dispatch.js';
import { PROGRAMS } from '../src/knowledge/schema.js';
import { entryButton, entryReply, parseLangValue } from '../src/knowledge/render.js';
import { completeEntries, resolveEntryId, suggestEntries } from '../src/knowledge/lookup.js';
import { finishWalk, moveWalk, startWalk } from '../src/knowledge/walk.js';

/** Words that ask for the walkthrough, typed after the id (`/guide <id> walk`). */
const WALK_WORDS = ['walk', 'step', 'steps', '逐步', '分步', '一步步', '步骤', '步驟'];

const mode = optional(map(text(), (v) => (WALK_WORDS.includes(v.toLowerCase()) ? 'walk' : refuse('errors.badGuideMode'))));

/** What was asked: the entry as typed (empty for the overview) and whether as a walkthrough. */
function asked(opts: { entry?: string | undefined; mode?: 'walk' | undefined }): { typed: string; walk: boolean } {
  const typed = opts.entry ?? '';
  // Free text: `/guide <id> walk` arrives as one rest value.
  const m = /^(.*\S)\s+(\S+)$/u.exec(typed);
  if (opts.mode !== 'walk' && m && WALK_WORDS.includes(m[2]!.toLowerCase())) return { typed: m[1]!, walk: true };
  return { typed, walk: opts.mode === 'walk' };
}

/**
 * `/guide` lists the programs and their entries; `/guide <id>` shows an entry in full;
 * `/guide <id> walk` goes through its steps one at a time, resuming where the user left off.
 */
export default defineCommand({
  name: 'guide',
  leaf: defineLeaf({
    options: {
      entry: option.string({ positional: true, rest: true, autocomplete: 'entry' }, optional(text({ max: 200 }))),
      mode: option.string({ choices: ['walk'] }, mode),
    },
    // An entry is posted in the channel, to be read together; the overview and a walkthrough (its
    // progress is the asker's own) only the asker sees.
    visibility: (opts) => {
      const { typed, walk } = asked(opts);
      return typed && !walk ? 'channel' : 'ephemeral';
    },
    run: async (ctx, opts) => {
      const { typed, walk } = asked(opts);
      if (!typed) return overview(ctx);
      if (WALK_WORDS.includes(typed.toLowerCase())) {
        throw new UserError('errors.guideWalkNeedsEntry', { example: '/guide collab.approve-design walk' });
      }
      const kb = ctx.knowledge.base();
      const id = resolveEntryId(kb, typed);
      if (!id) {
        // `/guide <id> run`: the entry is known, the word after it is not something /guide does.
        const parts = /^(\S+)\s+(.+)$/u.exec(typed);
        const known = parts ? resolveEntryId(kb, parts[1]!) : undefined;
        if (parts && known) throw new UserError('errors.badGuideWord', { value: parts[2], id: known, example: `/guide ${known} walk` });
        return unknownEntry(ctx, typed);
      }
      if (walk) {
        const view = await startWalk(ctx, id);
        if (view) return view;
        const full = entryReply(ctx, id);
        return { ...full, blocks: [para(ctx.t('guide.noSteps')), ...full.blocks] };
      }
      return entryReply(ctx, id);
    },
  }),
  complete: (ctx, option, partial) => (option.autocomplete === 'entry' ? completeEntries(ctx.knowledge.base(), ctx.locale, partial) : []),
  actions: {
    /** A related entry, a /howto suggestion (value: its id): a new message in the channel, as `/guide <id>`. */
    open: {
      visibility: 'channel',
      run: (ctx, value) => {
        if (!ctx.knowledge.base().has(value)) throw new UserError('errors.unknownEntry', { id: value });
        return entryReply(ctx, value);
      },
    },
    /** The language toggle (value: `<id>|<locale>`): the same entry re-rendered in place. */
    lang: {
      visibility: 'channel',
      inPlace: true,
      run: (ctx, value) => {
        const v = parseLangValue(value);
        if (!v || !ctx.knowledge.base().has(v.id)) throw new UserError('errors.unknownAction', { action: 'guide:lang' });
        return entryReply(ctx, v.id, { locale: v.locale });
      },
    },
    /** "Walk me through" on the full view (value: the id): the walkthrough, the clicker's own. */
    walk: {
      visibility: 'ephemeral',
      run: async (ctx, value) => {
        if (!ctx.knowledge.base().has(value)) throw new UserError('errors.unknownEntry', { id: value });
        return (await startWalk(ctx, value)) ?? entryReply(ctx, value);
      },
    },
    // A walkthrough's Next, Back and Done redraw its message in place.
    next: { visibility: 'ephemeral', inPlace: true, run: (ctx, value) => moveWalk(ctx, value, 1) },
    back: { visibility: 'ephemeral', inPlace: true, run: (ctx, value) => moveWalk(ctx, value, -1) },
    done: { visibility: 'ephemeral', inPlace: true, run: (ctx, value) => finishWalk(ctx, value) },
  },
});

/** Every program with its entries' titles and ids, in the reader's language. */
function overview(ctx: Ctx): HandlerReply {
  const kb = ctx.knowledge.base();
  const blocks: Block[] = [heading(ctx.t('guide.listTitle')), para(ctx.t('guide.listIntro'))];
  const programs = PROGRAMS.map((p) => {
    const info = kb.programs[ctx.locale][p];
    const ids = kb.programs.en[p]?.ids ?? [];
    return { program: p, title: info?.title ?? p, summary: info?.summary ?? '', ids };
  });
  for (const p of programs) {
    blocks.push(para([{ bold: p.title }, ` — ${ctx.t('guide.listProgram', { count: p.ids.length })}`]));
    if (p.summary) blocks.push(context(p.summary));
    blocks.push(list(p.ids.map((id) => [`${kb.entry(id, ctx.locale)?.title ?? id} `, { code: id }])));
  }
  return reply(blocks, {
    data: {
      programs: programs.map((p) => ({
        program: p.program,
        title: p.title,
        entries: p.ids.map((id) => ({ id, title: kb.entry(id, ctx.locale)?.title ?? id })),
      })),
    },
  });
}

/** A localized error naming what was typed, with up to three close ids as buttons. */
function unknownEntry(ctx: Ctx, typed: string): HandlerReply {
  const kb = ctx.knowledge.base();
  const guesses = suggestEntries(kb, typed, 3);
  const code = guesses.length ? 'errors.unknownEntryGuess' : 'errors.unknownEntry';
  const message = ctx.t(code, { id: typed });
  const blocks: Block[] = [para(message)];
  if (guesses.length) {
    blocks.push(list(guesses.map((id) => [`${kb.entry(id, ctx.locale)?.title ?? id} `, { code: id }])));
    blocks.push(buttons(guesses.flatMap((id) => kb.entry(id, ctx.locale) ?? []).map((e) => entryButton(e))));
  } else {
    blocks.push(context(ctx.t('help.usageLine', { usage: ctx.t('cmd.guide.usage') })));
    const example = exampleLine(ctx, 'guide');
    if (example) blocks.push(context(ctx.t('help.exampleLine', { example })));
  }
  return reply(blocks, {
    error: { code, message },
    data: { entryId: null, alternatives: guesses },
  });
}
