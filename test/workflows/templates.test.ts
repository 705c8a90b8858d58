import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { TEMPLATES, checkTemplates, linkedEntries, template } from '../../src/workflows/templates.js';
import { deadlinesOf, deadlinesOnce, isOverdue, pendingDeadlines } from '../../src/workflows/deadlines.js';
import { workCalendar } from '../../src/workflows/working-days.js';
import { loadKnowledgeBase } from '../../src/knowledge/loader.js';
import { projectPath } from '../../src/paths.js';
import { translator, hasKey } from '../../src/i18n/index.js';
import { LOCALES } from '../../src/i18n/locales.js';
import type { Item } from '../../src/workflows/item.js';
import { nextDeadline, pageByUrgency } from '../../src/workflows/items.js';

const kbPresent = existsSync(projectPath('locales', 'en', 'kb-brand-registry.json'));
if (!kbPresent) console.warn('skipped the template → knowledge-base links test: locales/en/kb-brand-registry.json is missing');

describe('the templates', () => {
  it('are the six of workflows.md with their field keys', () => {
    expect(TEMPLATES.map((t) => [t.id, t.fields.map((f) => f.key)])).toEqual([
      ['brand-appeal', ['submitted']],
      ['handmade-press', ['announce']],
      ['handmade-listing', ['listed']],
      ['store-authorization', ['market']],
      ['collab-design', ['brand', 'due']],
      ['task', ['due']],
    ]);
  });

  it('pass the schema (checked by the build and here, not at every start), with its defaults filled in', () => {
    expect(() => checkTemplates()).not.toThrow();
    const submitted = template('brand-appeal')!.events[0]!;
    expect(submitted).toEqual({ key: 'submitted', when: 'day', prefer: 'past', outcomes: [], closes: false, needsDate: false, repeats: false });
    expect(template('task')!.deadlines[0]).toMatchObject({ kind: 'deadline', metBy: ['done'] });
    expect(template('collab-design')!.fields[0]).toEqual({ key: 'brand', kind: 'text', example: 'Acme', required: false, default: null });
  });

  it('carry the events and deadlines of workflows.md', () => {
    expect(template('brand-appeal')!.events.map((e) => e.key)).toEqual(['submitted', 'video-invited', 'video-scheduled', 'decided']);
    expect(template('brand-appeal')!.deadlines.map((d) => [d.key, d.hard])).toEqual([
      ['expected-decision', false],
      ['book-slots', true],
      ['reschedule-cutoff', true],
      ['meeting', true],
    ]);
    expect(template('store-authorization')!.events.map((e) => e.key)).toEqual(['order-loading-authorized', 'listing-sync-authorized', 'revoked']);
    expect(template('collab-design')!.events.map((e) => e.key)).toEqual(['approved', 'rejected', 'revision-requested', 'revised', 'withdrawn']);
  });

  it('have a name, title, summary and every event, field, rule and deadline name in every language', () => {
    const missing: string[] = [];
    for (const l of LOCALES) {
      for (const t of TEMPLATES) {
        const base = `workflows.templates.${t.id}`;
        const keys = [
          `${base}.name`,
          `${base}.title`,
          `${base}.summary`,
          `${base}.exampleTitle`,
          ...t.events.map((e) => `${base}.events.${e.key}`),
          ...t.fields.map((f) => `${base}.fields.${f.key}`),
          ...t.deadlines.flatMap((d) => [`${base}.deadlines.${d.key}`, `${base}.rules.${d.key}`]),
          ...t.events.flatMap((e) => e.outcomes.map((o) => `workflows.outcomes.${o}.name`)),
        ];
        for (const k of keys) if (!hasKey(l, k)) missing.push(`${l}: ${k}`);
      }
    }
    expect(missing).toEqual([]);
    expect(translator('zh-TW')('workflows.templates.brand-appeal.name')).toBe('品牌註冊申訴');
  });

  it.skipIf(!kbPresent)('link knowledge-base entries that exist, and every entry’s template exists', () => {
    const kb = loadKnowledgeBase();
    const unknown = TEMPLATES.flatMap((t) => linkedEntries(t).filter((e) => !kb.has(e)).map((e) => `${t.id} → ${e}`));
    expect(unknown).toEqual([]);
    expect(linkedEntries(template('brand-appeal')!)).toContain('brand-registry.video-verification-prepare');
    const badTemplates = kb.ids.map((id) => kb.entry(id, 'en')!).filter((e) => e.template && !template(e.template)).map((e) => e.id);
    expect(badTemplates).toEqual([]);
  });
});

