import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/store/sha256.js';
import { workspaceFileName } from '../../src/store/lowdb-store.js';

// The store's own SHA-256 (it names workspace files) must be SHA-256: the names of existing files depend on it.
describe('sha256Hex', () => {
  const node = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

  it('matches node:crypto on the padding edges, Unicode and long text', () => {
    const samples = ['', 'abc', 'T01ABCDEF', '__proto__', '工作区', '工作區 😀', '\u0000', 'lone \ud800 surrogate', 'x'.repeat(1000)];
    for (let n = 50; n <= 130; n++) samples.push('a'.repeat(n));
    for (const s of samples) expect(sha256Hex(s), JSON.stringify(s.slice(0, 20))).toBe(node(s));
  });

  it('is the standard digest (FIPS 180-4 example)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('names workspace files as before', () => {
    expect(workspaceFileName('T01/ABC')).toBe(`T01_ABC-${node('T01/ABC').slice(0, 12)}`);
  });
});
