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
