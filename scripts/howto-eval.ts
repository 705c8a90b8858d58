import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { MemoryStore } from '../src/store/memory-store.js';
import type { Core } from '../src/core/dispatch.js';
import type { GeneralOptions } from '../src/knowledge/general-synonyms.js';

/**
 * Evaluation of /howto on labelled questions, through the real command path: each question is
 * dispatched as `/howto <q>` by a caller whose platform locale is the question's, and the reply's
 * JSON data (entryId, alternatives, tier) is scored.
 */

const questionSchema = z.object({
  locale: z.string(),
  q: z.string().min(1),
  /** The entry that answers it, or null when the knowledge base has no answer. */
  expect: z.string().nullable(),
});
export type LabelledQuestion = z.infer<typeof questionSchema>;

/** Reads a JSONL file of labelled questions; a bad line names its number. */
export function readQuestions(file: string): LabelledQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter((l) => l.line !== '')
    .map(({ line, n }) => {
      const parsed = questionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${n}: ${parsed.error.issues[0]?.message ?? 'bad line'}`);
      return parsed.data;
    });
}

export interface Outcome extends LabelledQuestion {
  tier: 'answer' | 'suggest' | 'unknown' | 'error';
  entryId: string | null;
  alternatives: string[];
  confidence: number;
}

/** A fresh app over an in-memory store, as the shell would build it. */
export function evalCore(general?: GeneralOptions): Core {
  return createApp({
    config: loadConfig({}),
    store: new MemoryStore(),
    log: silentLogger,
    clock: () => new Date('2026-11-23T09:00:00+08:00'),
    ...(general ? { howtoGeneral: general } : {}),
  });
}

const dataSchema = z.object({
  entryId: z.string().nullable(),
  alternatives: z.array(z.string()),
  tier: z.enum(['answer', 'suggest', 'unknown']),
  confidence: z.number(),
});

export async function runQuestions(core: Core, questions: readonly LabelledQuestion[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const [i, q] of questions.entries()) {
    const reply = await core.dispatch({
      platform: 'shell',
      workspace: 'eval',
      channel: 'eval',
      user: `eval-${i}`,
      platformLocale: q.locale,
      command: 'howto',
      text: q.q,
    });
    const data = dataSchema.safeParse(reply.data);
    out.push(
      data.success
        ? { ...q, ...data.data }
        : { ...q, tier: 'error', entryId: null, alternatives: [], confidence: 0 },
    );
  }
  return out;
}

export interface Metrics {
  /** In-scope questions (expect is an id). */
  inScope: number;
  /** The first choice (the answer, else the first alternative) is the expected entry. */
  top1: number;
  /** The expected entry is among the first three shown (the answer, or the alternatives). */
  top3: number;
  /** Answered, and rightly. */
  answeredRight: number;
  /** Answered with the wrong entry (in scope), or answered at all (out of scope). */
  confidentWrong: number;
  outOfScope: number;
  /** Out-of-scope questions by tier. */
  oosAnswered: number;
  oosSuggested: number;
  oosUnknown: number;
  errors: number;
}

/**
 * A confident wrong answer: answered, with an entry that is not the expected one (or at all, out of
 * scope). The one rule both the counts and the list of misses use.
 */
export function isConfidentWrong(o: Outcome): boolean {
  return o.tier === 'answer' && o.entryId !== o.expect;
}

/** Not answered rightly: in scope, not answered with the expected entry; out of scope, anything but "don't know". */
export function isMiss(o: Outcome): boolean {
  return o.expect === null ? o.tier !== 'unknown' : !(o.tier === 'answer' && o.entryId === o.expect);
}

export function metrics(outcomes: readonly Outcome[]): Metrics {
  const m: Metrics = { inScope: 0, top1: 0, top3: 0, answeredRight: 0, confidentWrong: 0, outOfScope: 0, oosAnswered: 0, oosSuggested: 0, oosUnknown: 0, errors: 0 };
  for (const o of outcomes) {
    if (isConfidentWrong(o)) m.confidentWrong++;
    if (o.tier === 'error') m.errors++;
    const shown = o.tier === 'answer' && o.entryId ? [o.entryId] : o.alternatives;
    if (o.expect === null) {
      m.outOfScope++;
      if (o.tier === 'answer') m.oosAnswered++;
      else if (o.tier === 'suggest') m.oosSuggested++;
      else if (o.tier === 'unknown') m.oosUnknown++;
      continue;
    }
    m.inScope++;
    if (shown[0] === o.expect) m.top1++;
    if (shown.slice(0, 3).includes(o.expect)) m.top3++;
    if (o.tier === 'answer' && o.entryId === o.expect) m.answeredRight++;
  }
  return m;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');

function line(label: string, m: Metrics): string {
  return [
    label.padEnd(8),
    `rank-1 ${m.top1}/${m.inScope} (${pct(m.top1, m.inScope)})`.padEnd(23),
    `top-3 ${m.top3}/${m.inScope} (${pct(m.top3, m.inScope)})`.padEnd(22),
    `answered right ${m.answeredRight}/${m.inScope} (${pct(m.answeredRight, m.inScope)})`.padEnd(31),
    `confident wrong ${m.confidentWrong}`.padEnd(18),
    `out of scope ${m.outOfScope}: answered ${m.oosAnswered}, did-you-mean ${m.oosSuggested}, don't know ${m.oosUnknown}`,
    m.errors ? `  errors ${m.errors}` : '',
  ].join('  ');
}

/**
 * The report: overall, then per locale (labelled "· locale", a part of the overall line, not added
 * to it), then every question not answered rightly, the confident wrong ones marked ✗ (as many as
 * the overall line counts).
 */
export function report(outcomes: readonly Outcome[]): string {
  const all = metrics(outcomes);
  const out = [line('overall', all)];
  for (const locale of [...new Set(outcomes.map((o) => o.locale))]) out.push(line(`· ${locale}`, metrics(outcomes.filter((o) => o.locale === locale))));
  const misses = outcomes.filter(isMiss);
  if (misses.length) {
    out.push('', `not answered rightly: ${misses.length} (✗ = confident wrong answer: ${all.confidentWrong})`);
    for (const o of misses) {
      const got = o.tier === 'answer' ? `answered ${o.entryId}` : o.tier === 'suggest' ? `did you mean ${o.alternatives.join(', ')}` : o.tier === 'unknown' ? "don't know" : 'error';
      const bad = isConfidentWrong(o) ? '✗' : ' ';
      out.push(`${bad} [${o.locale}] ${o.q} → ${got} (p=${o.confidence.toFixed(2)}); expected ${o.expect ?? 'out of scope'}`);
    }
  }
  return out.join('\n');
}
