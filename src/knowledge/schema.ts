import { z } from 'zod';
import { once } from '../once.js';

/**
 * A knowledge-base entry as it is written in `locales/<locale>/kb-<program>.json`. Every locale
 * file holds the same entries with the same structure; the text is in that file's language.
 *
 * A step (or checklist item, or rule) is text whose `{0}`, `{1}`, … stand for the UI labels it
 * clicks, listed in `labels`. A label keeps the text as it reads in the tool (`ui`, in the tool's
 * language `lang`) and its translation into this file's language (`tr`); renderers show the
 * translation beside the label only when the reader's language differs from the label's.
 * The schemas are built on first use (the knowledge base is checked by the build and the tests).
 */
export const labelSchema = once(() =>
  z.strictObject({
    ui: z.string().min(1),
    lang: z.enum(['en', 'zh']),
    tr: z.string().min(1),
  }),
);

export const textWithLabelsSchema = once(() =>
  z.strictObject({
    text: z.string().min(1),
    labels: z.array(labelSchema()).default([]),
  }),
);

const KINDS = ['procedure', 'faq', 'policy', 'checklist', 'overview'] as const;
const ROLES = ['brand-owner', 'designer', 'seller', 'distributor'] as const;
/** Longest short title: well inside Slack's (75) and Discord's (80) button label limits. */
export const SHORT_TITLE_MAX = 32;

export const PROGRAMS = ['collab', 'handmade', 'account', 'saleyee', 'brand-registry'] as const;
export type Program = (typeof PROGRAMS)[number];

export const entrySchema = once(() =>
  z
    .strictObject({
      kind: z.enum(KINDS),
      /** Who does it (procedures only). */
      role: z.enum(ROLES).nullable(),
      title: z.string().min(1),
      /**
       * The title for buttons (related entries, suggestions): a whole phrase that fits a chat button
       * as it is, so no button is clipped in the middle of a word, a label or a parenthesis.
       */
      short: z.string().min(1).max(SHORT_TITLE_MAX),
      summary: z.string().min(1),
      /** Numbered steps (procedure). */
      steps: z.array(textWithLabelsSchema()).default([]),
      /** The short answer (faq). */
      answer: z.string().nullable().default(null),
      /** Tickable items (checklist). */
      items: z.array(textWithLabelsSchema()).default([]),
      /** Rules to read before acting (policy, overview). */
      rules: z.array(textWithLabelsSchema()).default([]),
      /** Warnings shown with the entry (permanent actions, hard deadlines). */
      warnings: z.array(z.string().min(1)).default([]),
      /** How teammates ask for it, in this file's language (at least five). */
      questions: z.array(z.string().min(1)).min(5),
      related: z.array(z.string()).default([]),
      /** The workflow template that tracks what this entry describes. */
      template: z.string().nullable().default(null),
      /**
       * The file name in the source documents. When a person last compared the entry with it is
       * recorded in locales/kb-checks.json (`npm run kb:check`), not here.
       */
      source: z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/),
    })
    .superRefine((e, c) => {
      const need = (field: 'steps' | 'answer' | 'items' | 'rules') => {
        const v = e[field];
        if (v === null || (Array.isArray(v) && v.length === 0)) {
          c.addIssue({ code: 'custom', path: [field], message: `a ${e.kind} needs ${field}` });
        }
      };
      if (e.kind === 'procedure') need('steps');
      if (e.kind === 'faq') need('answer');
      if (e.kind === 'checklist') need('items');
      if (e.kind === 'policy') need('rules');
      if (e.kind === 'procedure' && e.role === null) c.addIssue({ code: 'custom', path: ['role'], message: 'a procedure needs a role' });
      for (const [field, list] of [['steps', e.steps], ['items', e.items], ['rules', e.rules]] as const) {
        list.forEach((s, i) => {
          const refs = [...s.text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));
          for (const r of refs) {
            if (r >= s.labels.length) c.addIssue({ code: 'custom', path: [field, i, 'text'], message: `{${r}} has no label` });
          }
          s.labels.forEach((_, li) => {
            if (!refs.includes(li)) c.addIssue({ code: 'custom', path: [field, i, 'labels', li], message: `label ${li} is not placed in the text with {${li}}` });
          });
        });
      }
    }),
);

export const programFileSchema = once(() =>
  z.strictObject({
    program: z.strictObject({ title: z.string().min(1), summary: z.string().min(1) }),
    entries: z.record(z.string().regex(/^[a-z-]+\.[a-z0-9-]+$/), entrySchema()),
  }),
);

export type Label = z.infer<ReturnType<typeof labelSchema>>;
export type TextWithLabels = z.infer<ReturnType<typeof textWithLabelsSchema>>;
export type Entry = z.infer<ReturnType<typeof entrySchema>> & { id: string; program: Program };
