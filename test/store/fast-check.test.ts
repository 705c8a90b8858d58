import { describe, expect, it } from 'vitest';
import { StoredShape, d } from '../../src/store/fast-check.js';
import { checkValue, SHAPE, type Shape } from '../../src/store/schema.js';

/*
 * The quick check may only ever say "valid" where zod says valid (else a bad record would load);
 * where it is not sure, zod decides. Every stored shape gets a quick check (so big workspaces do
 * not pay zod's price), valid records pass it, and no mutation of a record that zod refuses passes.
 */

function schemas(shape: Shape, at: string[] = []): [string, StoredShape][] {
  if (shape instanceof StoredShape) return [[at.join('.'), shape]];
  return Object.entries(shape).flatMap(([k, s]) => schemas(s, [...at, k]));
}

const at = '2026-11-01T02:00:00.000Z';
const SAMPLES: Record<string, unknown[]> = {
  'track.items.*': [
    { id: '1', template: 'brand-appeal', title: 'Acme', channel: 'c1', status: 'open', createdBy: 'u1', createdAt: at, fields: {}, dues: {}, events: [{ key: 'submitted', when: { day: '2026-11-02' }, by: 'u1', recordedAt: at }], notes: [], rev: 1 },
    {
      id: '2', template: 'task', title: 'T', channel: 'c1', platform: 'slack', status: 'done', createdBy: 'u1', createdAt: at, assignee: 'u2', fields: { market: 'US' },
      dues: { due: { relative: { n: 3, unit: 'workingDays' } }, other: { when: { at } } }, events: [{ key: 'k', when: { at }, outcome: 'approved', by: 'u1', recordedAt: at }],
      notes: [{ by: 'u1', at, text: 'hello' }], closedAt: at, closedBy: 'u1', rev: 4, extra: { kept: true },
    },
  ],
  'pings.ledger.*': [
    { state: 'sent', kind: 'slot', channel: 'c1', at, changedAt: at, messageId: 'm1' },
    { state: 'failed', kind: 'digest', channel: 'c1', platform: 'discord', at, changedAt: at, reason: 'x', lines: [{ item: '1', deadline: 'd', due: at, slot: at }], day: '2026-11-02', attempts: 2, retryAt: at },
  ],
  'pings.schedule': [{ enabled: true, days: [1, 2, 3], minute: 540, overdue: false, hour: true }],
  'pings.digests.*': [{ minute: 60, by: 'u1', platform: 'shell' }],
  'howto.gaps.*': [{ question: 'q', count: 2, tier: 'suggest', offered: ['a'], first: at, last: at }],
  'guideProgress.*.*': [{ step: 3, at }],
  'users.*': [{ locale: 'zh-TW', bilingual: true }, {}],
  settings: [{ timezone: 'Asia/Taipei', holidays: 'TW', locale: 'en' }],
  'channels.*': [{ anything: [1, 'x'] }],
  'track.seq': [0, 12],
  'pings.scheduleSince': [at],
};

const ODD: unknown[] = [undefined, null, 0, -1, 1.5, NaN, Infinity, 2 ** 60, '', 'x', 'open', true, [], [1], ['x'], {}, { a: 1 }, Object.create(null), { day: 1 }, { at: '' }];

/** Every value reachable from a sample with one place changed (or removed). */
function* mutations(value: unknown): Generator<unknown> {
  for (const odd of ODD) yield odd;
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  for (const k of keys) {
    for (const inner of mutations((value as Record<string, unknown>)[k])) {
      const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
      if (inner === undefined && !Array.isArray(value)) delete copy[k];
      else copy[k] = inner;
      yield copy;
    }
  }
}

describe('the quick check of stored records', () => {
  const all = schemas(SHAPE());

  it('covers every stored shape, and passes valid records without zod', () => {
    expect(all.map(([p]) => p).sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const [path, shape] of all) {
      for (const s of SAMPLES[path]!) {
        expect(shape.zod().safeParse(s).success, path).toBe(true);
        expect(shape.fast(s), `${path}: ${JSON.stringify(s)}`).toBe(true);
      }
    }
  });

  it('never says valid where zod refuses, over every one-place mutation of the samples', () => {
    let refused = 0;
    for (const [path, shape] of all) {
      for (const s of SAMPLES[path]!) {
        for (const m of mutations(s)) {
          const ok = shape.zod().safeParse(m).success;
          if (!ok) refused++;
          if (shape.fast(m)) expect(ok, `${path}: ${JSON.stringify(m)}`).toBe(true);
        }
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('leaves the messages to zod: a bad item still names the field', () => {
    const item = { ...(SAMPLES['track.items.*']![0] as Record<string, unknown>) };
    delete item.events;
    expect(checkValue(['track', 'items', '1'], item)).toEqual({ field: 'track.items.1.events', message: expect.stringMatching(/array/i) as unknown });
    expect(checkValue(['track', 'items', '1'], { ...item, events: [{ key: 'k', when: { day: 3 }, by: 'u', recordedAt: at }] })?.field).toMatch(/^track\.items\.1\.events\.0\.when/);
  });

  it('builds the zod schema from the same description, bounds included', () => {
    const count = new StoredShape(d.object({ n: d.positiveInt, m: d.opt(d.nonnegativeInt), e: d.enum(['a', 'b']) }));
    for (const v of [{ n: 1 }, { n: 0 }, { n: 1, m: 0 }, { n: 1, m: -1 }, { n: 1.5 }, { n: 2, e: 'a' }, { n: 2, e: 'c' }, { n: 2 ** 60 }]) {
      expect(count.fast(v), JSON.stringify(v)).toBe(count.zod().safeParse(v).success);
    }
  });
});
