import { defineCommand, defineLeaf, option, type Block, type Button, type Ctx, type HandlerReply, type Inline } from '../src/core/types.js';
import { buttons, context, heading, list, para, reply, withInline } from '../src/core/reply.js';
import { UserError } from '../src/core/errors.js';
import { PROGRAMS, type Program } from '../src/knowledge/schema.js';
import { entryButton as shortButton, entryReply, langValue, parseLangValue } from '../src/knowledge/render.js';
import { withMention } from '../src/workflows/view.js';
import { answer } from '../src/knowledge/howto.js';
import { recordGap } from '../src/knowledge/gaps.js';
import { onlyApprovingEmoji, withoutEmojiCodes } from '../src/knowledge/emoji.js';
import { withoutLinks, withoutMentions } from '../src/knowledge/mentions.js';
import { gapsReply } from '../src/knowledge/gaps-view.js';
import { isLocale, type Locale } from '../src/i18n/locales.js';
import { ASK_ID, newAskId, rate, recordAsk, type Rating } from '../src/knowledge/ratings.js';


/**
 * `/howto <question>` answers from the knowledge base in three tiers: the entry (confident), up to
 * three entries to choose from (unsure), or "I don't know" with the programs to browse. Unsure and
 * unknown questions are recorded per workspace; `/howto-gaps` lists the most asked (and `/howto gaps`,
 * as it was spelled before the list had a command of its own).
 *
 * JSON data: `entryId` (the entry answered with, null unless answering), `alternatives` (ids
 * offered instead, best first), `tier` (answer | suggest | unknown) and `confidence` (0–1);
 * `compared: true` when the first two offers are the two sides of a difference question.
 */
const howto = defineCommand({
  name: 'howto',
  // The question is the command's own option: `/howto <question>` everywhere, `/howto question:…` on Discord.
  leaf: defineLeaf({
    // Every tier, the confident answer too: a question typed as a command is the asker's (asked in
    // conversation, a mention or a DM, it is answered where it was asked, for everyone there).
    visibility: 'ephemeral',
    options: { question: option.string({ positional: true, rest: true, whole: true, required: true }) },
    run: (ctx, { question }) => ask(ctx, question ?? ''),
  }),
  actions: {
    /** A program button of the "I don't know" reply (value: the program): its entries as buttons. */
    program: {
      visibility: 'ephemeral',
      run: (ctx, value) => {
        const program = PROGRAMS.find((p) => p === value);
        if (!program) throw new UserError('errors.unknownAction', { action: 'howto:program' });
        return programReply(ctx, program);
      },
    },
    /** Helpful / Not helpful under an answer (value: `up|down <ask id> <entry id or ->`). */
    rate: { visibility: 'ephemeral', run: (ctx, value) => rateAnswer(ctx, value) },
    /**
     * "Share in channel" under a private answer (value: `<entry id>|<locale>`): the same entry posted
     * in the channel as a new message, saying who shared it, without the share and rating buttons.
     */
    share: { visibility: 'channel', run: (ctx, value) => shareAnswer(ctx, value) },
    /**
     * The language toggle of a private answer (value: `<entry id>|<locale>|<ask id>`): the same
     * answer redrawn in place in that language, with its Share and rating buttons.
     */
    lang: { visibility: 'ephemeral', inPlace: true, run: (ctx, value) => toggleAnswer(ctx, value, 'howto:lang') },
    /** The same toggle on an answer given in conversation, which the channel sees (no Share). */
    'lang-public': { visibility: 'channel', inPlace: true, run: (ctx, value) => toggleAnswer(ctx, value, 'howto:lang-public') },
  },
});

export default howto;

/** `/howto-gaps`: the questions /howto could not answer here and how helpful its answers were, for a lead. */
export const howtoGaps = defineCommand({
  name: 'howto-gaps',
  leaf: defineLeaf({ visibility: 'ephemeral', options: {}, run: (ctx) => gapsReply(ctx) }),
});

/** What `/howto gaps` meant before the list had its own command (`gaps?` and `gaps ?` too: the word alone asks for the list). */
const GAPS_WORDS = ['gaps'];

