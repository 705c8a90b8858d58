import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from './errors.js';

/**
 * One process at a time per data file: two processes writing the same file would each keep their
 * own copy in memory and overwrite the other's changes. The lock is `<file>.lock` holding the
 * owner's pid; a lock whose process is gone (a crash, SIGKILL) is taken over.
 */
export function lockDataFile(file: string): () => void {
  const lock = `${file}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      try {
        writeSync(fd, String(process.pid));
      } catch (err) {
        // A full disk: take the empty lock back, release its handle, and say so.
        closeSync(fd);
        rmIfThere(lock);
        const code = (err as NodeJS.ErrnoException).code;
        throw new StoreError(`cannot lock the data file ${file} (${code === 'ENOSPC' ? 'ENOSPC: the disk is full; free some space' : (code ?? (err as Error).message)}); nothing was changed`, file, { cause: err });
      }
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lock, 'utf8').trim() === String(process.pid)) unlinkSync(lock);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if (err instanceof StoreError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(`cannot lock the data file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, file, { cause: err });
      }
    }
    const owner = Number.parseInt(readIfThere(lock), 10);
    // The same process may open the file again (tests reopen without closing); it shares memory order.
    if (owner === process.pid) return () => undefined;
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new StoreError(
        `the data file ${file} is in use by another sellerdesk process (pid ${owner}); stop it first, or use another file with --db. (If no such process runs, delete ${lock}.)`,
        file,
      );
    }
    try {
      unlinkSync(lock);
    } catch {
      // Another process took it over first; the next attempt sees its pid.
    }
  }
  throw new StoreError(`cannot lock the data file ${file}: ${lock} keeps changing`, file);
}

function rmIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Not there: nothing to remove.
  }
}

function readIfThere(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Whether a process with this id exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
