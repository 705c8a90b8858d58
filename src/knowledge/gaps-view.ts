import { TZDate } from '@date-fns/tz';
import { context, heading, list, para, reply } from '../core/reply.js';
import type { Block, Ctx, HandlerReply } from '../core/types.js';
import { clip } from '../core/clip.js';
import { visibleGaps } from './gaps.js';
import { isWorkspaceManager } from '../core/permissions.js';
import { entryRatings } from './ratings.js';

/** Gaps listed in one reply. */
const GAPS_SHOWN = 10;
/** A recorded question is shown up to this many UTF-16 units in the list. */
const GAP_QUESTION_MAX = 120;

/**
 * The gaps view (`/howto gaps`, wherever the command lives): the questions /howto could not answer
 * in this workspace, most asked first. Entries offered are named by their titles in the reader's
 * language, times are in the workspace's zone. JSON: `gaps` (`first`/`last` ISO 8601 with the
 * zone's offset, `offered` the entry ids), `total` and `hidden`. A workspace admin or lead sees
 * every question; anyone else the ones asked in a channel and their own private ones, and how many
 * others asked privately are left out (`hidden`: 0 for an admin or lead). It quotes questions asked
 * privately (an ephemeral /howto, a DM), so it is the asker's alone wherever asked (`askerOnly`).
 */
export function gapsReply(ctx: Ctx): HandlerReply {
  const ws = ctx.store.read(ctx.caller.workspace);
  const zone = ws.settings.timezone ?? ctx.config.DEFAULT_TIMEZONE;
  const local = (iso: string) => new TZDate(iso, zone).toISOString().replace(/\.000(?=[+-]|Z)/, '');
  const { gaps: top, total, hidden } = visibleGaps(ws, { user: ctx.caller.user, manager: isWorkspaceManager(ctx) }, GAPS_SHOWN);
  const ratings = entryRatings(ws);
  const data = {
    gaps: top.map(({ question, count, tier, offered, first, last }) => ({ question, count, tier, offered, first: local(first), last: local(last) })),
    total,
    hidden,
    ratings: ratings.map((r) => ({ entryId: r.entry, helpful: r.up, notHelpful: r.down })),
  };
  const kb = ctx.knowledge.base();
  const title = (id: string) => kb.entry(id, ctx.locale)?.title ?? id;
  // Questions others asked privately: how many, and who sees them.
  const left = hidden ? [context(ctx.t('howto.gapsHidden', { count: hidden, who: ctx.t(`permissions.who.${ctx.caller.platform}`) }))] : [];
  if (!top.length) {
    return reply([heading(ctx.t('howto.gapsTitle')), ...(hidden ? left : [para(ctx.t('howto.gapsEmpty'))]), ...ratingBlocks(ctx, ratings, title)], { data, askerOnly: true });
  }
  const when = (iso: string) => local(iso).slice(0, 16).replace('T', ' ');
  // Quotation marks of the reader's language: “…” in English and zh-CN, 「…」 in Taiwan.
  const quoted = (text: string) => ctx.t('howto.gapQuote', { text });
  const blocks: Block[] = [
    heading(ctx.t('howto.gapsTitle')),
    context(ctx.t('howto.gapsIntro', { zone })),
    list(
      top.map((g) => [
        `${quoted(clip(g.question, GAP_QUESTION_MAX))} — ${ctx.t('howto.gapAsked', { count: g.count, date: when(g.last) })} · `,
        g.tier === 'suggest'
          ? ctx.t('howto.gapUnsure', { ids: g.offered.map((id) => quoted(title(id))).join(ctx.locale === 'en' ? ', ' : '、') })
          : g.tier === 'unhelpful'
            ? ctx.t('feedback.gapUnhelpful', { entry: g.offered.map(title).join(ctx.locale === 'en' ? ', ' : '、') || '—' })
            : ctx.t('howto.gapUnknown'),
      ]),
    ),
  ];
  if (total > top.length) blocks.push(context(ctx.t('howto.gapsMore', { count: total - top.length })));
  blocks.push(...left);
  blocks.push(...ratingBlocks(ctx, ratings, title));
  return reply(blocks, { data, askerOnly: true });
}

/** Per entry: how often its answer was rated helpful, least helpful first. */
function ratingBlocks(ctx: Ctx, ratings: ReturnType<typeof entryRatings>, title: (id: string) => string): Block[] {
  if (!ratings.length) return [];
  return [
    heading(ctx.t('feedback.ratingsTitle')),
    list(
      ratings.slice(0, GAPS_SHOWN).map((r) => [
        { bold: title(r.entry) },
        ` — ${ctx.t('feedback.rate', { percent: Math.round((100 * r.up) / (r.up + r.down)), up: r.up, total: r.up + r.down })}`,
      ]),
    ),
  ];
}
