import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FdOutput } from '../../../src/adapters/shell/fd-output.js';

describe('FdOutput', () => {
  it('writes every reply to its file descriptor in order, Chinese text whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-fd-output-'));
    try {
      const file = join(dir, 'out.txt');
      const fd = openSync(file, 'w');
      const out = new FdOutput(fd, () => {
        throw new Error('a file never needs the stream');
      });
      out.write('第一行：已批准\n');
      out.write('second line\n');
      closeSync(fd);
      expect(readFileSync(file, 'utf8')).toBe('第一行：已批准\nsecond line\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets a write error other than a full pipe reach the caller', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-fd-output-'));
    try {
      const fd = openSync(join(dir, 'out.txt'), 'w');
      closeSync(fd);
      const out = new FdOutput(fd, () => {
        throw new Error('not this');
      });
      expect(() => out.write('x\n')).toThrow(expect.objectContaining({ code: 'EBADF' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