describe('deadlinesOf (what the scheduler derives pings from)', () => {
  const cal = workCalendar('Asia/Shanghai');
  const base: Item = {
    id: '1',
    template: 'brand-appeal',
    title: 'Acme',
    channel: 'c1',
    status: 'open',
    createdBy: 'u1',
    createdAt: '2026-11-23T01:00:00.000Z',
    fields: {},
    dues: {},
    events: [{ key: 'submitted', when: { day: '2026-11-20' }, by: 'u1', recordedAt: '2026-11-23T01:00:00.000Z' }],
    notes: [],
    rev: 1,
  };

  it('is pure: the same item and calendar give the same deadlines, with Date dues', () => {
    const a = deadlinesOf(structuredClone(base), cal);
    const b = deadlinesOf(structuredClone(base), cal);
    expect(a).toEqual(b);
    expect(a[0]).toMatchObject({ key: 'expected-decision', day: '2026-12-03', timed: false, hard: false, kind: 'deadline', met: false, entry: 'brand-registry.submit-appeal', from: 'submitted' });
    expect(a[0]!.due).toEqual(new Date('2026-12-03T23:59:59.999+08:00'));
  });

  it('for one use (deadlinesOnce, as the scheduler uses them): the same deadlines, not kept on the item, and kept ones are used', () => {
    const item = structuredClone(base);
    const once = deadlinesOnce(item, cal);
    expect(once).toEqual(deadlinesOf(structuredClone(base), cal));
    expect(deadlinesOnce(item, cal)).not.toBe(once);
    const kept = deadlinesOf(item, cal);
    expect(deadlinesOnce(item, cal)).toBe(kept);
    item.rev++;
    expect(deadlinesOnce(item, cal)).not.toBe(kept);
  });

  it('the digest and the urgency order over every item keep nothing on them; a shown row keeps its own', () => {
    const items = [1, 2, 3].map((n) => ({ ...structuredClone(base), id: String(n) }));
    const later = new Date('2026-11-30T09:00:00+08:00');
    const kept = (i: Item) => Object.getOwnPropertySymbols(i).length;
    expect(items.map((i) => pendingDeadlines(i, cal, later).map((d) => d.key))).toEqual([0, 0, 0].map(() => pendingDeadlines(structuredClone(base), cal, later).map((d) => d.key)));
    expect(pageByUrgency(items, cal, later, 0, 2).map((i) => i.id)).toEqual(['3', '2']);
    expect(items.map(kept)).toEqual([0, 0, 0]);
    // A row shown by /track list: its text and its JSON use the same deadlines.
    expect(nextDeadline(items[0]!, cal, later)?.key).toBe(pendingDeadlines(items[0]!, cal, later)[0]?.key);
    expect(deadlinesOnce(items[0]!, cal)).toBe(deadlinesOf(items[0]!, cal));
    expect(items.map(kept)).toEqual([1, 0, 0]);
  });

  it('recomputes when the item changes (its rev) or the calendar does', () => {
    const item = structuredClone(base);
    expect(deadlinesOf(item, cal).map((d) => d.key)).toEqual(['expected-decision']);
    item.events.push({ key: 'video-scheduled', when: { at: '2026-12-07T02:00:00.000Z' }, by: 'u1', recordedAt: 'x' });
    item.rev++;
    const ds = deadlinesOf(item, cal);
    expect(ds.map((d) => d.key)).toEqual(['expected-decision', 'reschedule-cutoff', 'meeting']);
    // Monday's meeting gets its checklist on the Friday before.
    expect(ds[2]!.checklist).toEqual({ entry: 'brand-registry.video-verification-prepare', day: '2026-12-04' });
    expect(deadlinesOf(item, workCalendar('Asia/Shanghai', 'US'))[0]!.day).toBe('2026-12-04');
  });

  it('marks overdue deadlines, never overdue cutoffs or appointments, and nothing on closed items', () => {
    const item = structuredClone(base);
    item.events.push({ key: 'video-scheduled', when: { at: '2026-11-24T02:00:00.000Z' }, by: 'u1', recordedAt: 'x' });
    const later = new Date('2026-12-10T00:00:00+08:00');
    const ds = deadlinesOf(item, cal);
    expect(ds.filter((d) => isOverdue(item, d, later)).map((d) => d.key)).toEqual(['expected-decision']);
    expect(pendingDeadlines(item, cal, later).map((d) => d.key)).toEqual(['expected-decision']);
    const closed = { ...item, status: 'done' as const, rev: 9 };
    expect(deadlinesOf(closed, cal).some((d) => isOverdue(closed, d, later))).toBe(false);
    expect(pendingDeadlines(closed, cal, later)).toEqual([]);
  });
});
