import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/main.js';

/** What one in-process invocation of the program printed, and its exit code. */
export interface MainRun {
  code: number;
  out: string;
  err: string;
}

/**
 * The sellerdesk program (src/main.ts) run once in this process, as a script runs it: `argv` as
 * typed after `sellerdesk`, `env` over a silent log level, and optional standard input.
 */
export async function runMain(argv: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<MainRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main({
    argv,
    env: { LOG_LEVEL: 'silent', ...opts.env },
    stdin: Readable.from(opts.input === undefined ? [] : [opts.input]),
    stdout,
    stderr,
  });
  return { code, out, err };
}