async function ask(ctx: Ctx, question: string): Promise<HandlerReply> {
  // The example is a command line, so on Discord it is written the way Discord types it (`/howto question:…`).
  if (!question) throw new UserError('errors.howtoNoQuestion', { example: ctx.t('howto.exampleQuestion') });
  // `--help`, `help` or `?` alone is the command's help, answered by the core (src/core/help-request.ts).
  const bare = question.toLowerCase().replace(/[\s?？]+$/u, '');
  if (GAPS_WORDS.includes(bare)) return gapsReply(ctx);
  const index = await ctx.knowledge.howto();
  // Mentions (`<@U123>`, `<!channel>`, `@everyone`), links and Slack's emoji shortcodes (`:pray:`) are no words to search for.
  const plain = withoutMentions(question);
  const words = withoutEmojiCodes(withoutLinks(plain));
  // Thanks, an okay, a thumbs up, an emoji: a short reply, and nothing recorded as a gap.
  const read = words ? index.messageKind(words) : 'empty';
  const kind = read === 'empty' && onlyApprovingEmoji(plain) ? 'ack' : read;
  if (kind !== 'question') {
    const data = { entryId: null, alternatives: [], tier: 'unknown', confidence: 0, message: kind };
    return reply([para(kind === 'ack' ? ctx.t('howto.ack') : withExample(ctx, 'howto.noWords'))], { data });
  }
  const { decision, key, byRole, vague } = answer(index, words, ctx.knowledge.base());
  const data = {
    entryId: decision.entryId,
    alternatives: decision.alternatives,
    tier: decision.tier,
    confidence: Math.round(decision.confidence * 1000) / 1000,
    message: 'question',
    ...(byRole ? { byRole: true } : {}),
    ...(vague ? { vague: true } : {}),
    ...(decision.compared ? { compared: true } : {}),
  };
  if (decision.tier === 'answer' && decision.entryId) {
    const r = answerReply(ctx, decision.entryId, ctx.locale, keepAsk(ctx, question, decision.entryId));
    return { ...r, data: { ...r.data, ...data } };
  }
  // The reply does not wait for the gap ledger: it is written in the background, in order.
  recordGap(ctx.store, ctx.caller.workspace, {
    key,
    question,
    tier: decision.tier === 'suggest' ? 'suggest' : 'unknown',
    offered: decision.alternatives,
    at: ctx.now(),
    ...asker(ctx),
  }).catch((err: unknown) => ctx.log.warn({ err, workspace: ctx.caller.workspace }, 'could not record a /howto gap'));
  const blocks =
    decision.tier === 'suggest'
      ? [...suggestBlocks(ctx, decision.alternatives, byRole === true, vague === true, decision.compared === true), feedbackBlock(ctx, keepAsk(ctx, question, null), null)]
      : unknownBlocks(ctx);
  return reply(blocks, { data });
}

/** A hint whose `{{example}}` is `/howto <question>` as code, which each platform writes the way its readers type it. */
function withExample(ctx: Ctx, key: string): Inline[] {
  return withInline(ctx.t, key, {}, 'example', { code: ctx.t('howto.exampleQuestion') });
}

/**
 * A confident answer in `locale`: the entry as `/guide <id>` shows it, its language toggle redrawing
 * this answer (`howto:lang`, `howto:lang-public` where the channel sees it), "Share in channel" at
 * the end of its last row of buttons (or in a row of its own), then Helpful / Not helpful for `ask`.
 */
function answerReply(ctx: Ctx, id: string, locale: Locale, ask: string, back?: Locale): HandlerReply {
  const r = entryReply(ctx, id, { locale });
  const written = r.locale ?? locale;
  const t = ctx.tIn(written);
  const blocks = r.blocks.map((b): Block => {
    if (b.type !== 'buttons') return b;
    return buttons(
      b.buttons.map((x): Button => {
        const target = x.actionId === 'guide:lang' ? parseLangValue(x.value) : undefined;
        if (!target) return x;
        // A Chinese answer's toggle to English says which Chinese it was in, and the English one
        // toggles back to it: the asker's Chinese may be known only from the question's script
        // (a zh-TW question from an English Slack or Discord client), which the click does not carry.
        const to = written === 'en' && back && target.locale !== 'en' ? back : target.locale;
        const value = `${langValue(target.id, to)}|${ask}${to === 'en' && written !== 'en' ? `|${written}` : ''}`;
        return { ...x, actionId: 'howto:lang', value, inChannel: { actionId: 'howto:lang-public', value } };
      }),
    );
  });
  const share: Button = { label: t('howto.share'), actionId: 'howto:share', value: langValue(id, written), privateOnly: true };
  const last = blocks.at(-1);
  const withShare = last?.type === 'buttons' ? [...blocks.slice(0, -1), buttons([...last.buttons, share])] : [...blocks, buttons([share])];
  return { ...r, blocks: [...withShare, feedbackBlock(ctx, ask, id, t)] };
}

