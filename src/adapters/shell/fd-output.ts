import { writeSync } from 'node:fs';
import { errCode } from '../../store/fs.js';
import type { TextOutput } from './index.js';

/**
 * Standard output written with fs.writeSync, for a one-shot command whose output is not a
 * terminal. process.stdout is built on first use, and for a pipe that means a net.Socket and the
 * stream modules under it: some 5 to 7 ms of a one-shot command's start. A pipe that would block
 * (EAGAIN: its other end made it non-blocking) gets process.stdout for that write and every later
 * one, so the output stays in order. A reader that has gone away (EPIPE: `sellerdesk … | head -1`)
 * gets nothing more, and the command ends as it would have, as other command-line tools do.
 */
export class FdOutput implements TextOutput {
  readonly isTTY = false;
  private stream: NodeJS.WritableStream | undefined;
  private readerGone = false;

  constructor(
    private readonly fd: number,
    private readonly fallback: () => NodeJS.WritableStream,
  ) {}

  write(text: string): unknown {
    if (this.readerGone) return true;
    if (this.stream) return this.stream.write(text);
    const bytes = Buffer.from(text);
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done);
    } catch (err) {
      if (errCode(err) === 'EPIPE') {
        this.readerGone = true;
        return true;
      }
      if (errCode(err) !== 'EAGAIN') throw err;
      this.stream = this.fallback();
      return this.stream.write(bytes.subarray(done));
    }
    return true;
  }
}
