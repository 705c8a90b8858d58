import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LOCALES, type Locale } from '../i18n/locales.js';
import { projectPath } from '../paths.js';
import { once } from '../once.js';

/*
 * Source checks: the record of a person comparing a knowledge-base entry with its source document
 * (steps, order, roles, numbers, periods, labels, addresses) in one or more locales. The entry's
 * "last checked" date is the latest check that covers the reader's locale; an entry nobody has
 * checked says so. The record is locales/kb-checks.json, appended to by `npm run kb:check`.
 */

export const CHECKS_FILE = ['locales', 'kb-checks.json'] as const;

const isoDay = once(() =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')
    .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, 'not a real date'),
);

export const checkSchema = once(() =>
  z.strictObject({
    entry: z.string().regex(/^[a-z-]+\.[a-z0-9-]+$/),
    /** The day the comparison was made (YYYY-MM-DD). */
    date: isoDay(),
    /** Who compared it. */
    by: z.string().trim().min(1),
    /** The locales whose text was compared with the source. */
    locales: z.array(z.enum(LOCALES)).min(1),
    /** What was looked at or changed (optional). */
    note: z.string().optional(),
  }),
);

export const checksFileSchema = once(() => z.strictObject({ checks: z.array(checkSchema()) }));

export type SourceCheck = z.infer<ReturnType<typeof checkSchema>>;

/** Reads and validates the checks file; throws an Error naming the file and the check at fault. */
export function readChecks(file = projectPath(...CHECKS_FILE)): SourceCheck[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot be read as JSON (${(err as Error).message})`, { cause: err });
  }
  return parseChecks(raw, file);
}

export function parseChecks(raw: unknown, where: string): SourceCheck[] {
  const parsed = checksFileSchema().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: ${issue?.path.join('.') || '(file)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.checks;
}

/** The latest check of each entry per locale (a later record wins a tie on the date). */
export function latestChecks(checks: readonly SourceCheck[]): Map<string, Partial<Record<Locale, SourceCheck>>> {
  const out = new Map<string, Partial<Record<Locale, SourceCheck>>>();
  for (const c of checks) {
    const byLocale = out.get(c.entry) ?? {};
    for (const l of c.locales) {
      const prev = byLocale[l];
      if (!prev || prev.date <= c.date) byLocale[l] = c;
    }
    out.set(c.entry, byLocale);
  }
  return out;
}

/** The checks file's text with one more check, in the file's own layout (two-space JSON). */
export function withCheck(checks: readonly SourceCheck[], check: SourceCheck): string {
  return `${JSON.stringify({ checks: [...checks, check] }, null, 2)}\n`;
}

export interface CheckInput {
  entry: string;
  by: string;
  /** YYYY-MM-DD; default `today`. */
  date?: string | undefined;
  /** Default: every locale. */
  locales?: readonly string[] | undefined;
  note?: string | undefined;
}

/**
 * Validates a check a lead is recording against the knowledge base's ids and today's date (no
 * future dates). Returns the check, or throws an Error saying what is wrong with an example.
 */
export function newCheck(input: CheckInput, knownIds: readonly string[], today: string): SourceCheck {
  const example = 'npm run kb:check -- brand-registry.video-verification-prepare --by "Li Wei"';
  if (!knownIds.includes(input.entry)) {
    const close = knownIds.filter((id) => id.endsWith(`.${input.entry}`) || id.includes(input.entry)).slice(0, 3);
    throw new Error(`unknown entry "${input.entry}"${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}; for example: ${example}`);
  }
  const check = checkSchema().safeParse({
    entry: input.entry,
    date: input.date ?? today,
    by: input.by,
    locales: input.locales ?? [...LOCALES],
    ...(input.note ? { note: input.note } : {}),
  });
  if (!check.success) {
    const issue = check.error.issues[0];
    throw new Error(`${issue?.path.join('.') || 'check'}: ${issue?.message ?? 'invalid'} (locales are ${LOCALES.join(', ')}); for example: ${example}`);
  }
  if (check.data.date > today) throw new Error(`date ${check.data.date} is in the future: record a check on or after the day it was made`);
  return check.data;
}
