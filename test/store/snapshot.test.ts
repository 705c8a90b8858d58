import { describe, expect, it } from 'vitest';
import { parseSnapshot, snapshotChunks } from '../../src/store/snapshot.js';
import type { WorkspaceData } from '../../src/store/types.js';

const quiet = { quiet: () => true, settled: () => Promise.resolve() };
const parse = (lazy: { text(): string }) => JSON.parse(lazy.text()) as unknown;

async function snapshot(ws: WorkspaceData): Promise<{ bytes: Buffer; chunks: number }> {
  const chunks: Buffer[] = [];
  for await (const c of snapshotChunks('T1', 7, ws, quiet)) chunks.push(c);
  return { bytes: Buffer.concat(chunks), chunks: chunks.length };
}

describe('a snapshot written in chunks', () => {
  it('reads back the same, with records longer than a chunk, non-ASCII text, and unparsed records copied byte for byte', async () => {
    const items: Record<string, unknown> = {};
    for (let i = 1; i <= 3000; i++) items[String(i)] = { id: String(i), title: `商品 ${i} — Acme ✓`, notes: [] };
    items['9999'] = { id: '9999', title: 'x'.repeat(1_500_000) };
    const ws = { settings: { timezone: 'Asia/Taipei' }, track: { items, seq: 9999 } } as unknown as WorkspaceData;
    const first = await snapshot(ws);
    expect(first.chunks).toBeGreaterThan(2);
    const loaded = parseSnapshot('f', first.bytes, 'T1', () => (_key, lazy) => parse(lazy));
    expect(loaded.lazy).toBe(3001);
    const back = JSON.parse(JSON.stringify(loaded.data)) as Record<string, unknown>;
    expect({ settings: back.settings, track: back.track }).toEqual(JSON.parse(JSON.stringify(ws)));
    // Written again before any record is read: every item is copied as the bytes it was read as.
    const second = (await snapshot(loaded.data)).bytes;
    const again = parseSnapshot('f', second, 'T1', () => (_key, lazy) => parse(lazy));
    expect(again.lazy).toBe(3001);
    expect((await snapshot(again.data)).bytes.equals(second)).toBe(true);
  });
});

describe('the keys of unparsed records', () => {
  it('read back as the same strings, whether they look like array indexes or not', async () => {
    // Keys the fast path reads as numbers (`0`, `12`, nine digits) and keys it must not
    // (`007`, ten digits, beyond an array index, signs, letters, non-ASCII, an escaped quote).
    const keys = ['0', '12', '999999999', '007', '00', '1234567890', '4294967295', '-1', '1e3', 'abc', '商品', 'a"b', '12a'];
    const items: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of keys) items[k] = { id: k, title: `item ${k}` };
    const ws = { track: { items, seq: 1 } } as unknown as WorkspaceData;
    const { bytes } = await snapshot(ws);
    const seen: string[] = [];
    const loaded = parseSnapshot('f', bytes, 'T1', () => (key, lazy) => (seen.push(key), parse(lazy)));
    expect(loaded.lazy).toBe(keys.length);
    const back = (loaded.data as unknown as { track: { items: Record<string, { id: string }> } }).track.items;
    expect(Object.keys(back).sort()).toEqual([...keys].sort());
    for (const k of keys) expect(back[k]!.id).toBe(k);
    expect(seen.sort()).toEqual([...keys].sort());
  });
});
