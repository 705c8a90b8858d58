import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FdOutput } from '../../../src/adapters/shell/fd-output.js';
import { projectPath } from '../../../src/paths.js';

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

  it('ends quietly when the reader of a pipe has gone (sellerdesk … | head -1), through the built CLI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-fd-output-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', DATA_FILE: '', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' };
      const child = spawn(process.execPath, [projectPath('bin', 'sellerdesk.js'), '--db', join(dir, 'db.json'), '/help'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      // The read end closes before the program has started, so its first write meets EPIPE.
      child.stdout.destroy();
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((done) => child.on('close', done));
      expect(err).toBe('');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
