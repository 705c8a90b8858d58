import { z } from 'zod';
import { defineCommand, defineSub, type Block, type Button, type Ctx, type Reply } from '../src/core/types.js';
import { buttons, context, heading, list, para, reply } from '../src/core/reply.js';
import { UserError } from '../src/core/errors.js';
import { PROGRAMS, type Program } from '../src/knowledge/schema.js';
import { entryButton as shortButton, entryReply, getKnowledgeBase } from '../src/knowledge/render.js';
import { answer, getHowtoIndex } from '../src/knowledge/howto.js';
import { recordGap } from '../src/knowledge/gaps.js';
import { gapsReply } from '../src/knowledge/gaps-view.js';


/**
 * `/howto <question>` answers from the knowledge base in three tiers: the entry (confident), up to
 * three entries to choose from (unsure), or "I don't know" with the programs to browse. Unsure and
 * unknown questions are recorded per workspace; `/howto gaps` lists the most asked.
 *
 * JSON data: `entryId` (the entry answered with, null unless answering), `alternatives` (ids
 * offered instead, best first), `tier` (answer | suggest | unknown) and `confidence` (0–1).
 */
export default defineCommand({
  name: 'howto',
  fallbackSubcommand: 'ask',
  emptySubcommand: 'ask',
  subcommands: [
    defineSub({
      name: 'ask',
      schema: z.object({ question: z.string().trim().optional() }),
      options: [{ name: 'question', kind: 'string', positional: true, rest: true }],
      run: (ctx, { question }) => ask(ctx, question ?? ''),
    }),
    defineSub({ name: 'gaps', schema: z.object({}), options: [], run: (ctx) => gapsReply(ctx) }),
  ],
  actions: {
    /** A program button of the "I don't know" reply (value: the program): its entries as buttons. */
    program: (ctx, value) => {
      if (!(PROGRAMS as readonly string[]).includes(value)) throw new UserError('errors.unknownAction', { action: 'howto:program' });
      return programReply(ctx, value as Program);
    },
  },
});

async function ask(ctx: Ctx, question: string): Promise<Reply> {
  if (!question) throw new UserError('errors.howtoNoQuestion');
  const index = await getHowtoIndex(ctx);
  const { decision, key } = answer(index, question);
  const data = {
    entryId: decision.entryId,
    alternatives: decision.alternatives,
    tier: decision.tier,
    confidence: Math.round(decision.confidence * 1000) / 1000,
  };
  if (decision.tier === 'answer' && decision.entryId) {
    const r = entryReply(ctx, decision.entryId);
    return { ...r, data: { ...r.data, ...data } };
  }
  // The reply does not wait for the gap ledger: it is written in the background, in order.
  recordGap(ctx.store, ctx.caller.workspace, {
    key,
    question,
    tier: decision.tier === 'suggest' ? 'suggest' : 'unknown',
    offered: decision.alternatives,
    at: ctx.now(),
  }).catch((err: unknown) => ctx.log.warn({ err, workspace: ctx.caller.workspace }, 'could not record a /howto gap'));
  const blocks = decision.tier === 'suggest' ? suggestBlocks(ctx, decision.alternatives) : unknownBlocks(ctx);
  return reply(blocks, { ephemeral: true, data });
}

function title(ctx: Ctx, id: string): string {
  return getKnowledgeBase(ctx).entry(id, ctx.locale)?.title ?? id;
}

function entryButton(ctx: Ctx, id: string): Button {
  const entry = getKnowledgeBase(ctx).entry(id, ctx.locale);
  return entry ? shortButton(entry) : { label: id, actionId: 'guide:open', value: id };
}

function suggestBlocks(ctx: Ctx, ids: string[]): Block[] {
  const kb = getKnowledgeBase(ctx);
  return [
    para(ctx.t('howto.unsure')),
    list(ids.map((id) => [{ bold: title(ctx, id) }, ` — ${kb.entry(id, ctx.locale)?.summary ?? ''}`])),
    buttons(ids.map((id) => entryButton(ctx, id))),
    context(ctx.t('howto.unsureHint')),
  ];
}

function unknownBlocks(ctx: Ctx): Block[] {
  const kb = getKnowledgeBase(ctx);
  const programs = PROGRAMS.filter((p) => kb.programs[ctx.locale][p]);
  return [
    para(ctx.t('howto.unknown')),
    para(ctx.t('howto.programsIntro')),
    list(programs.map((p) => [{ bold: kb.programs[ctx.locale][p].title }, ` — ${kb.programs[ctx.locale][p].summary}`])),
    buttons(programs.map((p) => ({ label: kb.programs[ctx.locale][p].title, actionId: 'howto:program', value: p }))),
    context(ctx.t('howto.browseHint')),
  ];
}

function programReply(ctx: Ctx, program: Program): Reply {
  const kb = getKnowledgeBase(ctx);
  const info = kb.programs[ctx.locale][program];
  const ids = kb.programs.en[program]?.ids ?? [];
  return reply(
    [heading(ctx.t('howto.programTitle', { program: info?.title ?? program })), buttons(ids.map((id) => entryButton(ctx, id))), context(ctx.t('howto.programHint'))],
    { ephemeral: true, data: { program, entries: ids } },
  );
}