/** A toggled answer: the value's entry, language, ask id and the Chinese it came from, redrawn (see answerReply). */
function toggleAnswer(ctx: Ctx, value: string, action: string): HandlerReply {
  const [id = '', locale = '', ask = '', back, ...more] = value.split('|');
  const from = back === undefined ? undefined : isLocale(back) && back !== 'en' ? back : null;
  if (more.length || from === null || !isLocale(locale) || !ASK_ID.test(ask) || !ctx.knowledge.base().has(id)) throw new UserError('errors.unknownAction', { action });
  const r = answerReply(ctx, id, locale, ask, from);
  return { ...r, data: { ...r.data, tier: 'answer' } };
}

/** A private answer made public by its asker: the entry as `/guide <id>` shows it, and who shared it. */
function shareAnswer(ctx: Ctx, value: string): HandlerReply {
  const v = parseLangValue(value);
  if (!v || !ctx.knowledge.base().has(v.id)) throw new UserError('errors.unknownAction', { action: 'howto:share' });
  const r = entryReply(ctx, v.id, { locale: v.locale });
  // The sharer as a mention token (the caller carries no display name): it notifies only them. It
  // follows the entry's text, before its buttons.
  const by = para(withMention(ctx.tIn(v.locale), 'howto.sharedBy', {}, ctx.caller.user));
  const text = entryReply(ctx, v.id, { locale: v.locale, buttons: false }).blocks.length;
  const blocks = [...r.blocks.slice(0, text), by, ...r.blocks.slice(text)];
  return { ...r, blocks, data: { ...r.data, sharedBy: ctx.caller.user } };
}

/** Who asks, and whether where the channel sees the answer (a question in conversation in a channel) or privately. */
function asker(ctx: Ctx): { by: string; publicly: boolean } {
  return { by: ctx.caller.user, publicly: ctx.caller.publicly === true };
}

/** A fresh ask id for the question, which is kept for its rating in the background. */
function keepAsk(ctx: Ctx, question: string, entry: string | null): string {
  const id = newAskId();
  recordAsk(ctx.store, ctx.caller.workspace, id, { question, entry, at: ctx.now(), ...asker(ctx) }).catch((err: unknown) =>
    ctx.log.warn({ err, workspace: ctx.caller.workspace }, 'could not keep a /howto question for its rating'),
  );
  return id;
}

/** Helpful / Not helpful for an ask (the same ask id however often its answer changes language). */
function feedbackBlock(ctx: Ctx, ask: string, entry: string | null, t = ctx.t): Block {
  const value = (r: Rating) => `${r} ${ask} ${entry ?? '-'}`;
  return buttons([
    { label: t('feedback.helpful'), actionId: 'howto:rate', value: value('up'), feedback: 'positive' },
    { label: t('feedback.notHelpful'), actionId: 'howto:rate', value: value('down'), feedback: 'negative' },
  ]);
}

async function rateAnswer(ctx: Ctx, value: string): Promise<HandlerReply> {
  const [rating, ask = '', entryWord = '-'] = value.split(' ');
  const entry = entryWord === '-' ? null : entryWord;
  if ((rating !== 'up' && rating !== 'down') || !ASK_ID.test(ask) || (entry !== null && !ctx.knowledge.base().entry(entry, 'en'))) {
    throw new UserError('errors.unknownAction', { action: 'howto:rate' });
  }
  const result = await rate(ctx.store, ctx.caller.workspace, { ask, entry, user: ctx.caller.user, rating });
  if (rating === 'down' && result.changed && result.question) {
    const index = await ctx.knowledge.howto();
    await recordGap(ctx.store, ctx.caller.workspace, {
      key: `unhelpful:${entry ?? '-'}:${index.key(result.question)}`,
      question: result.question,
      tier: 'unhelpful',
      offered: entry ? [entry] : [],
      at: ctx.now(),
      // As private as the question: its asker's (an ask kept before askers were: the rater's, who saw a private answer).
      by: result.by ?? ctx.caller.user,
      publicly: result.publicly,
    });
  }
  return reply([context(ctx.t(rating === 'up' ? 'feedback.thanksHelpful' : 'feedback.thanksNotHelpful'))], {
    data: { rating, entryId: entry, counted: result.changed },
  });
}

