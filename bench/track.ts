import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { writableTrack } from '../src/workflows/items.js';
import type { Item } from '../src/workflows/item.js';
import type { Caller } from '../src/core/types.js';
import { percentile, sample } from './util.js';
import type { Bench, Figures } from './run.js';

const NOW = '2026-11-23T09:00:00+08:00';
const CALLER: Caller = { platform: 'shell', workspace: 'w', channel: 'c1', user: 'u1', isAdmin: true };

/** A realistic open item: the templates in turn, with the events a team would have recorded. */
export function makeItem(i: number): Item {
  const id = String(i + 1);
  const base = { id, title: `Item ${i} Acme ${i % 97}`, channel: 'c1', status: 'open' as const, createdBy: `u${i % 7}`, createdAt: '2026-11-01T02:00:00.000Z', notes: [], rev: 1 };
  const by = { by: 'u1', recordedAt: '2026-11-01T02:00:00.000Z' };
  const day = (d: number) => `2026-${String(10 + Math.floor((d % 60) / 30)).padStart(2, '0')}-${String(1 + (d % 28)).padStart(2, '0')}`;
  switch (i % 4) {
    case 0:
      return {
        ...base,
        template: 'brand-appeal',
        fields: {},
        dues: {},
        events: [
          { key: 'submitted', when: { day: day(i) }, ...by },
          { key: 'video-invited', when: { day: day(i + 3) }, ...by },
        ],
        ...(i % 3 === 0 ? { assignee: 'u1' } : {}),
      };
    case 1:
      return { ...base, template: 'store-authorization', fields: { market: 'US' }, dues: {}, events: [{ key: 'order-loading-authorized', when: { day: day(i) }, ...by }] };
    case 2:
      return { ...base, template: 'task', fields: {}, dues: { due: { relative: { n: 3 + (i % 20), unit: 'workingDays' } } }, events: [] };
    default:
      return { ...base, template: 'handmade-press', fields: {}, dues: {}, events: [{ key: 'announce', when: { day: `2027-01-${String(1 + (i % 28)).padStart(2, '0')}` }, ...by }] };
  }
}

async function atSize(n: number, dir: string): Promise<Figures> {
  const file = join(dir, `track-${n}.json`);
  let store = await LowdbStore.open(file);
  await store.update('w', (ws) => {
    const track = writableTrack(ws);
    for (let i = 0; i < n; i++) track.items[String(i + 1)] = makeItem(i);
    track.seq = n;
  });
  await store.close();
  // Re-open, as a restarted bot would: the first list pays for deriving every deadline.
  const t0 = performance.now();
  store = await LowdbStore.open(file);
  const openMs = performance.now() - t0;
  const core = createApp({ config: loadConfig({}), store, log: silentLogger, clock: () => new Date(NOW) });
  const run = async (text: string, command = 'track') => {
    const r = await core.dispatch({ ...CALLER, command, text });
    if (r.error) throw new Error(`${command} ${text}: ${r.error.message}`);
    return r;
  };
  const c0 = performance.now();
  await run('list');
  const listCold = performance.now() - c0;
  const list = await sample(30, () => run('list'), 5);
  const overdue = await sample(20, () => run('list overdue'), 3);
  const d0 = performance.now();
  await run('', 'deadlines');
  const deadlinesFirst = performance.now() - d0;
  const deadlines = await sample(30, () => run('', 'deadlines'), 5);
  const note = await sample(30, (i) => run(`note ${1 + ((i * 7919) % n)} checked with the brand owner`), 3);
  const event = await sample(30, (i) => run(`event ${1 + ((i * 4 * 7919) % n)} video-scheduled "2026-12-${String(10 + (i % 10))} 10:00"`), 3);
  const f0 = performance.now();
  await store.close();
  const foldMs = performance.now() - f0;
  const size = statSync(file).size;
  const k = n >= 1000 ? `${n / 1000}k` : String(n);
  return {
    [`open${k}`]: { value: openMs, unit: 'ms', label: `${n.toLocaleString('en')} items: open the data file` },
    [`listCold${k}`]: { value: listCold, unit: 'ms', label: `${n.toLocaleString('en')} items: first /track list after start` },
    [`listP50${k}`]: { value: percentile(list, 50), unit: 'ms', label: `${n.toLocaleString('en')} items: /track list, p50` },
    [`listP99${k}`]: { value: percentile(list, 99), unit: 'ms', label: `${n.toLocaleString('en')} items: /track list, p99` },
    [`overdueP50${k}`]: { value: percentile(overdue, 50), unit: 'ms', label: `${n.toLocaleString('en')} items: /track list overdue, p50` },
    [`deadlinesFirst${k}`]: { value: deadlinesFirst, unit: 'ms', label: `${n.toLocaleString('en')} items: first /deadlines` },
    [`deadlinesP50${k}`]: { value: percentile(deadlines, 50), unit: 'ms', label: `${n.toLocaleString('en')} items: /deadlines, p50` },
    [`deadlinesP99${k}`]: { value: percentile(deadlines, 99), unit: 'ms', label: `${n.toLocaleString('en')} items: /deadlines, p99` },
    [`noteP50${k}`]: { value: percentile(note, 50), unit: 'ms', label: `${n.toLocaleString('en')} items: one change (/track note), durable, p50` },
    [`noteP99${k}`]: { value: percentile(note, 99), unit: 'ms', label: `${n.toLocaleString('en')} items: one change (/track note), durable, p99` },
    [`eventP50${k}`]: { value: percentile(event, 50), unit: 'ms', label: `${n.toLocaleString('en')} items: one change (/track event), durable, p50` },
    [`eventP99${k}`]: { value: percentile(event, 99), unit: 'ms', label: `${n.toLocaleString('en')} items: one change (/track event), durable, p99` },
    [`fold${k}`]: { value: foldMs, unit: 'ms', label: `${n.toLocaleString('en')} items: fold the journal into the file (on stop)` },
    [`fileMB${k}`]: { value: size / 1e6, unit: 'MB', label: `${n.toLocaleString('en')} items: data on disk` },
  };
}

/** /track list and /deadlines with 10,000 and 100,000 open items, and one durable change at those sizes. */
const bench: Bench = {
  name: 'track',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-track-'));
    try {
      return { ...(await atSize(10_000, dir)), ...(await atSize(100_000, dir)) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