function title(ctx: Ctx, id: string): string {
  return ctx.knowledge.base().entry(id, ctx.locale)?.title ?? id;
}

/** An entry's button: its short title, or `label` (a role-labelled one). */
function entryButton(ctx: Ctx, id: string, label?: string): Button {
  const entry = ctx.knowledge.base().entry(id, ctx.locale);
  if (label !== undefined) return { label, actionId: 'guide:open', value: id };
  return entry ? shortButton(entry) : { label: id, actionId: 'guide:open', value: id };
}

/** "If you are the brand owner: Reject a design", for an entry done by one side of Seller Collab. */
function roleTitle(ctx: Ctx, id: string): string {
  const role = ctx.knowledge.base().entry(id, 'en')?.role;
  if (role === 'brand-owner') return `${ctx.t('howto.roleBrandOwner')}: ${title(ctx, id)}`;
  if (role === 'designer') return `${ctx.t('howto.roleDesigner')}: ${title(ctx, id)}`;
  return title(ctx, id);
}

/** A button label saying whose entry it is: "If you are the designer: Upload revision". */
function roleShort(ctx: Ctx, id: string): string {
  const entry = ctx.knowledge.base().entry(id, ctx.locale);
  const short = entry?.short ?? id;
  const role = ctx.knowledge.base().entry(id, 'en')?.role;
  if (role === 'brand-owner') return `${ctx.t('howto.roleBrandOwner')}: ${short}`;
  if (role === 'designer') return `${ctx.t('howto.roleDesigner')}: ${short}`;
  return short;
}

function suggestBlocks(ctx: Ctx, ids: string[], byRole: boolean, vague = false, compared = false): Block[] {
  const kb = ctx.knowledge.base();
  // Both sides' entries among the offers: each says whose it is.
  const roles = new Set(ids.map((id) => kb.entry(id, 'en')?.role));
  const labelled = byRole || (roles.has('brand-owner') && roles.has('designer'));
  const name = (id: string) => (labelled ? roleTitle(ctx, id) : title(ctx, id));
  return [
    para(ctx.t(byRole ? 'howto.bothRoles' : vague ? 'howto.vague' : compared ? 'howto.compared' : 'howto.unsure')),
    list(ids.map((id) => [{ bold: name(id) }, ` — ${kb.entry(id, ctx.locale)?.summary ?? ''}`])),
    buttons(ids.map((id) => entryButton(ctx, id, labelled ? roleShort(ctx, id) : undefined))),
    context(ctx.t('howto.unsureHint')),
  ];
}

function unknownBlocks(ctx: Ctx): Block[] {
  const kb = ctx.knowledge.base();
  const programs = PROGRAMS.filter((p) => kb.programs[ctx.locale][p]);
  return [
    para(ctx.t('howto.unknown')),
    para(ctx.t('howto.programsIntro')),
    list(programs.map((p) => [{ bold: kb.programs[ctx.locale][p].title }, ` — ${kb.programs[ctx.locale][p].summary}`])),
    buttons(programs.map((p) => ({ label: kb.programs[ctx.locale][p].title, actionId: 'howto:program', value: p }))),
    context(ctx.t('howto.browseHint')),
  ];
}

function programReply(ctx: Ctx, program: Program): HandlerReply {
  const kb = ctx.knowledge.base();
  const info = kb.programs[ctx.locale][program];
  const ids = kb.programs.en[program]?.ids ?? [];
  return reply(
    [heading(ctx.t('howto.programTitle', { program: info?.title ?? program })), buttons(ids.map((id) => entryButton(ctx, id))), context(ctx.t('howto.programHint'))],
    { data: { program, entries: ids } },
  );
}
